import { Anchor, Button, Checkbox, CloseButton, Group, Paper, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Tooltip } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAlarm, IconCash, IconFileSpreadsheet, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { DataTable, useTableState, type Column } from '../../shared/DataTable'
import { formatDate, todayStr } from '../../shared/dates'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { FINANCE_ROLES } from '../receipt/ReceiptPage'
import { AgingBar, Figure } from './AgingBar'
import { AGING_KEYS, type AgingItem, type ArSummaryItem, type OverdueItem } from './ar.api'
import { DunningModal, type DunningTarget } from './DunningModal'
import { ExportButton } from '../excel/ExportButton'

const TABS = ['summary', 'aging', 'overdue'] as const
type Tab = (typeof TABS)[number]

/** 应收账款: per-customer balances, the aging buckets as of a date, and the overdue list with 催款. */
export function ArPage() {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'summary'
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf')! : todayStr()
  const set = (k: string, v: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p)
        if (v) n.set(k, v)
        else n.delete(k)
        return n
      },
      { replace: true },
    )
  const [dunning, setDunning] = useState<DunningTarget | null>(null)
  return (
    <>
      <PageHeader
        title={t('ar.title')}
        subtitle={t('ar.subtitle')}
        actions={
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('ar.asOf')}
            </Text>
            <DateInput
              size="xs"
              w={130}
              valueFormat="YYYY-MM-DD"
              value={asOf}
              onChange={(v) => set('asOf', v && v !== todayStr() ? v : null)}
              aria-label={t('ar.asOf')}
              data-testid="ar-as-of"
            />
            <Button component={Link} to="/statement" variant="default" size="xs" leftSection={<IconFileSpreadsheet size={14} />}>
              {t('statement.title')}
            </Button>
            {tab === 'aging' && <ExportButton list="arAging" filters={{ asOf }} />}
            {tab === 'overdue' && <ExportButton list="arOverdue" filters={{ asOf }} />}
          </Group>
        }
      />
      <Tabs value={tab} onChange={(v) => set('tab', v === 'summary' ? null : v)} keepMounted={false} variant="outline">
        <Tabs.List mb="sm">
          <Tabs.Tab value="summary" data-testid="ar-tab-summary">
            {t('ar.tab.summary')}
          </Tabs.Tab>
          <Tabs.Tab value="aging" data-testid="ar-tab-aging">
            {t('ar.tab.aging')}
          </Tabs.Tab>
          <Tabs.Tab value="overdue" data-testid="ar-tab-overdue">
            {t('ar.tab.overdue')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary">
          <SummaryTab asOf={asOf} onDun={setDunning} />
        </Tabs.Panel>
        <Tabs.Panel value="aging">
          <AgingTab asOf={asOf} />
        </Tabs.Panel>
        <Tabs.Panel value="overdue">
          <OverdueTab asOf={asOf} onDun={setDunning} />
        </Tabs.Panel>
      </Tabs>
      <DunningModal target={dunning} onClose={() => setDunning(null)} />
    </>
  )
}

function RowActions({ customerId, onDun }: { customerId: number; onDun?: () => void }) {
  const t = useT()
  const { hasRole } = useSession()
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button component={Link} to={`/statement?customerId=${customerId}`} size="compact-xs" variant="subtle" leftSection={<IconFileSpreadsheet size={14} />}>
        {t('ar.action.statement')}
      </Button>
      {hasRole(...FINANCE_ROLES) && (
        <Button component={Link} to={`/receipts/new?customerId=${customerId}`} size="compact-xs" variant="subtle" leftSection={<IconCash size={14} />}>
          {t('ar.action.receipt')}
        </Button>
      )}
      {onDun && !hasRole('owner') && (
        <Button size="compact-xs" variant="subtle" color="orange" leftSection={<IconAlarm size={14} />} onClick={onDun} data-testid="dun">
          {t('ar.action.dun')}
        </Button>
      )}
    </Group>
  )
}

