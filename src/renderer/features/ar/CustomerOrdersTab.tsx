import { Button, Text } from '@mantine/core'
import { IconTruckDelivery } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { DataTable, pagedQueryProps, useTableState, type Column } from '../../shared/DataTable'
import { MoneyText } from '../../shared/MoneyText'
import { OrderStatusBadge } from '../shipment/labels'
import { SHIPMENT_WRITERS } from '../shipment/ShipmentListPage'
import { SHIPPABLE_ORDER_STATUSES, useOrderRefSearch, type OrderRef } from '../shipment/orderRefs'

/** 客户 360 · 订单: the customer's orders with shipped and receivable amounts; 发货 for the shippable ones. */
export function CustomerOrdersTab({ customerId }: { customerId: number }) {
  const t = useT()
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const table = useTableState({ storageKey: 'customer-orders', defaultPageSize: 10 })
  const list = useOrderRefSearch({ customerId, sort: '-orderDate', page: table.page, pageSize: table.pageSize })
  const canShip = hasRole(...SHIPMENT_WRITERS)
  const columns: Column<OrderRef>[] = [
    { key: 'number', title: t('shipment.field.order'), render: (o) => <Text span size="sm" ff="monospace" fw={500}>{o.number}</Text>, nowrap: true },
    { key: 'orderDate', title: t('shipment.field.orderDate'), render: (o) => o.orderDate, nowrap: true },
    { key: 'promisedDate', title: t('shipment.field.promisedDate'), render: (o) => o.promisedDate ?? '—', nowrap: true },
    { key: 'status', title: t('shipment.field.orderStatus'), render: (o) => <OrderStatusBadge status={o.status} label={o.statusLabel} /> },
    { key: 'total', title: t('shipment.field.orderTotal'), align: 'right', render: (o) => <MoneyText fen={o.totalFen} size="sm" /> },
    { key: 'shipped', title: t('customerTabs.shipped'), align: 'right', render: (o) => <MoneyText fen={o.shippedFen - o.returnedFen} size="sm" /> },
    { key: 'receivable', title: t('customerTabs.receivable'), align: 'right', render: (o) => (o.receivableFen ? <MoneyText fen={o.receivableFen} size="sm" fw={500} /> : <Text span c="dimmed">—</Text>) },
    {
      key: 'act',
      title: '',
      align: 'right',
      render: (o) =>
        canShip && (SHIPPABLE_ORDER_STATUSES as readonly string[]).includes(o.status) ? (
          <Button component={Link} to={`/shipments/new?orderId=${o.id}`} size="compact-xs" variant="light" leftSection={<IconTruckDelivery size={14} />} data-testid="order-ship">
            {t('customerTabs.ship')}
          </Button>
        ) : null,
    },
  ]
  return (
    <DataTable
      testId="customer-orders"
      columns={columns}
      {...pagedQueryProps(list)}
      rowKey={(o) => o.id}
      {...table.tableProps}
      sort={undefined}
      onSortChange={undefined}
      pageSizeOptions={[10, 20, 50]}
      onRowOpen={(o) => navigate(`/orders/${o.id}`)}
      empty={{ title: t('customerTabs.noOrders') }}
    />
  )
}

