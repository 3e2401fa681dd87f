import { Badge, type BadgeProps } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import type { QuoteStatus } from './quote.api'

export const QUOTE_STATUS_COLORS: Record<QuoteStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'teal',
  rejected: 'red',
  ordered: 'green',
  superseded: 'dark',
  voided: 'gray',
}

export function QuoteStatusBadge({ status, ...props }: { status: QuoteStatus } & BadgeProps) {
  const t = useT()
  return (
    <Badge variant="light" color={QUOTE_STATUS_COLORS[status]} data-testid="quote-status" data-status={status} {...props}>
      {t(`quoteStatus.${status}`)}
    </Badge>
  )
}
