import { Alert, Anchor, Autocomplete, Button, Checkbox, Grid, Group, NumberInput, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { IconArrowBackUp, IconCash, IconDeviceFloppy, IconEraser, IconTruckDelivery } from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { fromMilli, proportionFen, toMilli } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { hasCapability } from '../../../core/auth/permissions'
import { useCurrentUser } from '../../app/session'
import { todayStr } from '../../shared/dates'
import { formatFen } from '../../shared/money'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { fieldIssues } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { CARRIERS, Fact, OrderStatusBadge, priceText, Qty } from './labels'
import { OrderPicker } from './OrderPicker'
import { SHIPPABLE_ORDER_STATUSES, useOrderRef, type OrderRefDetail, type OrderRefLine } from './orderRefs'
import { DELIVERY_QUERIES } from './shipment.api'

/** 新建发货单: from an order (?orderId=); without one, pick the order first. */
export function ShipmentNewPage() {
  const [params, setParams] = useSearchParams()
  const orderId = Number(params.get('orderId')) || null
  if (!orderId) return <OrderPicker onPick={(id) => setParams({ orderId: String(id) }, { replace: true })} />
  return <ShipmentEntry orderId={orderId} />
}

/** a typed quantity as milli-units, or null when it is not a number with at most 3 decimals */
function milliOf(v: string): number | null {
  const s = v.trim()
  if (s === '') return 0
  if (!/^\d{1,12}(\.\d{0,3})?$/.test(s)) return null
  return toMilli(s)
}

function ShipmentEntry({ orderId }: { orderId: number }) {
  const t = useT()
  const order = useOrderRef(orderId)
  if (order.isLoading)
    return (
      <Stack gap="sm">
        <Skeleton height={40} width="40%" />
        <Skeleton height={90} />
        <Skeleton height={260} />
      </Stack>
    )
  if (order.error || !order.data) return <ErrorBlock error={order.error ?? new Error(t('error.NOT_FOUND'))} onRetry={() => order.refetch()} />
  return <ShipmentForm order={order.data} />
}

function ShipmentForm({ order }: { order: OrderRefDetail }) {
  const t = useT()
  const navigate = useNavigate()
  const create = useApiMutation('shipment.create', { invalidate: DELIVERY_QUERIES })
  const customer = useApiQuery('customer.get', { id: order.customerId })
  const prepay = useApiQuery('receipt.openOrders', { customerId: order.customerId })
  const shippable = (SHIPPABLE_ORDER_STATUSES as readonly string[]).includes(order.status)
  const openLines = order.lines.filter((l) => toMilli(l.open) > 0)

  const [qty, setQty] = useState<Record<number, string>>(() => Object.fromEntries(order.lines.map((l) => [l.id, toMilli(l.open) > 0 ? l.open : '0'])))
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({})
  const [shipDate, setShipDate] = useState<string | null>(todayStr())
  const [carrier, setCarrier] = useState('')
  const [trackingNo, setTrackingNo] = useState('')
  const [addressId, setAddressId] = useState<string | null>(order.addressId ? String(order.addressId) : null)
  const [remark, setRemark] = useState('')
  // applying prepayments is an allocation (核销): offered to finance roles only (the core refuses it for others)
  const canAllocate = hasCapability(useCurrentUser().role, 'financeDocs')
  const [applyPrepayment, setApplyPrepayment] = useState(canAllocate)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const firstQty = useRef<HTMLInputElement>(null)

  const addresses = customer.data?.addresses ?? []
  useEffect(() => {
    // no address on the order: the customer's default one
    if (!addressId && addresses.length) {
      const d = addresses.find((a) => a.isDefault) ?? addresses[0]!
      setAddressId(String(d.id))
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [addresses.length])
  useEffect(() => {
    firstQty.current?.focus()
    firstQty.current?.select()
  }, [])

  const lineCheck = (l: OrderRefLine): string | null => {
    const m = milliOf(qty[l.id] ?? '')
    if (m === null) return t('shipment.new.qtyInvalid')
    if (m > toMilli(l.open)) return t('shipment.new.qtyOver', { open: l.open, unit: l.unit })
    return null
  }
  const preview = useMemo(() => {
    let total = 0
    let count = 0
    const byLine: Record<number, number> = {}
    for (const l of order.lines) {
      const m = milliOf(qty[l.id] ?? '')
      if (!m || m <= 0 || m > toMilli(l.open)) continue
      const shipped = toMilli(l.shipped)
      const whole = toMilli(l.quantity)
      const fen = proportionFen(l.amountFen, shipped + m, whole) - proportionFen(l.amountFen, shipped, whole)
      byLine[l.id] = fen
      total += fen
      count++
    }
    return { total, count, byLine }
  }, [qty, order.lines, t])
  const prepaymentFen = prepay.data?.prepaymentFen ?? 0

  const fillAll = () => {
    setQty(Object.fromEntries(order.lines.map((l) => [l.id, toMilli(l.open) > 0 ? l.open : '0'])))
    setLineErrors({})
  }
  const clearAll = () => {
    setQty(Object.fromEntries(order.lines.map((l) => [l.id, '0'])))
    setLineErrors({})
    firstQty.current?.focus()
  }

  const save = async () => {
    if (busy || !shippable) return
    setFormError(null)
    const errs: Record<number, string> = {}
    for (const l of order.lines) {
      const e = lineCheck(l)
      if (e) errs[l.id] = e
    }
    setLineErrors(errs)
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="shipment-lines"] [aria-invalid="true"]')?.focus())
      return
    }
    const lines = order.lines.filter((l) => (milliOf(qty[l.id] ?? '') ?? 0) > 0).map((l) => ({ orderLineId: l.id, quantity: fromMilli(milliOf(qty[l.id]!)!) }))
    if (!lines.length) {
      setFormError(t('shipment.new.nothing'))
      firstQty.current?.focus()
      return
    }
    if (!shipDate) {
      setFormError(t('validation.required', { field: t('shipment.field.shipDate') }))
      return
    }
    setBusy(true)
    try {
      const s = await create.mutateAsync({
        orderId: order.id,
        lines,
        shipDate,
        carrier: carrier.trim() || null,
        trackingNo: trackingNo.trim() || null,
        addressId: addressId ? Number(addressId) : null,
        remark: remark.trim() || null,
        applyPrepayment: prepaymentFen > 0 && canAllocate && applyPrepayment,
      })
      notifySuccess(
        s.prepaymentAppliedFen > 0 ? t('shipment.new.savedWithPrepayment', { number: s.number, amount: formatFen(s.prepaymentAppliedFen) }) : t('shipment.new.saved', { number: s.number }),
      )
      navigate(`/shipments/${s.id}`, { replace: true })
    } catch (e) {
      // a line's problem goes to its row; the rest (over-shipping, state) is shown as the core words it
      const issues = fieldIssues(e)
      const rowErrs: Record<number, string> = {}
      for (const i of issues) {
        const m = /^lines\.(\d+)\./.exec(i.path)
        const line = m ? lines[Number(m[1])] : undefined
        if (line) rowErrs[line.orderLineId] = i.message
      }
      if (Object.keys(rowErrs).length) setLineErrors(rowErrs)
      else notifyError(e)
    } finally {
      setBusy(false)
    }
  }
  useSaveHotkey(() => void save(), shippable)

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      onKeyDown={enterToNextField}
      noValidate
      data-testid="shipment-form"
    >
      <PageHeader
        crumbs={[{ label: t('shipment.list.title'), to: '/shipments' }, { label: t('shipment.new.title') }]}
        title={t('shipment.new.title')}
        subtitle={t('shipment.new.subtitle', { order: order.number, customer: order.customerName })}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(-1)} leftSection={<IconArrowBackUp size={16} />}>
              {t('action.cancel')}
            </Button>
            <Tooltip label={t('hotkey.save')}>
              <Button type="submit" loading={busy} disabled={!shippable} leftSection={<IconDeviceFloppy size={16} />} data-testid="shipment-save">
                {t('shipment.new.save')}
              </Button>
            </Tooltip>
          </>
        }
      />
      <Stack gap="sm">
        <Paper withBorder radius="sm" px="md" py="xs">
          <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="md" verticalSpacing={6}>
            <Fact label={t('shipment.field.order')}>
              <Anchor component={Link} to={`/orders/${order.id}`} size="sm" ff="monospace">
                {order.number}
              </Anchor>
            </Fact>
            <Fact label={t('shipment.field.customer')}>
              <Anchor component={Link} to={`/customers/${order.customerId}`} size="sm">
                {order.customerName}
              </Anchor>
            </Fact>
            <Fact label={t('shipment.field.orderDate')}>{order.orderDate}</Fact>
            <Fact label={t('shipment.field.promisedDate')}>{order.promisedDate}</Fact>
            <Fact label={t('shipment.field.orderStatus')}>
              <OrderStatusBadge status={order.status} label={order.statusLabel} />
            </Fact>
            <Fact label={t('shipment.field.orderTotal')}>
              <MoneyText fen={order.totalFen} size="sm" />
              <Text span size="xs" c="dimmed">
                {' '}
                {t('shipment.new.shippedSoFar', { amount: formatFen(order.shippedFen) })}
              </Text>
            </Fact>
          </SimpleGrid>
        </Paper>

        {!shippable && (
          <Alert color="orange" variant="light" title={t('shipment.new.notShippableTitle')} data-testid="not-shippable">
            {t('shipment.new.notShippable', { number: order.number, status: order.statusLabel })}
          </Alert>
        )}
        {formError && (
          <Alert color="red" variant="light" data-testid="shipment-form-error">
            {formError}
          </Alert>
        )}

        <Paper withBorder radius="sm" p="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 6, lg: 3 }}>
              <DateInput label={t('shipment.field.shipDate')} withAsterisk valueFormat="YYYY-MM-DD" value={shipDate} onChange={setShipDate} data-testid="ship-date" popoverProps={{ withinPortal: true }} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, lg: 4 }}>
              <Autocomplete label={t('shipment.field.carrier')} placeholder={t('shipment.new.carrierPlaceholder')} data={CARRIERS} value={carrier} onChange={setCarrier} maxLength={50} data-testid="ship-carrier" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <TextInput label={t('shipment.field.trackingNo')} placeholder={t('shipment.new.trackingPlaceholder')} value={trackingNo} onChange={(e) => setTrackingNo(e.currentTarget.value)} maxLength={60} data-testid="ship-tracking" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Select
                label={t('shipment.field.address')}
                placeholder={addresses.length ? t('shipment.new.addressPlaceholder') : t('shipment.new.noAddress')}
                data={addresses.map((a) => ({ value: String(a.id), label: `${a.receiver}${a.phone ? ` ${a.phone}` : ''} · ${a.address}` }))}
                value={addressId}
                onChange={setAddressId}
                clearable
                data-testid="ship-address"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Textarea label={t('shipment.field.remark')} autosize minRows={1} maxRows={4} maxLength={1000} value={remark} onChange={(e) => setRemark(e.currentTarget.value)} />
            </Grid.Col>
          </Grid>
        </Paper>

        <Paper withBorder radius="sm">
          <Group justify="space-between" px="md" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
            <Text fw={600} size="sm">
              {t('shipment.new.lines', { count: openLines.length })}
            </Text>
            <Group gap="xs">
              <Button size="compact-xs" variant="subtle" leftSection={<IconTruckDelivery size={14} />} onClick={fillAll} data-testid="ship-fill-all">
                {t('shipment.new.fillAll')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconEraser size={14} />} onClick={clearAll} data-testid="ship-clear-all">
                {t('shipment.new.clearAll')}
              </Button>
            </Group>
          </Group>
          <Table.ScrollContainer minWidth={860} type="native">
            <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" data-testid="shipment-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>#</Table.Th>
                  <Table.Th>{t('shipment.line.product')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.ordered')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.shipped')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.open')}</Table.Th>
                  <Table.Th w={150}>{t('shipment.line.thisTime')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.unitPrice')}</Table.Th>
                  <Table.Th ta="right">{t('shipment.line.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {order.lines.map((l, i) => {
                  const open = toMilli(l.open) > 0
                  return (
                    <Table.Tr key={l.id} data-testid="shipment-line" data-product={l.productCode} style={open ? undefined : { opacity: 0.55 }}>
                      <Table.Td c="dimmed">{l.lineNo}</Table.Td>
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
                      <Table.Td ta="right">
                        <Qty value={l.shipped} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Qty value={l.open} c={open ? undefined : 'dimmed'} />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          ref={i === order.lines.findIndex((x) => toMilli(x.open) > 0) ? firstQty : undefined}
                          size="xs"
                          hideControls
                          min={0}
                          decimalScale={3}
                          allowNegative={false}
                          disabled={!open}
                          aria-label={t('shipment.line.qtyFor', { product: l.productName })}
                          value={qty[l.id] ?? ''}
                          onChange={(v) => {
                            setQty((q) => ({ ...q, [l.id]: String(v) }))
                            setLineErrors((e) => {
                              if (!e[l.id]) return e
                              const n = { ...e }
                              delete n[l.id]
                              return n
                            })
                          }}
                          onFocus={(e) => e.currentTarget.select()}
                          error={lineErrors[l.id]}
                          rightSection={
                            <Text size="xs" c="dimmed">
                              {l.unit}
                            </Text>
                          }
                          rightSectionWidth={34}
                          styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
                          data-testid="ship-qty"
                        />
                      </Table.Td>
                      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {priceText(l.unitPrice)}
                      </Table.Td>
                      <Table.Td ta="right">
                        <MoneyText fen={preview.byLine[l.id] ?? 0} size="sm" c={preview.byLine[l.id] ? undefined : 'dimmed'} />
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Td colSpan={7} ta="right">
                    <Text size="sm" fw={500}>
                      {t('shipment.new.total', { count: preview.count })}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText fen={preview.total} size="md" fw={700} data-testid="ship-total" />
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        </Paper>

        {prepaymentFen > 0 && canAllocate && (
          <Alert color="teal" variant="light" icon={<IconCash size={18} />} title={t('shipment.new.prepaymentTitle', { amount: formatFen(prepaymentFen) })} data-testid="prepayment-offer">
            <Checkbox
              mt={4}
              checked={applyPrepayment}
              onChange={(e) => setApplyPrepayment(e.currentTarget.checked)}
              label={t('shipment.new.applyPrepayment', { amount: formatFen(Math.min(prepaymentFen, preview.total)) })}
              description={t('shipment.new.applyPrepaymentHint')}
              data-testid="apply-prepayment"
            />
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          {t('shipment.new.hint')}
        </Text>
      </Stack>
    </form>
  )
}
