import { Anchor, Badge, Button, Checkbox, Group, Modal, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { IconBan, IconPlus } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { useSession } from '../../app/session'
import { DataTable, pagedQueryProps, type Column } from '../../shared/DataTable'
import { todayStr } from '../../shared/dates'
import { applyServerErrors } from '../../shared/formErrors'
import { DateRangeFilter } from '../../shared/ListToolbar'
import { useSaveHotkey } from '../../shared/hotkeys'
import { MoneyInput } from '../../shared/MoneyInput'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { useListState } from '../../shared/useListState'
import { CancelWithReasonModal } from '../shipment/ShipmentDialogs'
import { DELIVERY_QUERIES, INVOICE_KINDS, type InvoiceKind, type InvoiceRecord } from '../shipment/shipment.api'
import { CustomerSelect } from './CustomerSelect'
import { FINANCE_ROLES } from './ReceiptPage'
import { ExportButton } from '../excel/ExportButton'

/** 开票登记列表: invoices issued outside Kedan, by customer and date. */
export function InvoiceListPage() {
  const t = useT()
  const { hasRole } = useSession()
  const list = useListState({ storageKey: 'invoices' })
  const { params, table } = list
  const customerId = Number(params.get('customerId')) || null
  const from = params.get('from')
  const to = params.get('to')
  const [adding, setAdding] = useState(false)
  const [voiding, setVoiding] = useState<InvoiceRecord | null>(null)
  const voidInvoice = useApiMutation('invoice.void', { invalidate: DELIVERY_QUERIES })
  const exportFilters = { customerId: customerId ?? undefined, dateFrom: from ?? undefined, dateTo: to ?? undefined }
  const search = useApiQuery('invoice.search', { ...exportFilters, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const canWrite = hasRole(...FINANCE_ROLES)
  const columns: Column<InvoiceRecord>[] = [
    {
      key: 'invoiceNo',
      title: t('invoice.field.invoiceNo'),
      render: (i) => (
        <>
          <Text span size="sm" ff="monospace" fw={500} td={i.status === 'voided' ? 'line-through' : undefined}>
            {i.invoiceNo}
          </Text>
          {i.status === 'voided' && (
            <Badge ml={6} size="xs" color="gray" variant="light" title={t('invoice.voidedReason', { reason: i.voidReason ?? '—' })} data-testid="invoice-voided">
              {t('invoice.voided')}
            </Badge>
          )}
        </>
      ),
      nowrap: true,
    },
    { key: 'kind', title: t('invoice.field.kind'), render: (i) => t(`invoice.kind.${i.kind}`), nowrap: true },
    { key: 'issuedOn', title: t('invoice.field.issuedOn'), render: (i) => i.issuedOn, nowrap: true },
    {
      key: 'customer',
      title: t('receipt.field.customer'),
      render: (i) => (
        <Anchor component={Link} to={`/customers/${i.customerId}`} size="sm">
          {i.customerName}
        </Anchor>
      ),
    },
    { key: 'amount', title: t('invoice.field.amount'), align: 'right', render: (i) => <MoneyText fen={i.amountFen} size="sm" fw={500} /> },
    { key: 'tax', title: t('invoice.field.tax'), align: 'right', render: (i) => <MoneyText fen={i.taxFen} size="sm" c="dimmed" /> },
    { key: 'shipments', title: t('invoice.field.shipments'), align: 'right', render: (i) => (i.shipmentIds.length ? t('invoice.shipmentCount', { count: i.shipmentIds.length }) : '—') },
    { key: 'remark', title: t('receipt.field.remark'), render: (i) => <Text span size="sm" c="dimmed">{i.remark ?? ''}</Text> },
    { key: 'by', title: t('invoice.field.by'), render: (i) => i.updatedByName ?? '', nowrap: true },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: '',
            align: 'right' as const,
            render: (i: InvoiceRecord) =>
              i.status === 'valid' ? (
                <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconBan size={12} />} onClick={() => setVoiding(i)} data-testid="invoice-void">
                  {t('invoice.void.action')}
                </Button>
              ) : (
                <Text span size="xs" c="dimmed">
                  {i.voidReason ?? ''}
                </Text>
              ),
          },
        ]
      : []),
  ]
  return (
    <>
      <PageHeader
        title={t('invoice.list.title')}
        subtitle={t('invoice.list.subtitle')}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="invoice-new">
              {t('invoice.list.new')}
            </Button>
          )
        }
      />
      <DataTable
        testId="invoice-table"
        toolbar={
          <Group gap="xs">
            <CustomerSelect size="xs" w={260} value={customerId} onChange={(id) => list.setParam('customerId', id ? String(id) : null)} placeholder={t('invoice.list.customerAll')} />
            <DateRangeFilter list={list} placeholder={t('invoice.list.dateRange')} />
            <ExportButton list="invoices" filters={exportFilters} />
          </Group>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(i) => i.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        rowAttrs={(i) => ({ 'data-testid': 'invoice-row' })}
        empty={{ title: t('invoice.list.emptyTitle'), description: t('invoice.list.emptyDescription') }}
      />
      <InvoiceModal opened={adding} customerId={customerId} onClose={() => setAdding(false)} />
      <CancelWithReasonModal
        opened={!!voiding}
        title={t('invoice.void.title', { invoiceNo: voiding?.invoiceNo ?? '' })}
        warning={t('invoice.void.warning', { amount: formatFen(voiding?.amountFen ?? 0) })}
        confirmLabel={t('invoice.void.confirm')}
        onClose={() => setVoiding(null)}
        onConfirm={async (reason) => {
          const i = voiding!
          await voidInvoice.mutateAsync({ id: i.id, version: i.version, reason })
          notifySuccess(t('invoice.void.done', { invoiceNo: i.invoiceNo }))
        }}
      />
    </>
  )
}

