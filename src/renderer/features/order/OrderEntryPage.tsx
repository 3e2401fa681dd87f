import { Alert, Box, Button, Group, Kbd, Loader, NumberInput, Paper, Select, SimpleGrid, Switch, Text, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useHotkeys } from '@mantine/hooks'
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { invoke, isApiError } from '../../app/transport'
import { ConflictAlert, staleConflictOf, type ConflictInfo } from '../../shared/conflict'
import { todayStr } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { useSaveHotkey } from '../../shared/hotkeys'
import { formatFen } from '../../shared/money'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useInvalidate } from '../../shared/query'
import type { Customer, Customer360 } from '../customer/customer.api'
import { useUserOptions } from '../users/useUsers'
import { CustomerPicker, type CustomerRef } from './CustomerPicker'
import { settle, type SearchPickerHandle } from './SearchPicker'
import { OrderStatusBadge } from './labels'
import { LineGrid, type LineGridHandle } from './LineGrid'
import { checkLines, lineRuleError, splitIssues } from './lineChecks'
import { blankLine, fromLineOut, linesSignature, toLineInputs, totalsOf, type DraftLine } from './lineDraft'
import { ORDER_QUERIES, type OrderDetail, type OrderHeaderInput, type OrderStatus } from './order.api'
import { TotalsBar } from './TotalsBar'

interface Header {
  contactId: string | null
  addressId: string | null
  salespersonId: string | null
  orderDate: string
  promisedDate: string | null
  paymentTermDays: number | string
  priceIncludesTax: boolean
  remark: string
}

const blankHeader = (): Header => ({
  contactId: null,
  addressId: null,
  salespersonId: null,
  orderDate: todayStr(),
  promisedDate: null,
  paymentTermDays: 0,
  priceIncludesTax: true,
  remark: '',
})

function headerOf(o: OrderDetail): Header {
  return {
    contactId: o.contactId ? String(o.contactId) : null,
    addressId: o.addressId ? String(o.addressId) : null,
    salespersonId: o.salespersonId ? String(o.salespersonId) : null,
    orderDate: o.orderDate,
    promisedDate: o.promisedDate,
    paymentTermDays: o.paymentTermDays,
    priceIncludesTax: o.priceIncludesTax,
    remark: o.remark ?? '',
  }
}

const num = (v: string | null) => (v ? Number(v) : null)

function headerInput(customerId: number, h: Header): OrderHeaderInput {
  return {
    customerId,
    contactId: num(h.contactId),
    addressId: num(h.addressId),
    salespersonId: num(h.salespersonId),
    orderDate: h.orderDate,
    promisedDate: h.promisedDate || null,
    paymentTermDays: Number(h.paymentTermDays) || 0,
    priceIncludesTax: h.priceIncludesTax,
    remark: h.remark.trim() || null,
  }
}

type HeaderErrors = Partial<Record<keyof Header | 'customerId', string>>

export function OrderNewPage() {
  const [params] = useSearchParams()
  return <OrderEntry key="new" initialCustomerId={Number(params.get('customerId')) || null} />
}

export function OrderEditPage() {
  const id = Number(useParams().id)
  return <OrderEntry key={id} id={id} />
}

/**
 * 订单录入 — built for people who enter orders all day:
 * customer (type name or pinyin, Enter) → the grid (product, Enter, quantity, Enter, price … Enter to the
 * next line) → Ctrl+S saves, Ctrl+Enter saves and submits for approval. Header fields default from the customer.
 */
