import { Badge, CloseButton } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import type { ListState } from '../../shared/useListState'

/** The URL parameters a report's drill-down sets on a list (see drill.ts); the dates stay when the badge is closed. */
export const DRILL_PARAMS = ['customerId', 'salespersonId', 'ownerId', 'productId', 'category', 'province', 'counted', 'drill'] as const

/** The drill-down filters in a list's URL, as the search methods take them. */
export function readDrill(params: URLSearchParams) {
  const num = (k: string) => Number(params.get(k)) || undefined
  const str = (k: string) => params.get(k) || undefined
  return {
    customerId: num('customerId'),
    salespersonId: num('salespersonId'),
    ownerId: num('ownerId'),
    productId: num('productId'),
    category: str('category'),
    province: str('province'),
    /** only the documents the report counts (orders approved or later, shipments and receipts not cancelled) */
    counted: params.get('counted') === '1',
    label: params.get('drill'),
    active: DRILL_PARAMS.some((k) => params.has(k)),
  }
}

/** 来自报表：张三 · 2026-03-01 ~ 2026-03-31 · 仅统计口径内单据 ✕ — on a list opened from a report figure. */
export function DrillBadge({ list }: { list: ListState }) {
  const t = useT()
  const d = readDrill(list.params)
  if (!d.active) return null
  return (
    <Badge
      variant="light"
      size="lg"
      tt="none"
      fw={500}
      data-testid="drill-badge"
      rightSection={<CloseButton size="xs" aria-label={t('rpt.drill.clear')} onClick={() => list.setParams(Object.fromEntries(DRILL_PARAMS.map((k) => [k, null])))} data-testid="drill-clear" />}
    >
      {[t('rpt.drill.from', { label: d.label ?? '' }), d.counted ? t('rpt.drill.counted') : ''].filter(Boolean).join(' · ')}
    </Badge>
  )
}