interface InvoiceErrors {
  customerId?: string
  invoiceNo?: string
  issuedOn?: string
  amountFen?: string
  taxFen?: string
  shipmentIds?: string
}

/** 开票登记: an invoice issued outside Kedan, optionally against the customer's shipments (未开票金额 each). */
export function InvoiceModal({ opened, customerId: initialCustomer, onClose }: { opened: boolean; customerId: number | null; onClose: () => void }) {
  const t = useT()
  const create = useApiMutation('invoice.create', { invalidate: ['invoice.', 'shipment.', 'ar.', 'order.'] })
  const [customerId, setCustomerId] = useState<number | null>(initialCustomer)
  const [kind, setKind] = useState<InvoiceKind>('vat_special')
  const [invoiceNo, setInvoiceNo] = useState('')
  const [issuedOn, setIssuedOn] = useState<string | null>(todayStr())
  const [amountFen, setAmountFen] = useState<number | null>(null)
  const [taxFen, setTaxFen] = useState<number | null>(null)
  const [remark, setRemark] = useState('')
  const [picked, setPicked] = useState<Set<number>>(new Set())
  const [errors, setErrors] = useState<InvoiceErrors>({})
  useEffect(() => {
    if (opened) {
      setCustomerId(initialCustomer)
      setInvoiceNo('')
      setAmountFen(null)
      setTaxFen(null)
      setRemark('')
      setPicked(new Set())
      setErrors({})
    }
  }, [opened, initialCustomer])
  const ships = useApiQuery('shipment.search', { customerId: customerId ?? 0, page: 1, pageSize: 100 }, { enabled: opened && !!customerId })
  const open = (ships.data?.items ?? []).filter((s) => s.status !== 'cancelled' && s.totalFen - s.returnedFen - s.invoicedFen > 0)
  const pickedOpen = open.filter((s) => picked.has(s.id)).reduce((sum, s) => sum + s.totalFen - s.returnedFen - s.invoicedFen, 0)

  const suggestSeq = useRef(0)
  const togglePick = (id: number) => {
    const next = new Set(picked)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setPicked(next)
    const sum = open.filter((s) => next.has(s.id)).reduce((x, s) => x + s.totalFen - s.returnedFen - s.invoicedFen, 0)
    // the amount follows the chosen shipments (a common case: one invoice for exactly these), the tax is their
    // lines' tax as the order computed it at each line's rate (invoice.suggest), not the total at 13 %
    setAmountFen(sum || null)
    setTaxFen(null)
    const seq = ++suggestSeq.current
    if (next.size && customerId) {
      invoke('invoice.suggest', { customerId, shipmentIds: [...next] })
        .then((r) => {
          if (seq === suggestSeq.current) setTaxFen(r.taxFen)
        })
        .catch(notifyError)
    }
  }

  const save = async () => {
    const e: InvoiceErrors = {}
    if (!customerId) e.customerId = t('validation.required', { field: t('receipt.field.customer') })
    if (!invoiceNo.trim()) e.invoiceNo = t('validation.required', { field: t('invoice.field.invoiceNo') })
    if (!issuedOn) e.issuedOn = t('validation.required', { field: t('invoice.field.issuedOn') })
    if (!amountFen || amountFen <= 0) e.amountFen = t('invoice.amountPositive')
    if ((taxFen ?? 0) > (amountFen ?? 0)) e.taxFen = t('invoice.taxOver')
    setErrors(e)
    if (Object.keys(e).length) return
    try {
      const r = await create.mutateAsync({
        customerId: customerId!,
        invoiceNo: invoiceNo.trim(),
        kind,
        issuedOn: issuedOn!,
        amountFen: amountFen!,
        taxFen: taxFen ?? 0,
        shipmentIds: picked.size ? [...picked] : undefined,
        remark: remark.trim() || null,
      })
      notifySuccess(t('invoice.saved', { invoiceNo: r.invoiceNo }))
      onClose()
    } catch (err) {
      const sink = { setFieldError: (path: string, msg: React.ReactNode) => setErrors((x) => ({ ...x, [path]: String(msg) })) }
      const { placed } = applyServerErrors(sink as never, err, { fields: ['customerId', 'invoiceNo', 'issuedOn', 'amountFen', 'taxFen', 'shipmentIds'] })
      if (!placed) notifyError(err)
    }
  }
  useSaveHotkey(() => void save(), opened)

  return (
    <Modal opened={opened} onClose={onClose} title={t('invoice.new.title')} size={760} data-testid="invoice-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
        noValidate
      >
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <CustomerSelect
              label={t('receipt.field.customer')}
              withAsterisk
              value={customerId}
              onChange={(id) => {
                setCustomerId(id)
                setPicked(new Set())
              }}
              error={errors.customerId}
              comboboxProps={{ withinPortal: true }}
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t('invoice.field.kind')}
              </Text>
              <SegmentedControl size="xs" fullWidth value={kind} onChange={(v) => setKind(v as InvoiceKind)} data={INVOICE_KINDS.map((k) => ({ value: k, label: t(`invoice.kindShort.${k}`) }))} />
            </div>
            <TextInput label={t('invoice.field.invoiceNo')} withAsterisk maxLength={40} value={invoiceNo} onChange={(e) => setInvoiceNo(e.currentTarget.value)} error={errors.invoiceNo} data-testid="invoice-no" />
            <DateInput label={t('invoice.field.issuedOn')} withAsterisk valueFormat="YYYY-MM-DD" value={issuedOn} onChange={setIssuedOn} error={errors.issuedOn} popoverProps={{ withinPortal: true }} />
            <MoneyInput label={t('invoice.field.amount')} withAsterisk value={amountFen} onChange={setAmountFen} error={errors.amountFen} data-testid="invoice-amount" />
            <MoneyInput
              label={t('invoice.field.tax')}
              value={taxFen}
              onChange={setTaxFen}
              error={errors.taxFen}
              description={
                amountFen ? (
                  <Group gap={6}>
                    {[13, 9, 6, 3, 1].map((r) => (
                      <Anchor key={r} component="button" type="button" size="xs" onClick={() => setTaxFen(taxOf(amountFen, r))}>
                        {r}%
                      </Anchor>
                    ))}
                  </Group>
                ) : undefined
              }
            />
          </SimpleGrid>
          {customerId && (
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t('invoice.field.shipments')}
                <Text span size="xs" c="dimmed" ml={6}>
                  {t('invoice.new.shipmentsHint')}
                </Text>
              </Text>
              {open.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {ships.isLoading ? t('app.loading') : t('invoice.new.noOpenShipments')}
                </Text>
              ) : (
                <Table fz="sm" verticalSpacing={4} withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={36} />
                      <Table.Th>{t('shipment.field.number')}</Table.Th>
                      <Table.Th>{t('shipment.field.shipDate')}</Table.Th>
                      <Table.Th ta="right">{t('shipment.field.total')}</Table.Th>
                      <Table.Th ta="right">{t('invoice.new.uninvoiced')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {open.map((s) => (
                      <Table.Tr key={s.id}>
                        <Table.Td>
                          <Checkbox size="xs" checked={picked.has(s.id)} onChange={() => togglePick(s.id)} aria-label={s.number} />
                        </Table.Td>
                        <Table.Td ff="monospace">{s.number}</Table.Td>
                        <Table.Td>{s.shipDate}</Table.Td>
                        <Table.Td ta="right">
                          <MoneyText fen={s.totalFen - s.returnedFen} size="sm" />
                        </Table.Td>
                        <Table.Td ta="right">
                          <MoneyText fen={s.totalFen - s.returnedFen - s.invoicedFen} size="sm" fw={500} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {picked.size > 0 && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('invoice.new.pickedOpen')} <MoneyText fen={pickedOpen} size="xs" />
                </Text>
              )}
              {errors.shipmentIds && (
                <Text size="xs" c="red">
                  {errors.shipmentIds}
                </Text>
              )}
            </div>
          )}
          <Textarea label={t('receipt.field.remark')} autosize minRows={1} maxLength={500} value={remark} onChange={(e) => setRemark(e.currentTarget.value)} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('hotkey.save')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('action.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="invoice-save">
                {t('action.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** tax inside a tax-inclusive amount at a rate, rounded half-up to the fen (integer arithmetic) */
function taxOf(amountFen: number, ratePct: number): number {
  // amount × rate / (100 + rate), half-up, without binary fractions
  const num = amountFen * ratePct
  const den = 100 + ratePct
  return Math.floor((2 * num + den) / (2 * den))
}
