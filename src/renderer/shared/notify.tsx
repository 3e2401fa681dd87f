import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react'
import { translate, useI18n, type Locale, type Vars } from '../app/i18n/i18n'
import type { MessageKey } from '../app/i18n/messages'
import { serverText } from '../app/i18n/server'
import { isApiError } from '../app/transport'

/** A toast's text: as given, or a message key rendered in the UI's language while the toast is up. */
export type NoteText = string | { key: MessageKey; vars?: Vars }

/** Renders in the UI's language of the moment: a toast shown before a language switch follows it. */
function Localized({ render }: { render: (locale: Locale) => string }) {
  const { locale } = useI18n()
  return <>{render(locale)}</>
}
const live = (text: NoteText | undefined) =>
  text === undefined || typeof text === 'string' ? text : <Localized render={(locale) => translate(text.key, text.vars, locale)} />

/** Success notes now on screen: an error takes their place, so the two never cover each other. */
const successIds = new Set<string>()
let seq = 0

export function notifySuccess(message: NoteText, title?: NoteText) {
  const id = `kedan-success-${++seq}`
  successIds.add(id)
  notifications.show({
    id,
    color: 'teal',
    icon: <IconCheck size={16} />,
    title: live(title),
    message: live(message),
    autoClose: 2500,
    onClose: () => successIds.delete(id),
    'data-testid': 'notify-success',
  })
}

/**
 * The code gives the title; the message is rendered from the error's key + params in the UI's language
 * (src/renderer/app/i18n/server.ts), else the server's text (already in the language of the call).
 */
export function errorText(err: unknown, locale?: Locale): { title: string; message: string } {
  if (isApiError(err)) {
    const title = translate(`error.${err.code}` as 'error.INTERNAL', undefined, locale)
    return { title, message: serverText(err.key, err.params, locale) ?? (err.message || title) }
  }
  return { title: translate('error.title', undefined, locale), message: err instanceof Error ? err.message : String(err) }
}

export function notifyError(err: unknown) {
  if (isApiError(err, 'UNAUTHENTICATED')) return // the session handler sends the user to the login page
  // a passing "saved" / "welcome" note gives way: the refusal is what the user must read
  for (const id of successIds) notifications.hide(id)
  successIds.clear()
  notifications.show({
    color: 'red',
    icon: <IconAlertTriangle size={16} />,
    title: <Localized render={(locale) => errorText(err, locale).title} />,
    message: <Localized render={(locale) => errorText(err, locale).message} />,
    autoClose: 6000,
    'data-testid': 'notify-error',
  })
}
