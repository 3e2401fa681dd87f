import { Badge } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import type { ReceiptStatus } from './receipt.api'

export function ReceiptStatusBadge({ status }: { status: ReceiptStatus }) {
  const t = useT()
  return (
    <Badge variant="light" color={status === 'valid' ? 'teal' : 'gray'} size="sm" data-testid="receipt-status">
      {t(`receipt.status.${status}`)}
    </Badge>
  )
}