function SummaryTab({ asOf, onDun }: { asOf: string; onDun: (t: DunningTarget) => void }) {
  const t = useT()
  const navigate = useNavigate()
  const table = useTableState({ storageKey: 'ar-summary', defaultPageSize: 50 })
  const [input, setInput] = useState('')
  const [q] = useDebouncedValue(input.trim(), 300)
  const [overdueOnly, setOverdueOnly] = useState(false)
  const list = useApiQuery('ar.summary', { asOf, query: q || undefined, overdueOnly: overdueOnly || undefined, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const totals = list.data?.totals
  const columns: Column<ArSummaryItem>[] = [
    { key: 'name', title: t('ar.col.customer'), render: (r) => r.customerName },
    { key: 'balance', title: t('ar.col.balance'), align: 'right', render: (r) => <MoneyText fen={r.balanceFen} size="sm" fw={600} /> },
    { key: 'overdue', title: t('ar.col.overdue'), align: 'right', render: (r) => (r.overdueFen > 0 ? <MoneyText fen={r.overdueFen} size="sm" c="red" /> : <Text span c="dimmed">—</Text>) },
    { key: 'prepayment', title: t('ar.col.prepayment'), align: 'right', render: (r) => (r.prepaymentFen > 0 ? <MoneyText fen={r.prepaymentFen} size="sm" c="teal.8" /> : <Text span c="dimmed">—</Text>) },
    {
      key: 'act',
      title: '',
      align: 'right',
      render: (r) => <RowActions customerId={r.customerId} onDun={r.overdueFen > 0 ? () => onDun({ customerId: r.customerId, customerName: r.customerName, overdueFen: r.overdueFen }) : undefined} />,
    },
  ]
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
        <Figure label={t('ar.fig.balance')} testId="ar-total-balance">
          <MoneyText fen={totals?.balanceFen ?? 0} inherit />
        </Figure>
        <Figure label={t('ar.fig.overdue')}>
          <MoneyText fen={totals?.overdueFen ?? 0} inherit c={(totals?.overdueFen ?? 0) > 0 ? 'red' : undefined} />
        </Figure>
        <Figure label={t('ar.fig.prepayment')}>
          <MoneyText fen={totals?.prepaymentFen ?? 0} inherit />
        </Figure>
        <Figure label={t('ar.fig.customers')}>{list.data?.total ?? 0}</Figure>
      </SimpleGrid>
      <DataTable
        testId="ar-summary-table"
        toolbar={
          <Group gap="xs">
            <TextInput
              size="xs"
              w={280}
              leftSection={<IconSearch size={14} />}
              placeholder={t('ar.search')}
              value={input}
              onChange={(e) => {
                setInput(e.currentTarget.value)
                table.setPage(1)
              }}
              rightSection={input ? <CloseButton size="xs" onClick={() => setInput('')} aria-label={t('action.reset')} /> : null}
            />
            <Checkbox
              size="xs"
              label={t('ar.overdueOnly')}
              checked={overdueOnly}
              onChange={(e) => {
                setOverdueOnly(e.currentTarget.checked)
                table.setPage(1)
              }}
            />
            <ExportButton list="arSummary" filters={{ asOf, query: q || undefined, overdueOnly: overdueOnly || undefined }} />
          </Group>
        }
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.customerId}
        total={list.data?.total ?? 0}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        pageSizeOptions={[50, 100, 200]}
        loading={list.isLoading}
        fetching={list.isFetching}
        error={list.error}
        onRetry={() => list.refetch()}
        onRowOpen={(r) => navigate(`/customers/${r.customerId}?tab=ar`)}
        rowAttrs={(r) => ({ 'data-testid': 'ar-row', 'data-customer': r.customerName })}
        empty={{ title: t('ar.emptyTitle'), description: t('ar.emptyDescription') }}
      />
    </Stack>
  )
}

