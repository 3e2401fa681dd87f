import { Alert, Group, Pagination, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import { BarChart } from '@mantine/charts'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { useI18n } from '../../app/i18n/i18n'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { Change, Kouj, Loading, PeriodPicker, useParamSetter, usePeriod } from './components'
import { docListUrl } from './drill'
import { compactYuan, GROUP_BYS, MEASURES, yuan, type GroupBy, type Measure, type SalesRow } from './report.api'
import { ExportButton } from '../excel/ExportButton'

const PAGE_SIZE = 50

/** 销售分析: one measure (发货 · 订货 · 回款) grouped by month, salesperson, customer, product, category or region. */
export function SalesReportPage() {
  const { t, locale } = useI18n()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const set = useParamSetter()
  const period = usePeriod()
  const groupBy: GroupBy = GROUP_BYS.includes(params.get('groupBy') as GroupBy) ? (params.get('groupBy') as GroupBy) : 'month'
  const measure: Measure = MEASURES.includes(params.get('measure') as Measure) ? (params.get('measure') as Measure) : 'shipped'
  const [page, setPage] = useState(1)
  const invalid = measure === 'received' && (groupBy === 'product' || groupBy === 'category')
  const q = useApiQuery('report.sales', { from: period.from, to: period.to, groupBy, measure, page, pageSize: PAGE_SIZE }, { keepPrevious: true, enabled: !invalid })
  const data = q.data
  const rows = data?.rows ?? []
  const withCost = data?.totalCostFen !== undefined
  const withQty = groupBy === 'product' || groupBy === 'category'

  /** drill down: the documents behind a row — of its month, salesperson, customer, product, category or province */
  const open = (r: SalesRow) => navigate(docListUrl(measure, period.from, period.to, { groupBy, key: r.key, label: r.label }))
  const chartData = rows.slice(0, 24).map((r) => ({ label: r.label, key: r.key, cur: yuan(r.amountFen), lastYear: yuan(r.lastYearFen) }))

  return (
    <>
      <PageHeader
        title={t('rpt.sales.title')}
        actions={
          <Group gap="sm">
            <PeriodPicker />
            <ExportButton list="report.sales" filters={{ from: period.from, to: period.to, groupBy, measure }} />
            <Kouj keys={['rpt.kouj.shipped', 'rpt.kouj.ordered', 'rpt.kouj.received', 'rpt.kouj.compare', 'rpt.kouj.scope']} />
          </Group>
        }
      />
      <Group gap="sm" mb="sm">
        <SegmentedControl
          size="xs"
          data-testid="measure-switch"
          value={measure}
          onChange={(v) => {
            setPage(1)
            set({ measure: v === 'shipped' ? null : v })
          }}
          data={MEASURES.map((m) => ({ value: m, label: t(`rpt.measure.${m}`) }))}
        />
        <SegmentedControl
          size="xs"
          data-testid="group-switch"
          value={groupBy}
          onChange={(v) => {
            setPage(1)
            set({ groupBy: v === 'month' ? null : v })
          }}
          data={GROUP_BYS.map((g) => ({ value: g, label: t(`rpt.groupBy.${g}`), disabled: measure === 'received' && (g === 'product' || g === 'category') }))}
        />
        {data && (
          <Text size="xs" c="dimmed">
            {t('rpt.compare', { prevFrom: data.prevFrom, prevTo: data.prevTo, lastYearFrom: data.lastYearFrom, lastYearTo: data.lastYearTo })}
          </Text>
        )}
      </Group>
      {invalid ? (
        <Alert color="orange">{t('rpt.receivedNoProduct')}</Alert>
      ) : q.error ? (
        <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
      ) : !data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <EmptyBlock title={t('rpt.empty')} description={t('rpt.emptyHint')} testId="report-empty" />
      ) : (
        <Stack gap="sm">
          <Paper withBorder radius="sm" p="md">
            <BarChart
              h={260}
              data={chartData}
              dataKey="label"
              valueFormatter={(v) => formatFen(Math.round(v * 100))}
              yAxisProps={{ tickFormatter: (v: number) => compactYuan(v, locale), width: 60 }}
              series={[
                { name: 'cur', label: t(`rpt.measure.${measure}`), color: 'blue.6' },
                { name: 'lastYear', label: t('rpt.col.lastYear'), color: 'gray.4' },
              ]}
              withLegend
              barProps={{ onClick: (d: { payload?: { key: string } }) => {
                const r = rows.find((x) => x.key === d.payload?.key)
                if (r) open(r)
              }, style: { cursor: 'pointer' } }}
              data-testid="sales-chart"
            />
          </Paper>
          <Paper withBorder radius="sm">
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover fz="sm" verticalSpacing={6} data-testid="sales-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(`rpt.groupBy.${groupBy}`)}</Table.Th>
                    <Table.Th ta="right">{t('rpt.col.amount')}</Table.Th>
                    <Table.Th ta="right">{t('rpt.col.net')}</Table.Th>
                    {withQty && <Table.Th ta="right">{t('rpt.col.quantity')}</Table.Th>}
                    <Table.Th ta="right">{t('rpt.col.count')}</Table.Th>
                    {withCost && <Table.Th ta="right">{t('rpt.col.margin')}</Table.Th>}
                    <Table.Th ta="right">{t('rpt.col.prev')}</Table.Th>
                    <Table.Th ta="right">{t('rpt.col.momChange')}</Table.Th>
                    <Table.Th ta="right">{t('rpt.col.lastYear')}</Table.Th>
                    <Table.Th ta="right">{t('rpt.col.yoyChange')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.key} onClick={() => open(r)} style={{ cursor: 'pointer' }} title={t('rpt.drill')} data-testid="sales-row" data-key={r.key}>
                      <Table.Td>{r.label}</Table.Td>
                      <Table.Td ta="right"><MoneyText fen={r.amountFen} size="sm" fw={600} /></Table.Td>
                      <Table.Td ta="right"><MoneyText fen={r.netFen} size="sm" /></Table.Td>
                      {withQty && <Table.Td ta="right">{r.quantity ?? ''}</Table.Td>}
                      <Table.Td ta="right">{r.count}</Table.Td>
                      {withCost && <Table.Td ta="right"><MoneyText fen={r.marginFen ?? 0} size="sm" /></Table.Td>}
                      <Table.Td ta="right"><MoneyText fen={r.prevFen} size="sm" c="dimmed" /></Table.Td>
                      <Table.Td ta="right"><Change cur={r.amountFen} base={r.prevFen} /></Table.Td>
                      <Table.Td ta="right"><MoneyText fen={r.lastYearFen} size="sm" c="dimmed" /></Table.Td>
                      <Table.Td ta="right"><Change cur={r.amountFen} base={r.lastYearFen} /></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr data-testid="sales-total" fw={700}>
                    <Table.Td fw={700}>{t('rpt.total')}</Table.Td>
                    <Table.Td ta="right"><MoneyText fen={data.totalFen} size="sm" fw={700} /></Table.Td>
                    <Table.Td ta="right"><MoneyText fen={data.totalNetFen} size="sm" fw={700} /></Table.Td>
                    {withQty && <Table.Td />}
                    <Table.Td ta="right">{data.total <= PAGE_SIZE ? rows.reduce((s, r) => s + r.count, 0) : ''}</Table.Td>
                    {withCost && <Table.Td ta="right"><MoneyText fen={data.totalMarginFen ?? 0} size="sm" fw={700} /></Table.Td>}
                    <Table.Td ta="right"><MoneyText fen={data.totalPrevFen} size="sm" fw={700} /></Table.Td>
                    <Table.Td ta="right"><Change cur={data.totalFen} base={data.totalPrevFen} /></Table.Td>
                    <Table.Td ta="right"><MoneyText fen={data.totalLastYearFen} size="sm" fw={700} /></Table.Td>
                    <Table.Td ta="right"><Change cur={data.totalFen} base={data.totalLastYearFen} /></Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {data.total > PAGE_SIZE && <Pagination size="sm" total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} />}
        </Stack>
      )}
    </>
  )
}
