import { Anchor, Button, Group, Modal, Paper, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { BarChart, DonutChart, LineChart } from '@mantine/charts'
import { IconMessagePlus, IconPrinter } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { hasCapability } from '../../../core/auth/permissions'
import { useI18n, useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { todayStr } from '../../shared/dates'
import { EmptyBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyInput } from '../../shared/MoneyInput'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { QuickFollowUpModal } from '../customer/FollowUpForm'
import { PdfPreviewModal, pdfUrl } from '../print/PrintButton'
import { Block, changeText, Stat, useParamSetter } from './components'
import { docListUrl } from './drill'
import { monthBounds } from './period'
import { compactYuan, pct, yuan, type ChurnItem, type DeliveryReport, type ForecastReport, type FunnelReport, type MonthlyPack } from './report.api'
import { PeriodReport, ReportBody, ReportHeader, ReportTable, type ReportColumn } from './ReportTable'

const Days = ({ v }: { v: number | null }) => {
  const t = useT()
  return <>{v === null ? '—' : t('rpt.funnel.days', { days: v.toFixed(1) })}</>
}

// ── 销售漏斗 ────────────────────────────────────────────────────────────────
type FunnelGroup = FunnelReport['bySource'][number]

export function FunnelReportPage() {
  const t = useT()
  const navigate = useNavigate()
  const openStage = (stage: string) => navigate(`/opportunities?view=list&stage=${stage}`)
  const groupColumns: ReportColumn<FunnelGroup>[] = [
    { key: 'label', cell: (g) => g.label },
    { key: 'count', title: t('rpt.col.count'), align: 'right', cell: (g) => g.count },
    { key: 'won', title: t('rpt.funnel.won'), align: 'right', cell: (g) => <MoneyText fen={g.wonFen} size="sm" /> },
    { key: 'winRate', title: t('rpt.funnel.winRate'), align: 'right', cell: (g) => pct(g.winRate) },
    { key: 'days', title: t('rpt.funnel.avgDays'), align: 'right', cell: (g) => <Days v={g.avgDaysToWon} /> },
  ]
  return (
    <PeriodReport method="report.funnel" title="rpt.funnel.title" kouj={['rpt.kouj.funnel']} isEmpty={(d) => d.count === 0}>
      {(d) => (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
            <Stat label={t('rpt.col.count')}>{d.count}</Stat>
            <Stat label={t('rpt.col.amount')}><MoneyText fen={d.amountFen} inherit /></Stat>
            <Stat label={t('rpt.funnel.winRate')} hint={`${t('rpt.funnel.won')} ${d.wonCount} · ${t('rpt.funnel.lost')} ${d.lostCount}`}>{pct(d.winRate)}</Stat>
            <Stat label={t('rpt.funnel.avgDays')}><Days v={d.avgDaysToWon} /></Stat>
          </SimpleGrid>
          <Block title={t('rpt.funnel.title')}>
            <BarChart
              h={220}
              data={d.stages.map((s) => ({ label: s.label, stage: s.stage, reached: s.reachedCount, count: s.count }))}
              dataKey="label"
              series={[
                { name: 'reached', label: t('rpt.funnel.reached'), color: 'blue.6' },
                { name: 'count', label: t('rpt.col.count'), color: 'teal.5' },
              ]}
              withLegend
              barProps={{ style: { cursor: 'pointer' }, onClick: (x: { payload?: { stage: string } }) => x.payload && openStage(x.payload.stage) }}
            />
            <ReportTable
              testId="funnel-table"
              rows={d.stages}
              rowKey={(s) => s.stage}
              onRowClick={(s) => openStage(s.stage)}
              total={{ stage: 'won', label: '', count: d.count, amountFen: d.amountFen, reachedCount: 0, conversion: null }}
              columns={[
                { key: 'stage', title: t('rpt.funnel.stage'), cell: (s) => s.label },
                { key: 'count', title: t('rpt.col.count'), align: 'right', cell: (s) => s.count },
                { key: 'amount', title: t('rpt.col.amount'), align: 'right', cell: (s) => <MoneyText fen={s.amountFen} size="sm" fw={undefined} /> },
                { key: 'reached', title: t('rpt.funnel.reached'), align: 'right', cell: (s, total) => (total ? '' : s.reachedCount) },
                { key: 'conversion', title: t('rpt.funnel.conversion'), align: 'right', cell: (s, total) => (total ? '' : pct(s.conversion)) },
              ]}
            />
          </Block>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
            {(['bySource', 'bySalesperson'] as const).map((k) => (
              <Block key={k} title={t(`rpt.funnel.${k}`)}>
                <ReportTable
                  rows={d[k]}
                  rowKey={(g) => g.key}
                  columns={groupColumns}
                  // a salesperson's row opens their opportunities (the list filters by owner, not by source)
                  onRowClick={k === 'bySalesperson' ? (g) => g.key && navigate(`/opportunities?view=list&owner=${g.key}`) : undefined}
                />
              </Block>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </PeriodReport>
  )
}

// ── 目标达成 (with target entry and 目标分解 for admin / manager) ─────────────
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1)

export function TargetsReportPage() {
  const t = useT()
  const [params] = useSearchParams()
  const set = useParamSetter()
  const user = useCurrentUser()
  const thisYear = Number(todayStr().slice(0, 4))
  const year = Number(params.get('year')) || thisYear
  const q = useApiQuery('report.targets', { year }, { keepPrevious: true })
  const canSet = hasCapability(user.role, 'targets')
  const [entry, setEntry] = useState<'set' | 'split' | null>(null)
  const monthHead = MONTHS.map((m) => <Table.Th key={m} ta="right">{m}</Table.Th>)
  const cells = (ms: { month: number; targetFen: number; actualFen: number; completion: number | null }[]) =>
    MONTHS.map((m) => {
      const x = ms.find((y) => y.month === m)
      return (
        <Table.Td key={m} ta="right">
          <Text size="xs">{x ? formatFen(x.actualFen, { symbol: false }) : '—'}</Text>
          <Text size="xs" c="dimmed">{x && x.targetFen ? `${formatFen(x.targetFen, { symbol: false })} · ${pct(x.completion, 0)}` : ''}</Text>
        </Table.Td>
      )
    })
  return (
    <>
      <ReportHeader
        title="rpt.targets.title"
        kouj={['rpt.kouj.targets']}
        period={false}
        exportAs={{ list: 'report.targets', filters: { year } }}
        extra={
          <>
            <Select size="xs" w={100} aria-label={t('rpt.targets.year')} value={String(year)} data={Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i))} onChange={(v) => set({ year: v && Number(v) !== thisYear ? v : null })} allowDeselect={false} />
            {canSet && (
              <>
                <Button size="xs" onClick={() => setEntry('set')} data-testid="target-set">{t('rpt.targets.set')}</Button>
                <Button size="xs" variant="default" onClick={() => setEntry('split')} data-testid="target-split">{t('rpt.targets.split')}</Button>
              </>
            )}
          </>
        }
      />
      <ReportBody q={q}>
        {(d) =>
          d.rows.length === 0 && d.teams.length === 0 ? (
            <EmptyBlock title={t('dash.noTargets')} testId="report-empty" />
          ) : (
            <Stack gap="sm">
              <Block title={t('rpt.targets.title')}>
                <LineChart
                  h={220}
                  curveType="linear"
                  data={d.totals.months.map((m) => ({ month: String(m.month), target: yuan(m.targetFen), actual: yuan(m.actualFen) }))}
                  dataKey="month"
                  valueFormatter={(v) => formatFen(Math.round(v * 100))}
                  series={[
                    { name: 'target', label: t('rpt.targets.target'), color: 'gray.6' },
                    { name: 'actual', label: t('rpt.targets.actual'), color: 'blue.6' },
                  ]}
                  withLegend
                />
              </Block>
              <Paper withBorder radius="sm">
                <Table.ScrollContainer minWidth={1100}>
                  <Table fz="sm" striped data-testid="targets-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('rpt.targets.person')}</Table.Th>
                        {monthHead}
                        <Table.Th ta="right">{t('rpt.targets.actual')} / {t('rpt.targets.target')}</Table.Th>
                        <Table.Th ta="right">{t('rpt.targets.completion')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.teams.map((r) => (
                        <Table.Tr key={`t${r.teamManagerId}`} bg="var(--mantine-color-gray-0)">
                          <Table.Td fw={600}>{r.name}</Table.Td>
                          {cells(r.months)}
                          <Table.Td ta="right"><MoneyText fen={r.actualFen} size="sm" /> / <MoneyText span fen={r.targetFen} size="sm" c="dimmed" /></Table.Td>
                          <Table.Td ta="right">{pct(r.completion)}</Table.Td>
                        </Table.Tr>
                      ))}
                      {d.rows.map((r) => (
                        <Table.Tr key={r.salespersonId} data-testid="target-row">
                          <Table.Td>{r.name}</Table.Td>
                          {cells(r.months)}
                          <Table.Td ta="right"><MoneyText span fen={r.actualFen} size="sm" /> / <MoneyText span fen={r.targetFen} size="sm" c="dimmed" /></Table.Td>
                          <Table.Td ta="right">
                            {pct(r.completion)}
                            <Progress value={Math.min(100, (r.completion ?? 0) * 100)} size="xs" color={(r.completion ?? 0) >= 1 ? 'teal' : 'blue'} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                    <Table.Tfoot>
                      <Table.Tr>
                        <Table.Td fw={700}>{t('rpt.total')}</Table.Td>
                        {cells(d.totals.months)}
                        <Table.Td ta="right"><MoneyText span fen={d.totals.actualFen} size="sm" fw={700} /> / <MoneyText span fen={d.totals.targetFen} size="sm" c="dimmed" /></Table.Td>
                        <Table.Td ta="right" fw={700}>{pct(d.totals.completion)}</Table.Td>
                      </Table.Tr>
                    </Table.Tfoot>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            </Stack>
          )
        }
      </ReportBody>
      {entry && <TargetEntryModal mode={entry} year={year} onClose={() => setEntry(null)} />}
    </>
  )
}

function TargetEntryModal({ mode, year, onClose }: { mode: 'set' | 'split'; year: number; onClose: () => void }) {
  const t = useT()
  const me = useCurrentUser()
  const users = useApiQuery('user.list', {})
  const setM = useApiMutation('target.set', { invalidate: ['report.'] })
  const splitM = useApiMutation('target.split', { invalidate: ['report.'] })
  const [month, setMonth] = useState(Number(todayStr().slice(5, 7)))
  const [who, setWho] = useState<string | null>(null)
  const [amount, setAmount] = useState<number | null>(null)
  const [method, setMethod] = useState<'even' | 'lastYear'>('even')
  const all = users.data?.items ?? []
  const mine = (u: (typeof all)[number]) => me.role === 'admin' || u.id === me.id || u.managerId === me.id
  const people = all.filter((u) => (u.role === 'sales' || u.role === 'manager') && mine(u)).map((u) => ({ value: `u:${u.id}`, label: u.displayName }))
  const teams = all.filter((u) => u.role === 'manager' && (me.role === 'admin' || u.id === me.id)).map((u) => ({ value: `t:${u.id}`, label: t('rpt.targets.team', { name: u.displayName }) }))
  const submit = async () => {
    try {
      if (mode === 'set') {
        if (!who || amount === null) return
        const [k, id] = who.split(':')
        await setM.mutateAsync({ year, month, amountFen: amount, ...(k === 'u' ? { salespersonId: Number(id) } : { teamManagerId: Number(id) }) })
        notifySuccess(t('rpt.targets.saved'))
      } else {
        if (!who) return
        const r = await splitM.mutateAsync({ year, month, teamManagerId: Number(who.split(':')[1]), method })
        notifySuccess(t('rpt.targets.splitDone', { amount: formatFen(r.teamTargetFen), count: r.items.length }))
      }
      onClose()
    } catch (e) {
      notifyError(e)
    }
  }
  return (
    <Modal opened onClose={onClose} title={t(mode === 'set' ? 'rpt.targets.set' : 'rpt.targets.split')}>
      <Stack gap="sm">
        <Select label={t('rpt.targets.month')} value={String(month)} onChange={(v) => v && setMonth(Number(v))} data={MONTHS.map((m) => ({ value: String(m), label: `${year}-${String(m).padStart(2, '0')}` }))} allowDeselect={false} />
        <Select label={t('rpt.targets.who')} value={who} onChange={setWho} data={mode === 'set' ? [...teams, ...people] : teams} searchable data-testid="target-who" />
        {mode === 'set' ? (
          <MoneyInput label={t('rpt.targets.amount')} value={amount} onChange={setAmount} data-testid="target-amount" />
        ) : (
          <SegmentedControl value={method} onChange={(v) => setMethod(v as 'even' | 'lastYear')} data={[{ value: 'even', label: t('rpt.targets.splitEven') }, { value: 'lastYear', label: t('rpt.targets.splitLastYear') }]} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('action.cancel')}</Button>
          <Button onClick={submit} loading={setM.isPending || splitM.isPending} disabled={!who || (mode === 'set' && amount === null)} data-testid="target-save">
            {t('action.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

// ── 销售预测 ────────────────────────────────────────────────────────────────
type ForecastRow = ForecastReport['rows'][number]

export function ForecastReportPage() {
  const { t, locale } = useI18n()
  const [params] = useSearchParams()
  const set = useParamSetter()
  const months = Math.min(6, Math.max(1, Number(params.get('months')) || 3))
  const q = useApiQuery('report.forecast', { months }, { keepPrevious: true })
  return (
    <>
      <ReportHeader
        title="rpt.forecast.title"
        kouj={['rpt.kouj.forecast']}
        period={false}
        exportAs={{ list: 'report.forecast', filters: { months } }}
        extra={<SegmentedControl size="xs" value={String(months)} onChange={(v) => set({ months: v === '3' ? null : v })} data={[1, 2, 3, 4, 5, 6].map((n) => ({ value: String(n), label: t('rpt.forecast.monthsN', { n }) }))} />}
      />
      <ReportBody q={q}>
        {(d) => (
          <Stack gap="sm">
            <Block title={t('rpt.forecast.title')} right={<Text size="xs" c="dimmed">{t('rpt.forecast.runRateFrom', { from: d.runRateFrom, to: d.runRateTo })}</Text>}>
              <BarChart
                h={220}
                type="stacked"
                data={d.totals.months.map((m) => ({ month: m.month, pipeline: yuan(m.pipelineFen), runRate: yuan(m.runRateFen) }))}
                dataKey="month"
                valueFormatter={(v) => formatFen(Math.round(v * 100))}
                yAxisProps={{ tickFormatter: (v: number) => compactYuan(v, locale), width: 60 }}
                series={[
                  { name: 'runRate', label: t('rpt.forecast.runRate'), color: 'gray.5' },
                  { name: 'pipeline', label: t('rpt.forecast.pipeline'), color: 'blue.6' },
                ]}
                withLegend
              />
            </Block>
            <Paper withBorder radius="sm">
              <ReportTable<ForecastRow>
                testId="forecast-table"
                rows={d.rows}
                rowKey={(r) => String(r.salespersonId)}
                total={{ ...d.totals, salespersonId: null, name: '' }}
                columns={[
                  { key: 'name', title: t('rpt.targets.person'), cell: (r) => r.name },
                  ...d.months.map((m, i) => ({ key: m, title: m, align: 'right' as const, cell: (r: ForecastRow) => <MoneyText fen={r.months[i]?.totalFen ?? 0} size="sm" /> })),
                  { key: 'pipeline', title: t('rpt.forecast.pipeline'), align: 'right', cell: (r) => <MoneyText fen={r.pipelineFen} size="sm" /> },
                  { key: 'runRate', title: t('rpt.forecast.runRate'), align: 'right', cell: (r) => <MoneyText fen={r.runRateFen} size="sm" /> },
                  { key: 'total', title: t('rpt.forecast.total'), align: 'right', cell: (r) => <MoneyText fen={r.totalFen} size="sm" fw={700} /> },
                ]}
              />
            </Paper>
          </Stack>
        )}
      </ReportBody>
    </>
  )
}

// ── 客户分析 ────────────────────────────────────────────────────────────────
export function ChurnTable({ items, onFollowUp }: { items: ChurnItem[]; onFollowUp?: (c: ChurnItem) => void }) {
  const t = useT()
  if (items.length === 0) return <Text size="sm" c="dimmed">{t('rpt.churn.none')}</Text>
  return (
    <Table fz="sm" striped data-testid="churn-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('rpt.churn.customer')}</Table.Th>
          <Table.Th>{t('rpt.churn.owner')}</Table.Th>
          <Table.Th>{t('rpt.churn.lastOrder')}</Table.Th>
          <Table.Th ta="right">{t('rpt.churn.daysSince')}</Table.Th>
          <Table.Th ta="right">{t('rpt.churn.gap')}</Table.Th>
          <Table.Th>{t('rpt.churn.lastFollowUp')}</Table.Th>
          {onFollowUp && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((c) => (
          <Table.Tr key={c.customerId} data-testid="churn-row">
            <Table.Td><Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">{c.customerName}</Anchor></Table.Td>
            <Table.Td>{c.ownerName ?? '—'}</Table.Td>
            <Table.Td>{c.lastOrderDate}</Table.Td>
            <Table.Td ta="right">{t('rpt.funnel.days', { days: c.daysSince })}</Table.Td>
            <Table.Td ta="right">{t('rpt.funnel.days', { days: Math.round(c.usualGapDays) })}</Table.Td>
            <Table.Td>{c.lastFollowUpAt ? c.lastFollowUpAt.slice(0, 10) : '—'}</Table.Td>
            {onFollowUp && (
              <Table.Td ta="right">
                <Button size="compact-xs" variant="subtle" leftSection={<IconMessagePlus size={14} />} onClick={() => onFollowUp(c)} data-testid="churn-follow-up">{t('rpt.churn.followUp')}</Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

export function CustomersReportPage() {
  const t = useT()
  const user = useCurrentUser()
  const q = useApiQuery('report.customers', { churnLimit: 200 })
  const [followUp, setFollowUp] = useState<{ id: number; name: string } | null>(null)
  return (
    <>
      <ReportHeader title="rpt.customers.title" kouj={['rpt.kouj.customers']} period={false} exportAs={{ list: 'report.customers', filters: { churnLimit: 200 } }} />
      <ReportBody q={q}>
        {(d) => (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
              <Stat label={t('rpt.customers.active')}>{d.activeCount}</Stat>
              <Stat label={t('rpt.customers.repurchase')} hint={t('rpt.customers.repeatOf', { repeat: d.repeatCount, ordering: d.orderingCount })}>{pct(d.repurchaseRate)}</Stat>
              <Stat label={t('rpt.customers.new')}>{d.newByMonth.reduce((s, m) => s + m.count, 0)}</Stat>
              <Stat label={t('rpt.customers.churn')}>{d.churnTotal}</Stat>
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
              <Block title={t('rpt.customers.newByMonth')}>
                <BarChart h={200} data={d.newByMonth} dataKey="month" series={[{ name: 'count', label: t('rpt.monthly.newCustomers'), color: 'blue.6' }]} />
              </Block>
              <Block title={t('rpt.customers.tiers')}>
                <Group wrap="nowrap" align="center">
                  <DonutChart size={150} thickness={24} data={d.tiers.map((x, i) => ({ name: t('rpt.customers.tier', { tier: x.tier }), value: x.count, color: ['blue.7', 'blue.4', 'gray.4'][i] ?? 'gray.4' }))} withTooltip />
                  <Table fz="sm">
                    <Table.Tbody>
                      {d.tiers.map((x) => (
                        <Table.Tr key={x.tier}>
                          <Table.Td fw={600}>{t('rpt.customers.tier', { tier: x.tier })}</Table.Td>
                          <Table.Td ta="right">{x.count}</Table.Td>
                          <Table.Td ta="right"><MoneyText fen={x.amountFen} size="sm" /></Table.Td>
                          <Table.Td ta="right">{pct(x.share)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Group>
              </Block>
            </SimpleGrid>
            <Block title={t('rpt.customers.churn')} right={<Text size="xs" c="dimmed">{t('rpt.customers.churnTotal', { n: d.churnTotal })}</Text>}>
              <ChurnTable items={d.churn} onFollowUp={hasCapability(user.role, 'followUps') ? (c) => setFollowUp({ id: c.customerId, name: c.customerName }) : undefined} />
            </Block>
          </Stack>
        )}
      </ReportBody>
      <QuickFollowUpModal target={followUp} onClose={() => setFollowUp(null)} />
    </>
  )
}

// ── 交付 ────────────────────────────────────────────────────────────────────
type DeliveryRow = DeliveryReport['bySalesperson'][number]

export function DeliveryReportPage() {
  const t = useT()
  const navigate = useNavigate()
  return (
    <PeriodReport method="report.delivery" title="rpt.delivery.title" kouj={['rpt.kouj.delivery']} isEmpty={(d) => d.shippedOrders === 0 && d.deliveredCount === 0}>
      {(d, period) => (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Stat label={t('rpt.delivery.onTime')} hint={`${d.onTimeCount} / ${d.deliveredCount}`} onClick={() => navigate(docListUrl('shipped', period.from, period.to))}>{pct(d.onTimeRate)}</Stat>
            <Stat label={t('rpt.delivery.exception')} hint={`${d.exceptionOrders} / ${d.shippedOrders}`} onClick={() => navigate(docListUrl('shipped', period.from, period.to))}>{pct(d.exceptionRate)}</Stat>
            <Stat label={t('rpt.delivery.collect')} hint={`${d.collectedOrders}`} onClick={() => navigate(docListUrl('received', period.from, period.to))}><Days v={d.avgDaysToCollect} /></Stat>
          </SimpleGrid>
          <Block title={t('rpt.delivery.byMonth')}>
            <LineChart
              h={200}
              curveType="linear"
              data={d.byMonth.map((m) => ({ month: m.month, onTime: m.onTimeRate === null ? null : Math.round(m.onTimeRate * 1000) / 10, exception: m.exceptionRate === null ? null : Math.round(m.exceptionRate * 1000) / 10 }))}
              dataKey="month"
              unit="%"
              series={[
                { name: 'onTime', label: t('rpt.delivery.onTime'), color: 'teal.6' },
                { name: 'exception', label: t('rpt.delivery.exception'), color: 'red.6' },
              ]}
              withLegend
              connectNulls
            />
          </Block>
          <Paper withBorder radius="sm">
            <ReportTable<DeliveryRow>
              testId="delivery-table"
              rows={d.bySalesperson}
              rowKey={(r) => String(r.salespersonId)}
              onRowClick={(r) => navigate(docListUrl('shipped', period.from, period.to, { groupBy: 'salesperson', key: r.salespersonId ? String(r.salespersonId) : '', label: r.name }))}
              total={{ ...d, salespersonId: null, name: '' }}
              columns={[
                { key: 'name', title: t('rpt.targets.person'), cell: (r) => r.name },
                { key: 'onTime', title: t('rpt.delivery.onTime'), align: 'right', cell: (r) => pct(r.onTimeRate) },
                { key: 'delivered', title: t('rpt.delivery.delivered'), align: 'right', cell: (r) => `${r.onTimeCount} / ${r.deliveredCount}` },
                { key: 'exception', title: t('rpt.delivery.exception'), align: 'right', cell: (r) => pct(r.exceptionRate) },
                { key: 'shippedOrders', title: t('rpt.delivery.shippedOrders'), align: 'right', cell: (r) => `${r.exceptionOrders} / ${r.shippedOrders}` },
                { key: 'collect', title: t('rpt.delivery.collect'), align: 'right', cell: (r) => <Days v={r.avgDaysToCollect} /> },
              ]}
            />
          </Paper>
        </Stack>
      )}
    </PeriodReport>
  )
}

// ── 月报 ────────────────────────────────────────────────────────────────────
/** 打印 / 下载 PDF of the month (print.monthlyPack), opened in the PDF preview with its download button. */
function MonthlyPdfButton({ month }: { month: string }) {
  const t = useT()
  const render = useApiMutation('print.monthlyPack')
  const [doc, setDoc] = useState<{ url: string; fileName: string } | null>(null)
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconPrinter size={14} />}
        loading={render.isPending}
        onClick={() => render.mutate({ month }, { onSuccess: (r) => setDoc(pdfUrl(r)), onError: notifyError })}
        data-testid="monthly-pdf"
      >
        {t('rpt.monthly.pdf')}
      </Button>
      <PdfPreviewModal doc={doc} onClose={() => setDoc(null)} />
    </>
  )
}

type MonthlySalesperson = MonthlyPack['salespeople'][number]

export function MonthlyPackPage() {
  const t = useT()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const set = useParamSetter()
  const today = todayStr()
  const months = Array.from({ length: 24 }, (_, i) => {
    const y = Number(today.slice(0, 4))
    const m = Number(today.slice(5, 7)) - i
    const d = new Date(Date.UTC(y, m - 1, 1))
    return d.toISOString().slice(0, 7)
  })
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : months[1]!
  const q = useApiQuery('report.monthlyPack', { month }, { keepPrevious: true })
  const b = monthBounds(month)
  /** the shipments of the month behind a row of the pack */
  const shipped = (groupBy: 'customer' | 'product' | 'salesperson', key: number, label: string) => navigate(docListUrl('shipped', b.from, b.to, { groupBy, key: String(key), label }))
  return (
    <>
      <ReportHeader
        title="rpt.monthly.title"
        kouj={['rpt.kouj.shipped', 'rpt.kouj.ordered', 'rpt.kouj.received', 'rpt.kouj.compare', 'rpt.kouj.customers', 'rpt.kouj.delivery']}
        period={false}
        exportAs={{ list: 'report.monthlyPack', filters: { month } }}
        extra={
          <>
            <Select size="xs" w={120} aria-label={t('rpt.monthly.month')} value={month} data={months} onChange={(v) => v && set({ month: v })} allowDeselect={false} data-testid="monthly-month" />
            <MonthlyPdfButton month={month} />
          </>
        }
      />
      <ReportBody q={q}>
        {(d) => (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
              {(['shipped', 'ordered', 'received'] as const).map((k) => (
                <Stat key={k} label={t(`rpt.measure.${k}`)} testId={`monthly-${k}`} onClick={() => navigate(docListUrl(k, b.from, b.to))} hint={t('rpt.vs', { mom: changeText(d[k].amountFen, d[k].prevFen), yoy: changeText(d[k].amountFen, d[k].lastYearFen) })}>
                  <MoneyText fen={d[k].amountFen} inherit />
                </Stat>
              ))}
              <Stat label={t('rpt.monthly.ar')} onClick={() => navigate(`/ar?tab=aging&asOf=${d.ar.asOf}`)} hint={`${t('rpt.monthly.overdue')} ${formatFen(d.ar.overdueFen)}`}>
                <MoneyText fen={d.ar.balanceFen} inherit />
              </Stat>
              <Stat label={t('rpt.monthly.newCustomers')} onClick={() => navigate('/reports/customers')}>{d.newCustomers}</Stat>
              <Stat label={t('rpt.monthly.lostCustomers')} onClick={() => navigate('/reports/customers')}>{d.lostCustomers}</Stat>
              <Stat label={t('rpt.delivery.onTime')} onClick={() => navigate(`/reports/delivery?period=custom&from=${b.from}&to=${b.to}`)}>{pct(d.onTimeRate)}</Stat>
              {d.shipped.marginFen !== undefined && <Stat label={t('rpt.col.margin')} onClick={() => navigate(docListUrl('shipped', b.from, b.to))}><MoneyText fen={d.shipped.marginFen} inherit /></Stat>}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
              <Block title={t('rpt.monthly.topCustomers')}>
                <ReportTable
                  head={false}
                  rows={d.topCustomers.map((c, i) => ({ ...c, rank: i + 1 }))}
                  rowKey={(c) => c.customerId}
                  rowTestId="monthly-top-customer"
                  onRowClick={(c) => shipped('customer', c.customerId, c.name)}
                  columns={[
                    { key: 'rank', w: 24, cell: (c) => <Text span size="sm" c="dimmed">{c.rank}</Text> },
                    { key: 'name', cell: (c) => c.name },
                    { key: 'amount', align: 'right', cell: (c) => <MoneyText fen={c.amountFen} size="sm" /> },
                  ]}
                />
              </Block>
              <Block title={t('rpt.monthly.topProducts')}>
                <ReportTable
                  head={false}
                  rows={d.topProducts.map((p, i) => ({ ...p, rank: i + 1 }))}
                  rowKey={(p) => p.productId}
                  rowTestId="monthly-top-product"
                  onRowClick={(p) => shipped('product', p.productId, p.name)}
                  columns={[
                    { key: 'rank', w: 24, cell: (p) => <Text span size="sm" c="dimmed">{p.rank}</Text> },
                    { key: 'name', cell: (p) => p.name },
                    { key: 'qty', align: 'right', cell: (p) => p.quantity },
                    { key: 'amount', align: 'right', cell: (p) => <MoneyText fen={p.amountFen} size="sm" /> },
                  ]}
                />
              </Block>
            </SimpleGrid>
            <Block title={t('rpt.monthly.salespeople')}>
              <ReportTable<MonthlySalesperson>
                head={false}
                rows={d.salespeople}
                rowKey={(s) => s.salespersonId}
                rowTestId="monthly-salesperson"
                onRowClick={(s) => shipped('salesperson', s.salespersonId, s.name)}
                columns={[
                  { key: 'name', cell: (s) => s.name },
                  { key: 'actual', align: 'right', cell: (s) => <MoneyText fen={s.actualFen} size="sm" /> },
                  { key: 'target', align: 'right', cell: (s) => <MoneyText fen={s.targetFen} size="sm" c="dimmed" /> },
                  { key: 'bar', w: 200, cell: (s) => <Progress value={Math.min(100, (s.completion ?? 0) * 100)} color={(s.completion ?? 0) >= 1 ? 'teal' : 'blue'} /> },
                  { key: 'completion', align: 'right', cell: (s) => pct(s.completion) },
                ]}
              />
            </Block>
            <Block title={t('rpt.customers.churn')}>
              <ChurnTable items={d.churn} />
            </Block>
          </Stack>
        )}
      </ReportBody>
    </>
  )
}
