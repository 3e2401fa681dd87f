import { Group, Table } from '@mantine/core'
import type { ReactNode } from 'react'
import { useT } from '../../app/i18n/i18n'
import type { MessageKey } from '../../app/i18n/messages'
import type { MethodIn, MethodName, MethodOut } from '../../app/methods'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { Kouj, Loading, PeriodPicker, usePeriod } from './components'
import { ExportButton } from '../excel/ExportButton'

/** A column of a report table: header, alignment, the cell of a row (`total`: the totals row's cell). */
export interface ReportColumn<R> {
  key: string
  title?: ReactNode
  align?: 'right'
  w?: number
  cell: (r: R, total: boolean) => ReactNode
}

/**
 * The one table of the report pages: a header, a row per group (clickable: drill down to the documents behind it),
 * and a bold totals row of the same shape.
 */
export function ReportTable<R>({
  columns,
  rows,
  rowKey,
  total,
  onRowClick,
  rowTitle,
  testId,
  rowTestId,
  head = true,
}: {
  columns: ReportColumn<R>[]
  rows: R[]
  rowKey: (r: R) => string | number
  total?: R
  onRowClick?: (r: R) => void
  rowTitle?: string
  testId?: string
  rowTestId?: string
  head?: boolean
}) {
  const t = useT()
  const cells = (r: R, isTotal: boolean) =>
    columns.map((c, i) => (
      <Table.Td key={c.key} ta={c.align} w={c.w} fw={isTotal ? 700 : undefined}>
        {isTotal && i === 0 ? t('rpt.total') : c.cell(r, isTotal)}
      </Table.Td>
    ))
  return (
    <Table fz="sm" striped highlightOnHover={!!onRowClick} data-testid={testId}>
      {head && (
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} ta={c.align} w={c.w}>
                {c.title}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
      )}
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr
            key={rowKey(r)}
            data-testid={rowTestId}
            data-key={rowKey(r)}
            title={onRowClick ? (rowTitle ?? t('rpt.drill')) : undefined}
            style={onRowClick ? { cursor: 'pointer' } : undefined}
            onClick={onRowClick && (() => onRowClick(r))}
          >
            {cells(r, false)}
          </Table.Tr>
        ))}
      </Table.Tbody>
      {total !== undefined && (
        <Table.Tfoot>
          <Table.Tr data-testid={testId && `${testId}-total`}>{cells(total, true)}</Table.Tr>
        </Table.Tfoot>
      )}
    </Table>
  )
}

/** Loading / error state of a report query, else the body. */
export function ReportBody<T>({ q, children }: { q: { data?: T; error: Error | null; refetch: () => unknown }; children: (d: T) => ReactNode }) {
  if (q.error) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  if (!q.data) return <Loading />
  return <>{children(q.data)}</>
}

/** A report page's header: title, what else it takes, the period picker, and the 口径 tooltip (always with the scope rule). */
type ExportList = MethodIn<'export.start'>['list']

export function ReportHeader({
  title,
  kouj,
  period = true,
  extra,
  exportAs,
}: {
  title: MessageKey
  kouj: MessageKey[]
  period?: boolean
  extra?: ReactNode
  /** the report as it stands, to Excel (issue 13): its method and inputs */
  exportAs?: { list: ExportList; filters?: Record<string, unknown> }
}) {
  const t = useT()
  return (
    <PageHeader
      title={t(title)}
      actions={
        <Group gap="sm">
          {extra}
          {period && <PeriodPicker />}
          {exportAs && <ExportButton list={exportAs.list} filters={exportAs.filters} />}
          <Kouj keys={[...kouj, 'rpt.kouj.scope']} />
        </Group>
      }
    />
  )
}

type PeriodMethod = { [M in MethodName]: M extends `report.${string}` ? (MethodIn<M> extends { from: string; to: string } ? M : never) : never }[MethodName]

/**
 * A report over the period picker's dates (本月 · 上月 · 本季 · 本年 · 自定义, kept in the URL): header with 口径,
 * loading / error / empty states, then the body with the data and the period.
 */
export function PeriodReport<M extends PeriodMethod>({
  method,
  title,
  kouj,
  extra,
  isEmpty,
  children,
}: {
  method: M
  title: MessageKey
  kouj: MessageKey[]
  extra?: ReactNode
  isEmpty: (d: MethodOut<M>) => boolean
  children: (d: MethodOut<M>, period: { from: string; to: string }) => ReactNode
}) {
  const t = useT()
  const period = usePeriod()
  const q = useApiQuery(method, { from: period.from, to: period.to } as MethodIn<M>, { keepPrevious: true })
  return (
    <>
      <ReportHeader title={title} kouj={kouj} extra={extra} exportAs={{ list: method, filters: { from: period.from, to: period.to } }} />
      <ReportBody q={q}>{(d) => (isEmpty(d) ? <EmptyBlock title={t('rpt.empty')} description={t('rpt.emptyHint')} testId="report-empty" /> : children(d, period))}</ReportBody>
    </>
  )
}
