import { Button, Group, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { DataTable, pagedQueryProps, useTableState, type Column } from '../../shared/DataTable'
import { MoneyText } from '../../shared/MoneyText'
import { useApiQuery } from '../../shared/query'
import { ReceiptStatusBadge } from './labels'
import { FINANCE_ROLES } from './ReceiptPage'
import type { Receipt } from './receipt.api'

/** 客户 360 · 收款: the customer's receipts with what is allocated and what is 预收款. */
export function CustomerReceiptsTab({ customerId }: { customerId: number }) {
  const t = useT()
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const table = useTableState({ storageKey: 'customer-receipts', defaultPageSize: 10 })
  const list = useApiQuery('receipt.search', { customerId, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const columns: Column<Receipt>[] = [
    { key: 'number', title: t('receipt.field.number'), render: (r) => <Text span size="sm" ff="monospace" fw={500}>{r.number}</Text>, nowrap: true },
    { key: 'receivedOn', title: t('receipt.field.receivedOn'), render: (r) => r.receivedOn, nowrap: true },
    { key: 'method', title: t('receipt.field.method'), render: (r) => t(`receipt.method.${r.method}`) },
    { key: 'amount', title: t('receipt.field.amount'), align: 'right', render: (r) => <MoneyText fen={r.amountFen} size="sm" fw={500} td={r.status === 'cancelled' ? 'line-through' : undefined} /> },
    { key: 'allocated', title: t('receipt.field.allocated'), align: 'right', render: (r) => <MoneyText fen={r.allocatedFen} size="sm" /> },
    { key: 'unallocated', title: t('receipt.field.unallocated'), align: 'right', render: (r) => (r.unallocatedFen && r.status === 'valid' ? <MoneyText fen={r.unallocatedFen} size="sm" c="teal.8" /> : <Text span c="dimmed">—</Text>) },
    { key: 'status', title: t('receipt.field.status'), render: (r) => <ReceiptStatusBadge status={r.status} /> },
  ]
  return (
    <>
      {hasRole(...FINANCE_ROLES) && (
        <Group justify="flex-end" mb="xs">
          <Button component={Link} to={`/receipts/new?customerId=${customerId}`} size="xs" leftSection={<IconPlus size={14} />} data-testid="customer-receipt-new">
            {t('receipt.list.new')}
          </Button>
        </Group>
      )}
      <DataTable
        testId="customer-receipts"
        columns={columns}
        {...pagedQueryProps(list)}
        rowKey={(r) => r.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        pageSizeOptions={[10, 20, 50]}
        onRowOpen={(r) => navigate(`/receipts/${r.id}`)}
        empty={{ title: t('customerTabs.noReceipts') }}
      />
    </>
  )
}
