import { Button, Checkbox, CloseButton, Group, SegmentedControl, Text, TextInput } from '@mantine/core'
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
import { ReceiptStatusBadge } from './labels'
import { FINANCE_ROLES } from './ReceiptPage'
import type { Receipt, ReceiptStatus } from './receipt.types'

/** 收款单列表: search, status, only those with 预收款 left, date range; filters live in the URL. */
export function ReceiptListPage() {
  const t = useT()
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const [params, setParams] = useSearchParams()
  const table = useTableState({ storageKey: 'receipts' })
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
  const status: ReceiptStatus | undefined = statusParam === 'valid' || statusParam === 'cancelled' ? statusParam : undefined
  const unallocated = params.get('unallocated') === '1'
  const from = params.get('from')
  const to = params.get('to')
  const list = useApiQuery(
    'receipt.search',
    { query: urlQ || undefined, status, unallocatedOnly: unallocated || undefined, dateFrom: from ?? undefined, dateTo: to ?? undefined, page: table.page, pageSize: table.pageSize },
    { keepPrevious: true },
  )
  const filtered = !!(urlQ || status || unallocated || from || to)
  const canWrite = hasRole(...FINANCE_ROLES)

  const columns: Column<Receipt>[] = [
    { key: 'number', title: t('receipt.field.number'), render: (r) => <Text span size="sm" ff="monospace" fw={500}>{r.number}</Text>, nowrap: true },
    { key: 'receivedOn', title: t('receipt.field.receivedOn'), render: (r) => r.receivedOn, nowrap: true },
    { key: 'customer', title: t('receipt.field.customer'), render: (r) => r.customerName },
    { key: 'method', title: t('receipt.field.method'), render: (r) => t(`receipt.method.${r.method}`), nowrap: true },
    { key: 'amount', title: t('receipt.field.amount'), align: 'right', render: (r) => <MoneyText fen={r.amountFen} size="sm" fw={500} td={r.status === 'cancelled' ? 'line-through' : undefined} /> },
    { key: 'allocated', title: t('receipt.field.allocated'), align: 'right', render: (r) => <MoneyText fen={r.allocatedFen} size="sm" /> },
    {
      key: 'unallocated',
      title: t('receipt.field.unallocated'),
      align: 'right',
      render: (r) => (r.unallocatedFen > 0 && r.status === 'valid' ? <MoneyText fen={r.unallocatedFen} size="sm" c="teal.8" fw={500} /> : <Text span c="dimmed">—</Text>),
    },
    { key: 'status', title: t('receipt.field.status'), render: (r) => <ReceiptStatusBadge status={r.status} /> },
    { key: 'reference', title: t('receipt.field.reference'), render: (r) => <Text span size="sm" c="dimmed">{r.reference ?? ''}</Text> },
  ]

  return (
    <>
      <PageHeader
        title={t('receipt.list.title')}
        actions={
          canWrite && (
            <Button component={Link} to="/receipts/new" leftSection={<IconPlus size={16} />} data-testid="receipt-new">
              {t('receipt.list.new')}
            </Button>
          )
        }
      />
      <DataTable
        testId="receipt-table"
        toolbar={
          <Group gap="xs" wrap="wrap">
            <TextInput
              w={280}
              size="xs"
              autoFocus
              leftSection={<IconSearch size={14} />}
              placeholder={t('receipt.list.search')}
              aria-label={t('receipt.list.search')}
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              rightSection={input ? <CloseButton size="xs" aria-label={t('action.reset')} onClick={() => setInput('')} /> : null}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setParam({ q: input.trim() || null })
                if (e.key === 'ArrowDown') (document.querySelector('[data-testid="receipt-table"] tbody tr[tabindex]') as HTMLElement | null)?.focus()
              }}
              data-testid="receipt-search"
            />
            <SegmentedControl
              size="xs"
              value={status ?? 'all'}
              onChange={(v) => setParam({ status: v === 'all' ? null : v })}
              data={[
                { value: 'all', label: t('common.all') },
                { value: 'valid', label: t('receipt.status.valid') },
                { value: 'cancelled', label: t('receipt.status.cancelled') },
              ]}
            />
            <DatePickerInput
              type="range"
              size="xs"
              w={230}
              clearable
              allowSingleDateInRange
              valueFormat="YYYY-MM-DD"
              leftSection={<IconCalendar size={14} />}
              placeholder={t('receipt.list.dateRange')}
              aria-label={t('receipt.list.dateRange')}
              value={[from, to]}
              onChange={([a, b]) => {
                if ((a && b) || (!a && !b)) setParam({ from: a, to: b })
              }}
            />
            <Checkbox size="xs" label={t('receipt.list.unallocatedOnly')} checked={unallocated} onChange={(e) => setParam({ unallocated: e.currentTarget.checked ? '1' : null })} />
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
        rowKey={(r) => r.id}
        total={list.data?.total ?? 0}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        loading={list.isLoading}
        fetching={list.isFetching}
        error={list.error}
        onRetry={() => list.refetch()}
        onRowOpen={(r) => navigate(`/receipts/${r.id}`)}
        rowAttrs={(r) => ({ 'data-testid': 'receipt-row', 'data-number': r.number })}
        empty={
          filtered
            ? { title: t('receipt.list.noMatch') }
            : {
                title: t('receipt.list.emptyTitle'),
                description: t('receipt.list.emptyDescription'),
                action: canWrite ? (
                  <Button component={Link} to="/receipts/new" size="xs" leftSection={<IconPlus size={14} />}>
                    {t('receipt.list.new')}
                  </Button>
                ) : undefined,
              }
        }
      />
    </>
  )
}
