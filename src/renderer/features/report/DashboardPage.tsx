import { Anchor, Button, Grid, Group, Progress, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core'
import { hasCapability } from '../../../core/auth/permissions'
import { BarChart } from '@mantine/charts'
import { IconMessagePlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useI18n } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { todayStr } from '../../shared/dates'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { AgingBar } from '../ar/AgingBar'
import { QuickFollowUpModal } from '../customer/FollowUpForm'
import { Block, changeText, Kouj, Loading, Stat } from './components'
import { docListUrl } from './drill'
import { periodRange } from './period'
import { compactYuan, pct, yuan } from './report.api'

/**
 * 首页: where the owner, managers, admin and salespeople land — the year so far in their own scope (a salesperson sees
 * their own customers): sales this year vs last by month, receivable aging, funnel, top customers, churn warnings and
 * this month's targets. Every figure opens the documents behind it.
 */
export function DashboardPage() {
  const { t, locale } = useI18n()
  const navigate = useNavigate()
  const user = useCurrentUser()
  const today = todayStr()
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  const ytd = { from: periodRange('thisYear', today).from, to: today }
  const wholeYear = periodRange('thisYear', today)
  const thisMonth = periodRange('thisMonth', today)
  const shipped = useApiQuery('report.sales', { ...wholeYear, groupBy: 'month', measure: 'shipped', pageSize: 12 })
  const shippedYtd = useApiQuery('report.sales', { ...ytd, groupBy: 'month', measure: 'shipped', pageSize: 12 })
  const ordered = useApiQuery('report.sales', { ...ytd, groupBy: 'month', measure: 'ordered', pageSize: 12 })
  const received = useApiQuery('report.sales', { ...ytd, groupBy: 'month', measure: 'received', pageSize: 12 })
  const top = useApiQuery('report.sales', { ...ytd, groupBy: 'customer', measure: 'shipped', pageSize: 10 })
  const aging = useApiQuery('ar.aging', { asOf: today })
  const funnel = useApiQuery('report.funnel', ytd)
  const customers = useApiQuery('report.customers', { churnLimit: 8 })
  const targets = useApiQuery('report.targets', { year })
  const [followUp, setFollowUp] = useState<{ id: number; name: string } | null>(null)

  const byMonth = new Map((shipped.data?.rows ?? []).map((r) => [r.key, r]))
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  const chart = months.map((m) => ({ month: m, label: locale.startsWith('zh') ? `${Number(m.slice(5))}月` : m.slice(5), cur: yuan(byMonth.get(m)?.amountFen ?? 0), lastYear: yuan(byMonth.get(m)?.lastYearFen ?? 0) }))

  const openStages = (funnel.data?.stages ?? []).filter((s) => s.stage !== 'lost')
  const maxReached = Math.max(1, ...openStages.map((s) => s.reachedCount))
  const mine = (targets.data?.rows ?? []).filter((r) => user.role !== 'sales' || r.salespersonId === user.id)
  const monthFig = (ms: { month: number; targetFen: number; actualFen: number; completion: number | null }[]) => ms.find((m) => m.month === month)

  return (
    <>
      <PageHeader
        title={t('dash.title')}
        subtitle={t('dash.subtitle', { year })}
        actions={
          <Group gap="sm">
            <Button component={Link} to="/reports/sales" variant="default" size="xs">
              {t('dash.allReports')}
            </Button>
            <Kouj keys={['rpt.kouj.shipped', 'rpt.kouj.ordered', 'rpt.kouj.received', 'rpt.kouj.customers', 'rpt.kouj.scope']} />
          </Group>
        }
      />
      <Stack gap="sm" data-testid="dashboard">
        <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
          <Stat label={t('dash.ytd')} testId="dash-ytd" onClick={() => navigate(docListUrl('shipped', ytd.from, ytd.to))} hint={shippedYtd.data ? `${t('rpt.col.yoyChange')} ${changeText(shippedYtd.data.totalFen, shippedYtd.data.totalLastYearFen)}` : undefined}>
            <MoneyText fen={shippedYtd.data?.totalFen ?? 0} inherit />
          </Stat>
          <Stat label={t('dash.ordered')} testId="dash-ordered" onClick={() => navigate(docListUrl('ordered', ytd.from, ytd.to))} hint={ordered.data ? `${t('rpt.col.yoyChange')} ${changeText(ordered.data.totalFen, ordered.data.totalLastYearFen)}` : undefined}>
            <MoneyText fen={ordered.data?.totalFen ?? 0} inherit />
          </Stat>
          <Stat label={t('dash.received')} testId="dash-received" onClick={() => navigate(docListUrl('received', ytd.from, ytd.to))} hint={received.data ? `${t('rpt.col.yoyChange')} ${changeText(received.data.totalFen, received.data.totalLastYearFen)}` : undefined}>
            <MoneyText fen={received.data?.totalFen ?? 0} inherit />
          </Stat>
          <Stat label={t('dash.ar')} testId="dash-ar" onClick={() => navigate('/ar')} hint={aging.data ? `${t('ar.fig.overdue')} ${formatFen(aging.data.totals.totalFen - aging.data.totals.notDueFen)}` : undefined}>
            <MoneyText fen={aging.data?.totals.totalFen ?? 0} inherit />
          </Stat>
        </SimpleGrid>

        <Grid gap="sm">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Block title={t('dash.salesYoY')} testId="dash-sales">
              {shipped.data ? (
                <BarChart
                  h={250}
                  data={chart}
                  dataKey="label"
                  valueFormatter={(v) => formatFen(Math.round(v * 100))}
                  yAxisProps={{ tickFormatter: (v: number) => compactYuan(v, locale), width: 60 }}
                  series={[
                    { name: 'cur', label: t('rpt.thisYear'), color: 'blue.6' },
                    { name: 'lastYear', label: t('rpt.lastYear'), color: 'gray.4' },
                  ]}
                  withLegend
                  barProps={{
                    style: { cursor: 'pointer' },
                    onClick: (d: { payload?: { month: string } }) => {
                      if (!d.payload) return
                      navigate(docListUrl('shipped', wholeYear.from, wholeYear.to, { groupBy: 'month', key: d.payload.month }))
                    },
                  }}
                />
              ) : (
                <Loading />
              )}
            </Block>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Block title={t('dash.myTargets')} testId="dash-targets" right={<Anchor component={Link} to="/reports/targets" size="xs">{t('rpt.targets.title')}</Anchor>}>
              {!targets.data ? (
                <Loading />
              ) : (
                <Stack gap={10}>
                  {(user.role === 'sales' ? [] : [{ key: 'all', name: t('rpt.total'), m: monthFig(targets.data.totals.months) }])
                    .concat(mine.map((r) => ({ key: String(r.salespersonId), name: r.name, m: monthFig(r.months) })))
                    .filter((x) => x.m && (x.m.targetFen > 0 || x.m.actualFen !== 0))
                    .slice(0, 7)
                    .map((x) => (
                      <div
                        key={x.key}
                        data-testid="dash-target-row"
                        title={t('rpt.drill')}
                        style={{ cursor: 'pointer' }}
                        onClick={() => navigate(docListUrl('shipped', thisMonth.from, thisMonth.to, { groupBy: 'salesperson', key: x.key === 'all' ? '' : x.key, label: x.name }))}
                      >
                        <Group justify="space-between" gap={4}>
                          <Text size="sm" fw={x.key === 'all' ? 700 : 500}>
                            {x.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {formatFen(x.m!.actualFen)} / {formatFen(x.m!.targetFen)} · {pct(x.m!.completion, 0)}
                          </Text>
                        </Group>
                        <Progress value={Math.min(100, (x.m!.completion ?? 0) * 100)} color={(x.m!.completion ?? 0) >= 1 ? 'teal' : 'blue'} size="sm" />
                      </div>
                    ))}
                  {targets.data.totals.months.find((m) => m.month === month)?.targetFen === 0 && <Text size="sm" c="dimmed">{t('dash.noTargets')}</Text>}
                </Stack>
              )}
            </Block>
          </Grid.Col>

          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Block title={t('dash.aging')} testId="dash-aging" right={<Anchor component={Link} to="/ar?tab=aging" size="xs">{t('ar.tab.aging')}</Anchor>}>
              {aging.data ? (
                <div onClick={() => navigate('/ar?tab=aging')} style={{ cursor: 'pointer' }} data-testid="dash-aging-bar">
                  <AgingBar buckets={aging.data.totals} />
                </div>
              ) : (
                <Loading />
              )}
            </Block>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Block
              title={t('dash.funnel')}
              testId="dash-funnel"
              right={funnel.data && <Text size="xs" c="dimmed">{t('rpt.funnel.winRate')} {pct(funnel.data.winRate)}</Text>}
            >
              {!funnel.data ? (
                <Loading />
              ) : (
                <Stack gap={6}>
                  {openStages.map((s) => (
                    <Tooltip key={s.stage} label={`${s.label}: ${s.count} · ${formatFen(s.amountFen)}`}>
                      <Group gap="xs" wrap="nowrap" style={{ cursor: 'pointer' }} onClick={() => navigate(`/opportunities?view=list&stage=${s.stage}`)} data-testid="dash-funnel-stage">
                        <Text size="xs" w={72}>
                          {s.label}
                        </Text>
                        <Progress value={(s.reachedCount / maxReached) * 100} size="lg" style={{ flex: 1 }} color={s.stage === 'won' ? 'teal' : 'blue'} />
                        <Text size="xs" w={90} ta="right">
                          {s.reachedCount} · {pct(s.conversion, 0)}
                        </Text>
                      </Group>
                    </Tooltip>
                  ))}
                </Stack>
              )}
            </Block>
          </Grid.Col>

          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Block title={t('dash.topCustomers')} testId="dash-top" right={<Anchor component={Link} to="/reports/sales?groupBy=customer" size="xs">{t('rpt.sales.title')}</Anchor>}>
              {!top.data ? (
                <Loading />
              ) : top.data.rows.length === 0 ? (
                <Text size="sm" c="dimmed">{t('rpt.empty')}</Text>
              ) : (
                <Table fz="sm" verticalSpacing={4} highlightOnHover>
                  <Table.Tbody>
                    {top.data.rows.map((r, i) => (
                      <Table.Tr key={r.key} style={{ cursor: 'pointer' }} title={t('rpt.drill')} onClick={() => navigate(docListUrl('shipped', ytd.from, ytd.to, { groupBy: 'customer', key: r.key, label: r.label }))} data-testid="dash-top-row">
                        <Table.Td w={24} c="dimmed">{i + 1}</Table.Td>
                        <Table.Td>{r.label}</Table.Td>
                        <Table.Td ta="right"><MoneyText fen={r.amountFen} size="sm" fw={600} /></Table.Td>
                        <Table.Td ta="right" w={70}><Text size="xs" c="dimmed">{changeText(r.amountFen, r.lastYearFen)}</Text></Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Block>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Block
              title={t('dash.churn')}
              testId="dash-churn"
              right={<Anchor component={Link} to="/reports/customers" size="xs">{customers.data ? t('rpt.customers.churnTotal', { n: customers.data.churnTotal }) : ''}</Anchor>}
            >
              {!customers.data ? (
                <Loading />
              ) : customers.data.churn.length === 0 ? (
                <Text size="sm" c="dimmed">{t('rpt.churn.none')}</Text>
              ) : (
                <Table fz="sm" verticalSpacing={4}>
                  <Table.Tbody>
                    {customers.data.churn.map((c) => (
                      <Table.Tr key={c.customerId} data-testid="dash-churn-row">
                        <Table.Td>
                          <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">{c.customerName}</Anchor>
                          <Text size="xs" c="dimmed">{[c.ownerName, `${t('rpt.churn.lastOrder')} ${c.lastOrderDate}`].filter(Boolean).join(' · ')}</Text>
                        </Table.Td>
                        <Table.Td ta="right"><Text size="xs">{t('rpt.funnel.days', { days: c.daysSince })}</Text><Text size="xs" c="dimmed">{t('rpt.churn.gap')} {Math.round(c.usualGapDays)}</Text></Table.Td>
                        <Table.Td ta="right" w={70}>
                          {hasCapability(user.role, 'followUps') && (
                            <Button size="compact-xs" variant="subtle" leftSection={<IconMessagePlus size={14} />} onClick={() => setFollowUp({ id: c.customerId, name: c.customerName })} data-testid="churn-follow-up">
                              {t('rpt.churn.followUp')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Block>
          </Grid.Col>
        </Grid>
      </Stack>
      <QuickFollowUpModal target={followUp} onClose={() => setFollowUp(null)} />
    </>
  )
}
