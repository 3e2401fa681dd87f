import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, UnstyledButton } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { IconPrinter } from '@tabler/icons-react'
import { Link, useSearchParams } from 'react-router-dom'
import { amountInWords } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { addDays, todayStr } from '../../shared/dates'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { CustomerSelect } from '../receipt/CustomerSelect'
import { Figure } from './AgingBar'
import type { Statement, StatementKind } from './ar.api'
import { PrintButton } from '../print/PrintButton'
import { ExportButton } from '../excel/ExportButton'

const DATE = /^\d{4}-\d{2}-\d{2}$/

function monthStart(d: string) {
  return `${d.slice(0, 7)}-01`
}
function monthEnd(d: string) {
  const [y, m] = d.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return addDays(next, -1)
}

/** The period presets finance uses most. */
function presets(today: string) {
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  const lastMonth = addDays(monthStart(today), -1)
  const qStartMonth = Math.floor((m - 1) / 3) * 3 + 1
  return [
    { key: 'thisMonth', from: monthStart(today), to: today },
    { key: 'lastMonth', from: monthStart(lastMonth), to: monthEnd(lastMonth) },
    { key: 'thisQuarter', from: `${y}-${String(qStartMonth).padStart(2, '0')}-01`, to: today },
    { key: 'thisYear', from: `${y}-01-01`, to: today },
    { key: 'lastYear', from: `${y - 1}-01-01`, to: `${y - 1}-12-31` },
  ] as const
}

/** 对账单: one customer and a period → opening balance, every shipment/return/receipt with the running balance, closing balance. */
export function StatementPage() {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const today = todayStr()
  const customerId = Number(params.get('customerId')) || null
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : monthStart(today)
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : today
  const set = (entries: Record<string, string | null>) =>
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
  const valid = !!customerId && from <= to
  const q = useApiQuery('ar.statement', { customerId: customerId ?? 0, from, to }, { enabled: valid, keepPrevious: true })

  return (
    <>
      <style>{`@media print {
        .mantine-AppShell-navbar, .mantine-AppShell-header, [data-no-print] { display: none !important; }
        .mantine-AppShell-main { padding: 0 !important; }
        body { background: #fff; }
      }`}</style>
      <div data-no-print>
        <PageHeader
          title={t('statement.title')}
          subtitle={t('statement.subtitle')}
          actions={
            q.data &&
            customerId && (
              <>
                <PrintButton target={{ kind: 'render', input: { type: 'statement', customerId, from, to } }} label={t('print.type.statement')} testId="statement-pdf" />
                <ExportButton list="statement" filters={{ customerId, from, to }} />
                <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
                  {t('statement.print')}
                </Button>
              </>
            )
          }
        />
        <Paper withBorder radius="sm" px="md" py="sm" mb="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <CustomerSelect
              label={t('statement.customer')}
              w={300}
              autoFocus={!customerId}
              value={customerId}
              onChange={(id) => set({ customerId: id ? String(id) : null })}
              data-testid="statement-customer"
            />
            <DateInput label={t('statement.from')} w={140} valueFormat="YYYY-MM-DD" value={from} onChange={(v) => v && set({ from: v })} maxDate={to} data-testid="statement-from" />
            <DateInput label={t('statement.to')} w={140} valueFormat="YYYY-MM-DD" value={to} onChange={(v) => v && set({ to: v })} minDate={from} data-testid="statement-to" />
            <Group gap={6} pb={4}>
              {presets(today).map((p) => (
                <UnstyledButton
                  key={p.key}
                  onClick={() => set({ from: p.from, to: p.to })}
                  px={8}
                  py={3}
                  fz="xs"
                  data-testid={`statement-preset-${p.key}`}
                  style={{
                    borderRadius: 4,
                    border: '1px solid var(--mantine-color-default-border)',
                    background: from === p.from && to === p.to ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-body)',
                  }}
                >
                  {t(`statement.preset.${p.key}`)}
                </UnstyledButton>
              ))}
            </Group>
          </Group>
        </Paper>
      </div>
      {!customerId ? (
        <Paper withBorder radius="sm" py="xl">
          <EmptyBlock title={t('statement.pickTitle')} description={t('statement.pickDescription')} />
        </Paper>
      ) : q.isLoading ? (
        <Skeleton height={320} />
      ) : q.error || !q.data ? (
        <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <StatementView s={q.data} />
      )}
    </>
  )
}

const KIND_COLORS: Record<StatementKind, string> = { shipment: 'blue', return: 'orange', receipt: 'teal' }

