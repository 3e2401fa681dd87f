import { Box, NumberInput, Select, Switch, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useMemo, useRef } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { hasCapability } from '../../../core/auth/permissions'
import { invoke } from '../../app/transport'
import { todayStr } from '../../shared/dates'
import { formatFen } from '../../shared/money'
import { notifySuccess } from '../../shared/notify'
import { useInvalidate } from '../../shared/query'
import { useUserOptions } from '../users/useUsers'
import { DocumentEntry } from './DocumentEntry'
import { OrderStatusBadge } from './labels'
import { ORDER_QUERIES, type OrderDetail, type OrderHeaderInput } from './order.api'
import { useDocumentEntry, type DocumentKind } from './useDocumentEntry'

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

const num = (v: string | null) => (v ? Number(v) : null)
const str = (v: number | null) => (v ? String(v) : null)

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
  const remarkRef = useRef<HTMLInputElement>(null)

  const kind = useMemo<DocumentKind<Header, OrderDetail, OrderHeaderInput>>(
    () => ({
      entity: 'order',
      blankHeader: () => ({ contactId: null, addressId: null, salespersonId: null, orderDate: todayStr(), promisedDate: null, paymentTermDays: 0, priceIncludesTax: true, remark: '' }),
      headerOf: (o) => ({
        contactId: str(o.contactId),
        addressId: str(o.addressId),
        salespersonId: str(o.salespersonId),
        orderDate: o.orderDate,
        promisedDate: o.promisedDate,
        paymentTermDays: o.paymentTermDays,
        priceIncludesTax: o.priceIncludesTax,
        remark: o.remark ?? '',
      }),
      toInput: (h, customerId) => ({
        customerId,
        contactId: num(h.contactId),
        addressId: num(h.addressId),
        salespersonId: num(h.salespersonId),
        orderDate: h.orderDate,
        promisedDate: h.promisedDate || null,
        paymentTermDays: Number(h.paymentTermDays) || 0,
        priceIncludesTax: h.priceIncludesTax,
        remark: h.remark.trim() || null,
      }),
      // contact, address, salesperson and payment term come from the customer
      customerDefaults: (c, h) => ({
        contactId: str((c.contacts.find((x) => x.isPrimary) ?? c.contacts[0])?.id ?? null),
        addressId: str((c.addresses.find((x) => x.isDefault) ?? c.addresses[0])?.id ?? null),
        salespersonId: c.ownerId ? String(c.ownerId) : me.role === 'sales' ? String(me.id) : h.salespersonId,
        paymentTermDays: c.paymentTermDays,
      }),
      checkHeader: (h) => (h.promisedDate && h.orderDate && h.promisedDate < h.orderDate ? { promisedDate: t('order.error.promisedBeforeOrder') } : {}),
      editableStatuses: ['draft', 'pending'],
      get: (orderId) => invoke('order.get', { id: orderId }),
      create: (input, _customerId, lines) => invoke('order.create', { ...input, lines }),
      update: (d, changes) => invoke('order.update', { ...d, ...changes }),
      async afterSave(saved, { created, submit }) {
        let o = saved
        if (submit && o.status === 'draft') o = await invoke('order.submit', { id: o.id, version: o.version })
        await invalidate(ORDER_QUERIES)
        notifySuccess(submit && saved.status === 'draft' ? t('order.entry.submitted', { number: o.number, total: formatFen(o.totalFen) }) : t('order.entry.saved', { number: o.number }))
        if (submit) return navigate(`/orders/${o.id}`, { replace: true })
        if (created) return navigate(`/orders/${o.id}/edit`, { replace: true })
        return 'stay'
      },
    }),
    [me, t, invalidate, navigate],
  )
  const e = useDocumentEntry(kind, { id, initialCustomerId, submit: true })
  const { header, headerErrors: errors, set, customer, detail, editable } = e
  const pickFirst = customer ? t('order.entry.none') : t('order.entry.pickCustomerFirst')

  return (
    <DocumentEntry
      entry={e}
      testId="order"
      path="/orders"
      listTitle={t('order.list.title')}
      newTitle={t('order.entry.newTitle')}
      editTitle={(number) => t('order.entry.editTitle', { number })}
      badge={(status) => <OrderStatusBadge status={status} />}
      notEditable={(status) => t('order.entry.notEditable', { status: t(`orderStatus.${status}`) })}
      backLabel={t('order.entry.backToOrder')}
      saveLabel={t('order.entry.save')}
      submitLabel={t('order.entry.saveSubmit')}
      customer={{
        autoFocus: !e.doc && !initialCustomerId,
        disabled: !editable,
        onPick: (c, ahead) => void e.applyCustomer(c, true, ahead),
        description:
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
          ),
      }}
      headerFields={
        <>
          <Select
            label={t('order.field.address')}
            data={(detail?.addresses ?? []).map((a) => ({ value: String(a.id), label: `${a.receiver}${a.phone ? ` ${a.phone}` : ''} · ${a.address}` }))}
            value={header.addressId}
            onChange={(v) => set('addressId', v)}
            clearable
            disabled={!editable}
            placeholder={pickFirst}
            error={errors.addressId}
            style={{ gridColumn: 'span 2' }}
            comboboxProps={{ width: 420, position: 'bottom-start' }}
            data-testid="order-address"
          />
          <Select label={t('order.field.salesperson')} data={userOptions} value={header.salespersonId} onChange={(v) => set('salespersonId', v)} searchable clearable disabled={!editable || me.role === 'sales'} error={errors.salespersonId} data-testid="order-salesperson" />
          <DateInput label={t('order.field.orderDate')} valueFormat="YYYY-MM-DD" value={header.orderDate} onChange={(v) => v && set('orderDate', v)} disabled={!editable} error={errors.orderDate} data-testid="order-date" />
          <DateInput
            label={t('order.field.promisedDate')}
            valueFormat="YYYY-MM-DD"
            value={header.promisedDate}
            onChange={(v) => set('promisedDate', v)}
            clearable
            minDate={header.orderDate}
            disabled={!editable}
            error={errors.promisedDate}
            data-testid="order-promised"
          />
          <NumberInput label={t('order.field.paymentTermDays')} min={0} max={3650} allowDecimal={false} allowNegative={false} hideControls value={header.paymentTermDays} onChange={(v) => set('paymentTermDays', v)} disabled={!editable || !hasCapability(me.role, 'credit')} />
          <Box pt={22}>
            <Switch label={t('order.field.priceIncludesTax')} checked={header.priceIncludesTax} onChange={(ev) => set('priceIncludesTax', ev.currentTarget.checked)} disabled={!editable} data-testid="order-incl-tax" />
          </Box>
        </>
      }
      footerField={
        <TextInput ref={remarkRef} label={t('order.field.remark')} value={header.remark} onChange={(ev) => set('remark', ev.currentTarget.value)} maxLength={1000} disabled={!editable} error={errors.remark} data-testid="order-remark" />
      }
      footerWidth="32%"
      onGridExit={() => remarkRef.current?.focus()}
    />
  )
}
