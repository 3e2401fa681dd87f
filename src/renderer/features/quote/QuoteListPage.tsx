import { Badge, Button, Group, SegmentedControl, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { SELLER_ROLES } from '../order/roles'
import { DataTable, pagedQueryProps, type Column } from '../../shared/DataTable'
import { todayStr } from '../../shared/dates'
import { ListToolbar } from '../../shared/ListToolbar'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { useListState } from '../../shared/useListState'
import { QuoteStatusBadge } from './labels'
import type { Quote, QuoteStatus } from './quote.api'
import { ExportButton } from '../excel/ExportButton'

const FILTERS = ['all', 'draft', 'sent', 'accepted', 'rejected', 'ordered'] as const

/** 报价单列表: the latest revision of each quote; status filter and search by number or customer (pinyin too). */
export function QuoteListPage() {
  const t = useT()
  const navigate = useNavigate()
  const seller = useSession().hasRole(...SELLER_ROLES)
  const list = useListState({ storageKey: 'quotes' })
  const { params, table, q, setParam } = list
  const status = (FILTERS as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as (typeof FILTERS)[number]) : 'all'

  const filters = { query: q || undefined, status: status === 'all' ? undefined : (status as QuoteStatus) }
  const search = useApiQuery('quote.search', { ...filters, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const today = todayStr()
  const columns: Column<Quote>[] = [
    {
      key: 'number',
      title: t('quote.field.number'),
      nowrap: true,
      width: 200,
      render: (r) => (
        <Group gap={4} wrap="nowrap">
          <Text span ff="monospace" size="sm" fw={500}>
            {r.number}
          </Text>
        </Group>
      ),
    },
    { key: 'customer', title: t('order.field.customer'), render: (r) => <Text span size="sm" lineClamp={1}>{r.customerName}</Text> },
    { key: 'date', title: t('quote.field.quoteDate'), nowrap: true, width: 110, render: (r) => r.quoteDate },
    {
      key: 'valid',
      title: t('quote.field.validUntil'),
      nowrap: true,
      width: 130,
      render: (r) =>
        r.validUntil ? (
          <Group gap={4} wrap="nowrap">
            <span>{r.validUntil}</span>
            {r.validUntil < today && (r.status === 'draft' || r.status === 'sent' || r.status === 'accepted') && (
              <Badge size="xs" color="orange" variant="light">
                {t('quote.list.expired')}
              </Badge>
            )}
          </Group>
        ) : (
          <Text span c="dimmed">—</Text>
        ),
    },
    { key: 'total', title: t('quote.field.total'), align: 'right', nowrap: true, width: 130, render: (r) => <MoneyText fen={r.totalFen} size="sm" fw={500} /> },
    { key: 'status', title: t('order.field.status'), nowrap: true, width: 100, render: (r) => <QuoteStatusBadge status={r.status} size="sm" /> },
  ]

  return (
    <>
      <PageHeader
        title={t('quote.list.title')}
        actions={
          seller && (
            <Button component={Link} to="/quotes/new" leftSection={<IconPlus size={16} />} data-testid="quote-new">
              {t('quote.list.new')}
            </Button>
          )
        }
      />
      <DataTable
        testId="quote-table"
        toolbar={
          <ListToolbar list={list} search={{ tableTestId: 'quote-table', w: 300, placeholder: t('quote.list.searchPlaceholder') }}>
            <SegmentedControl
              size="xs"
              value={status}
              onChange={(v) => setParam('status', v === 'all' ? null : v)}
              data={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('common.all') : t(`quoteStatus.${f}`) }))}
            />
            <ExportButton list="quotes" filters={filters} />
          </ListToolbar>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(r) => r.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        onRowOpen={(r) => navigate(`/quotes/${r.id}`)}
        rowAttrs={(r) => ({ 'data-testid': 'quote-row', 'data-number': r.number })}
        empty={
          q || status !== 'all'
            ? { title: t('quote.list.noMatchTitle'), description: t('quote.list.noMatchDescription') }
            : {
                title: t('quote.list.emptyTitle'),
                description: t('quote.list.emptyDescription'),
                action: seller && (
                  <Button component={Link} to="/quotes/new" size="xs" leftSection={<IconPlus size={14} />}>
                    {t('quote.list.new')}
                  </Button>
                ),
              }
        }
      />
    </>
  )
}
