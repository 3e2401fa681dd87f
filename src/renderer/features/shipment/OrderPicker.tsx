import { Button, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch, IconTruckDelivery } from '@tabler/icons-react'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { DataTable, pagedQueryProps, useTableState, type Column } from '../../shared/DataTable'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { OrderStatusBadge } from './labels'
import { SHIPPABLE_ORDER_STATUSES, useOrderRefSearch, type OrderRef } from './orderRefs'

/** 新建发货单 without an order: choose one of the approved, not fully shipped orders (earliest promised first). */
export function OrderPicker({ onPick }: { onPick: (orderId: number) => void }) {
  const t = useT()
  const table = useTableState({ storageKey: 'shipment-order-picker' })
  const [input, setInput] = useState('')
  const [q] = useDebouncedValue(input.trim(), 300)
  const list = useOrderRefSearch({ query: q || undefined, status: [...SHIPPABLE_ORDER_STATUSES], sort: 'promisedDate', page: table.page, pageSize: table.pageSize })
  const columns: Column<OrderRef>[] = [
    { key: 'number', title: t('shipment.field.order'), render: (o) => <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{o.number}</span>, nowrap: true },
    { key: 'customer', title: t('shipment.field.customer'), render: (o) => o.customerName },
    { key: 'orderDate', title: t('shipment.field.orderDate'), render: (o) => o.orderDate, nowrap: true },
    { key: 'promisedDate', title: t('shipment.field.promisedDate'), render: (o) => o.promisedDate ?? '—', nowrap: true },
    { key: 'status', title: t('shipment.field.orderStatus'), render: (o) => <OrderStatusBadge status={o.status} label={o.statusLabel} /> },
    { key: 'total', title: t('shipment.field.orderTotal'), align: 'right', render: (o) => <MoneyText fen={o.totalFen} size="sm" /> },
    { key: 'shipped', title: t('shipment.picker.shipped'), align: 'right', render: (o) => <MoneyText fen={o.shippedFen} size="sm" c="dimmed" /> },
    {
      key: 'act',
      title: '',
      align: 'right',
      render: (o) => (
        <Button size="compact-xs" variant="light" leftSection={<IconTruckDelivery size={14} />} onClick={() => onPick(o.id)} data-testid="pick-order">
          {t('shipment.picker.ship')}
        </Button>
      ),
    },
  ]
  return (
    <>
      <PageHeader crumbs={[{ label: t('shipment.list.title'), to: '/shipments' }, { label: t('shipment.new.title') }]} title={t('shipment.picker.title')} subtitle={t('shipment.picker.subtitle')} />
      <DataTable
        testId="order-picker"
        toolbar={
          <TextInput
            size="xs"
            w={340}
            autoFocus
            leftSection={<IconSearch size={14} />}
            placeholder={t('shipment.picker.search')}
            value={input}
            onChange={(e) => {
              setInput(e.currentTarget.value)
              table.setPage(1)
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') (document.querySelector('[data-testid="order-picker"] tbody tr[tabindex]') as HTMLElement | null)?.focus()
            }}
          />
        }
        columns={columns}
        {...pagedQueryProps(list)}
        rowKey={(o) => o.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        onRowOpen={(o) => onPick(o.id)}
        rowAttrs={(o) => ({ 'data-testid': 'picker-row', 'data-number': o.number })}
        empty={q ? { title: t('shipment.picker.noMatch') } : { title: t('shipment.picker.emptyTitle'), description: t('shipment.picker.emptyDescription') }}
      />
    </>
  )
}
