import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react'
import { translate } from '../app/i18n/i18n'
import { serverText } from '../app/i18n/server'
import { isApiError } from '../app/transport'

export function notifySuccess(message: string, title?: string) {
  notifications.show({ color: 'teal', icon: <IconCheck size={16} />, title, message, autoClose: 2500, 'data-testid': 'notify-success' })
}

/**
 * The code gives the title; the message is rendered from the error's key + params in the UI's language
 * (src/renderer/app/i18n/server.ts), else the server's text (already in the language of the call).
 */
export function errorText(err: unknown): { title: string; message: string } {
  if (isApiError(err)) {
    const title = translate(`error.${err.code}` as 'error.INTERNAL')
    return { title, message: serverText(err.key, err.params) ?? (err.message || title) }
  }
  return { title: translate('error.title'), message: err instanceof Error ? err.message : String(err) }
}

export function notifyError(err: unknown) {
  if (isApiError(err, 'UNAUTHENTICATED')) return // the session handler sends the user to the login page
  const { title, message } = errorText(err)
  notifications.show({ color: 'red', icon: <IconAlertTriangle size={16} />, title, message, autoClose: 6000, 'data-testid': 'notify-error' })
}