function AgingTab({ asOf }: { asOf: string }) {
  const t = useT()
  const navigate = useNavigate()
  const q = useApiQuery('ar.aging', { asOf }, { keepPrevious: true })
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const items = q.data?.items ?? []
  const totals = q.data?.totals
  const columns: Column<AgingItem>[] = [
    { key: 'name', title: t('ar.col.customer'), render: (r) => r.customerName },
    ...AGING_KEYS.map<Column<AgingItem>>((k) => ({
      key: k,
      title: t(`aging.${k}`),
      align: 'right',
      render: (r) => (r[k] ? <MoneyText fen={r[k]} size="sm" c={k === 'notDueFen' ? undefined : k === 'd1_30Fen' ? 'orange.8' : 'red'} /> : <Text span c="dimmed">—</Text>),
    })),
    // 预收款: paid beyond what was shipped; the buckets less it are the total (ar.aging)
    { key: 'prepayment', title: t('aging.prepaymentFen'), align: 'right', render: (r) => (r.prepaymentFen ? <MoneyText fen={-r.prepaymentFen} size="sm" c="teal.8" /> : <Text span c="dimmed">—</Text>) },
    { key: 'total', title: t('ar.col.total'), align: 'right', render: (r) => <MoneyText fen={r.totalFen} size="sm" fw={600} /> },
  ]
  return (
    <Stack gap="sm">
      <Paper withBorder radius="sm" p="md">
        <Group justify="space-between" mb="sm">
          <Text fw={600} size="sm">
            {t('ar.aging.title', { asOf })}
          </Text>
          <Text size="sm">
            {t('ar.col.total')} <MoneyText fen={totals?.totalFen ?? 0} size="md" fw={700} />
          </Text>
        </Group>
        {totals && <AgingBar buckets={totals} testId="ar-aging-bar" />}
      </Paper>
      <DataTable
        testId="ar-aging-table"
        columns={columns}
        rows={q.data ? items.slice((page - 1) * pageSize, page * pageSize) : undefined}
        rowKey={(r) => r.customerId}
        total={items.length}
        page={page}
        pageSize={pageSize}
        onPageChange={setPage}
        onPageSizeChange={(n) => {
          setPageSize(n)
          setPage(1)
        }}
        pageSizeOptions={[50, 100, 200]}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => q.refetch()}
        onRowOpen={(r) => navigate(`/customers/${r.customerId}?tab=ar`)}
        rowAttrs={() => ({ 'data-testid': 'aging-row' })}
        empty={{ title: t('ar.emptyTitle'), description: t('ar.emptyDescription') }}
      />
      {totals && items.length > 0 && (
        <Paper withBorder radius="sm">
          <Table fz="sm" verticalSpacing={6} data-testid="ar-aging-totals">
            <Table.Tbody>
              <Table.Tr>
                <Table.Td fw={600}>{t('ar.aging.totals', { count: items.length })}</Table.Td>
                {AGING_KEYS.map((k) => (
                  <Table.Td key={k} ta="right">
                    <Text size="xs" c="dimmed">
                      {t(`aging.${k}`)}
                    </Text>
                    <MoneyText fen={totals[k]} size="sm" fw={600} />
                  </Table.Td>
                ))}
                <Table.Td ta="right" data-testid="aging-total-prepayment">
                  <Text size="xs" c="dimmed">
                    {t('aging.prepaymentFen')}
                  </Text>
                  <MoneyText fen={-totals.prepaymentFen} size="sm" fw={600} />
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="xs" c="dimmed">
                    {t('ar.col.total')}
                  </Text>
                  <MoneyText fen={totals.totalFen} size="sm" fw={700} />
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  )
}

function OverdueTab({ asOf, onDun }: { asOf: string; onDun: (t: DunningTarget) => void }) {
  const t = useT()
  const navigate = useNavigate()
  const table = useTableState({ storageKey: 'ar-overdue' })
  const list = useApiQuery('ar.overdue', { asOf, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const columns: Column<OverdueItem>[] = [
    {
      key: 'name',
      title: t('ar.col.customer'),
      render: (r) => (
        <div>
          <Anchor component={Link} to={`/customers/${r.customerId}?tab=ar`} size="sm" fw={500}>
            {r.customerName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {[r.ownerName && t('ar.owner', { name: r.ownerName }), r.contactName && `${r.contactName}${r.contactPhone ? ` ${r.contactPhone}` : ''}`].filter(Boolean).join(' · ')}
          </Text>
        </div>
      ),
    },
    { key: 'overdue', title: t('ar.col.overdue'), align: 'right', render: (r) => <MoneyText fen={r.overdueFen} size="sm" c="red" fw={600} /> },
    { key: 'balance', title: t('ar.col.balance'), align: 'right', render: (r) => <MoneyText fen={r.balanceFen} size="sm" /> },
    {
      key: 'days',
      title: t('ar.col.maxDays'),
      align: 'right',
      nowrap: true,
      render: (r) => (
        <Tooltip label={t('ar.oldestDue', { date: r.oldestDueDate ?? '—' })}>
          <Text span size="sm" c={r.maxDaysOverdue > 90 ? 'red.9' : r.maxDaysOverdue > 30 ? 'red' : 'orange.8'} fw={500}>
            {t('ar.days', { days: r.maxDaysOverdue })}
          </Text>
        </Tooltip>
      ),
    },
    {
      key: 'last',
      title: t('ar.col.lastFollowUp'),
      render: (r) =>
        r.lastFollowUp ? (
          <div style={{ maxWidth: 280 }}>
            <Text size="xs" c="dimmed">
              {formatDate(r.lastFollowUp.at)} · {t(`followUpType.${r.lastFollowUp.type}` as 'followUpType.call')} · {r.lastFollowUp.userName}
            </Text>
            <Text size="sm" truncate>
              {r.lastFollowUp.content}
            </Text>
          </div>
        ) : (
          <Text span size="sm" c="dimmed">
            {t('ar.noFollowUp')}
          </Text>
        ),
    },
    { key: 'dunning', title: t('ar.col.lastDunning'), nowrap: true, render: (r) => (r.lastDunningAt ? formatDate(r.lastDunningAt) : <Text span c="dimmed">—</Text>) },
    {
      key: 'act',
      title: '',
      align: 'right',
      render: (r) => <RowActions customerId={r.customerId} onDun={() => onDun({ customerId: r.customerId, customerName: r.customerName, overdueFen: r.overdueFen, maxDaysOverdue: r.maxDaysOverdue })} />,
    },
  ]
  return (
    <DataTable
      testId="ar-overdue-table"
      columns={columns}
      rows={list.data?.items}
      rowKey={(r) => r.customerId}
      total={list.data?.total ?? 0}
      {...table.tableProps}
      sort={undefined}
      onSortChange={undefined}
      loading={list.isLoading}
      fetching={list.isFetching}
      error={list.error}
      onRetry={() => list.refetch()}
      onRowOpen={(r) => navigate(`/customers/${r.customerId}?tab=ar`)}
      rowAttrs={(r) => ({ 'data-testid': 'overdue-row', 'data-customer': r.customerName })}
      empty={{ title: t('ar.overdue.emptyTitle'), description: t('ar.overdue.emptyDescription') }}
    />
  )
}
