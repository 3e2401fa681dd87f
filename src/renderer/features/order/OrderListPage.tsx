import { Button, Tabs, Text } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useHotkeys } from '@mantine/hooks'
import { IconPlus } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { SELLER_ROLES } from './roles'
import { DataTable, pagedQueryProps, type Column } from '../../shared/DataTable'
import { ListToolbar } from '../../shared/ListToolbar'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { useListState } from '../../shared/useListState'
import { OrderStatusBadge } from './labels'
import { ORDER_STATUSES, type Order, type OrderStatus } from './order.api'
import type { MethodIn } from '../../app/methods'
import { ExportButton } from '../excel/ExportButton'
import { DrillBadge, readDrill } from '../report/DrillBadge'
import { ORDERED_STATUSES } from '../../../core/report/report.enums'

/** The tabs of the order list, in the order people work through them. */
export const ORDER_TABS = ['all', ...ORDER_STATUSES] as const
type Tab = (typeof ORDER_TABS)[number]

export function useOrderColumns(): Column<Order>[] {
  const t = useT()
  return [
    {
      key: 'number',
      title: t('order.field.number'),
      sortKey: 'number',
      nowrap: true,
      width: 170,
      render: (o) => (
        <Text span ff="monospace" size="sm" fw={500}>
          {o.number}
        </Text>
      ),
    },
    {
      key: 'customer',
      title: t('order.field.customer'),
      render: (o) => (
        <Text span size="sm" lineClamp={1}>
          {o.customerName}
        </Text>
      ),
    },
    { key: 'orderDate', title: t('order.field.orderDate'), sortKey: 'orderDate', nowrap: true, width: 110, render: (o) => o.orderDate },
    { key: 'promisedDate', title: t('order.field.promisedDate'), sortKey: 'promisedDate', nowrap: true, width: 110, render: (o) => o.promisedDate ?? <Text span c="dimmed">—</Text> },
    { key: 'salesperson', title: t('order.field.salesperson'), nowrap: true, width: 100, render: (o) => o.salespersonName ?? <Text span c="dimmed">—</Text> },
    { key: 'total', title: t('order.field.total'), sortKey: 'totalFen', align: 'right', nowrap: true, width: 130, render: (o) => <MoneyText fen={o.totalFen} size="sm" fw={500} /> },
    { key: 'shipped', title: t('order.field.shipped'), align: 'right', nowrap: true, width: 120, render: (o) => (o.shippedFen ? <MoneyText fen={o.shippedFen} size="sm" /> : <Text span c="dimmed">—</Text>) },
    { key: 'status', title: t('order.field.status'), nowrap: true, width: 90, render: (o) => <OrderStatusBadge status={o.status} size="sm" /> },
  ]
}

/**
 * 订单列表: status tabs (全部 · 草稿 · 待审核 · 已审核 · 部分发货 · 已发货 · 已完成 · 已作废 · 已关闭),
 * search by number or customer (pinyin too), order date range; tab, search and dates live in the URL.
 * F2 or Ctrl+N: new order.
 */
export function OrderListPage() {
  const t = useT()
  const navigate = useNavigate()
  const seller = useSession().hasRole(...SELLER_ROLES)
  const list = useListState<NonNullable<MethodIn<'order.search'>['sort']>>({ storageKey: 'orders', defaultSort: '-orderDate' })
  const { params, table, q, setParam } = list
  const statusParam = params.get('status')
  const tab: Tab = ORDER_TABS.includes(statusParam as Tab) ? (statusParam as Tab) : 'all'
  const from = params.get('from')
  const to = params.get('to')
  /** a report's drill-down narrows the list (salesperson, customer, product, category, province; counted = 订货口径) */
  const drill = readDrill(params)
  const { salespersonId } = drill

  useHotkeys(
    seller
      ? [
          ['F2', () => navigate('/orders/new')],
          ['mod+N', () => navigate('/orders/new')],
        ]
      : [],
  )

  /** the list's filters, the same for the search and the Excel export */
  const filters = {
    query: q || undefined,
    status: tab === 'all' ? (drill.counted ? [...ORDERED_STATUSES] : undefined) : (tab as OrderStatus),
    dateFrom: from || undefined,
    dateTo: to || undefined,
    salespersonId,
    customerId: drill.customerId,
    ownerId: drill.ownerId,
    productId: drill.productId,
    category: drill.category,
    province: drill.province,
  }
  const search = useApiQuery('order.search', { ...filters, page: table.page, pageSize: table.pageSize, sort: table.sort }, { keepPrevious: true })
  const columns = useOrderColumns()
  const filtered = !!(q || from || to || drill.active)

  return (
    <>
      <PageHeader
        title={t('order.list.title')}
        actions={
          seller && (
            <Button component={Link} to="/orders/new" leftSection={<IconPlus size={16} />} data-testid="order-new" title="F2">
              {t('order.list.new')}
            </Button>
          )
        }
      />
      <Tabs value={tab} onChange={(v) => setParam('status', v === 'all' ? null : v)} mb="xs" data-testid="order-tabs">
        <Tabs.List>
          {ORDER_TABS.map((s) => (
            <Tabs.Tab key={s} value={s} data-testid={`order-tab-${s}`}>
              {s === 'all' ? t('common.all') : t(`orderStatus.${s}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <DataTable
        testId="order-table"
        toolbar={
          <ListToolbar
            list={list}
            search={{ tableTestId: 'order-table', w: 320, placeholder: t('order.list.searchPlaceholder'), testId: 'order-search' }}
            filtered={filtered}
            resetLabel={t('order.list.reset')}
            onReset={() => list.reset(tab === 'all' ? undefined : { status: tab })}
          >
            <DrillBadge list={list} />
            <DateInput size="xs" w={130} valueFormat="YYYY-MM-DD" placeholder={t('order.list.dateFrom')} aria-label={t('order.list.dateFrom')} value={from} onChange={(v) => setParam('from', v)} clearable />
            <Text size="xs" c="dimmed">
              —
            </Text>
            <DateInput size="xs" w={130} valueFormat="YYYY-MM-DD" placeholder={t('order.list.dateTo')} aria-label={t('order.list.dateTo')} value={to} onChange={(v) => setParam('to', v)} clearable minDate={from ?? undefined} />
            <ExportButton list="orders" filters={filters} sort={table.sort} />
            <ExportButton list="orderLines" filters={filters} sort={table.sort} label={t('export.lines')} />
          </ListToolbar>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(o) => o.id}
        {...table.tableProps}
        onRowOpen={(o) => navigate(`/orders/${o.id}`)}
        rowAttrs={(o) => ({ 'data-testid': 'order-row', 'data-number': o.number, 'data-status': o.status })}
        empty={
          filtered || tab !== 'all'
            ? { title: t('order.list.noMatchTitle'), description: t('order.list.noMatchDescription') }
            : {
                title: t('order.list.emptyTitle'),
                description: t('order.list.emptyDescription'),
                action: seller && (
                  <Button component={Link} to="/orders/new" size="xs" leftSection={<IconPlus size={14} />}>
                    {t('order.list.new')}
                  </Button>
                ),
              }
        }
      />
    </>
  )
}
