import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core'
import { IconAlarm, IconCash, IconFileSpreadsheet } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { useApiQuery } from '../../shared/query'
import { FINANCE_ROLES } from '../receipt/ReceiptPage'
import { AgingBar, Figure } from './AgingBar'
import { DunningModal, type DunningTarget } from './DunningModal'

/** 客户 360 · 应收: balance, overdue, prepayment, aging buckets, invoiced vs shipped (未开票金额). */
export function CustomerArTab({ customerId, customerName }: { customerId: number; customerName: string }) {
  const t = useT()
  const { hasRole } = useSession()
  const q = useApiQuery('ar.customer', { customerId })
  const [dunning, setDunning] = useState<DunningTarget | null>(null)
  if (q.isLoading) return <Skeleton height={200} />
  if (q.error || !q.data) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  const a = q.data
  return (
    <Stack gap="sm" data-testid="customer-ar">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('ar.customer.asOf', { asOf: a.asOf })}
        </Text>
        <Group gap="xs">
          <Button component={Link} to={`/statement?customerId=${customerId}`} size="xs" variant="default" leftSection={<IconFileSpreadsheet size={14} />}>
            {t('ar.action.statement')}
          </Button>
          {hasRole(...FINANCE_ROLES) && (
            <Button component={Link} to={`/receipts/new?customerId=${customerId}`} size="xs" variant="light" leftSection={<IconCash size={14} />}>
              {t('ar.action.receipt')}
            </Button>
          )}
          {a.overdueFen > 0 && !hasRole('owner') && (
            <Button size="xs" variant="light" color="orange" leftSection={<IconAlarm size={14} />} onClick={() => setDunning({ customerId, customerName, overdueFen: a.overdueFen })}>
              {t('ar.action.dun')}
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
        <Figure label={t('ar.fig.balance')} testId="customer-ar-balance">
          <MoneyText fen={a.balanceFen} inherit />
        </Figure>
        <Figure label={t('ar.fig.overdue')}>
          <MoneyText fen={a.overdueFen} inherit c={a.overdueFen > 0 ? 'red' : undefined} />
        </Figure>
        <Figure label={t('ar.fig.prepayment')}>
          <MoneyText fen={a.prepaymentFen} inherit />
        </Figure>
        <Figure label={t('ar.fig.uninvoiced')} hint={t('ar.customer.invoicedOf', { invoiced: formatFen(a.invoicedFen), shipped: formatFen(a.netShippedFen) })}>
          <MoneyText fen={a.uninvoicedFen} inherit />
        </Figure>
      </SimpleGrid>
      <Paper withBorder radius="sm" p="md">
        <Text fw={600} size="sm" mb="sm">
          {t('ar.tab.aging')}
        </Text>
        <AgingBar buckets={a.aging} testId="customer-aging" />
      </Paper>
      <DunningModal target={dunning} onClose={() => setDunning(null)} />
    </Stack>
  )
}
