import { Alert, Anchor, Badge, Button, Group, Menu, Paper, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core'
import { IconArrowBackUp, IconBan, IconChevronDown, IconCircleCheck, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { toMilli } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { formatDateTime } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { RecordWatch } from '../../shared/recordWatch'
import { formatFen } from '../../shared/money'
import { useApiMutation, useApiQuery, useInvalidate } from '../../shared/query'
import { Fact, priceText, Qty, ShipmentStatusBadge } from './labels'
import { CancelWithReasonModal, ConfirmDeliveryModal, EditShippingModal } from './ShipmentDialogs'
import { SHIPMENT_WRITERS } from './ShipmentListPage'
import { PrintDeliveryNoteMenu } from './PrintMenu'
import { DELIVERY_QUERIES, type SalesReturn, type ShipmentDetail } from './shipment.api'
import { PrintButton } from '../print/PrintButton'

const CANCELLERS = ['admin', 'manager', 'clerk'] as const

/** 发货单: lines, delivery, logistics, returns against it; confirm delivery, edit carrier/tracking, cancel, start a return. */
export function ShipmentPage() {
  const t = useT()
  const id = Number(useParams().id)
  const q = useApiQuery('shipment.get', { id })
  if (q.isLoading)
    return (
      <Stack gap="sm">
        <Skeleton height={40} width="40%" />
        <Skeleton height={110} />
        <Skeleton height={240} />
      </Stack>
    )
  if (q.error || !q.data) return <ErrorBlock error={q.error ?? new Error(t('error.NOT_FOUND'))} onRetry={() => q.refetch()} />
  return <ShipmentView s={q.data} />
}

function ShipmentView({ s }: { s: ShipmentDetail }) {
  const t = useT()
  const invalidate = useInvalidate()
  const { hasRole } = useSession()
  const [deliver, setDeliver] = useState(false)
  const [editing, setEditing] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const [voiding, setVoiding] = useState<SalesReturn | null>(null)
  const cancel = useApiMutation('shipment.cancel', { invalidate: DELIVERY_QUERIES })
  const voidReturn = useApiMutation('return.void', { invalidate: [...DELIVERY_QUERIES, 'stock.'] })
  const returns = useApiQuery('return.search', { shipmentId: s.id, page: 1, pageSize: 50 })
  const canWrite = hasRole(...SHIPMENT_WRITERS)
  const returnable = s.lines.some((l) => toMilli(l.returnable) > 0)
  const active = s.status !== 'cancelled'

  return (
    <>
      <PageHeader
        crumbs={[{ label: t('shipment.list.title'), to: '/shipments' }, { label: s.number }]}
        title={t('shipment.page.title', { number: s.number })}
        documentTitle={s.number}
        extra={<ShipmentStatusBadge status={s.status} />}
        actions={
          <>
            {active && <PrintDeliveryNoteMenu shipmentId={s.id} />}
            <PrintButton target={{ kind: 'render', input: { type: 'deliveryNote', id: s.id } }} label={t('print.copies')} testId="shipment-print-doc" />
            {canWrite && active && (
              <>
                {s.status === 'shipped' && (
                  <Button color="teal" leftSection={<IconCircleCheck size={16} />} onClick={() => setDeliver(true)} data-testid="shipment-deliver">
                    {t('shipment.deliver.action')}
                  </Button>
                )}
                <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)} data-testid="shipment-edit">
                  {t('shipment.edit.action')}
                </Button>
                {returnable && (
                  <Button component={Link} to={`/shipments/${s.id}/return`} variant="default" leftSection={<IconArrowBackUp size={16} />} data-testid="shipment-return">
                    {t('return.action')}
                  </Button>
                )}
                {s.status === 'shipped' && hasRole(...CANCELLERS) && (
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <Button variant="default" rightSection={<IconChevronDown size={14} />} data-testid="shipment-more">
                        {t('action.more')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setCancelling(true)} data-testid="shipment-cancel">
                        {t('shipment.cancel.action')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </>
            )}
          </>
        }
      />
      <RecordWatch entity="shipment" id={s.id} onReload={() => invalidate(['shipment.get', 'return.search'])} />
      <Stack gap="sm">
        {s.status === 'cancelled' && (
          <Alert color="gray" variant="light" title={t('shipment.cancel.cancelled')} data-testid="cancelled-note">
            {s.cancelReason}
          </Alert>
        )}
        <Paper withBorder radius="sm" px="md" py="sm">
          <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
            <Fact label={t('shipment.field.customer')}>
              <Anchor component={Link} to={`/customers/${s.customerId}`} size="sm">
                {s.customerName}
              </Anchor>
            </Fact>
            <Fact label={t('shipment.field.order')}>
              <Anchor component={Link} to={`/orders/${s.orderId}`} size="sm" ff="monospace">
                {s.orderNumber}
              </Anchor>
            </Fact>
            <Fact label={t('shipment.field.shipDate')}>{s.shipDate}</Fact>
            <Fact label={t('shipment.field.dueDate')}>{s.dueDate}</Fact>
            <Fact label={t('shipment.field.promisedDate')}>{s.promisedDate}</Fact>
            <Fact label={t('shipment.field.total')}>
              <MoneyText fen={s.totalFen} size="sm" fw={600} data-testid="shipment-total" />
            </Fact>
            <Fact label={t('shipment.field.carrier')}>{s.carrier}</Fact>
            <Fact label={t('shipment.field.trackingNo')}>{s.trackingNo && <Text span size="sm" ff="monospace">{s.trackingNo}</Text>}</Fact>
            <Fact label={t('shipment.field.receiver')}>{s.receiver ? `${s.receiver}${s.receiverPhone ? ` ${s.receiverPhone}` : ''}` : null}</Fact>
            <Fact label={t('shipment.field.deliveredOn')}>{s.deliveredOn ? `${s.deliveredOn}${s.signedBy ? ` · ${s.signedBy}` : ''}` : null}</Fact>
            <Fact label={t('shipment.field.returned')}>{s.returnedFen ? <MoneyText fen={s.returnedFen} size="sm" c="orange.8" /> : null}</Fact>
            <Fact label={t('shipment.field.invoiced')}>{s.invoicedFen ? <MoneyText fen={s.invoicedFen} size="sm" /> : null}</Fact>
          </SimpleGrid>
          {(s.address || s.remark) && (
            <Stack gap={4} mt="sm">
              {s.address && (
                <Text size="sm">
                  <Text span size="xs" c="dimmed" mr={6}>
                    {t('shipment.field.address')}
                  </Text>
                  {s.address}
                </Text>
              )}
              {s.remark && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  <Text span size="xs" c="dimmed" mr={6}>
                    {t('shipment.field.remark')}
                  </Text>
                  {s.remark}
                </Text>
              )}
            </Stack>
          )}
        </Paper>

        <Paper withBorder radius="sm">
          <Table.ScrollContainer minWidth={760} type="native">
            <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" data-testid="shipment-detail-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>#</Table.Th>
                  <Table.Th>{t('shipment.line.product')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.quantity')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.returned')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.unitPrice')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.taxRate')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.lines.map((l, i) => (
                  <Table.Tr key={l.id} data-testid="shipment-detail-line">
                    <Table.Td c="dimmed">{i + 1}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {l.productName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {l.productCode}
                        {l.spec ? ` · ${l.spec}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Qty value={l.quantity} unit={l.unit} />
                    </Table.Td>
                    <Table.Td ta="right">{toMilli(l.returned) > 0 ? <Qty value={l.returned} c="orange.8" /> : <Text span c="dimmed">—</Text>}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {priceText(l.unitPrice)}
                    </Table.Td>
                    <Table.Td ta="right">{l.taxRate}%</Table.Td>
                    <Table.Td ta="right">
                      <MoneyText fen={l.amountFen} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Td colSpan={6} ta="right" fw={500}>
                    {t('shipment.page.total')}
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={s.totalFen} size="md" fw={700} />
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        </Paper>

        <Paper withBorder radius="sm" p="md">
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              {t('return.listTitle')}
            </Text>
            {canWrite && active && returnable && (
              <Button component={Link} to={`/shipments/${s.id}/return`} size="compact-xs" variant="light" leftSection={<IconPlus size={14} />}>
                {t('return.action')}
              </Button>
            )}
          </Group>
          {returns.data && returns.data.items.length > 0 ? (
            <Table fz="sm" verticalSpacing={5} data-testid="shipment-returns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('return.field.number')}</Table.Th>
                  <Table.Th>{t('return.field.returnedOn')}</Table.Th>
                  <Table.Th>{t('return.field.lines')}</Table.Th>
                  <Table.Th>{t('return.field.reason')}</Table.Th>
                  <Table.Th ta="right">{t('return.field.amount')}</Table.Th>
                  {canWrite && <Table.Th w={70} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {returns.data.items.map((r) => (
                  <Table.Tr key={r.id} data-testid="return-row" data-status={r.status} c={r.status === 'voided' ? 'dimmed' : undefined}>
                    <Table.Td ff="monospace">
                      {r.number}
                      {r.status === 'voided' && (
                        <Badge ml={6} size="xs" color="gray" variant="light" title={t('return.voidedReason', { reason: r.voidReason ?? '—' })} data-testid="return-voided">
                          {t('return.voided')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{r.returnedOn}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {r.lines.map((l) => (
                          <Badge key={l.id} variant="light" color="orange" size="sm">
                            {l.productName} × {l.quantity}
                            {l.unit}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {r.reason}
                      {r.status === 'voided' && r.voidReason && (
                        <Text size="xs" c="dimmed">
                          {t('return.voidedReason', { reason: r.voidReason })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" td={r.status === 'voided' ? 'line-through' : undefined}>
                      <MoneyText fen={-r.totalFen} size="sm" />
                    </Table.Td>
                    {canWrite && (
                      <Table.Td ta="right">
                        {r.status === 'valid' && (
                          <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconBan size={12} />} onClick={() => setVoiding(r)} data-testid="return-void">
                            {t('return.void.action')}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              {t('return.none')}
            </Text>
          )}
        </Paper>
        <Text size="xs" c="dimmed">
          {t('shipment.page.updated', { who: s.updatedByName ?? '—', when: formatDateTime(s.updatedAt) })}
        </Text>
      </Stack>
      <ConfirmDeliveryModal shipment={deliver ? s : null} onClose={() => setDeliver(false)} />
      <EditShippingModal shipment={s} opened={editing} onClose={() => setEditing(false)} />
      <CancelWithReasonModal
        opened={cancelling}
        title={t('shipment.cancel.title', { number: s.number })}
        warning={t('shipment.cancel.warning')}
        confirmLabel={t('shipment.cancel.confirm')}
        onClose={() => setCancelling(false)}
        onConfirm={async (reason) => {
          await cancel.mutateAsync({ id: s.id, version: s.version, reason })
          notifySuccess(t('shipment.cancel.done', { number: s.number }))
        }}
      />
      <CancelWithReasonModal
        opened={!!voiding}
        title={t('return.void.title', { number: voiding?.number ?? '' })}
        warning={t('return.void.warning', { amount: formatFen(voiding?.totalFen ?? 0) })}
        confirmLabel={t('return.void.confirm')}
        onClose={() => setVoiding(null)}
        onConfirm={async (reason) => {
          const r = voiding!
          await voidReturn.mutateAsync({ id: r.id, version: r.version, reason })
          notifySuccess(t('return.void.done', { number: r.number }))
        }}
      />
    </>
  )
}
