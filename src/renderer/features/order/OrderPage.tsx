import { Alert, Anchor, Badge, Button, Grid, Group, Menu, Paper, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core'
import { IconBan, IconChecks, IconChevronDown, IconCopy, IconEdit, IconLock, IconSend, IconArrowBackUp, IconShieldCheck, IconTruckDelivery } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { hasMessage, useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { invoke } from '../../app/transport'
import { confirmAction } from '../../shared/confirm'
import { formatDateTime } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { RecordWatch } from '../../shared/recordWatch'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { runApproval, runReject } from './approval'
import { OrderStatusBadge } from './labels'
import { LinesTable } from './LinesTable'
import { ORDER_QUERIES, type OrderDetail } from './order.api'
import { askReason } from './ReasonPrompt'
import { APPROVER_ROLES, SELLER_ROLES } from './roles'
import { TotalsBar } from './TotalsBar'
import { Fact } from './Fact'
import { PrintButton } from '../print/PrintButton'

const CLOSER_ROLES = ['admin', 'manager', 'clerk'] as const

/** 订单详情: header facts, lines with shipped/open, totals with 大写, the actions the state allows, and the state history. */
export function OrderPage() {
  const t = useT()
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const invalidate = useInvalidate()
  const q = useApiQuery('order.get', { id })
  const [busy, setBusy] = useState<string | null>(null)

  if (q.isLoading)
    return (
      <Stack gap="sm">
        <Skeleton height={40} width="40%" />
        <Skeleton height={90} />
        <Skeleton height={260} />
      </Stack>
    )
  if (q.error || !q.data) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  const o: OrderDetail = q.data

  const act = async (name: string, run: () => Promise<OrderDetail | null>, done?: (r: OrderDetail) => string) => {
    if (busy) return
    setBusy(name)
    try {
      const r = await run()
      if (r) {
        await invalidate(ORDER_QUERIES)
        if (done) notifySuccess(done(r))
      }
    } catch (e) {
      notifyError(e)
      void q.refetch()
    } finally {
      setBusy(null)
    }
  }

  const submit = () => act('submit', () => invoke('order.submit', { id: o.id, version: o.version }), (r) => t('order.page.submitted', { number: r.number }))
  const approve = () => act('approve', () => runApproval(o), (r) => t('order.page.approved', { number: r.number }))
  const reject = () => act('reject', () => runReject(o), (r) => t('reject.done', { number: r.number }))
  const unapprove = () =>
    act(
      'unapprove',
      async () => ((await confirmAction({ title: t('order.page.unapproveTitle'), message: t('order.page.unapproveMessage', { number: o.number }), confirmLabel: t('order.action.unapprove') })) ? invoke('order.unapprove', { id: o.id, version: o.version }) : null),
      (r) => t('order.page.unapproved', { number: r.number }),
    )
  const cancel = () =>
    act(
      'cancel',
      async () => {
        const reason = await askReason({ title: t('order.page.cancelTitle', { number: o.number }), message: t('order.page.cancelMessage'), label: t('order.page.cancelReason'), confirmLabel: t('order.action.cancel'), danger: true, presets: [t('order.reason.customerCancelled'), t('order.reason.wrongEntry'), t('order.reason.duplicate')] })
        return reason === null ? null : invoke('order.cancel', { id: o.id, version: o.version, reason })
      },
      (r) => t('order.page.cancelled', { number: r.number }),
    )
  const close = () =>
    act(
      'close',
      async () => {
        const reason = await askReason({ title: t('order.page.closeTitle', { number: o.number }), message: t('order.page.closeMessage'), label: t('order.page.closeReason'), confirmLabel: t('order.action.close'), presets: [t('order.reason.noMore'), t('order.reason.outOfStock')] })
        return reason === null ? null : invoke('order.close', { id: o.id, version: o.version, reason })
      },
      (r) => t('order.page.closed', { number: r.number }),
    )
  const copy = () =>
    act(
      'copy',
      async () => {
        const r = await invoke('order.copy', { id: o.id })
        navigate(`/orders/${r.id}/edit`)
        return r
      },
      (r) => t('order.page.copied', { number: r.number }),
    )

  const s = o.status
  const canApprove = hasRole(...APPROVER_ROLES)
  const seller = hasRole(...SELLER_ROLES)
  const editable = seller && (s === 'draft' || s === 'pending')
  const primary: ReactNode[] = []
  if (s === 'draft' && seller)
    primary.push(
      <Button key="submit" leftSection={<IconSend size={16} />} onClick={() => void submit()} loading={busy === 'submit'} data-testid="order-action-submit">
        {t('order.action.submit')}
      </Button>,
    )
  if (s === 'pending' && canApprove)
    primary.push(
      <Button key="approve" color="teal" leftSection={<IconShieldCheck size={16} />} onClick={() => void approve()} loading={busy === 'approve'} data-testid="order-action-approve">
        {t('order.action.approve')}
      </Button>,
      <Button key="reject" variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => void reject()} loading={busy === 'reject'} data-testid="order-action-reject">
        {t('order.action.reject')}
      </Button>,
    )
  if (editable)
    primary.push(
      <Button key="edit" variant="default" component={Link} to={`/orders/${o.id}/edit`} leftSection={<IconEdit size={16} />} data-testid="order-action-edit">
        {t('action.edit')}
      </Button>,
    )
  if (s === 'approved' && canApprove)
    primary.push(
      <Button key="unapprove" variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => void unapprove()} loading={busy === 'unapprove'} data-testid="order-action-unapprove">
        {t('order.action.unapprove')}
      </Button>,
    )
  // 发货 (delivery screens): an approved or partly shipped order ships from here
  if ((s === 'approved' || s === 'partially_shipped') && hasRole('admin', 'manager', 'clerk', 'sales'))
    primary.unshift(
      <Button key="ship" component={Link} to={`/shipments/new?orderId=${o.id}`} leftSection={<IconTruckDelivery size={16} />} data-testid="order-action-ship">
        {t('customerTabs.ship')}
      </Button>,
    )
  const more: ReactNode[] = []
  if (seller)
    more.push(
      <Menu.Item key="copy" leftSection={<IconCopy size={14} />} onClick={() => void copy()} data-testid="order-action-copy">
        {t('order.action.copy')}
      </Menu.Item>,
    )
  if ((s === 'approved' || s === 'partially_shipped') && hasRole(...CLOSER_ROLES))
    more.push(
      <Menu.Item key="close" leftSection={<IconLock size={14} />} onClick={() => void close()} data-testid="order-action-close">
        {t('order.action.close')}
      </Menu.Item>,
    )
  if (seller && (s === 'draft' || s === 'pending' || s === 'approved'))
    more.push(
      <Menu.Item key="cancel" color="red" leftSection={<IconBan size={14} />} onClick={() => void cancel()} data-testid="order-action-cancel">
        {t('order.action.cancel')}
      </Menu.Item>,
    )

  return (
    <>
      <PageHeader
        crumbs={[{ label: t('order.list.title'), to: '/orders' }, { label: o.number }]}
        title={o.number}
        documentTitle={o.number}
        extra={<OrderStatusBadge status={o.status} size="lg" />}
        subtitle={
          <>
            <Anchor component={Link} to={`/customers/${o.customerId}`} size="sm">
              {o.customerName}
            </Anchor>{' '}
            · {t('order.page.updated', { who: o.updatedByName ?? '—', when: formatDateTime(o.updatedAt) })}
          </>
        }
        actions={
          <>
            <PrintButton target={{ kind: 'render', input: { type: 'order', id: o.id } }} testId="order-print" />
            {primary}
            {more.length > 0 && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={14} />} data-testid="order-more">
                    {t('action.more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>{more}</Menu.Dropdown>
              </Menu>
            )}
          </>
        }
      />
      <RecordWatch entity="order" id={o.id} onReload={() => q.refetch()} />
      {o.creditOverride && (
        <Alert color="orange" variant="light" mb="sm" py={8} data-testid="order-override">
          {t('order.page.overrideNote', { who: o.approvedByName ?? '—', reason: o.overrideReason ?? '' })}
        </Alert>
      )}
      {s === 'draft' && o.rejectReason && (
        <Alert color="red" variant="light" mb="sm" py={8} data-testid="order-rejected">
          {t('order.page.rejectNote', { reason: o.rejectReason })}
        </Alert>
      )}
      {s === 'cancelled' && o.cancelReason && (
        <Alert color="red" variant="light" mb="sm" py={8}>
          {t('order.page.cancelNote', { reason: o.cancelReason })}
        </Alert>
      )}
      {s === 'closed' && o.closeReason && (
        <Alert color="gray" variant="light" mb="sm" py={8}>
          {t('order.page.closeNote', { reason: o.closeReason })}
        </Alert>
      )}
      <Paper withBorder radius="sm" px="md" py="xs" mb="sm">
        <Grid gap="xs">
          <Fact label={t('order.field.customer')}>
            <Anchor component={Link} to={`/customers/${o.customerId}`} size="sm">
              {o.customerName}
            </Anchor>
          </Fact>
          <Fact label={t('order.field.contact')}>{o.contact ? `${o.contact.name}${o.contact.mobile ? ` ${o.contact.mobile}` : ''}` : null}</Fact>
          <Fact label={t('order.field.address')} span={6}>
            {o.address ? `${o.address.receiver}${o.address.phone ? ` ${o.address.phone}` : ''} · ${o.address.address}` : null}
          </Fact>
          <Fact label={t('order.field.salesperson')}>{o.salespersonName}</Fact>
          <Fact label={t('order.field.orderDate')}>{o.orderDate}</Fact>
          <Fact label={t('order.field.promisedDate')}>{o.promisedDate}</Fact>
          <Fact label={t('order.field.paymentTermDays')}>{t('order.page.days', { days: o.paymentTermDays })}</Fact>
          <Fact label={t('order.field.priceIncludesTax')}>{o.priceIncludesTax ? t('order.page.inclTax') : t('order.page.exclTax')}</Fact>
          <Fact label={t('order.page.approvedBy')}>{o.approvedAt ? `${o.approvedByName ?? ''} ${formatDateTime(o.approvedAt)}` : null}</Fact>
          <Fact label={t('order.page.fromQuote')}>
            {o.quoteId ? (
              <Anchor component={Link} to={`/quotes/${o.quoteId}`} size="sm">
                {t('order.page.openQuote')}
              </Anchor>
            ) : null}
          </Fact>
          <Fact label={t('order.field.remark')} span={12}>
            {o.remark}
          </Fact>
        </Grid>
      </Paper>
      <Paper withBorder radius="sm" mb="sm">
        <LinesTable lines={o.lines} withShipping />
      </Paper>
      <TotalsBar
        totalFen={o.totalFen}
        taxFen={o.taxFen}
        netFen={o.netFen}
        extra={
          o.shippedFen || o.receivedFen ? (
            <Group gap="md" ml="auto">
              <Text size="xs" c="dimmed">
                {t('order.page.shippedFen')} <MoneyText fen={o.shippedFen} size="xs" />
              </Text>
              <Text size="xs" c="dimmed">
                {t('order.page.receivedFen')} <MoneyText fen={o.receivedFen} size="xs" />
              </Text>
              <Text size="xs" c="dimmed">
                {t('order.page.receivableFen')} <MoneyText fen={o.receivableFen} size="xs" />
              </Text>
            </Group>
          ) : undefined
        }
      />
      <Paper withBorder radius="sm" p="md" mt="sm">
        <Group gap="xs" mb="sm">
          <IconChecks size={16} />
          <Title order={4}>{t('order.page.history')}</Title>
        </Group>
        <Timeline bulletSize={14} lineWidth={2} active={o.history.length - 1} data-testid="order-history">
          {o.history.map((h, i) => (
            <Timeline.Item
              key={i}
              title={
                <Group gap="xs">
                  <Badge size="sm" variant="light" color={h.action.startsWith('approve') ? 'teal' : h.action === 'cancel' ? 'red' : 'blue'}>
                    {hasMessage(`orderAction.${h.action}`) ? t(`orderAction.${h.action}` as 'orderAction.create') : h.action}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {h.userName ?? t('audit.system')} · {formatDateTime(h.at)}
                  </Text>
                </Group>
              }
              data-testid="history-entry"
            >
              {h.summary && (
                <Text size="sm" mt={2}>
                  {h.summary}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </Paper>
    </>
  )
}
