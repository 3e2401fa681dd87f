import { Alert, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowBackUp, IconDeviceFloppy } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { amountInWords } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { todayStr } from '../../shared/dates'
import { applyServerErrors } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { formatFen } from '../../shared/money'
import { MoneyInput } from '../../shared/MoneyInput'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { AllocationTable, allocationErrors, allocationSum, toAllocations, type AllocationState } from './AllocationTable'
import { CustomerSelect } from './CustomerSelect'
import { RECEIPT_METHODS, RECEIPT_QUERIES, type ReceiptMethod } from './receipt.api'

/**
 * 新建收款单: customer, amount, date, method, reference; the customer's orders with a receivable,
 * FIFO-allocated as the amount is typed (editable per order); what is left is 预收款.
 */
export function ReceiptNewPage() {
  const t = useT()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const create = useApiMutation('receipt.create', { invalidate: RECEIPT_QUERIES })
  const [customerId, setCustomerId] = useState<number | null>(Number(params.get('customerId')) || null)
  const [amountFen, setAmountFen] = useState<number | null>(null)
  const [receivedOn, setReceivedOn] = useState<string | null>(todayStr())
  const [method, setMethod] = useState<ReceiptMethod>('bank')
  const [reference, setReference] = useState('')
  const [remark, setRemark] = useState('')
  const [alloc, setAlloc] = useState<AllocationState>({})
  const [manual, setManual] = useState(false)
  const [errors, setErrors] = useState<{ customerId?: string; amountFen?: string; receivedOn?: string; reference?: string }>({})
  const [busy, setBusy] = useState(false)
  const amountRef = useRef<HTMLInputElement>(null)

  const [debouncedAmount] = useDebouncedValue(amountFen, 300)
  // while the amount is being typed the previous suggestion stays on screen, but never another customer's orders
  const open = useApiQuery(
    'receipt.openOrders',
    { customerId: customerId ?? 0, amountFen: debouncedAmount ?? undefined },
    { enabled: !!customerId, placeholderData: (prev, prevQuery) => ((prevQuery?.queryKey as readonly [string, { customerId: number }] | undefined)?.[1].customerId === customerId ? prev : undefined) },
  )
  const ar = useApiQuery('ar.customer', { customerId: customerId ?? 0 }, { enabled: !!customerId })
  const orders = customerId ? (open.data?.items ?? []) : []

  // the FIFO suggestion follows the amount until the user changes an allocation by hand
  useEffect(() => {
    if (!manual && open.data && !open.isPlaceholderData && customerId) setAlloc(Object.fromEntries(open.data.items.filter((o) => o.suggestedFen > 0).map((o) => [o.orderId, o.suggestedFen])))
  }, [open.data, open.isPlaceholderData, manual, customerId])

  const check = allocationErrors(orders, alloc, amountFen ?? 0, t)
  const sum = allocationSum(alloc)

  const save = async () => {
    if (busy) return
    const errs: typeof errors = {}
    if (!customerId) errs.customerId = t('validation.required', { field: t('receipt.field.customer') })
    if (!amountFen || amountFen <= 0) errs.amountFen = t('receipt.new.amountPositive')
    if (!receivedOn) errs.receivedOn = t('validation.required', { field: t('receipt.field.receivedOn') })
    setErrors(errs)
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="receipt-form"] [aria-invalid="true"]')?.focus())
      return
    }
    if (Object.keys(check.rows).length || check.overTotal) return
    setBusy(true)
    try {
      // the FIFO suggestion for exactly this amount, also when Ctrl+S comes before the suggestion caught up
      let allocations = toAllocations(alloc)
      if (!manual) {
        const current = open.data && !open.isPlaceholderData && debouncedAmount === amountFen ? open.data : await invoke('receipt.openOrders', { customerId: customerId!, amountFen: amountFen! })
        allocations = current.items.filter((o) => o.suggestedFen > 0).map((o) => ({ orderId: o.orderId, amountFen: o.suggestedFen }))
      }
      const r = await create.mutateAsync({
        customerId: customerId!,
        amountFen: amountFen!,
        receivedOn: receivedOn!,
        method,
        reference: reference.trim() || null,
        remark: remark.trim() || null,
        allocations,
      })
      notifySuccess(t('receipt.new.saved', { number: r.number, allocated: formatFen(r.allocatedFen), prepayment: formatFen(r.unallocatedFen) }))
      navigate(`/receipts/${r.id}`, { replace: true })
    } catch (e) {
      const sink = { setFieldError: (path: string, msg: React.ReactNode) => setErrors((x) => ({ ...x, [path]: String(msg) })) }
      const { placed } = applyServerErrors(sink as never, e, { fields: ['customerId', 'amountFen', 'receivedOn', 'reference'] })
      if (!placed) notifyError(e)
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
      data-testid="receipt-form"
    >
      <PageHeader
        crumbs={[{ label: t('receipt.list.title'), to: '/receipts' }, { label: t('receipt.new.title') }]}
        title={t('receipt.new.title')}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(-1)} leftSection={<IconArrowBackUp size={16} />}>
              {t('action.cancel')}
            </Button>
            <Tooltip label={t('hotkey.save')}>
              <Button type="submit" loading={busy} leftSection={<IconDeviceFloppy size={16} />} data-testid="receipt-save">
                {t('receipt.new.save')}
              </Button>
            </Tooltip>
          </>
        }
      />
      <Stack gap="sm">
        <Paper withBorder radius="sm" p="md">
          <SimpleGrid cols={{ base: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
            <CustomerSelect
              label={t('receipt.field.customer')}
              withAsterisk
              autoFocus={!customerId}
              value={customerId}
              onChange={(id) => {
                setCustomerId(id)
                setAlloc({})
                setManual(false)
                setErrors((x) => ({ ...x, customerId: undefined }))
                if (id) requestAnimationFrame(() => amountRef.current?.focus())
              }}
              error={errors.customerId}
              data-testid="receipt-customer"
            />
            <MoneyInput
              ref={amountRef}
              label={t('receipt.field.amount')}
              withAsterisk
              autoFocus={!!customerId}
              value={amountFen}
              onChange={(v) => {
                setAmountFen(v)
                setErrors((x) => ({ ...x, amountFen: undefined }))
              }}
              error={errors.amountFen}
              description={amountFen ? amountInWords(amountFen) : undefined}
              data-testid="receipt-amount"
            />
            <DateInput
              label={t('receipt.field.receivedOn')}
              withAsterisk
              valueFormat="YYYY-MM-DD"
              value={receivedOn}
              onChange={setReceivedOn}
              error={errors.receivedOn}
              popoverProps={{ withinPortal: true }}
              data-testid="receipt-date"
            />
          </SimpleGrid>
          <Stack gap={4} mt="sm">
            <Text size="sm" fw={500} id="receipt-method-label">
              {t('receipt.field.method')}
            </Text>
            <SegmentedControl
              aria-labelledby="receipt-method-label"
              size="xs"
              value={method}
              onChange={(v) => setMethod(v as ReceiptMethod)}
              data={RECEIPT_METHODS.map((m) => ({ value: m, label: t(`receipt.method.${m}`) }))}
              data-testid="receipt-method"
              style={{ alignSelf: 'flex-start' }}
            />
          </Stack>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" mt="sm">
            <TextInput label={t('receipt.field.reference')} placeholder={t('receipt.new.referencePlaceholder')} maxLength={100} value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errors.reference} data-testid="receipt-reference" />
            <TextInput label={t('receipt.field.remark')} maxLength={500} value={remark} onChange={(e) => setRemark(e.currentTarget.value)} />
          </SimpleGrid>
        </Paper>

        {customerId && ar.data && (
          <Group gap="xl" px="xs" data-testid="receipt-customer-ar">
            <Text size="sm" c="dimmed">
              {t('receipt.new.balance')} <MoneyText fen={ar.data.balanceFen} size="sm" fw={600} c="dark" />
            </Text>
            <Text size="sm" c="dimmed">
              {t('receipt.new.overdue')} <MoneyText fen={ar.data.overdueFen} size="sm" fw={600} c={ar.data.overdueFen > 0 ? 'red' : 'dark'} />
            </Text>
            <Text size="sm" c="dimmed">
              {t('receipt.new.existingPrepayment')} <MoneyText fen={ar.data.prepaymentFen} size="sm" fw={600} c="dark" />
            </Text>
          </Group>
        )}

        {customerId ? (
          <AllocationTable
            orders={orders}
            alloc={alloc}
            availableFen={amountFen ?? 0}
            errors={check.rows}
            loading={open.isLoading}
            onChange={(next) => {
              setManual(true)
              setAlloc(next)
            }}
            onFifo={() => {
              setManual(false)
              if (open.data) setAlloc(Object.fromEntries(open.data.items.filter((o) => o.suggestedFen > 0).map((o) => [o.orderId, o.suggestedFen])))
            }}
          />
        ) : (
          <Paper withBorder radius="sm" p="lg">
            <Text size="sm" c="dimmed" ta="center">
              {t('receipt.new.pickCustomer')}
            </Text>
          </Paper>
        )}
        {check.overTotal && (
          <Alert color="red" variant="light" data-testid="alloc-over">
            {t('receipt.alloc.overTotal', { sum: formatFen(sum), amount: formatFen(amountFen ?? 0) })}
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          {t('receipt.new.hint')}
        </Text>
      </Stack>
    </form>
  )
}
