import { Badge, Group, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import type { TFunction } from '../../app/i18n/i18n'
import { hasMessage, useT } from '../../app/i18n/i18n'
import { INVOICE_KINDS, SHIPMENT_STATUSES, type InvoiceKind, type ShipmentStatus } from './shipment.api'

export const SHIPMENT_STATUS_COLORS: Record<ShipmentStatus, string> = { shipped: 'blue', delivered: 'teal', cancelled: 'gray' }

export function ShipmentStatusBadge({ status }: { status: ShipmentStatus }) {
  const t = useT()
  return (
    <Badge variant="light" color={SHIPMENT_STATUS_COLORS[status]} size="sm" data-testid="shipment-status">
      {t(`shipment.status.${status}`)}
    </Badge>
  )
}

export const shipmentStatusOptions = (t: TFunction) => SHIPMENT_STATUSES.map((s) => ({ value: s, label: t(`shipment.status.${s}`) }))
export const invoiceKindOptions = (t: TFunction) => INVOICE_KINDS.map((k) => ({ value: k, label: t(`invoice.kind.${k}`) }))
export const invoiceKindLabel = (t: TFunction, k: InvoiceKind) => t(`invoice.kind.${k}`)

/** Order statuses as the core labels them; the order feature owns the full list. */
const ORDER_STATUS_COLORS: Record<string, string> = {
  draft: 'gray',
  pending: 'yellow',
  approved: 'blue',
  partially_shipped: 'cyan',
  shipped: 'teal',
  completed: 'green',
  cancelled: 'gray',
  closed: 'dark',
}

export function OrderStatusBadge({ status, label }: { status: string; label: string }) {
  const t = useT()
  // the order feature's own words when it has them (so English shows English), else the core's label
  const key = `orderStatus.${status}`
  return (
    <Badge variant="light" color={ORDER_STATUS_COLORS[status] ?? 'gray'} size="sm">
      {hasMessage(key) ? t(key) : label}
    </Badge>
  )
}

/** Common carriers, offered while typing; anything else may be typed. */
export const CARRIERS = ['顺丰速运', '京东物流', '德邦快递', '中通快递', '圆通速递', '韵达快递', '申通快递', '中国邮政EMS', '跨越速运', '安能物流', '送货上门', '客户自提']

/** label over value, for the fact strips at the top of a document page */
export function Fact({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" truncate data-testid={testId}>
        {children === null || children === undefined || children === '' ? '—' : children}
      </Text>
    </div>
  )
}

/** a quantity with its unit, digits tabular */
export function Qty({ value, unit, c }: { value: string; unit?: string; c?: string }) {
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      <Text span size="sm" c={c} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {unit && (
        <Text span size="xs" c="dimmed">
          {unit}
        </Text>
      )}
    </Group>
  )
}

/** a 4-decimal price string as people write it: at least 2 decimals, no trailing zeros beyond ('100.0000' → '100.00', '12.3450' → '12.345') */
export function priceText(p: string): string {
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(p.trim())
  if (!m) return p
  const dec = (m[2] ?? '').replace(/0+$/, '').padEnd(2, '0')
  return `${m[1]}.${dec}`
}
