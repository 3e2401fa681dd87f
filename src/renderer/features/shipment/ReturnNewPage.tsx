import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { IconArrowBackUp, IconDeviceFloppy } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { fromMilli, proportionFen, toMilli } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { todayStr } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { fieldIssues } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { Fact, Qty } from './labels'
import { DELIVERY_QUERIES, type ShipmentDetail } from './shipment.api'

/** 退货单 from a shipment: per line up to what is still returnable, a reason and a date. */
export function ReturnNewPage() {
  const t = useT()
  const id = Number(useParams().id)
  const q = useApiQuery('shipment.get', { id })
  if (q.isLoading) return <Skeleton height={300} />
  if (q.error || !q.data) return <ErrorBlock error={q.error ?? new Error(t('error.NOT_FOUND'))} onRetry={() => q.refetch()} />
  return <ReturnForm s={q.data} />
}

function milliOf(v: string): number | null {
  const s = v.trim()
  if (s === '') return 0
  if (!/^\d{1,12}(\.\d{0,3})?$/.test(s)) return null
  return toMilli(s)
}

function ReturnForm({ s }: { s: ShipmentDetail }) {
  const t = useT()
  const navigate = useNavigate()
  const create = useApiMutation('return.create', { invalidate: DELIVERY_QUERIES })
  const [qty, setQty] = useState<Record<number, string>>({})
  const [errors, setErrors] = useState<Record<number, string>>({})
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  const [dateError, setDateError] = useState<string | null>(null)
  const [returnedOn, setReturnedOn] = useState<string | null>(todayStr())
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const preview = useMemo(() => {
    const byLine: Record<number, number> = {}
    let total = 0
    for (const l of s.lines) {
      const m = milliOf(qty[l.id] ?? '')
      if (!m || m > toMilli(l.returnable)) continue
      const whole = toMilli(l.quantity)
      const done = toMilli(l.returned)
      byLine[l.id] = proportionFen(l.amountFen, done + m, whole) - proportionFen(l.amountFen, done, whole)
      total += byLine[l.id]!
    }
    return { byLine, total }
  }, [qty, s.lines])

  const save = async () => {
    if (busy) return
    setFormError(null)
    const errs: Record<number, string> = {}
    for (const l of s.lines) {
      const m = milliOf(qty[l.id] ?? '')
      if (m === null) errs[l.id] = t('shipment.new.qtyInvalid')
      else if (m > toMilli(l.returnable)) errs[l.id] = t('return.qtyOver', { max: l.returnable, unit: l.unit })
    }
    setErrors(errs)
    if (!reason.trim()) setReasonError(t('validation.required', { field: t('return.field.reason') }))
    if (Object.keys(errs).length || !reason.trim()) return
    const lines = s.lines.filter((l) => (milliOf(qty[l.id] ?? '') ?? 0) > 0).map((l) => ({ shipmentLineId: l.id, quantity: fromMilli(milliOf(qty[l.id]!)!) }))
    if (!lines.length) {
      setFormError(t('return.nothing'))
      return
    }
    setBusy(true)
    try {
      const r = await create.mutateAsync({ shipmentId: s.id, lines, reason: reason.trim(), returnedOn: returnedOn ?? undefined })
      notifySuccess(t('return.saved', { number: r.number, amount: formatFen(r.totalFen) }))
      navigate(`/shipments/${s.id}`, { replace: true })
    } catch (e) {
      const rowErrs: Record<number, string> = {}
      for (const i of fieldIssues(e)) {
        const m = /^lines\.(\d+)\./.exec(i.path)
        const line = m ? lines[Number(m[1])] : undefined
        if (line) rowErrs[line.shipmentLineId] = i.message
        if (i.path === 'reason') setReasonError(i.message)
        if (i.path === 'returnedOn') setDateError(i.message)
      }
      if (Object.keys(rowErrs).length) setErrors(rowErrs)
      else if (!fieldIssues(e).some((i) => i.path === 'reason' || i.path === 'returnedOn')) notifyError(e)
    } finally {
      setBusy(false)
    }
  }
  useSaveHotkey(() => void save())

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      onKeyDown={enterToNextField}
      noValidate
      data-testid="return-form"
    >
      <PageHeader
        crumbs={[
          { label: t('shipment.list.title'), to: '/shipments' },
          { label: s.number, to: `/shipments/${s.id}` },
          { label: t('return.new.title') },
        ]}
        title={t('return.new.title')}
        subtitle={t('return.new.subtitle', { number: s.number, customer: s.customerName })}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(-1)} leftSection={<IconArrowBackUp size={16} />}>
              {t('action.cancel')}
            </Button>
            <Tooltip label={t('hotkey.save')}>
              <Button type="submit" loading={busy} leftSection={<IconDeviceFloppy size={16} />} data-testid="return-save">
                {t('return.new.save')}
              </Button>
            </Tooltip>
          </>
        }
      />
      <Stack gap="sm">
        {s.status === 'cancelled' && <Alert color="orange">{t('return.cancelledShipment')}</Alert>}
        {formError && (
          <Alert color="red" variant="light">
            {formError}
          </Alert>
        )}
        <Paper withBorder radius="sm" p="md">
          <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="md">
            <Fact label={t('shipment.field.customer')}>{s.customerName}</Fact>
            <Fact label={t('shipment.field.order')}>{s.orderNumber}</Fact>
            <Fact label={t('shipment.field.shipDate')}>{s.shipDate}</Fact>
            <DateInput
              label={t('return.field.returnedOn')}
              withAsterisk
              valueFormat="YYYY-MM-DD"
              minDate={s.shipDate}
              value={returnedOn}
              onChange={(v) => {
                setReturnedOn(v)
                setDateError(null)
              }}
              error={dateError}
              popoverProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <Textarea
            mt="sm"
            label={t('return.field.reason')}
            placeholder={t('return.reasonPlaceholder')}
            withAsterisk
            autosize
            minRows={1}
            maxLength={500}
            value={reason}
            error={reasonError}
            onChange={(e) => {
              setReason(e.currentTarget.value)
              setReasonError(null)
            }}
            data-testid="return-reason"
          />
        </Paper>
        <Paper withBorder radius="sm">
          <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" data-testid="return-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('shipment.line.product')}</Table.Th>
                <Table.Th ta="right">{t('shipment.line.quantity')}</Table.Th>
                <Table.Th ta="right">{t('shipment.line.returned')}</Table.Th>
                <Table.Th ta="right">{t('return.line.returnable')}</Table.Th>
                <Table.Th w={150}>{t('return.line.thisTime')}</Table.Th>
                <Table.Th ta="right">{t('shipment.line.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.lines.map((l) => {
                const can = toMilli(l.returnable) > 0
                return (
                  <Table.Tr key={l.id} style={can ? undefined : { opacity: 0.55 }}>
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
                      <Qty value={l.returned} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Qty value={l.returnable} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="xs"
                        hideControls
                        min={0}
                        decimalScale={3}
                        allowNegative={false}
                        disabled={!can}
                        placeholder="0"
                        aria-label={t('shipment.line.qtyFor', { product: l.productName })}
                        value={qty[l.id] ?? ''}
                        onChange={(v) => {
                          setQty((q) => ({ ...q, [l.id]: String(v) }))
                          setErrors((e) => ({ ...e, [l.id]: '' }))
                        }}
                        error={errors[l.id] || undefined}
                        rightSection={
                          <Text size="xs" c="dimmed">
                            {l.unit}
                          </Text>
                        }
                        rightSectionWidth={34}
                        styles={{ input: { textAlign: 'right' } }}
                        data-testid="return-qty"
                      />
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
                <Table.Td colSpan={5} ta="right" fw={500}>
                  {t('return.total')}
                </Table.Td>
                <Table.Td ta="right">
                  <MoneyText fen={preview.total} size="md" fw={700} />
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Paper>
        <Group>
          <Text size="xs" c="dimmed">
            {t('return.hint')}
          </Text>
        </Group>
      </Stack>
    </form>
  )
}
