import { Button, CloseButton, Group, SegmentedControl, Text, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { IconCalendar, IconPlus, IconSearch } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { DataTable, useTableState, type Column } from '../../shared/DataTable'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { ShipmentStatusBadge } from './labels'
import { SHIPMENT_STATUSES, type Shipment, type ShipmentStatus } from './shipment.types'

export const SHIPMENT_WRITERS = ['admin', 'manager', 'clerk', 'sales'] as const

/** 发货单列表: search (number, order, customer, tracking number), status, ship-date range; filters live in the URL. */
export function ShipmentListPage() {
  const t = useT()
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const [params, setParams] = useSearchParams()
  const table = useTableState({ storageKey: 'shipments' })
  const urlQ = params.get('q') ?? ''
  const [input, setInput] = useState(urlQ)
  const [debounced] = useDebouncedValue(input.trim(), 300)
  const setParam = (entries: Record<string, string | null>) => {
    setParams(
      (p) => {
        const n = new URLSearchParams(p)
        for (const [k, v] of Object.entries(entries)) {
          if (v) n.set(k, v)
          else n.delete(k)
        }
        return n
      },
      { replace: true },
    )
    table.setPage(1)
  }
  useEffect(() => {
    if (debounced !== urlQ) setParam({ q: debounced || null })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced])
  const statusParam = params.get('status')
  const status = SHIPMENT_STATUSES.includes(statusParam as ShipmentStatus) ? (statusParam as ShipmentStatus) : undefined
  const from = params.get('from')
  const to = params.get('to')

  const list = useApiQuery(
    'shipment.search',
    { query: urlQ || undefined, status, dateFrom: from ?? undefined, dateTo: to ?? undefined, page: table.page, pageSize: table.pageSize },
    { keepPrevious: true },
  )
  const filtered = !!(urlQ || status || from || to)

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
          <Group gap="xs" wrap="wrap">
            <TextInput
              w={300}
              size="xs"
              autoFocus
              leftSection={<IconSearch size={14} />}
              placeholder={t('shipment.list.search')}
              aria-label={t('shipment.list.search')}
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              rightSection={input ? <CloseButton size="xs" aria-label={t('action.reset')} onClick={() => setInput('')} /> : null}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setParam({ q: input.trim() || null })
                if (e.key === 'ArrowDown') (document.querySelector('[data-testid="shipment-table"] tbody tr[tabindex]') as HTMLElement | null)?.focus()
              }}
              data-testid="shipment-search"
            />
            <SegmentedControl
              size="xs"
              value={status ?? 'all'}
              onChange={(v) => setParam({ status: v === 'all' ? null : v })}
              data={[{ value: 'all', label: t('common.all') }, ...SHIPMENT_STATUSES.map((s) => ({ value: s, label: t(`shipment.status.${s}`) }))]}
              data-testid="shipment-status-filter"
            />
            <DatePickerInput
              type="range"
              size="xs"
              w={230}
              clearable
              allowSingleDateInRange
              valueFormat="YYYY-MM-DD"
              leftSection={<IconCalendar size={14} />}
              placeholder={t('shipment.list.dateRange')}
              aria-label={t('shipment.list.dateRange')}
              value={[from, to]}
              onChange={([a, b]) => {
                if ((a && b) || (!a && !b)) setParam({ from: a, to: b })
              }}
              data-testid="shipment-date-range"
            />
            {filtered && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                onClick={() => {
                  setInput('')
                  setParams(new URLSearchParams(), { replace: true })
                  table.setPage(1)
                }}
              >
                {t('action.reset')}
              </Button>
            )}
          </Group>
        }
        columns={columns}
        rows={list.data?.items}
        rowKey={(s) => s.id}
        total={list.data?.total ?? 0}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        loading={list.isLoading}
        fetching={list.isFetching}
        error={list.error}
        onRetry={() => list.refetch()}
        onRowOpen={(s) => navigate(`/shipments/${s.id}`)}
        rowAttrs={(s) => ({ 'data-testid': 'shipment-row', 'data-number': s.number })}
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
