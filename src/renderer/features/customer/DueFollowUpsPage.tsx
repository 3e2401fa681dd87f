import { Anchor, Badge, Button, Text, Tooltip } from '@mantine/core'
import { IconMessagePlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { DataTable, pagedQueryProps, useTableState, type Column } from '../../shared/DataTable'
import { formatDateTime } from '../../shared/dates'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import type { DueFollowUp } from './customer.api'
import { QuickFollowUpModal } from './FollowUpForm'
import { followUpTypeLabel } from './labels'

/** 我的待跟进: my follow-ups due today or overdue; overdue days in red; a row opens the customer. */
export function DueFollowUpsPage() {
  const t = useT()
  const navigate = useNavigate()
  const table = useTableState({ storageKey: 'due' })
  const due = useApiQuery('followUp.due', { page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const [followUp, setFollowUp] = useState<{ id: number; name: string } | null>(null)

  const columns: Column<DueFollowUp>[] = [
    {
      key: 'customer',
      title: t('field.name'),
      render: (f) => (
        <Anchor component={Link} to={`/customers/${f.customerId}`} size="sm" fw={500} data-testid="due-customer">
          {f.customerName}
        </Anchor>
      ),
    },
    { key: 'planned', title: t('customer.due.plannedOn'), nowrap: true, width: 110, render: (f) => <Text size="sm">{f.nextFollowUpOn}</Text> },
    {
      key: 'overdue',
      title: '',
      nowrap: true,
      width: 110,
      render: (f) =>
        f.overdueDays > 0 ? (
          <Badge color="red" variant={f.overdueDays > 7 ? 'filled' : 'light'} data-testid="due-overdue">
            {t('customer.due.overdue', { days: f.overdueDays })}
          </Badge>
        ) : (
          <Badge color="orange" variant="light" data-testid="due-today">
            {t('customer.due.today')}
          </Badge>
        ),
    },
    {
      key: 'last',
      title: t('customer.due.lastContent'),
      render: (f) => (
        <Tooltip label={f.content} multiline maw={420} openDelay={500}>
          <Text size="sm" lineClamp={1}>
            <Badge size="xs" variant="default" mr={6}>
              {followUpTypeLabel(t, f.type)}
            </Badge>
            {f.content}
          </Text>
        </Tooltip>
      ),
    },
    { key: 'at', title: t('field.lastFollowUpAt'), nowrap: true, render: (f) => <Text size="sm" c="dimmed">{formatDateTime(f.at)}</Text> },
    {
      key: 'actions',
      title: t('customer.list.actions'),
      align: 'right',
      nowrap: true,
      stickyRight: true,
      render: (f) => (
        <Button size="compact-xs" variant="light" leftSection={<IconMessagePlus size={14} />} onClick={() => setFollowUp({ id: f.customerId, name: f.customerName })}>
          {t('customer.list.followUp')}
        </Button>
      ),
    },
  ]

  return (
    <>
      <PageHeader title={t('customer.due.title')} subtitle={t('customer.due.subtitle')} />
      <DataTable
        testId="due-table"
        columns={columns}
        {...pagedQueryProps(due)}
        rowKey={(f) => f.id}
        {...table.tableProps}
        onSortChange={undefined}
        onRowOpen={(f) => navigate(`/customers/${f.customerId}`)}
        rowAttrs={(f) => ({ 'data-testid': 'due-row', 'data-overdue': String(f.overdueDays) })}
        empty={{ title: t('customer.due.emptyTitle'), description: t('customer.due.emptyDescription') }}
      />
      <QuickFollowUpModal target={followUp} onClose={() => setFollowUp(null)} />
    </>
  )
}
