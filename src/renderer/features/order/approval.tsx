import { Alert, Badge, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react'
import { translate, useT } from '../../app/i18n/i18n'
import { invoke, isApiError } from '../../app/transport'
import { confirmAction } from '../../shared/confirm'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { useApiQuery } from '../../shared/query'
import type { CreditPosition, Order, OrderDetail } from './order.api'
import { askReason } from './ReasonPrompt'

/** The customer's credit position as the approver reads it: limit, receivable, open orders, this order, what is left. */
export function CreditSummary({ credit }: { credit: CreditPosition }) {
  const t = useT()
  // a 0 limit is "no limit" or "no credit at all" as the company set it (settings.credit.zeroMeans)
  const unlimited = credit.creditLimitFen <= 0 && !credit.noCredit
  const exceedFen = Math.max(0, credit.exposureFen - credit.creditLimitFen)
  const afterFen = credit.availableFen === null ? null : credit.availableFen - credit.orderFen
  const rows: [string, React.ReactNode, string?][] = [
    [t('credit.limit'), unlimited ? <Text span size="sm">{t('credit.unlimited')}</Text> : credit.noCredit ? <Text span size="sm">{t('credit.noCredit')}</Text> : <MoneyText fen={credit.creditLimitFen} size="sm" />, 'credit-limit'],
    [t('credit.receivable'), <MoneyText fen={credit.receivableFen} size="sm" />, 'credit-receivable'],
    [t('credit.openOrders'), <MoneyText fen={credit.openOrdersFen} size="sm" />, 'credit-open'],
    [t('credit.thisOrder'), <MoneyText fen={credit.orderFen} size="sm" fw={600} />, 'credit-order'],
    [t('credit.exposure'), <MoneyText fen={credit.exposureFen} size="sm" fw={600} />, 'credit-exposure'],
    [t('credit.available'), credit.availableFen === null ? <Text span size="sm">{t('credit.unlimited')}</Text> : <MoneyText fen={credit.availableFen} size="sm" />, 'credit-available'],
    ...(afterFen !== null ? ([[t('credit.after'), <MoneyText fen={afterFen} size="sm" fw={600} />, 'credit-after']] as [string, React.ReactNode, string][]) : []),
  ]
  return (
    <Stack gap={6} data-testid="credit-position" data-exceeds={credit.exceeds || undefined}>
      <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs" withRowBorders={false}>
        <Table.Tbody>
          {rows.map(([label, value, id]) => (
            <Table.Tr key={label} data-testid={id}>
              <Table.Td c="dimmed" w="55%">
                {label}
              </Table.Td>
              <Table.Td ta="right">{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {credit.exceeds ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} py={6} data-testid="credit-exceeds">
          <Text size="sm" fw={500}>
            {t('credit.exceeds', { amount: formatFen(exceedFen) })}
          </Text>
        </Alert>
      ) : (
        <Group gap={6}>
          <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />} data-testid="credit-ok">
            {unlimited ? t('credit.noLimitOk') : t('credit.ok')}
          </Badge>
        </Group>
      )}
    </Stack>
  )
}

/** order.creditCheck for one order, as a card. */
export function CreditPositionCard({ orderId }: { orderId: number }) {
  const t = useT()
  const q = useApiQuery('order.creditCheck', { id: orderId })
  return (
    <Paper withBorder radius="sm" p="sm">
      <Text fw={600} size="sm" mb={6}>
        {t('credit.title')}
      </Text>
      {q.isLoading ? <Skeleton height={160} /> : q.error ? <ErrorBlock error={q.error} onRetry={() => q.refetch()} /> : q.data ? <CreditSummary credit={q.data} /> : null}
    </Paper>
  )
}

function creditFromError(e: unknown): CreditPosition | null {
  if (!isApiError(e, 'BUSINESS_RULE')) return null
  const d = (e.details ?? {}) as Partial<CreditPosition> & { needsOverride?: boolean; exceedFen?: number; checkedLimitFen?: number | null }
  if (!d.needsOverride) return null
  return {
    creditLimitFen: d.creditLimitFen ?? 0,
    receivableFen: d.receivableFen ?? 0,
    openOrdersFen: d.openOrdersFen ?? 0,
    orderFen: d.orderFen ?? 0,
    exposureFen: d.exposureFen ?? 0,
    availableFen: d.availableFen ?? (d.creditLimitFen ? d.creditLimitFen - (d.receivableFen ?? 0) - (d.openOrdersFen ?? 0) : null),
    exceeds: true,
    noCredit: d.checkedLimitFen === 0,
  }
}

/**
 * 审核: within the limit a confirmation showing the credit position (skipped where the position is already on
 * screen), over the limit the 特批 dialog that needs a reason. A refusal naming needsOverride (the position changed
 * meanwhile) leads to the same dialog. Resolves the approved order, or null when the user stopped.
 */
export async function runApproval(order: Pick<Order, 'id' | 'version' | 'number' | 'customerName'>, opts: { credit?: CreditPosition; skipConfirm?: boolean } = {}): Promise<OrderDetail | null> {
  const credit = opts.credit ?? (await invoke('order.creditCheck', { id: order.id }))
  if (!credit.exceeds) {
    if (!opts.skipConfirm) {
      const ok = await confirmAction({
        title: translate('approve.confirmTitle', { number: order.number }),
        message: (
          <Stack gap="xs">
            <Text size="sm">{translate('approve.confirmMessage', { customer: order.customerName })}</Text>
            <CreditSummary credit={credit} />
          </Stack>
        ),
        confirmLabel: translate('approve.approve'),
      })
      if (!ok) return null
    }
    try {
      return await invoke('order.approve', { id: order.id, version: order.version })
    } catch (e) {
      const c = creditFromError(e)
      if (!c) throw e
      return override(order, c)
    }
  }
  return override(order, credit)
}

async function override(order: Pick<Order, 'id' | 'version' | 'number' | 'customerName'>, credit: CreditPosition): Promise<OrderDetail | null> {
  const reason = await askReason({
    title: translate('approve.overrideTitle', { number: order.number }),
    message: (
      <Stack gap="xs">
        <Text size="sm">{translate('approve.overrideMessage', { customer: order.customerName })}</Text>
        <CreditSummary credit={credit} />
      </Stack>
    ),
    label: translate('approve.overrideReason'),
    confirmLabel: translate('approve.overrideConfirm'),
    danger: true,
  })
  if (reason === null) return null
  return invoke('order.approve', { id: order.id, version: order.version, override: true, reason })
}

/** 驳回: asks the reason and sends the pending order back to its salesperson as a draft. Null when the user stopped. */
export async function runReject(order: Pick<Order, 'id' | 'version' | 'number'>): Promise<OrderDetail | null> {
  const reason = await askReason({
    title: translate('reject.title', { number: order.number }),
    message: translate('reject.message'),
    label: translate('reject.reason'),
    confirmLabel: translate('order.action.reject'),
    danger: true,
    presets: [translate('reject.preset.price'), translate('reject.preset.credit'), translate('reject.preset.info')],
  })
  if (reason === null) return null
  return invoke('order.reject', { id: order.id, version: order.version, reason })
}
