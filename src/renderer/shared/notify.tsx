import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react'
import { translate } from '../app/i18n/i18n'
import { isApiError } from '../app/transport'

export function notifySuccess(message: string, title?: string) {
  notifications.show({ color: 'teal', icon: <IconCheck size={16} />, title, message, autoClose: 2500, 'data-testid': 'notify-success' })
}

/** The server's message is already written for people (Chinese); the code gives the title. */
export function errorText(err: unknown): { title: string; message: string } {
  if (isApiError(err)) {
    const title = translate(`error.${err.code}` as 'error.INTERNAL')
    return { title, message: err.message || title }
  }
  return { title: translate('error.title'), message: err instanceof Error ? err.message : String(err) }
}

export function notifyError(err: unknown) {
  if (isApiError(err, 'UNAUTHENTICATED')) return // the session handler sends the user to the login page
  const { title, message } = errorText(err)
  notifications.show({ color: 'red', icon: <IconAlertTriangle size={16} />, title, message, autoClose: 6000, 'data-testid': 'notify-error' })
}
