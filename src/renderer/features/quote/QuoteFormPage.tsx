import { Box, Select, Switch, Textarea, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useMemo, useRef } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { addDays, todayStr } from '../../shared/dates'
import { notifySuccess } from '../../shared/notify'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { DocumentEntry } from '../order/DocumentEntry'
import { useDocumentEntry, type DocumentKind } from '../order/useDocumentEntry'
import { QuoteStatusBadge } from './labels'
import { QUOTE_QUERIES, type QuoteDetail, type QuoteHeaderInput } from './quote.api'

interface Header {
  contactId: string | null
  opportunityId: string | null
  quoteDate: string
  validUntil: string | null
  priceIncludesTax: boolean
  terms: string
  remark: string
}

export function QuoteNewPage() {
  const [params] = useSearchParams()
  return <QuoteForm key="new" initialCustomerId={Number(params.get('customerId')) || null} initialOpportunityId={Number(params.get('opportunityId')) || null} />
}

export function QuoteEditPage() {
  const id = Number(useParams().id)
  return <QuoteForm key={id} id={id} />
}

/** 报价单 (draft): the same document entry as the order; Ctrl+S saves. A sent quote is changed by 修订. */
function QuoteForm({ id, initialCustomerId, initialOpportunityId }: { id?: number; initialCustomerId?: number | null; initialOpportunityId?: number | null }) {
  const t = useT()
  const navigate = useNavigate()
  const invalidate = useInvalidate()
  const termsRef = useRef<HTMLTextAreaElement>(null)

  const kind = useMemo<DocumentKind<Header, QuoteDetail, QuoteHeaderInput>>(
    () => ({
      entity: 'quote',
      blankHeader: () => ({ contactId: null, opportunityId: null, quoteDate: todayStr(), validUntil: addDays(todayStr(), 30), priceIncludesTax: true, terms: '', remark: '' }),
      headerOf: (q) => ({
        contactId: q.contactId ? String(q.contactId) : null,
        opportunityId: q.opportunityId ? String(q.opportunityId) : null,
        quoteDate: q.quoteDate,
        validUntil: q.validUntil,
        priceIncludesTax: q.priceIncludesTax,
        terms: q.terms ?? '',
        remark: q.remark ?? '',
      }),
      toInput: (h) => ({
        contactId: h.contactId ? Number(h.contactId) : null,
        opportunityId: h.opportunityId ? Number(h.opportunityId) : null,
        quoteDate: h.quoteDate,
        validUntil: h.validUntil || null,
        priceIncludesTax: h.priceIncludesTax,
        terms: h.terms.trim() || null,
        remark: h.remark.trim() || null,
      }),
      customerDefaults: (c) => {
        const contact = c.contacts.find((x) => x.isPrimary) ?? c.contacts[0]
        return { contactId: contact ? String(contact.id) : null, opportunityId: null }
      },
      checkHeader: (h) => (h.validUntil && h.validUntil < h.quoteDate ? { validUntil: t('quote.error.validBeforeDate') } : {}),
      editableStatuses: ['draft'],
      get: (quoteId) => invoke('quote.get', { id: quoteId }),
      create: (input, customerId, lines) => invoke('quote.create', { customerId, ...input, lines }),
      // quote.update clears terms and remark that are left out, so they always travel
      update: (d, changes, input) => invoke('quote.update', { ...d, ...changes, terms: input.terms, remark: input.remark }),
      async afterSave(q) {
        await invalidate(QUOTE_QUERIES)
        notifySuccess(t('quote.form.saved', { number: q.number }))
        navigate(`/quotes/${q.id}`, { replace: true })
      },
    }),
    [t, invalidate, navigate],
  )
  const e = useDocumentEntry(kind, { id, initialCustomerId, initialHeader: initialOpportunityId ? { opportunityId: String(initialOpportunityId) } : undefined })
  const { header, headerErrors: errors, set, customer, detail, editable } = e
  const opportunities = useApiQuery('opportunity.search', { customerId: customer?.id ?? 0, pageSize: 100 }, { enabled: !!customer })

  return (
    <DocumentEntry
      entry={e}
      testId="quote"
      path="/quotes"
      listTitle={t('quote.list.title')}
      newTitle={t('quote.form.newTitle')}
      editTitle={(number) => t('quote.form.editTitle', { number })}
      badge={(status) => <QuoteStatusBadge status={status} />}
      notEditable={(status) => t('quote.form.notEditable', { status: t(`quoteStatus.${status}`) })}
      backLabel={t('quote.form.back')}
      saveLabel={t('action.save')}
      customer={{ autoFocus: !e.doc && !initialCustomerId, disabled: !editable || !!e.doc, description: t('quote.form.customerHint'), onPick: (c, ahead) => void e.applyCustomer(c, true, ahead) }}
      headerFields={
        <>
          <Select
            label={t('quote.field.opportunity')}
            data={(opportunities.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.title }))}
            value={header.opportunityId}
            onChange={(v) => set('opportunityId', v)}
            clearable
            searchable
            disabled={!editable}
            error={errors.opportunityId}
            placeholder={customer ? t('quote.form.noOpportunity') : t('order.entry.pickCustomerFirst')}
            style={{ gridColumn: 'span 2' }}
          />
          <DateInput label={t('quote.field.quoteDate')} valueFormat="YYYY-MM-DD" value={header.quoteDate} onChange={(v) => v && set('quoteDate', v)} disabled={!editable} error={errors.quoteDate} />
          <DateInput label={t('quote.field.validUntil')} valueFormat="YYYY-MM-DD" value={header.validUntil} onChange={(v) => set('validUntil', v)} clearable minDate={header.quoteDate} disabled={!editable} error={errors.validUntil} />
          <Box pt={22}>
            <Switch label={t('order.field.priceIncludesTax')} checked={header.priceIncludesTax} onChange={(ev) => set('priceIncludesTax', ev.currentTarget.checked)} disabled={!editable} />
          </Box>
          <TextInput label={t('quote.field.remark')} value={header.remark} onChange={(ev) => set('remark', ev.currentTarget.value)} maxLength={1000} disabled={!editable} error={errors.remark} style={{ gridColumn: 'span 3' }} />
        </>
      }
      footerField={
        <Textarea
          ref={termsRef}
          label={t('quote.field.terms')}
          placeholder={t('quote.form.termsPlaceholder')}
          value={header.terms}
          onChange={(ev) => set('terms', ev.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          disabled={!editable}
          error={errors.terms}
        />
      }
      footerWidth="40%"
      onGridExit={() => termsRef.current?.focus()}
    />
  )
}
