import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core'
import { IconBan, IconCheck, IconCopyPlus, IconEdit, IconFileArrowRight, IconHistory, IconMailForward, IconX } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { SELLER_ROLES } from '../order/roles'
import { invoke } from '../../app/transport'
import { confirmAction } from '../../shared/confirm'
import { formatDateTime, todayStr } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { RecordWatch } from '../../shared/recordWatch'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { LinesTable } from '../order/LinesTable'
import { askReason } from '../order/ReasonPrompt'
import { TotalsBar } from '../order/TotalsBar'
import { QuoteStatusBadge } from './labels'
import { QUOTE_QUERIES, type QuoteDetail } from './quote.api'
import { Fact } from '../order/Fact'
import { PrintButton } from '../print/PrintButton'

/**
 * 报价单: header, lines, totals with 大写, the revisions (earlier ones open read-only), and the actions the state
 * allows: 标记已发送 · 客户接受 · 客户拒绝 · 修订 · 转为订单 · 作废 (with a reason; not once turned into an order).
 */
export function QuotePage() {
  const t = useT()
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const { hasRole } = useSession()
  const invalidate = useInvalidate()
  const q = useApiQuery('quote.get', { id })
  const customer = useApiQuery('customer.get', { id: q.data?.customerId ?? 0 }, { enabled: !!q.data })
  const opportunity = useApiQuery('opportunity.get', { id: q.data?.opportunityId ?? 0 }, { enabled: !!q.data?.opportunityId })
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
  const d: QuoteDetail = q.data
  const latest = d.revisions.reduce((a, r) => (r.revision > a.revision ? r : a), d.revisions[0] ?? { id: d.id, number: d.number, revision: d.revision })
  const isLatest = latest.id === d.id
  const seller = hasRole(...SELLER_ROLES)
  const expired = !!d.validUntil && d.validUntil < todayStr()

  const act = async (name: string, run: () => Promise<QuoteDetail | null>, message: (r: QuoteDetail) => string, after?: (r: QuoteDetail) => void) => {
    if (busy) return
    setBusy(name)
    try {
      const r = await run()
      if (!r) return
      await invalidate(QUOTE_QUERIES)
      notifySuccess(message(r))
      after?.(r)
    } catch (e) {
      notifyError(e)
      void q.refetch()
    } finally {
      setBusy(null)
    }
  }
  const markSent = () => act('sent', () => invoke('quote.markSent', { id: d.id, version: d.version }), (r) => t('quote.page.sent', { number: r.number }))
  const accept = () => act('accept', () => invoke('quote.accept', { id: d.id, version: d.version }), (r) => t('quote.page.accepted', { number: r.number }))
  const reject = () =>
    act(
      'reject',
      async () => {
        const reason = await askReason({ title: t('quote.page.rejectTitle', { number: d.number }), label: t('quote.page.rejectReason'), required: false, confirmLabel: t('quote.action.reject'), danger: true, presets: [t('quote.reason.price'), t('quote.reason.competitor'), t('quote.reason.postponed')] })
        return reason === null ? null : invoke('quote.reject', { id: d.id, version: d.version, reason: reason || null })
      },
      (r) => t('quote.page.rejected', { number: r.number }),
    )
  const revise = () =>
    act(
      'revise',
      () => invoke('quote.revise', { id: d.id, version: d.version }),
      (r) => t('quote.page.revised', { number: r.number }),
      (r) => navigate(`/quotes/${r.id}/edit`),
    )
  const voidQuote = () =>
    act(
      'void',
      async () => {
        const reason = await askReason({ title: t('quote.page.voidTitle', { number: d.number }), message: t('quote.page.voidMessage'), label: t('quote.page.voidReason'), required: true, confirmLabel: t('quote.action.void'), danger: true })
        return reason === null ? null : invoke('quote.void', { id: d.id, version: d.version, reason })
      },
      (r) => t('quote.page.voided', { number: r.number }),
    )
  const toOrder = async () => {
    if (busy) return
    const ok = await confirmAction({ title: t('quote.page.toOrderTitle', { number: d.number }), message: t('quote.page.toOrderMessage'), confirmLabel: t('quote.action.toOrder') })
    if (!ok) return
    setBusy('order')
    try {
      const r = await invoke('quote.toOrder', { id: d.id, version: d.version })
      await invalidate(QUOTE_QUERIES)
      notifySuccess(t('quote.page.ordered', { number: r.order.number }))
      navigate(`/orders/${r.order.id}/edit`)
    } catch (e) {
      notifyError(e)
      void q.refetch()
    } finally {
      setBusy(null)
    }
  }

  const s = d.status
  const actions: ReactNode[] = []
  if (seller && isLatest && s === 'draft') {
    actions.push(
      <Button key="edit" variant="default" component={Link} to={`/quotes/${d.id}/edit`} leftSection={<IconEdit size={16} />} data-testid="quote-edit">
        {t('action.edit')}
      </Button>,
      <Button key="sent" variant="light" leftSection={<IconMailForward size={16} />} onClick={() => void markSent()} loading={busy === 'sent'} data-testid="quote-mark-sent">
        {t('quote.action.markSent')}
      </Button>,
    )
  }
  if (seller && isLatest && s === 'sent') {
    actions.push(
      <Button key="accept" color="teal" variant="light" leftSection={<IconCheck size={16} />} onClick={() => void accept()} loading={busy === 'accept'} data-testid="quote-accept">
        {t('quote.action.accept')}
      </Button>,
      <Button key="reject" color="red" variant="light" leftSection={<IconX size={16} />} onClick={() => void reject()} loading={busy === 'reject'} data-testid="quote-reject">
        {t('quote.action.reject')}
      </Button>,
    )
  }
  if (seller && isLatest && (s === 'sent' || s === 'accepted' || s === 'rejected'))
    actions.push(
      <Button key="revise" variant="default" leftSection={<IconCopyPlus size={16} />} onClick={() => void revise()} loading={busy === 'revise'} data-testid="quote-revise">
        {t('quote.action.revise')}
      </Button>,
    )
  if (seller && isLatest && (s === 'draft' || s === 'sent' || s === 'accepted'))
    actions.push(
      <Button key="order" leftSection={<IconFileArrowRight size={16} />} onClick={() => void toOrder()} loading={busy === 'order'} disabled={expired} title={expired ? t('quote.page.expiredHint') : undefined} data-testid="quote-to-order">
        {t('quote.action.toOrder')}
      </Button>,
    )
  if (seller && isLatest && (s === 'draft' || s === 'sent' || s === 'accepted' || s === 'rejected'))
    actions.push(
      <Button key="void" color="red" variant="subtle" leftSection={<IconBan size={16} />} onClick={() => void voidQuote()} loading={busy === 'void'} data-testid="quote-void">
        {t('quote.action.void')}
      </Button>,
    )
  if (s === 'ordered' && d.orderId)
    actions.push(
      <Button key="open" variant="light" component={Link} to={`/orders/${d.orderId}`} leftSection={<IconFileArrowRight size={16} />} data-testid="quote-open-order">
        {t('quote.page.openOrder')}
      </Button>,
    )

  const contact = customer.data?.contacts.find((c) => c.id === d.contactId)
  return (
    <>
      <PageHeader
        crumbs={[{ label: t('quote.list.title'), to: '/quotes' }, { label: d.number }]}
        title={d.number}
        documentTitle={d.number}
        extra={
          <>
            <QuoteStatusBadge status={d.status} size="lg" />
            {d.revision > 1 && (
              <Badge variant="outline" color="gray" size="lg">
                {t('quote.revisionN', { n: d.revision })}
              </Badge>
            )}
          </>
        }
        subtitle={
          <>
            <Anchor component={Link} to={`/customers/${d.customerId}`} size="sm">
              {d.customerName}
            </Anchor>{' '}
            · {t('order.page.updated', { who: d.updatedByName ?? '—', when: formatDateTime(d.updatedAt) })}
          </>
        }
        actions={
          <>
            <PrintButton target={{ kind: 'render', input: { type: 'quote', id: d.id } }} testId="quote-print" />
            {actions}
          </>
        }
      />
      <RecordWatch entity="quote" id={d.id} onReload={() => q.refetch()} />
      {!isLatest && (
        <Alert color="gray" variant="light" mb="sm" icon={<IconHistory size={16} />} data-testid="quote-readonly">
          {t('quote.page.readOnly', { latest: latest.number })}{' '}
          <Anchor component={Link} to={`/quotes/${latest.id}`} size="sm">
            {t('quote.page.openLatest')}
          </Anchor>
        </Alert>
      )}
      {s === 'voided' && (
        <Alert color="gray" variant="light" mb="sm" icon={<IconBan size={16} />} data-testid="quote-voided">
          {t('quote.page.voidedNote', { reason: d.voidReason ?? '—' })}
        </Alert>
      )}
      {isLatest && expired && (s === 'draft' || s === 'sent' || s === 'accepted') && (
        <Alert color="orange" variant="light" mb="sm">
          {t('quote.page.expired', { date: d.validUntil })}
        </Alert>
      )}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Paper withBorder radius="sm" px="md" py="xs" mb="sm">
            <Grid gap="xs">
              <Fact label={t('order.field.customer')}>{d.customerName}</Fact>
              <Fact label={t('order.field.contact')}>{contact ? `${contact.name}${contact.mobile ? ` ${contact.mobile}` : ''}` : null}</Fact>
              <Fact label={t('quote.field.opportunity')}>{opportunity.data?.title ?? null}</Fact>
              <Fact label={t('order.field.priceIncludesTax')}>{d.priceIncludesTax ? t('order.page.inclTax') : t('order.page.exclTax')}</Fact>
              <Fact label={t('quote.field.quoteDate')}>{d.quoteDate}</Fact>
              <Fact label={t('quote.field.validUntil')}>{d.validUntil}</Fact>
              <Fact label={t('quote.field.sentAt')}>{d.sentAt ? formatDateTime(d.sentAt) : null}</Fact>
              <Fact label={t('quote.field.remark')}>{d.remark}</Fact>
              <Fact label={t('quote.field.terms')} span={12}>
                {d.terms ? <span style={{ whiteSpace: 'pre-wrap' }}>{d.terms}</span> : null}
              </Fact>
            </Grid>
          </Paper>
          <Paper withBorder radius="sm" mb="sm">
            <LinesTable lines={d.lines} />
          </Paper>
          <TotalsBar totalFen={d.totalFen} taxFen={d.taxFen} netFen={d.netFen} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Paper withBorder radius="sm" p="sm">
            <Group gap="xs" mb="xs">
              <IconHistory size={16} />
              <Title order={4}>{t('quote.page.revisions')}</Title>
            </Group>
            <Table fz="sm" verticalSpacing={4} data-testid="quote-revisions">
              <Table.Tbody>
                {d.revisions.map((r) => (
                  <Table.Tr key={r.id} bg={r.id === d.id ? 'var(--mantine-primary-color-light)' : undefined} data-testid="quote-revision">
                    <Table.Td>
                      {r.id === d.id ? (
                        <Text size="sm" fw={600} ff="monospace">
                          {r.number}
                        </Text>
                      ) : (
                        <Anchor component={Link} to={`/quotes/${r.id}`} size="sm" ff="monospace">
                          {r.number}
                        </Anchor>
                      )}
                      <Text size="xs" c="dimmed">
                        {r.quoteDate}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <MoneyText fen={r.totalFen} size="sm" />
                      <div>
                        <QuoteStatusBadge status={r.status} size="xs" data-testid="revision-status" />
                      </div>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  )
}
