import { Button, Checkbox, SegmentedControl, Text } from '@mantine/core'
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
import { ReceiptStatusBadge } from './labels'
import { FINANCE_ROLES } from './ReceiptPage'
import { DrillBadge, readDrill } from '../report/DrillBadge'
import type { Receipt, ReceiptStatus } from './receipt.api'
import { ExportButton } from '../excel/ExportButton'

/** 收款单列表: search, status, only those with 预收款 left, date range; filters live in the URL. */
export function ReceiptListPage() {
  const t = useT()
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const list = useListState({ storageKey: 'receipts' })
  const { params, table, q } = list
  const statusParam = params.get('status')
  const status: ReceiptStatus | undefined = statusParam === 'valid' || statusParam === 'cancelled' ? statusParam : undefined
  const unallocated = params.get('unallocated') === '1'
  const from = params.get('from')
  const to = params.get('to')
  /** a report's drill-down: customer, the customer's owner (回款 by salesperson), province; counted = not cancelled */
  const drill = readDrill(params)
  const exportFilters = {
    query: q || undefined,
    status: status ?? (drill.counted ? 'valid' : undefined),
    unallocatedOnly: unallocated || undefined,
    dateFrom: from ?? undefined,
    dateTo: to ?? undefined,
    customerId: drill.customerId,
    ownerId: drill.ownerId,
    province: drill.province,
  }
  const search = useApiQuery(
    'receipt.search',
    { ...exportFilters, page: table.page, pageSize: table.pageSize },
    { keepPrevious: true },
  )
  const filtered = !!(q || status || unallocated || from || to || drill.active)
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
          <ListToolbar
            list={list}
            search={{ tableTestId: 'receipt-table', w: 280, placeholder: t('receipt.list.search'), testId: 'receipt-search' }}
            filtered={filtered}
            resetLabel={t('action.reset')}
          >
            <SegmentedControl
              size="xs"
              value={status ?? 'all'}
              onChange={(v) => list.setParam('status', v === 'all' ? null : v)}
              data={[
                { value: 'all', label: t('common.all') },
                { value: 'valid', label: t('receipt.status.valid') },
                { value: 'cancelled', label: t('receipt.status.cancelled') },
              ]}
            />
            <DrillBadge list={list} />
            <DateRangeFilter list={list} placeholder={t('receipt.list.dateRange')} label={t('receipt.list.dateRange')} />
            <Checkbox size="xs" label={t('receipt.list.unallocatedOnly')} checked={unallocated} onChange={(e) => list.setParam('unallocated', e.currentTarget.checked ? '1' : null)} />
            <ExportButton list="receipts" filters={exportFilters} />
          </ListToolbar>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(r) => r.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
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
