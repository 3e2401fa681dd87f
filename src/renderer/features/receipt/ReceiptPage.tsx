import { ActionIcon, Alert, Anchor, Button, Group, Menu, Modal, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconArrowsJoin, IconChevronDown, IconLinkOff, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { amountInWords } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { confirmAction } from '../../shared/confirm'
import { formatDateTime } from '../../shared/dates'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { RecordWatch } from '../../shared/recordWatch'
import { useApiMutation, useApiQuery, useInvalidate } from '../../shared/query'
import { Fact } from '../shipment/labels'
import { CancelWithReasonModal } from '../shipment/ShipmentDialogs'
import { AllocationTable, allocationErrors, allocationSum, toAllocations, type AllocationState } from './AllocationTable'
import { ReceiptStatusBadge } from './labels'
import { RECEIPT_QUERIES, type ReceiptDetail } from './receipt.api'
import { PrintButton } from '../print/PrintButton'

export const FINANCE_ROLES = ['admin', 'finance', 'manager'] as const

/** 收款单: amount, allocations to orders (核销), the unallocated 预收款; allocate more, take back, cancel. */
export function ReceiptPage() {
  const t = useT()
  const id = Number(useParams().id)
  const q = useApiQuery('receipt.get', { id })
  if (q.isLoading)
    return (
      <Stack gap="sm">
        <Skeleton height={40} width="40%" />
        <Skeleton height={110} />
        <Skeleton height={200} />
      </Stack>
    )
  if (q.error || !q.data) return <ErrorBlock error={q.error ?? new Error(t('error.NOT_FOUND'))} onRetry={() => q.refetch()} />
  return <ReceiptView r={q.data} />
}

function ReceiptView({ r }: { r: ReceiptDetail }) {
  const t = useT()
  const invalidate = useInvalidate()
  const { hasRole } = useSession()
  const canWrite = hasRole(...FINANCE_ROLES) && r.status === 'valid'
  const [allocating, setAllocating] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const unallocate = useApiMutation('receipt.unallocate', { invalidate: RECEIPT_QUERIES })
  const cancel = useApiMutation('receipt.cancel', { invalidate: RECEIPT_QUERIES })

  const takeBack = async (orderId?: number, orderNumber?: string) => {
    const ok = await confirmAction({
      title: t('receipt.unallocate.title'),
      message: orderNumber ? t('receipt.unallocate.one', { number: orderNumber }) : t('receipt.unallocate.all'),
      confirmLabel: t('receipt.unallocate.confirm'),
      danger: true,
    })
    if (!ok) return
    try {
      await unallocate.mutateAsync({ receiptId: r.id, version: r.version, orderId })
      notifySuccess(t('receipt.unallocate.done'))
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <>
      <PageHeader
        crumbs={[{ label: t('receipt.list.title'), to: '/receipts' }, { label: r.number }]}
        title={t('receipt.page.title', { number: r.number })}
        documentTitle={r.number}
        extra={<ReceiptStatusBadge status={r.status} />}
        actions={
          <>
            <PrintButton target={{ kind: 'render', input: { type: 'receipt', id: r.id } }} testId="receipt-print" />
            {canWrite && (
            <>
              {r.unallocatedFen > 0 && (
                <Button leftSection={<IconArrowsJoin size={16} />} onClick={() => setAllocating(true)} data-testid="receipt-allocate">
                  {t('receipt.allocate.action')}
                </Button>
              )}
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={14} />} data-testid="receipt-more">
                    {t('action.more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {r.allocations.length > 0 && (
                    <Menu.Item leftSection={<IconLinkOff size={14} />} onClick={() => void takeBack()}>
                      {t('receipt.unallocate.allAction')}
                    </Menu.Item>
                  )}
                  <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setCancelling(true)} data-testid="receipt-cancel">
                    {t('receipt.cancel.action')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
            )}
          </>
        }
      />
      <RecordWatch entity="receipt" id={r.id} onReload={() => invalidate(['receipt.get', 'receipt.openOrders'])} />
      <Stack gap="sm">
        {r.status === 'cancelled' && (
          <Alert color="gray" variant="light" title={t('receipt.cancel.cancelled')}>
            {r.cancelReason}
          </Alert>
        )}
        <Paper withBorder radius="sm" px="md" py="sm">
          <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
            <Fact label={t('receipt.field.customer')}>
              <Anchor component={Link} to={`/customers/${r.customerId}`} size="sm">
                {r.customerName}
              </Anchor>
            </Fact>
            <Fact label={t('receipt.field.receivedOn')}>{r.receivedOn}</Fact>
            <Fact label={t('receipt.field.method')}>{t(`receipt.method.${r.method}`)}</Fact>
            <Fact label={t('receipt.field.amount')}>
              <MoneyText fen={r.amountFen} size="sm" fw={700} data-testid="receipt-amount-view" />
            </Fact>
            <Fact label={t('receipt.field.allocated')}>
              <MoneyText fen={r.allocatedFen} size="sm" />
            </Fact>
            <Fact label={t('receipt.field.unallocated')}>
              <MoneyText fen={r.unallocatedFen} size="sm" fw={600} c={r.unallocatedFen > 0 ? 'teal.8' : undefined} data-testid="receipt-unallocated" />
            </Fact>
            <Fact label={t('receipt.field.reference')}>{r.reference}</Fact>
            <Fact label={t('receipt.field.remark')}>{r.remark}</Fact>
          </SimpleGrid>
          <Text size="sm" mt="sm">
            <Text span size="xs" c="dimmed" mr={6}>
              {t('receipt.page.inWords')}
            </Text>
            {amountInWords(r.amountFen)}
          </Text>
        </Paper>

        <Paper withBorder radius="sm" p="md">
          <Text fw={600} size="sm" mb="xs">
            {t('receipt.page.allocations')}
          </Text>
          {r.allocations.length === 0 ? (
            <EmptyBlock title={t('receipt.page.noAllocations')} description={r.status === 'valid' ? t('receipt.page.noAllocationsHint') : undefined} />
          ) : (
            <Table fz="sm" verticalSpacing={5} data-testid="receipt-allocations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('receipt.alloc.order')}</Table.Th>
                  <Table.Th ta="right">{t('receipt.alloc.amount')}</Table.Th>
                  <Table.Th>{t('receipt.alloc.when')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.allocations.map((a) => (
                  <Table.Tr key={a.id} data-testid="receipt-allocation">
                    <Table.Td>
                      <Anchor component={Link} to={`/orders/${a.orderId}`} size="sm" ff="monospace">
                        {a.orderNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      <MoneyText fen={a.amountFen} size="sm" />
                    </Table.Td>
                    <Table.Td c="dimmed">
                      {formatDateTime(a.createdAt)} {a.userName}
                    </Table.Td>
                    <Table.Td>
                      {canWrite && (
                        <Tooltip label={t('receipt.unallocate.rowAction')}>
                          <ActionIcon variant="subtle" color="red" size="sm" onClick={() => void takeBack(a.orderId, a.orderNumber)} aria-label={t('receipt.unallocate.rowAction')}>
                            <IconLinkOff size={15} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Text size="xs" c="dimmed">
          {t('receipt.page.updated', { who: r.updatedByName ?? '—', when: formatDateTime(r.updatedAt) })}
        </Text>
      </Stack>
      <AllocateModal receipt={r} opened={allocating} onClose={() => setAllocating(false)} />
      <CancelWithReasonModal
        opened={cancelling}
        title={t('receipt.cancel.title', { number: r.number })}
        warning={t('receipt.cancel.warning', { amount: formatFen(r.allocatedFen) })}
        confirmLabel={t('receipt.cancel.confirm')}
        onClose={() => setCancelling(false)}
        onConfirm={async (reason) => {
          await cancel.mutateAsync({ id: r.id, version: r.version, reason })
          notifySuccess(t('receipt.cancel.done', { number: r.number }))
        }}
      />
    </>
  )
}

/** 继续核销: the unallocated money of a receipt onto the customer's open orders. */
function AllocateModal({ receipt, opened, onClose }: { receipt: ReceiptDetail; opened: boolean; onClose: () => void }) {
  const t = useT()
  const allocate = useApiMutation('receipt.allocate', { invalidate: RECEIPT_QUERIES })
  const open = useApiQuery('receipt.openOrders', { customerId: receipt.customerId, amountFen: receipt.unallocatedFen }, { enabled: opened })
  const [alloc, setAlloc] = useState<AllocationState>({})
  const fifo = () => setAlloc(Object.fromEntries((open.data?.items ?? []).filter((o) => o.suggestedFen > 0).map((o) => [o.orderId, o.suggestedFen])))
  useEffect(() => {
    if (opened && open.data) fifo()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, open.data])
  const orders = open.data?.items ?? []
  const check = allocationErrors(orders, alloc, receipt.unallocatedFen, t)
  const save = async () => {
    const allocations = toAllocations(alloc)
    if (!allocations.length || Object.keys(check.rows).length || check.overTotal) return
    try {
      await allocate.mutateAsync({ receiptId: receipt.id, version: receipt.version, allocations })
      notifySuccess(t('receipt.allocate.done', { amount: formatFen(allocationSum(alloc)) }))
      onClose()
    } catch (e) {
      notifyError(e)
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('receipt.allocate.title', { number: receipt.number })} size={960} data-testid="allocate-modal">
      <Stack gap="sm">
        <AllocationTable orders={orders} alloc={alloc} onChange={setAlloc} onFifo={fifo} availableFen={receipt.unallocatedFen} errors={check.rows} loading={open.isLoading} />
        {check.overTotal && (
          <Alert color="red" variant="light">
            {t('receipt.alloc.overTotal', { sum: formatFen(allocationSum(alloc)), amount: formatFen(receipt.unallocatedFen) })}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('action.cancel')}
          </Button>
          <Button onClick={() => void save()} loading={allocate.isPending} disabled={!allocationSum(alloc)} data-testid="allocate-save">
            {t('receipt.allocate.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