function OrderEntry({ id, initialCustomerId }: { id?: number; initialCustomerId?: number | null }) {
  const t = useT()
  const me = useCurrentUser()
  const navigate = useNavigate()
  const invalidate = useInvalidate()
  const { options: userOptions } = useUserOptions()
  const gridRef = useRef<LineGridHandle>(null)
  const remarkRef = useRef<HTMLInputElement>(null)
  const customerInputRef = useRef<HTMLInputElement>(null)
  const customerPicker = useRef<SearchPickerHandle>(null)

  const [customer, setCustomer] = useState<CustomerRef | null>(null)
  const [detail, setDetail] = useState<Customer360 | null>(null)
  const [header, setHeader] = useState<Header>(blankHeader)
  const [lines, setLines] = useState<DraftLine[]>(() => [blankLine()])
  const [headerErrors, setHeaderErrors] = useState<HeaderErrors>({})
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({})
  const [loaded, setLoaded] = useState<{ loading: boolean; error: unknown }>({ loading: !!id, error: null })
  const [doc, setDoc] = useState<{ id: number; number: string; status: OrderStatus; version: number } | null>(null)
  const base = useRef<{ header: Header; lines: string; customerId: number } | null>(null)
  const [conflict, setConflict] = useState<ConflictInfo | null>(null)
  const [busy, setBusy] = useState<null | 'save' | 'submit'>(null)

  const set = <K extends keyof Header>(k: K, v: Header[K]) => {
    setHeader((h) => ({ ...h, [k]: v }))
    setHeaderErrors((e) => ({ ...e, [k]: undefined }))
  }

  const loadCustomer = useCallback(async (cid: number) => {
    const c = await invoke('customer.get', { id: cid })
    setDetail(c)
    return c
  }, [])

  /** a customer chosen: contact, address, salesperson and payment term come from the customer */
  const applyCustomer = useCallback(
    async (c: Pick<Customer, 'id' | 'code' | 'name'>, focusGrid: boolean, typeahead = '') => {
      setCustomer({ id: c.id, code: c.code, name: c.name })
      setHeaderErrors((e) => ({ ...e, customerId: undefined }))
      if (focusGrid) gridRef.current?.focus(-1, 'product', typeahead)
      try {
        const full = await loadCustomer(c.id)
        const contact = full.contacts.find((x) => x.isPrimary) ?? full.contacts[0]
        const address = full.addresses.find((x) => x.isDefault) ?? full.addresses[0]
        setHeader((h) => ({
          ...h,
          contactId: contact ? String(contact.id) : null,
          addressId: address ? String(address.id) : null,
          salespersonId: full.ownerId ? String(full.ownerId) : me.role === 'sales' ? String(me.id) : h.salespersonId,
          paymentTermDays: full.paymentTermDays,
        }))
      } catch (e) {
        notifyError(e)
      }
    },
    [loadCustomer, me],
  )

  const loadOrder = useCallback(async () => {
    const o = await invoke('order.get', { id: id! })
    const h = headerOf(o)
    const ls = [...o.lines.map(fromLineOut), blankLine()]
    setCustomer({ id: o.customerId, code: o.customerCode, name: o.customerName })
    setHeader(h)
    setLines(ls)
    setDoc({ id: o.id, number: o.number, status: o.status, version: o.version })
    base.current = { header: h, lines: linesSignature(ls), customerId: o.customerId }
    void loadCustomer(o.customerId).catch(() => undefined)
    return o
  }, [id, loadCustomer])

  useEffect(() => {
    if (!id) {
      if (initialCustomerId)
        invoke('customer.get', { id: initialCustomerId })
          .then((c) => applyCustomer(c, true))
          .catch(notifyError)
      return
    }
    let live = true
    loadOrder()
      .then(() => {
        if (!live) return
        setLoaded({ loading: false, error: null })
      })
      .catch((error) => live && setLoaded({ loading: false, error }))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  // an existing document opens ready to go on typing: the blank line under the saved ones
  useEffect(() => {
    if (id && !loaded.loading && !loaded.error) gridRef.current?.focus(-1)
  }, [id, loaded.loading, loaded.error])

  const totals = useMemo(() => totalsOf(lines, header.priceIncludesTax), [lines, header.priceIncludesTax])
  const editable = !doc || doc.status === 'draft' || doc.status === 'pending'

  /** client-side check; returns the grid rows that will be sent (for mapping server issues back) */
  const check = (): number[] | null => {
    const he: HeaderErrors = {}
    if (!customer) he.customerId = t('order.error.customer')
    if (header.promisedDate && header.orderDate && header.promisedDate < header.orderDate) he.promisedDate = t('order.error.promisedBeforeOrder')
    const { errors: le, rows } = checkLines(lines, t)
    setHeaderErrors(he)
    setLineErrors(le)
    if (he.customerId) {
      customerInputRef.current?.focus()
      return null
    }
    if (Object.keys(le).length) {
      const [row, col] = Object.keys(le)[0]!.split('.')
      gridRef.current?.focus(Number(row), col as 'product')
      return null
    }
    if (!rows.length) {
      notifyError(new Error(t('order.error.noLines')))
      gridRef.current?.focus(0)
      return null
    }
    if (Object.keys(he).length) return null
    return rows
  }

  /** server issues: `lines.N.field` onto the grid, header fields onto the header */
  const showServerErrors = (e: unknown, rows: number[]) => {
    const { lines: le, header } = splitIssues(e, rows)
    const he: HeaderErrors = {}
    for (const [k, v] of Object.entries(header)) if (k in blankHeader() || k === 'customerId') he[k as keyof HeaderErrors] = v
    setLineErrors(le)
    setHeaderErrors(he)
    notifyError(e)
  }

  const changes = () => {
    const h = headerInput(customer!.id, header)
    const b = base.current
    if (!b) return { ...h, lines: toLineInputs(lines) }
    const bh = headerInput(b.customerId, b.header)
    const out: Partial<OrderHeaderInput> & { lines?: ReturnType<typeof toLineInputs> } = {}
    for (const k of Object.keys(h) as (keyof OrderHeaderInput)[]) {
      if (JSON.stringify(h[k] ?? null) !== JSON.stringify(bh[k] ?? null)) (out as Record<string, unknown>)[k] = h[k]
    }
    if (linesSignature(lines) !== b.lines) out.lines = toLineInputs(lines)
    return out
  }

  const save = async (submit: boolean, overwriteVersion?: number): Promise<void> => {
    if (busy || !editable) return
    // a Ctrl+S faster than the pick in progress: let the pick land, then save what is on screen
    const picking = () => !!customerPicker.current?.busy() || !!gridRef.current?.busy()
    if (picking()) {
      await settle(picking)
      return saveRef.current(submit, overwriteVersion)
    }
    const rows = check()
    if (!rows) return
    setBusy(submit ? 'submit' : 'save')
    try {
      let o: OrderDetail
      if (!doc) {
        o = await invoke('order.create', { ...headerInput(customer!.id, header), lines: toLineInputs(lines) })
      } else {
        const ch = changes()
        o = Object.keys(ch).length
          ? await invoke('order.update', { id: doc.id, version: overwriteVersion ?? doc.version, ...ch })
          : await invoke('order.get', { id: doc.id })
      }
      setConflict(null)
      if (submit && o.status === 'draft') {
        o = await invoke('order.submit', { id: o.id, version: o.version })
        await invalidate(ORDER_QUERIES)
        notifySuccess(t('order.entry.submitted', { number: o.number, total: formatFen(o.totalFen) }))
        navigate(`/orders/${o.id}`, { replace: true })
        return
      }
      await invalidate(ORDER_QUERIES)
      if (submit) {
        notifySuccess(t('order.entry.saved', { number: o.number }))
        navigate(`/orders/${o.id}`, { replace: true })
        return
      }
      notifySuccess(t('order.entry.saved', { number: o.number }))
      if (!doc) navigate(`/orders/${o.id}/edit`, { replace: true })
      else {
        const h = headerOf(o)
        const ls = [...o.lines.map(fromLineOut), blankLine()]
        setHeader(h)
        setLines(ls)
        setDoc({ id: o.id, number: o.number, status: o.status, version: o.version })
        base.current = { header: h, lines: linesSignature(ls), customerId: o.customerId }
      }
    } catch (e) {
      const c = staleConflictOf(e)
      const rule = lineRuleError(e, rows)
      if (c) setConflict(c)
      else if (isApiError(e, 'VALIDATION')) showServerErrors(e, rows)
      else {
        if (rule) setLineErrors(rule)
        notifyError(e)
      }
    } finally {
      setBusy(null)
    }
  }

  /** 重新加载: the latest order; what I changed (header fields, or the lines as a whole) stays mine */
  const reloadKeepingMine = async () => {
    const b = base.current
    const mineHeader = header
    const mineLines = lines
    const linesChanged = b ? linesSignature(lines) !== b.lines : true
    const o = await invoke('order.get', { id: doc!.id })
    const theirs = headerOf(o)
    const merged: Header = { ...theirs }
    if (b) for (const k of Object.keys(mineHeader) as (keyof Header)[]) if (JSON.stringify(mineHeader[k]) !== JSON.stringify(b.header[k])) (merged as unknown as Record<string, unknown>)[k] = mineHeader[k]
    const theirLines = [...o.lines.map(fromLineOut), blankLine()]
    setHeader(merged)
    setLines(linesChanged ? mineLines : theirLines)
    setDoc({ id: o.id, number: o.number, status: o.status, version: o.version })
    base.current = { header: theirs, lines: linesSignature(theirLines), customerId: o.customerId }
    setConflict(null)
    notifySuccess(t('conflict.reloaded'))
  }

  const saveRef = useRef(save)
  saveRef.current = save
  useSaveHotkey(() => void save(false), editable && !loaded.loading)
  useHotkeys(editable && !loaded.loading ? [['mod+Enter', () => void save(true), { preventDefault: true }]] : [], [])

  if (loaded.loading)
    return (
      <Group justify="center" py="xl">
        <Loader size="sm" />
      </Group>
    )
  if (loaded.error) return <ErrorBlock error={loaded.error} onRetry={() => window.location.reload()} />

  const contacts = detail?.contacts ?? []
  const addresses = detail?.addresses ?? []
  const title = doc ? t('order.entry.editTitle', { number: doc.number }) : t('order.entry.newTitle')

  return (
    <Box data-testid="order-entry">
      <PageHeader
        title={title}
        documentTitle={doc?.number ?? t('order.entry.newTitle')}
        extra={doc && <OrderStatusBadge status={doc.status} />}
        crumbs={[{ label: t('order.list.title'), to: '/orders' }, ...(doc ? [{ label: doc.number, to: `/orders/${doc.id}` }] : [{ label: t('order.entry.newTitle') }])]}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(doc ? `/orders/${doc.id}` : '/orders')}>
              {t('action.cancel')}
            </Button>
            <Button variant="light" leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={!editable || busy === 'submit'} onClick={() => void save(false)} data-testid="order-save" title={t('hotkey.save')}>
              {t('order.entry.save')}
            </Button>
            {(!doc || doc.status === 'draft') && (
              <Button leftSection={<IconSend size={16} />} loading={busy === 'submit'} disabled={!editable || busy === 'save'} onClick={() => void save(true)} data-testid="order-submit" title={t('hotkey.submit')}>
                {t('order.entry.saveSubmit')}
              </Button>
            )}
          </>
        }
      />
      {!editable && doc && (
        <Alert color="orange" variant="light" mb="sm" data-testid="order-not-editable">
          {t('order.entry.notEditable', { status: t(`orderStatus.${doc.status}`) })}{' '}
          <Link to={`/orders/${doc.id}`}>{t('order.entry.backToOrder')}</Link>
        </Alert>
      )}
      {conflict && (
        <ConflictAlert
          conflict={conflict}
          onReload={() => void reloadKeepingMine().catch(notifyError)}
          onOverwrite={() =>
            void invoke('order.get', { id: doc!.id })
              .then((o) => save(false, o.version))
              .catch(notifyError)
          }
        />
      )}
      <Paper withBorder radius="sm" p="sm" mb="sm">
        <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm" verticalSpacing={6}>
          <Box style={{ gridColumn: 'span 2' }}>
            <CustomerPicker
              value={customer}
              inputRef={customerInputRef}
              handleRef={customerPicker}
              autoFocus={!doc && !initialCustomerId}
              error={headerErrors.customerId}
              disabled={!editable}
              description={
                detail && customer && detail.id === customer.id ? (
                  <span data-testid="customer-facts">
                    {t('order.entry.customerFacts', {
                      code: detail.code,
                      credit: detail.creditLimitFen > 0 ? formatFen(detail.creditLimitFen) : t('order.entry.noLimit'),
                      days: detail.paymentTermDays,
                      owner: detail.ownerName ?? t('picker.customer.pool'),
                    })}
                  </span>
                ) : (
                  t('order.entry.customerHint')
                )
              }
              onPick={(c, ahead) => void applyCustomer(c, true, ahead)}
            />
          </Box>
          <Select
            label={t('order.field.contact')}
            data={contacts.map((c) => ({ value: String(c.id), label: `${c.name}${c.mobile ? ` ${c.mobile}` : ''}` }))}
            value={header.contactId}
            onChange={(v) => set('contactId', v)}
            clearable
            disabled={!editable}
            placeholder={customer ? t('order.entry.none') : t('order.entry.pickCustomerFirst')}
            error={headerErrors.contactId}
            data-testid="order-contact"
          />
          <Select
            label={t('order.field.address')}
            data={addresses.map((a) => ({ value: String(a.id), label: `${a.receiver}${a.phone ? ` ${a.phone}` : ''} · ${a.address}` }))}
            value={header.addressId}
            onChange={(v) => set('addressId', v)}
            clearable
            disabled={!editable}
            placeholder={customer ? t('order.entry.none') : t('order.entry.pickCustomerFirst')}
            error={headerErrors.addressId}
            style={{ gridColumn: 'span 2' }}
            comboboxProps={{ width: 420, position: 'bottom-start' }}
            data-testid="order-address"
          />
          <Select label={t('order.field.salesperson')} data={userOptions} value={header.salespersonId} onChange={(v) => set('salespersonId', v)} searchable clearable disabled={!editable} error={headerErrors.salespersonId} data-testid="order-salesperson" />
          <DateInput label={t('order.field.orderDate')} valueFormat="YYYY-MM-DD" value={header.orderDate} onChange={(v) => v && set('orderDate', v)} disabled={!editable} error={headerErrors.orderDate} data-testid="order-date" />
          <DateInput
            label={t('order.field.promisedDate')}
            valueFormat="YYYY-MM-DD"
            value={header.promisedDate}
            onChange={(v) => set('promisedDate', v)}
            clearable
            minDate={header.orderDate}
            disabled={!editable}
            error={headerErrors.promisedDate}
            data-testid="order-promised"
          />
          <NumberInput label={t('order.field.paymentTermDays')} min={0} max={3650} allowDecimal={false} allowNegative={false} hideControls value={header.paymentTermDays} onChange={(v) => set('paymentTermDays', v)} disabled={!editable} />
          <Box pt={22}>
            <Switch
              label={t('order.field.priceIncludesTax')}
              checked={header.priceIncludesTax}
              onChange={(e) => set('priceIncludesTax', e.currentTarget.checked)}
              disabled={!editable}
              data-testid="order-incl-tax"
            />
          </Box>
        </SimpleGrid>
      </Paper>
      <LineGrid
        ref={gridRef}
        lines={lines}
        setLines={setLines}
        priceIncludesTax={header.priceIncludesTax}
        customerId={customer?.id ?? null}
        errors={lineErrors}
        onErrorsChange={setLineErrors}
        onExit={() => remarkRef.current?.focus()}
      />
      <Group align="flex-start" gap="sm" mt="sm" wrap="nowrap">
        <TextInput
          ref={remarkRef}
          label={t('order.field.remark')}
          value={header.remark}
          onChange={(e) => set('remark', e.currentTarget.value)}
          maxLength={1000}
          disabled={!editable}
          style={{ flex: '0 0 32%' }}
          data-testid="order-remark"
        />
        <Box style={{ flex: 1 }} pt={22}>
          <TotalsBar totalFen={totals.totalFen} taxFen={totals.taxFen} netFen={totals.netFen} lines={totals.lines} />
        </Box>
      </Group>
      <Group gap="md" mt="xs" data-testid="order-keys">
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Enter</Kbd> {t('order.keys.next')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">Enter</Kbd> {t('order.keys.prev')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd>/<Kbd size="xs">↓</Kbd> {t('order.keys.rows')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Del</Kbd> {t('order.keys.delete')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">S</Kbd> {t('order.keys.save')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd> {t('order.keys.submit')}
        </Text>
      </Group>
    </Box>
  )
}