function StatementView({ s }: { s: Statement }) {
  const t = useT()
  const { companyName } = useSession()
  const link = (kind: StatementKind, number: string) => (kind === 'receipt' ? `/receipts?q=${encodeURIComponent(number)}` : kind === 'shipment' ? `/shipments?q=${encodeURIComponent(number)}` : null)
  return (
    <Stack gap="sm" data-testid="statement">
      <SimpleGrid cols={{ base: 3, lg: 5 }} spacing="sm" data-no-print>
        <Figure label={t('statement.opening')}>
          <MoneyText fen={s.openingBalanceFen} inherit data-testid="statement-opening" />
        </Figure>
        <Figure label={t('statement.shipped')}>
          <MoneyText fen={s.shippedFen} inherit data-testid="statement-shipped" />
        </Figure>
        <Figure label={t('statement.returned')}>
          <MoneyText fen={s.returnedFen} inherit data-testid="statement-returned" />
        </Figure>
        <Figure label={t('statement.received')}>
          <MoneyText fen={s.receivedFen} inherit data-testid="statement-received" />
        </Figure>
        <Figure label={t('statement.closing')}>
          <MoneyText fen={s.closingBalanceFen} inherit data-testid="statement-closing" />
        </Figure>
      </SimpleGrid>
      <Paper withBorder radius="sm" p="md">
        <Stack gap={2} align="center" mb="sm">
          <Text fw={700} size="lg">
            {companyName ? t('statement.docTitleCompany', { company: companyName }) : t('statement.docTitle')}
          </Text>
          <Text size="sm">
            {t('statement.docCustomer', { name: s.customerName, code: s.customerCode })}
            <Text span c="dimmed" ml="md">
              {t('statement.docPeriod', { from: s.from, to: s.to })}
            </Text>
          </Text>
        </Stack>
        <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" withTableBorder withColumnBorders data-testid="statement-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={105}>{t('statement.col.date')}</Table.Th>
              <Table.Th w={80}>{t('statement.col.kind')}</Table.Th>
              <Table.Th w={170}>{t('statement.col.number')}</Table.Th>
              <Table.Th>{t('statement.col.memo')}</Table.Th>
              <Table.Th ta="right" w={140}>
                {t('statement.col.debit')}
              </Table.Th>
              <Table.Th ta="right" w={140}>
                {t('statement.col.credit')}
              </Table.Th>
              <Table.Th ta="right" w={150}>
                {t('statement.col.balance')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr bg="var(--mantine-color-gray-0)">
              <Table.Td>{s.from}</Table.Td>
              <Table.Td colSpan={5} fw={500}>
                {t('statement.openingRow')}
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText fen={s.openingBalanceFen} size="sm" fw={600} />
              </Table.Td>
            </Table.Tr>
            {s.entries.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7} ta="center" c="dimmed" py="md">
                  {t('statement.noEntries')}
                </Table.Td>
              </Table.Tr>
            )}
            {s.entries.map((e, i) => {
              const to = link(e.kind, e.number)
              return (
                <Table.Tr key={`${e.kind}-${e.number}-${i}`} data-testid="statement-entry" data-kind={e.kind} data-number={e.number}>
                  <Table.Td>{e.date}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={KIND_COLORS[e.kind]}>
                      {t(`statement.kind.${e.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ff="monospace">
                    {to ? (
                      <Anchor component={Link} to={to} size="sm" ff="monospace">
                        {e.number}
                      </Anchor>
                    ) : (
                      e.number
                    )}
                  </Table.Td>
                  <Table.Td c="dimmed">{e.memo ? (e.kind === 'shipment' ? t('statement.memo.order', { number: e.memo }) : e.memo) : ''}</Table.Td>
                  <Table.Td ta="right">{e.amountFen > 0 ? <MoneyText fen={e.amountFen} size="sm" /> : null}</Table.Td>
                  <Table.Td ta="right">{e.amountFen < 0 ? <MoneyText fen={-e.amountFen} size="sm" /> : null}</Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={e.balanceFen} size="sm" />
                  </Table.Td>
                </Table.Tr>
              )
            })}
            <Table.Tr>
              <Table.Td colSpan={4} fw={500}>
                {t('statement.totalRow')}
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText fen={s.shippedFen} size="sm" fw={600} />
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText fen={s.returnedFen + s.receivedFen} size="sm" fw={600} />
              </Table.Td>
              <Table.Td />
            </Table.Tr>
            <Table.Tr bg="var(--mantine-color-gray-0)">
              <Table.Td>{s.to}</Table.Td>
              <Table.Td colSpan={5} fw={600}>
                {t('statement.closingRow')}
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText fen={s.closingBalanceFen} size="md" fw={700} data-testid="statement-closing-row" />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Group justify="space-between" mt="sm" wrap="nowrap" align="flex-start">
          <Text size="sm" data-testid="statement-closing-words">
            <Text span c="dimmed">
              {t('statement.closingWords')}
            </Text>
            <Text span fw={600}>
              {amountInWords(s.closingBalanceFen)}
            </Text>
          </Text>
          <Text size="xs" c="dimmed" ta="right">
            {t('statement.formula')}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" mt="md">
          {t('statement.footer')}
        </Text>
      </Paper>
    </Stack>
  )
}
