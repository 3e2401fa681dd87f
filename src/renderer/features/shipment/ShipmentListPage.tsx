import { Button, SegmentedControl, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { DataTable, pagedQueryProps, type Column } from '../../shared/DataTable'
import { DateRangeFilter, ListToolbar } from '../../shared/ListToolbar'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { useListState } from '../../shared/useListState'
import { ShipmentStatusBadge } from './labels'
import { useState } from 'react'
import { PrintButton } from '../print/PrintButton'
import { DrillBadge, readDrill } from '../report/DrillBadge'
import { SHIPPED_STATUSES } from '../../../core/report/report.enums'
import { SHIPMENT_STATUSES, type Shipment, type ShipmentStatus } from './shipment.api'
import { ExportButton } from '../excel/ExportButton'

export const SHIPMENT_WRITERS = ['admin', 'manager', 'clerk', 'sales'] as const

/** 发货单列表: search (number, order, customer, tracking number), status, ship-date range; filters live in the URL. */
export function ShipmentListPage() {
  const t = useT()
  const navigate = useNavigate()
  /** rows ticked for 批量打印 (kept across pages; up to 200 per batch) */
  const [selected, setSelected] = useState<Set<string | number>>(new Set())
  const { hasRole } = useSession()
  const list = useListState({ storageKey: 'shipments' })
  const { params, table, q } = list
  const statusParam = params.get('status')
  const status = SHIPMENT_STATUSES.includes(statusParam as ShipmentStatus) ? (statusParam as ShipmentStatus) : undefined
  const from = params.get('from')
  const to = params.get('to')

  /** a report's drill-down: salesperson (the order's), customer, product, category, province; counted = not cancelled */
  const drill = readDrill(params)
  const exportFilters = {
    query: q || undefined,
    status: status ?? (drill.counted ? [...SHIPPED_STATUSES] : undefined),
    dateFrom: from ?? undefined,
    dateTo: to ?? undefined,
    customerId: drill.customerId,
    salespersonId: drill.salespersonId,
    ownerId: drill.ownerId,
    productId: drill.productId,
    category: drill.category,
    province: drill.province,
  }
  const search = useApiQuery(
    'shipment.search',
    { ...exportFilters, page: table.page, pageSize: table.pageSize },
    { keepPrevious: true },
  )
  const filtered = !!(q || status || from || to || drill.active)

  const columns: Column<Shipment>[] = [
    { key: 'number', title: t('shipment.field.number'), render: (s) => <Text span size="sm" ff="monospace" fw={500}>{s.number}</Text>, nowrap: true },
    { key: 'shipDate', title: t('shipment.field.shipDate'), render: (s) => s.shipDate, nowrap: true },
    { key: 'customer', title: t('shipment.field.customer'), render: (s) => s.customerName },
    { key: 'order', title: t('shipment.field.order'), render: (s) => <Text span size="sm" ff="monospace">{s.orderNumber}</Text>, nowrap: true },
    {
      key: 'carrier',
      title: t('shipment.list.carrierTracking'),
      render: (s) =>
        s.carrier || s.trackingNo ? (
          <Text span size="sm">
            {s.carrier}
            {s.trackingNo && (
              <Text span size="xs" c="dimmed" ff="monospace">
                {' '}
                {s.trackingNo}
              </Text>
            )}
          </Text>
        ) : (
          <Text span size="sm" c="dimmed">—</Text>
        ),
    },
    { key: 'total', title: t('shipment.field.total'), align: 'right', render: (s) => <MoneyText fen={s.totalFen} size="sm" td={s.status === 'cancelled' ? 'line-through' : undefined} /> },
    { key: 'status', title: t('shipment.field.status'), render: (s) => <ShipmentStatusBadge status={s.status} /> },
    { key: 'delivered', title: t('shipment.field.deliveredOn'), render: (s) => (s.deliveredOn ? `${s.deliveredOn}${s.signedBy ? ` · ${s.signedBy}` : ''}` : '—'), nowrap: true },
  ]

  return (
    <>
      <PageHeader
        title={t('shipment.list.title')}
        actions={
          hasRole(...SHIPMENT_WRITERS) && (
            <Button component={Link} to="/shipments/new" leftSection={<IconPlus size={16} />} data-testid="shipment-new">
              {t('shipment.list.new')}
            </Button>
          )
        }
      />
      <DataTable
        testId="shipment-table"
        toolbar={
          <ListToolbar
            list={list}
            search={{ tableTestId: 'shipment-table', w: 300, placeholder: t('shipment.list.search'), testId: 'shipment-search' }}
            filtered={filtered}
            resetLabel={t('action.reset')}
          >
            <SegmentedControl
              size="xs"
              value={status ?? 'all'}
              onChange={(v) => list.setParam('status', v === 'all' ? null : v)}
              data={[{ value: 'all', label: t('common.all') }, ...SHIPMENT_STATUSES.map((s) => ({ value: s, label: t(`shipment.status.${s}`) }))]}
              data-testid="shipment-status-filter"
            />
            <DrillBadge list={list} />
            <DateRangeFilter list={list} placeholder={t('shipment.list.dateRange')} label={t('shipment.list.dateRange')} testId="shipment-date-range" />
            <ExportButton list="shipments" filters={exportFilters} />
            <ExportButton list="returns" filters={{ customerId: exportFilters.customerId }} label={t('export.returns')} />
          </ListToolbar>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(s) => s.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        onRowOpen={(s) => navigate(`/shipments/${s.id}`)}
        rowAttrs={(s) => ({ 'data-testid': 'shipment-row', 'data-number': s.number })}
        selection={{ selected, onChange: setSelected }}
        batchActions={
          selected.size > 0 && (
            <PrintButton target={{ kind: 'batch', ids: [...selected].map(Number).slice(0, 200) }} label={`${t('print.batch')}（${selected.size}）`} testId="shipment-batch-print" />
          )
        }
        empty={
          filtered
            ? { title: t('shipment.list.noMatch'), description: t('shipment.list.noMatchDescription') }
            : {
                title: t('shipment.list.emptyTitle'),
                description: t('shipment.list.emptyDescription'),
                action: hasRole(...SHIPMENT_WRITERS) ? (
                  <Button component={Link} to="/shipments/new" size="xs" leftSection={<IconPlus size={14} />}>
                    {t('shipment.list.new')}
                  </Button>
                ) : undefined,
              }
        }
      />
    </>
  )
}
