import { Badge, type BadgeProps } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import type { OrderStatus } from './order.api'

export const ORDER_STATUS_COLORS: Record<OrderStatus, string> = {
  draft: 'gray',
  pending: 'orange',
  approved: 'blue',
  partially_shipped: 'cyan',
  shipped: 'teal',
  completed: 'green',
  cancelled: 'red',
  closed: 'dark',
}

export function OrderStatusBadge({ status, ...props }: { status: OrderStatus } & BadgeProps) {
  const t = useT()
  return (
    <Badge variant="light" color={ORDER_STATUS_COLORS[status]} data-testid="order-status" data-status={status} {...props}>
      {t(`orderStatus.${status}`)}
    </Badge>
  )
}
