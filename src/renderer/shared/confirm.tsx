import { getDefaultZIndex, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import type { ReactNode } from 'react'
import { translate } from '../app/i18n/i18n'

/**
 * Confirmation before a destructive or consequential action. Resolves true on confirm.
 * The confirm button has focus, so Enter confirms and Esc cancels. Asked from inside a dialog (a Modal), it stays
 * on top of that dialog.
 */
export function confirmAction(opts: {
  title?: ReactNode
  message: ReactNode
  confirmLabel?: ReactNode
  danger?: boolean
}): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    const done = (v: boolean) => {
      if (!settled) {
        settled = true
        resolve(v)
      }
    }
    modals.openConfirmModal({
      title: opts.title ?? translate('confirm.title'),
      zIndex: getDefaultZIndex('modal') + 10,
      children: typeof opts.message === 'string' ? <Text size="sm">{opts.message}</Text> : opts.message,
      labels: { confirm: opts.confirmLabel ?? translate('action.confirm'), cancel: translate('action.cancel') },
      confirmProps: { color: opts.danger ? 'red' : undefined, 'data-autofocus': true, 'data-testid': 'confirm-ok' } as Record<string, unknown>,
      onConfirm: () => done(true),
      onCancel: () => done(false),
      onClose: () => done(false),
    })
  })
}

export function confirmDelete(name: string): Promise<boolean> {
  return confirmAction({
    title: translate('confirm.deleteTitle'),
    message: translate('confirm.deleteMessage', { name }),
    confirmLabel: translate('action.delete'),
    danger: true,
  })
}
