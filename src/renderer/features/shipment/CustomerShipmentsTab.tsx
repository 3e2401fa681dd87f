import { Text } from '@mantine/core'
import { useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { DataTable, pagedQueryProps, useTableState, type Column } from '../../shared/DataTable'
import { MoneyText } from '../../shared/MoneyText'
import { useApiQuery } from '../../shared/query'
import { ShipmentStatusBadge } from './labels'
import type { Shipment } from './shipment.api'

/** 客户 360 · 发货: the customer's shipments, newest first. */
export function CustomerShipmentsTab({ customerId }: { customerId: number }) {
  const t = useT()
  const navigate = useNavigate()
  const table = useTableState({ storageKey: 'customer-shipments', defaultPageSize: 10 })
  const list = useApiQuery('shipment.search', { customerId, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const columns: Column<Shipment>[] = [
    { key: 'number', title: t('shipment.field.number'), render: (s) => <Text span size="sm" ff="monospace" fw={500}>{s.number}</Text>, nowrap: true },
    { key: 'shipDate', title: t('shipment.field.shipDate'), render: (s) => s.shipDate, nowrap: true },
    { key: 'order', title: t('shipment.field.order'), render: (s) => <Text span size="sm" ff="monospace">{s.orderNumber}</Text>, nowrap: true },
    { key: 'carrier', title: t('shipment.list.carrierTracking'), render: (s) => [s.carrier, s.trackingNo].filter(Boolean).join(' ') || '—' },
    { key: 'total', title: t('shipment.field.total'), align: 'right', render: (s) => <MoneyText fen={s.totalFen} size="sm" td={s.status === 'cancelled' ? 'line-through' : undefined} /> },
    { key: 'status', title: t('shipment.field.status'), render: (s) => <ShipmentStatusBadge status={s.status} /> },
    { key: 'dueDate', title: t('shipment.field.dueDate'), render: (s) => s.dueDate, nowrap: true },
  ]
  return (
    <DataTable
      testId="customer-shipments"
      columns={columns}
      {...pagedQueryProps(list)}
      rowKey={(s) => s.id}
      {...table.tableProps}
      sort={undefined}
      onSortChange={undefined}
      pageSizeOptions={[10, 20, 50]}
      onRowOpen={(s) => navigate(`/shipments/${s.id}`)}
      empty={{ title: t('customerTabs.noShipments') }}
    />
  )
}
