import { Anchor, Box, Button, Grid, Group, Paper, ScrollArea, Skeleton, Stack, Table, Text } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { IconArrowBackUp, IconExternalLink, IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { DataTable, useTableState } from '../../shared/DataTable'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { CreditSummary, runApproval, runReject } from './approval'
import classes from './Approval.module.css'
import { trimPrice, trimQty } from './lineDraft'
import { ORDER_QUERIES, type Order } from './order.api'
import { TotalsBar } from './TotalsBar'
import type { MethodIn } from '../../app/methods'

/**
 * 订单审核 (managers): the pending orders, oldest first; the selected one shows its lines, totals and the
 * customer's credit position (limit, receivable, open orders, this order, what is left) before approving.
 * Over the limit the approval becomes a 特批 that needs a reason.
 */
export function ApprovalQueuePage() {
  const t = useT()
  const table = useTableState<NonNullable<MethodIn<'order.search'>['sort']>>({ storageKey: 'approvals', defaultSort: 'orderDate' })
  const search = useApiQuery('order.search', { status: 'pending', page: table.page, pageSize: table.pageSize, sort: table.sort }, { keepPrevious: true, refetchInterval: 60_000 })
  const [selectedId, setSelectedId] = useState<number | null>(null)
  const items = search.data?.items
  const selected = items?.find((o) => o.id === selectedId) ?? items?.[0] ?? null

  useEffect(() => {
    if (items && selectedId !== null && !items.some((o) => o.id === selectedId)) setSelectedId(items[0]?.id ?? null)
  }, [items, selectedId])

  return (
    <>
      <PageHeader title={t('approval.title')} subtitle={t('approval.subtitle')} />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Box className={classes.queue}>
            <DataTable
              minWidth={480}
              testId="approval-table"
              columns={[
                { key: 'number', title: t('order.field.number'), nowrap: true, sortKey: 'number', render: (o: Order) => <Text span ff="monospace" size="sm">{o.number}</Text> },
                { key: 'customer', title: t('order.field.customer'), render: (o: Order) => <Text span size="sm" lineClamp={1}>{o.customerName}</Text> },
                { key: 'date', title: t('order.field.orderDate'), nowrap: true, sortKey: 'orderDate', render: (o: Order) => o.orderDate },
                { key: 'sp', title: t('order.field.salesperson'), nowrap: true, render: (o: Order) => o.salespersonName ?? '—' },
                { key: 'total', title: t('order.field.total'), align: 'right', nowrap: true, sortKey: 'totalFen', render: (o: Order) => <MoneyText fen={o.totalFen} size="sm" fw={500} /> },
              ]}
              rows={items}
              rowKey={(o) => o.id}
              total={search.data?.total ?? 0}
              {...table.tableProps}
              loading={search.isLoading}
              fetching={search.isFetching}
              error={search.error}
              onRetry={() => search.refetch()}
              onRowOpen={(o) => setSelectedId(o.id)}
              rowAttrs={(o) => ({ 'data-testid': 'approval-row', 'data-number': o.number, 'data-selected': o.id === selected?.id ? 'true' : undefined })}
              empty={{ title: t('approval.emptyTitle'), description: t('approval.emptyDescription') }}
            />
          </Box>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>{selected ? <ApprovalPanel key={selected.id} order={selected} onDone={() => setSelectedId(null)} /> : null}</Grid.Col>
      </Grid>
    </>
  )
}

function ApprovalPanel({ order, onDone }: { order: Order; onDone: () => void }) {
  const t = useT()
  const invalidate = useInvalidate()
  const detail = useApiQuery('order.get', { id: order.id })
  const credit = useApiQuery('order.creditCheck', { id: order.id })
  const [busy, setBusy] = useState(false)
  const o = detail.data

  const approve = async () => {
    if (!o || !credit.data || busy) return
    setBusy(true)
    try {
      const r = await runApproval(o, { credit: credit.data, skipConfirm: true })
      if (r) {
        notifySuccess(r.creditOverride ? t('approval.overridden', { number: r.number }) : t('approval.approved', { number: r.number }))
        await invalidate(ORDER_QUERIES)
        onDone()
      }
    } catch (e) {
      notifyError(e)
      void detail.refetch()
      void credit.refetch()
    } finally {
      setBusy(false)
    }
  }

  const reject = async () => {
    if (!o || busy) return
    setBusy(true)
    try {
      const r = await runReject(o)
      if (r) {
        notifySuccess(t('reject.done', { number: r.number }))
        await invalidate(ORDER_QUERIES)
        onDone()
      }
    } catch (e) {
      notifyError(e)
      void detail.refetch()
    } finally {
      setBusy(false)
    }
  }

  // Ctrl+Enter approves the selected order (↑/↓ and Enter in the list select it)
  useHotkeys([['mod+Enter', () => void approve(), { preventDefault: true }]], [])

  return (
    <Paper withBorder radius="sm" p="sm" data-testid="approval-panel" data-number={order.number}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} ff="monospace">
            {order.number}
          </Text>
          <Text size="sm" truncate>
            {order.customerName}
          </Text>
        </div>
        <Anchor component={Link} to={`/orders/${order.id}`} size="sm">
          <Group gap={4} wrap="nowrap">
            <IconExternalLink size={14} />
            {t('approval.openOrder')}
          </Group>
        </Anchor>
      </Group>
      {detail.isLoading ? (
        <Skeleton height={180} />
      ) : detail.error || !o ? (
        <ErrorBlock error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            {t('approval.facts', { date: o.orderDate, promised: o.promisedDate ?? '—', sp: o.salespersonName ?? '—', days: o.paymentTermDays })}
            {o.remark ? ` · ${o.remark}` : ''}
          </Text>
          <ScrollArea.Autosize mah={220}>
            <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs" data-testid="approval-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('grid.product')}</Table.Th>
                  <Table.Th ta="right">{t('grid.quantity')}</Table.Th>
                  <Table.Th ta="right">{t('grid.price')}</Table.Th>
                  <Table.Th ta="right">{t('grid.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Text span size="xs" ff="monospace" c="dimmed">
                        {l.productCode}
                      </Text>{' '}
                      {l.productName}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {trimQty(l.quantity)} {l.unit}
                    </Table.Td>
                    <Table.Td ta="right">{trimPrice(l.unitPrice)}</Table.Td>
                    <Table.Td ta="right">
                      <MoneyText fen={l.amountFen} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <TotalsBar totalFen={o.totalFen} taxFen={o.taxFen} netFen={o.netFen} />
          <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)">
            <Text fw={600} size="sm" mb={6}>
              {t('credit.title')}
            </Text>
            {credit.isLoading ? <Skeleton height={150} /> : credit.error ? <ErrorBlock error={credit.error} onRetry={() => credit.refetch()} /> : credit.data ? <CreditSummary credit={credit.data} /> : null}
          </Paper>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('approval.keys')}
            </Text>
            <Group gap="xs">
            <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => void reject()} loading={busy} data-testid="approval-reject">
              {t('order.action.reject')}
            </Button>
            {credit.data?.exceeds ? (
              <Button color="orange" leftSection={<IconShieldExclamation size={16} />} onClick={() => void approve()} loading={busy} data-testid="approval-override">
                {t('approval.overrideButton')}
              </Button>
            ) : (
              <Button color="teal" leftSection={<IconShieldCheck size={16} />} onClick={() => void approve()} loading={busy} disabled={!credit.data} data-testid="approval-approve" title={t('hotkey.submit')}>
                {t('approval.approveButton')}
              </Button>
            )}
            </Group>
          </Group>
        </Stack>
      )}
    </Paper>
  )
}
