import { Box, Checkbox, Group, Pagination, Paper, Progress, Select, Skeleton, Table, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react'
import { useCallback, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useT } from '../app/i18n/i18n'
import { EmptyBlock, ErrorBlock } from './EmptyBlock'

export interface Column<T> {
  key: string
  title: ReactNode
  render: (row: T, index: number) => ReactNode
  width?: number | string
  align?: 'left' | 'right' | 'center'
  /** the server's sort key for this column (`name` → sort `name` / `-name`) */
  sortKey?: string
  /** keep on one line (codes, dates, amounts) */
  nowrap?: boolean
  /** stays visible at the right edge when the table scrolls sideways (row actions) */
  stickyRight?: boolean
}

const STICKY_RIGHT: React.CSSProperties = {
  position: 'sticky',
  right: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  boxShadow: 'inset 1px 0 0 var(--mantine-color-default-border)',
}

export interface DataTableProps<T> {
  columns: Column<T>[]
  rows: T[] | undefined
  rowKey: (row: T) => string | number
  total: number
  page: number
  pageSize: number
  onPageChange: (page: number) => void
  onPageSizeChange?: (size: number) => void
  pageSizeOptions?: number[]
  /** 'name' ascending, '-name' descending, undefined = the server's default */
  sort?: string
  onSortChange?: (sort: string | undefined) => void
  /** first load: skeleton rows */
  loading?: boolean
  /** refetch with rows on screen: a thin progress bar */
  fetching?: boolean
  error?: unknown
  onRetry?: () => void
  empty: { title: ReactNode; description?: ReactNode; action?: ReactNode }
  /** click, Enter or double-click on a row */
  onRowOpen?: (row: T) => void
  selection?: { selected: ReadonlySet<string | number>; onChange: (next: Set<string | number>) => void }
  rowAttrs?: (row: T) => Record<string, string | undefined>
  testId?: string
  /** toolbar content shown above the table (filters) */
  toolbar?: ReactNode
  /** shown left of the pager when rows are selected (batch actions) */
  batchActions?: ReactNode
  /** below this width the table scrolls sideways (default 720 px; narrower for a table beside a panel) */
  minWidth?: number
}

/**
 * The server-paged table every list uses: columns with server sort, pager with page size,
 * skeleton while loading, a descriptive empty state, keyboard navigation (↑/↓ between rows, Enter opens).
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const t = useT()
  const { columns, rows, rowKey, total, page, pageSize, selection, onRowOpen } = props
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const pageIds = (rows ?? []).map(rowKey)
  const allSelected = !!selection && pageIds.length > 0 && pageIds.every((id) => selection.selected.has(id))
  const someSelected = !!selection && pageIds.some((id) => selection.selected.has(id))

  const toggleAll = () => {
    if (!selection) return
    const next = new Set(selection.selected)
    if (allSelected) pageIds.forEach((id) => next.delete(id))
    else pageIds.forEach((id) => next.add(id))
    selection.onChange(next)
  }
  const toggleOne = (id: string | number) => {
    if (!selection) return
    const next = new Set(selection.selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    selection.onChange(next)
  }

  const onRowKey = useCallback(
    (e: KeyboardEvent<HTMLTableRowElement>, row: T) => {
      if (e.target !== e.currentTarget) return
      if (e.key === 'Enter' && onRowOpen) {
        e.preventDefault()
        onRowOpen(row)
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        const sib = (e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling) as HTMLElement | null
        sib?.focus()
      } else if (e.key === ' ' && selection) {
        e.preventDefault()
        toggleOne(rowKey(row))
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [onRowOpen, selection, rowKey],
  )

  const colCount = columns.length + (selection ? 1 : 0)
  const showSkeleton = props.loading && !rows?.length
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1
  const to = Math.min(total, page * pageSize)

  return (
    <Paper withBorder radius="sm" data-testid={props.testId} pos="relative">
      {props.toolbar && (
        <Box px="sm" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          {props.toolbar}
        </Box>
      )}
      <Box h={2}>{props.fetching && !showSkeleton && <Progress value={100} animated size={2} radius={0} />}</Box>
      <Table.ScrollContainer minWidth={props.minWidth ?? 720} type="native">
        <Table highlightOnHover={!!onRowOpen} verticalSpacing={6} horizontalSpacing="sm" fz="sm" stickyHeader striped={false}>
          <Table.Thead>
            <Table.Tr>
              {selection && (
                <Table.Th w={36}>
                  <Checkbox size="xs" aria-label={t('table.selectAll')} checked={allSelected} indeterminate={someSelected && !allSelected} onChange={toggleAll} />
                </Table.Th>
              )}
              {columns.map((c) => (
                <Table.Th key={c.key} w={c.width} ta={c.align} style={{ whiteSpace: 'nowrap', ...(c.stickyRight ? STICKY_RIGHT : {}) }} aria-sort={ariaSort(props.sort, c.sortKey)}>
                  {c.sortKey && props.onSortChange ? (
                    <SortButton column={c} sort={props.sort} onSortChange={props.onSortChange} />
                  ) : (
                    c.title
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {showSkeleton &&
              Array.from({ length: Math.min(pageSize, 8) }, (_, i) => (
                <Table.Tr key={`sk${i}`} data-testid="table-skeleton">
                  {Array.from({ length: colCount }, (_, j) => (
                    <Table.Td key={j}>
                      <Skeleton height={12} radius="sm" width={j === 0 && selection ? 14 : `${60 + ((i * 7 + j * 13) % 35)}%`} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {!showSkeleton && props.error != null && !rows?.length ? (
              <Table.Tr>
                <Table.Td colSpan={colCount}>
                  <ErrorBlock error={props.error} onRetry={props.onRetry} />
                </Table.Td>
              </Table.Tr>
            ) : null}
            {!showSkeleton && props.error == null && rows && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={colCount}>
                  <EmptyBlock title={props.empty.title} description={props.empty.description} action={props.empty.action} />
                </Table.Td>
              </Table.Tr>
            )}
            {!showSkeleton &&
              rows?.map((row, i) => {
                const id = rowKey(row)
                const checked = selection?.selected.has(id) ?? false
                return (
                  <Table.Tr
                    key={id}
                    // roving focus: one tab stop for the table, ↑/↓ move between rows
                    tabIndex={i === 0 ? 0 : -1}
                    bg={checked ? 'var(--mantine-primary-color-light)' : undefined}
                    style={{ cursor: onRowOpen ? 'pointer' : undefined }}
                    onKeyDown={(e) => onRowKey(e, row)}
                    onClick={(e) => {
                      if (!onRowOpen) return
                      // clicks on buttons, links, checkboxes inside the row do their own thing
                      if ((e.target as HTMLElement).closest('button, a, input, label, [role="menu"]')) return
                      onRowOpen(row)
                    }}
                    {...(props.rowAttrs?.(row) ?? {})}
                  >
                    {selection && (
                      <Table.Td>
                        <Checkbox size="xs" aria-label={t('table.selectRow')} checked={checked} onChange={() => toggleOne(id)} />
                      </Table.Td>
                    )}
                    {columns.map((c) => (
                      <Table.Td key={c.key} ta={c.align} style={{ ...(c.nowrap ? { whiteSpace: 'nowrap' } : {}), ...(c.stickyRight ? STICKY_RIGHT : {}) }}>
                        {c.render(row, i)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                )
              })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" px="sm" py={8} gap="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="sm">
          <Text size="sm" c="dimmed" data-testid="table-total">
            {total > 0 ? t('table.range', { from, to, total }) : t('table.total', { total })}
          </Text>
          {selection && selection.selected.size > 0 && (
            <Group gap="xs">
              <Text size="sm" fw={500}>
                {t('table.selected', { count: selection.selected.size })}
              </Text>
              {props.batchActions}
            </Group>
          )}
        </Group>
        <Group gap="sm">
          {props.onPageSizeChange && (
            <Select
              size="xs"
              w={110}
              aria-label="page size"
              allowDeselect={false}
              value={String(pageSize)}
              data={(props.pageSizeOptions ?? [20, 50, 100]).map((n) => ({ value: String(n), label: t('table.pageSize', { size: n }) }))}
              onChange={(v) => v && props.onPageSizeChange?.(Number(v))}
            />
          )}
          <Pagination size="sm" total={pages} value={Math.min(page, pages)} onChange={props.onPageChange} withEdges={pages > 5} siblings={1} />
        </Group>
      </Group>
    </Paper>
  )
}

function ariaSort(sort: string | undefined, key: string | undefined): 'ascending' | 'descending' | undefined {
  if (!key || !sort) return undefined
  if (sort === key) return 'ascending'
  if (sort === `-${key}`) return 'descending'
  return undefined
}

function SortButton<T>({ column, sort, onSortChange }: { column: Column<T>; sort?: string; onSortChange: (s: string | undefined) => void }) {
  const key = column.sortKey!
  const state = sort === key ? 'asc' : sort === `-${key}` ? 'desc' : null
  const Icon = state === 'asc' ? IconArrowUp : state === 'desc' ? IconArrowDown : IconSelector
  // none → descending → ascending → none: the newest/largest first is what people want first
  const next = state === null ? `-${key}` : state === 'desc' ? key : undefined
  return (
    <UnstyledButton onClick={() => onSortChange(next)} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 600, fontSize: 'inherit' }}>
      {column.title}
      <Icon size={13} stroke={1.8} color={state ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-dimmed)'} />
    </UnstyledButton>
  )
}

/** Page, page size (remembered per list) and sort of a server-paged list. */
/**
 * `S`: the sort keys the list method accepts (e.g. `NonNullable<MethodIn<'order.search'>['sort']>`);
 * the columns' sort keys must be among them (the core rejects any other).
 */
export function useTableState<S extends string = string>(opts: { storageKey: string; defaultSort?: S; defaultPageSize?: number }) {
  const sizeKey = `kedan.pageSize.${opts.storageKey}`
  const [page, setPage] = useState(1)
  const [pageSize, setPageSizeState] = useState<number>(() => {
    const v = Number(localStorage.getItem(sizeKey))
    return v > 0 && v <= 200 ? v : (opts.defaultPageSize ?? 20)
  })
  const [sort, setSortStateRaw] = useState<S | undefined>(opts.defaultSort)
  const setSortState = (s: string | undefined) => setSortStateRaw(s as S | undefined)
  return {
    page,
    pageSize,
    sort,
    setPage,
    setPageSize: (n: number) => {
      localStorage.setItem(sizeKey, String(n))
      setPageSizeState(n)
      setPage(1)
    },
    setSort: (s: string | undefined) => {
      setSortState(s)
      setPage(1)
    },
    /** table props in one spread */
    tableProps: {
      page,
      pageSize,
      sort,
      onPageChange: setPage,
      onPageSizeChange: (n: number) => {
        localStorage.setItem(sizeKey, String(n))
        setPageSizeState(n)
        setPage(1)
      },
      onSortChange: (s: string | undefined) => {
        setSortState(s)
        setPage(1)
      },
    },
  }
}

/** The rows, total and load state of a paged query (`{ items, total }`) as DataTable props, in one spread. */
export function pagedQueryProps<T>(query: { data?: { items: T[]; total: number }; isLoading: boolean; isFetching: boolean; error: unknown; refetch: () => unknown }) {
  return {
    rows: query.data?.items,
    total: query.data?.total ?? 0,
    loading: query.isLoading,
    fetching: query.isFetching,
    error: query.error,
    onRetry: () => {
      query.refetch()
    },
  }
}
