import { ActionIcon, Anchor, Badge, Button, Group, Paper, Popover, Progress, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconCircleCheck, IconRefresh, IconTruckDelivery } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { toMilli } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { ConfirmDeliveryForm } from '../shipment/ShipmentDialogs'
import { SHIPMENT_WRITERS } from '../shipment/ShipmentListPage'
import type { BoardOrder, BoardShipment, TrackingFlag } from './tracking.api'
import { ExportButton } from '../excel/ExportButton'

type Filter = 'all' | 'late' | 'at_risk' | 'shortfall'

/**
 * 跟单看板 for the order clerk: approved orders not fully shipped (earliest promised first) with
 * 逾期 / 临近 badges and stock shortfalls, shipments not yet signed for (confirm inline), and the
 * returns and cancelled shipments of the last 30 days.
 */
export function TrackingBoardPage() {
  const t = useT()
  const q = useApiQuery('tracking.board', {}, { refetchInterval: 2 * 60_000 })
  const [filter, setFilter] = useState<Filter>('all')
  if (q.isLoading)
    return (
      <Stack gap="sm">
        <Skeleton height={40} width="30%" />
        <Skeleton height={70} />
        <Skeleton height={300} />
      </Stack>
    )
  if (q.error || !q.data) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  const b = q.data
  const late = b.openOrders.filter((o) => o.flag === 'late').length
  const atRisk = b.openOrders.filter((o) => o.flag === 'at_risk').length
  const short = b.openOrders.filter((o) => o.hasShortfall).length
  const orders = b.openOrders.filter((o) => (filter === 'all' ? true : filter === 'shortfall' ? o.hasShortfall : o.flag === filter))

  return (
    <>
      <PageHeader
        title={t('tracking.title')}
        subtitle={t('tracking.subtitle', { asOf: b.asOf })}
        actions={
          <>
            <ExportButton list="tracking" />
            <Tooltip label={t('action.refresh')}>
              <ActionIcon variant="default" size="lg" onClick={() => q.refetch()} loading={q.isFetching} aria-label={t('action.refresh')}>
                <IconRefresh size={16} />
              </ActionIcon>
            </Tooltip>
          </>
        }
      />
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm">
          <Stat label={t('tracking.stat.open')} value={b.openOrdersTotal} active={filter === 'all'} onClick={() => setFilter('all')} testId="stat-open" />
          <Stat label={t('tracking.stat.late')} value={late} color="red" active={filter === 'late'} onClick={() => setFilter('late')} testId="stat-late" />
          <Stat label={t('tracking.stat.atRisk')} value={atRisk} color="orange" active={filter === 'at_risk'} onClick={() => setFilter('at_risk')} testId="stat-at-risk" />
          <Stat label={t('tracking.stat.shortfall')} value={short} color="grape" active={filter === 'shortfall'} onClick={() => setFilter('shortfall')} testId="stat-shortfall" />
          <Stat label={t('tracking.stat.undelivered')} value={b.undelivered.length} color="blue" href="#undelivered" testId="stat-undelivered" />
          <Stat label={t('tracking.stat.exceptions')} value={b.exceptions.length} color="gray" href="#exceptions" testId="stat-exceptions" />
        </SimpleGrid>

        <Section
          title={t('tracking.orders.title')}
          extra={
            <SegmentedControl
              size="xs"
              value={filter}
              onChange={(v) => setFilter(v as Filter)}
              data={[
                { value: 'all', label: t('common.all') },
                { value: 'late', label: t('tracking.flag.late') },
                { value: 'at_risk', label: t('tracking.flag.at_risk') },
                { value: 'shortfall', label: t('tracking.stat.shortfall') },
              ]}
            />
          }
        >
          {orders.length === 0 ? (
            <EmptyBlock title={filter === 'all' ? t('tracking.orders.empty') : t('tracking.orders.emptyFilter')} />
          ) : (
            <OrdersTable orders={orders} />
          )}
          {b.openOrdersTotal > b.openOrders.length && (
            <Text size="xs" c="dimmed" px="md" py={6}>
              {t('tracking.orders.more', { shown: b.openOrders.length, total: b.openOrdersTotal })}
            </Text>
          )}
        </Section>

        <Section id="undelivered" title={t('tracking.undelivered.title', { count: b.undelivered.length })}>
          {b.undelivered.length === 0 ? <EmptyBlock title={t('tracking.undelivered.empty')} /> : <UndeliveredTable rows={b.undelivered} />}
        </Section>

        <Section id="exceptions" title={t('tracking.exceptions.title', { count: b.exceptions.length })}>
          {b.exceptions.length === 0 ? (
            <EmptyBlock title={t('tracking.exceptions.empty')} />
          ) : (
            <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" data-testid="tracking-exceptions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>{t('tracking.col.date')}</Table.Th>
                  <Table.Th w={110}>{t('tracking.col.kind')}</Table.Th>
                  <Table.Th w={170}>{t('tracking.col.number')}</Table.Th>
                  <Table.Th>{t('tracking.col.customer')}</Table.Th>
                  <Table.Th>{t('tracking.col.reason')}</Table.Th>
                  <Table.Th ta="right">{t('tracking.col.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.exceptions.map((e) => (
                  <Table.Tr key={`${e.kind}-${e.id}`}>
                    <Table.Td>{e.date}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={e.kind === 'return' ? 'orange' : 'gray'}>
                        {t(`tracking.exception.${e.kind}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ff="monospace">
                      {e.kind === 'shipment_cancelled' ? (
                        <Anchor component={Link} to={`/shipments/${e.id}`} size="sm" ff="monospace">
                          {e.number}
                        </Anchor>
                      ) : (
                        e.number
                      )}
                    </Table.Td>
                    <Table.Td>{e.customerName}</Table.Td>
                    <Table.Td c="dimmed">{e.reason}</Table.Td>
                    <Table.Td ta="right">
                      <MoneyText fen={e.amountFen} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>
      </Stack>
    </>
  )
}

function Stat({ label, value, color, active, onClick, href, testId }: { label: string; value: number; color?: string; active?: boolean; onClick?: () => void; href?: string; testId?: string }) {
  const content = (
    <Paper
      withBorder
      radius="sm"
      px="md"
      py="sm"
      style={{ borderColor: active ? 'var(--mantine-primary-color-filled)' : undefined, boxShadow: active ? '0 0 0 1px var(--mantine-primary-color-filled)' : undefined }}
      data-testid={testId}
    >
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} style={{ fontSize: 22, lineHeight: 1.3 }} c={value > 0 && color && color !== 'gray' ? color : undefined}>
        {value}
      </Text>
    </Paper>
  )
  if (onClick)
    return (
      <UnstyledButton onClick={onClick} aria-pressed={active}>
        {content}
      </UnstyledButton>
    )
  return (
    <UnstyledButton
      onClick={() => {
        if (href) document.getElementById(href.slice(1))?.scrollIntoView({ behavior: 'smooth', block: 'start' })
      }}
    >
      {content}
    </UnstyledButton>
  )
}

function Section({ id, title, extra, children }: { id?: string; title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="sm" id={id}>
      <Group justify="space-between" px="md" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        {extra}
      </Group>
      {children}
    </Paper>
  )
}

export function FlagBadge({ flag, daysLeft }: { flag: TrackingFlag; daysLeft: number | null }) {
  const t = useT()
  if (flag === 'late')
    return (
      <Badge color="red" variant="filled" size="sm" data-testid="flag-late">
        {t('tracking.flag.lateDays', { days: -(daysLeft ?? 0) })}
      </Badge>
    )
  if (flag === 'at_risk')
    return (
      <Badge color="orange" variant="light" size="sm" data-testid="flag-at-risk">
        {daysLeft === 0 ? t('tracking.flag.today') : t('tracking.flag.atRiskDays', { days: daysLeft ?? 0 })}
      </Badge>
    )
  if (flag === 'no_date')
    return (
      <Badge color="gray" variant="outline" size="sm">
        {t('tracking.flag.no_date')}
      </Badge>
    )
  return (
    <Badge color="teal" variant="light" size="sm">
      {t('tracking.flag.okDays', { days: daysLeft ?? 0 })}
    </Badge>
  )
}

function OrdersTable({ orders }: { orders: BoardOrder[] }) {
  const t = useT()
  const { hasRole } = useSession()
  const canShip = hasRole(...SHIPMENT_WRITERS)
  return (
    <Table.ScrollContainer minWidth={980} type="native">
      <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" highlightOnHover data-testid="tracking-orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('tracking.col.flag')}</Table.Th>
            <Table.Th w={105}>{t('tracking.col.promised')}</Table.Th>
            <Table.Th w={170}>{t('tracking.col.order')}</Table.Th>
            <Table.Th>{t('tracking.col.customer')}</Table.Th>
            <Table.Th w={130}>{t('tracking.col.progress')}</Table.Th>
            <Table.Th>{t('tracking.col.openLines')}</Table.Th>
            <Table.Th w={80} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((o) => {
            const pct = o.totalFen > 0 ? Math.min(100, (o.shippedFen / o.totalFen) * 100) : 0
            return (
              <Table.Tr key={o.id} data-testid="tracking-order" data-number={o.number} data-flag={o.flag}>
                <Table.Td>
                  <FlagBadge flag={o.flag} daysLeft={o.daysLeft} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{o.promisedDate ?? '—'}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/orders/${o.id}`} size="sm" ff="monospace">
                    {o.number}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {o.statusLabel} · {o.orderDate}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${o.customerId}`} size="sm" c="inherit">
                    {o.customerName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={t('tracking.progress', { shipped: formatFen(o.shippedFen), total: formatFen(o.totalFen) })}>
                    <div>
                      <Progress value={pct} size="sm" color={pct > 0 ? 'cyan' : 'gray'} />
                      <Text size="xs" c="dimmed" mt={2}>
                        {Math.round(pct)}%
                      </Text>
                    </div>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {o.lines.map((l) => {
                      const short = toMilli(l.shortfall) > 0
                      return (
                        <Group key={l.orderLineId} gap={6} wrap="nowrap">
                          <Text size="xs" truncate maw={220}>
                            {l.productName}
                          </Text>
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            {t('tracking.line.open', { qty: l.open, unit: l.unit, onHand: l.onHand })}
                          </Text>
                          {short && (
                            <Badge size="xs" color="grape" variant="light" data-testid="shortfall">
                              {t('tracking.line.short', { qty: l.shortfall, unit: l.unit })}
                            </Badge>
                          )}
                        </Group>
                      )
                    })}
                  </Stack>
                </Table.Td>
                <Table.Td ta="right">
                  {canShip && (
                    <Button component={Link} to={`/shipments/new?orderId=${o.id}`} size="compact-xs" variant="light" leftSection={<IconTruckDelivery size={14} />} data-testid="board-ship">
                      {t('tracking.ship')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function UndeliveredTable({ rows }: { rows: BoardShipment[] }) {
  const t = useT()
  const { hasRole } = useSession()
  const canWrite = hasRole(...SHIPMENT_WRITERS)
  return (
    <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" data-testid="tracking-undelivered">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={170}>{t('tracking.col.shipment')}</Table.Th>
          <Table.Th w={110}>{t('tracking.col.shipDate')}</Table.Th>
          <Table.Th>{t('tracking.col.customer')}</Table.Th>
          <Table.Th w={170}>{t('tracking.col.order')}</Table.Th>
          <Table.Th>{t('tracking.col.carrier')}</Table.Th>
          <Table.Th w={110} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((s) => (
          <Table.Tr key={s.id} data-testid="undelivered-row" data-number={s.number}>
            <Table.Td>
              <Anchor component={Link} to={`/shipments/${s.id}`} size="sm" ff="monospace">
                {s.number}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {s.shipDate}
              <Text size="xs" c={s.daysSinceShip > 7 ? 'orange.8' : 'dimmed'}>
                {t('tracking.daysSince', { days: s.daysSinceShip })}
              </Text>
            </Table.Td>
            <Table.Td>{s.customerName}</Table.Td>
            <Table.Td ff="monospace">{s.orderNumber}</Table.Td>
            <Table.Td>
              {s.carrier ?? <Text span c="dimmed">—</Text>}
              {s.trackingNo && (
                <Text span size="xs" c="dimmed" ff="monospace">
                  {' '}
                  {s.trackingNo}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{canWrite && <InlineDeliver s={s} />}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function InlineDeliver({ s }: { s: BoardShipment }) {
  const t = useT()
  const [opened, setOpened] = useState(false)
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} trapFocus withArrow shadow="md">
      <Popover.Target>
        <Button size="compact-xs" variant="light" color="teal" leftSection={<IconCircleCheck size={14} />} onClick={() => setOpened((o) => !o)} data-testid="board-deliver">
          {t('shipment.deliver.action')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" fw={600} mb="xs">
          {t('shipment.deliver.title', { number: s.number })}
        </Text>
        <ConfirmDeliveryForm compact shipment={s} onDone={() => setOpened(false)} onCancel={() => setOpened(false)} />
      </Popover.Dropdown>
    </Popover>
  )
}
