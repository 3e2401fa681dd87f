import { Button, Group, Paper, Table, Text } from '@mantine/core'
import { IconArrowsSort, IconEraser } from '@tabler/icons-react'
import { useT } from '../../app/i18n/i18n'
import { EmptyBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyInput } from '../../shared/MoneyInput'
import { MoneyText } from '../../shared/MoneyText'
import type { OpenOrder } from './receipt.api'

export type AllocationState = Record<number, number | null>

/** Checks of an allocation against the orders and the money available; keys are order ids. */
export function allocationErrors(orders: OpenOrder[], alloc: AllocationState, availableFen: number, t: ReturnType<typeof useT>) {
  const errs: Record<number, string> = {}
  for (const o of orders) {
    const v = alloc[o.orderId] ?? 0
    if (v > o.receivableFen) errs[o.orderId] = t('receipt.alloc.overOrder', { amount: formatFen(o.receivableFen) })
  }
  const sum = allocationSum(alloc)
  return { rows: errs, overTotal: sum > availableFen }
}

export const allocationSum = (alloc: AllocationState) => Object.values(alloc).reduce<number>((t, v) => t + (v ?? 0), 0)

export const toAllocations = (alloc: AllocationState) =>
  Object.entries(alloc)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([id, v]) => ({ orderId: Number(id), amountFen: v! }))

/**
 * 核销表: the customer's orders with a receivable (oldest first) and one amount per order.
 * 按先进先出 fills the core's FIFO suggestion; every amount can be changed by hand.
 */
export function AllocationTable({
  orders,
  alloc,
  onChange,
  onFifo,
  availableFen,
  errors,
  loading,
}: {
  orders: OpenOrder[]
  alloc: AllocationState
  onChange: (next: AllocationState) => void
  onFifo: () => void
  /** the money that can still be allocated (the receipt amount, or the receipt's unallocated part) */
  availableFen: number
  errors: Record<number, string>
  loading?: boolean
}) {
  const t = useT()
  const sum = allocationSum(alloc)
  const rest = availableFen - sum
  const receivable = orders.reduce((s, o) => s + o.receivableFen, 0)
  return (
    <Paper withBorder radius="sm" data-testid="allocation-table">
      <Group justify="space-between" px="md" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Text fw={600} size="sm">
          {t('receipt.alloc.title', { count: orders.length })}
        </Text>
        <Group gap="xs">
          <Button size="compact-xs" variant="subtle" leftSection={<IconArrowsSort size={14} />} onClick={onFifo} disabled={!orders.length} data-testid="alloc-fifo">
            {t('receipt.alloc.fifo')}
          </Button>
          <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconEraser size={14} />} onClick={() => onChange({})} disabled={!sum} data-testid="alloc-clear">
            {t('receipt.alloc.clear')}
          </Button>
        </Group>
      </Group>
      {orders.length === 0 ? (
        <EmptyBlock title={loading ? t('app.loading') : t('receipt.alloc.noneTitle')} description={loading ? undefined : t('receipt.alloc.noneDescription')} />
      ) : (
        <Table.ScrollContainer minWidth={820} type="native">
          <Table fz="sm" verticalSpacing={5} horizontalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('receipt.alloc.order')}</Table.Th>
                <Table.Th>{t('receipt.alloc.orderDate')}</Table.Th>
                <Table.Th ta="right">{t('receipt.alloc.total')}</Table.Th>
                <Table.Th ta="right">{t('receipt.alloc.shipped')}</Table.Th>
                <Table.Th ta="right">{t('receipt.alloc.received')}</Table.Th>
                <Table.Th ta="right">{t('receipt.alloc.receivable')}</Table.Th>
                <Table.Th w={170} ta="right">
                  {t('receipt.alloc.thisTime')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {orders.map((o) => (
                <Table.Tr key={o.orderId} data-testid="alloc-row" data-number={o.number}>
                  <Table.Td ff="monospace">{o.number}</Table.Td>
                  <Table.Td>{o.orderDate}</Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={o.totalFen} size="sm" c="dimmed" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={o.shippedFen - o.returnedFen} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={o.receivedFen} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={o.receivableFen} size="sm" fw={500} />
                  </Table.Td>
                  <Table.Td>
                    <MoneyInput
                      size="xs"
                      value={alloc[o.orderId] ?? null}
                      onChange={(v) => onChange({ ...alloc, [o.orderId]: v })}
                      onFocus={(e) => e.currentTarget.select()}
                      error={errors[o.orderId]}
                      placeholder="0.00"
                      aria-label={t('receipt.alloc.amountFor', { number: o.number })}
                      data-testid="alloc-amount"
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Td colSpan={5} ta="right" fw={500}>
                  {t('receipt.alloc.sum')}
                </Table.Td>
                <Table.Td ta="right">
                  <MoneyText fen={receivable} size="sm" fw={600} />
                </Table.Td>
                <Table.Td ta="right">
                  <MoneyText fen={sum} size="sm" fw={700} data-testid="alloc-sum" />
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="flex-end" gap="xl" px="md" py={8} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="sm">
          {t('receipt.alloc.available')} <MoneyText fen={availableFen} size="sm" fw={600} />
        </Text>
        <Text size="sm">
          {t('receipt.alloc.allocated')} <MoneyText fen={sum} size="sm" fw={600} />
        </Text>
        <Text size="sm" data-testid="alloc-rest">
          {rest >= 0 ? t('receipt.alloc.prepayment') : t('receipt.alloc.overBy')}{' '}
          <MoneyText fen={Math.abs(rest)} size="sm" fw={700} c={rest < 0 ? 'red' : rest > 0 ? 'teal.8' : undefined} />
        </Text>
      </Group>
    </Paper>
  )
}
