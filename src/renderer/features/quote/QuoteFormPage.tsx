import { Alert, Box, Button, Group, Kbd, Loader, Paper, Select, SimpleGrid, Switch, Text, Textarea, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { IconDeviceFloppy } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { invoke, isApiError } from '../../app/transport'
import { ConflictAlert, staleConflictOf, type ConflictInfo } from '../../shared/conflict'
import { addDays, todayStr } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery, useInvalidate } from '../../shared/query'
import type { Customer360 } from '../customer/customer.api'
import { CustomerPicker, type CustomerRef } from '../order/CustomerPicker'
import { settle, type SearchPickerHandle } from '../order/SearchPicker'
import { LineGrid, type LineGridHandle } from '../order/LineGrid'
import { checkLines, lineRuleError, splitIssues } from '../order/lineChecks'
import { blankLine, fromLineOut, linesSignature, toLineInputs, totalsOf, type DraftLine } from '../order/lineDraft'
import { TotalsBar } from '../order/TotalsBar'
import { QuoteStatusBadge } from './labels'
import { QUOTE_QUERIES, type QuoteDetail, type QuoteHeaderInput, type QuoteStatus } from './quote.api'

interface Header {
  contactId: string | null
  opportunityId: string | null
  quoteDate: string
  validUntil: string | null
  priceIncludesTax: boolean
  terms: string
  remark: string
}

const blankHeader = (): Header => ({
  contactId: null,
  opportunityId: null,
  quoteDate: todayStr(),
  validUntil: addDays(todayStr(), 30),
  priceIncludesTax: true,
  terms: '',
  remark: '',
})

function headerOf(q: QuoteDetail): Header {
  return {
    contactId: q.contactId ? String(q.contactId) : null,
    opportunityId: q.opportunityId ? String(q.opportunityId) : null,
    quoteDate: q.quoteDate,
    validUntil: q.validUntil,
    priceIncludesTax: q.priceIncludesTax,
    terms: q.terms ?? '',
    remark: q.remark ?? '',
  }
}

function headerInput(h: Header): QuoteHeaderInput {
  return {
    contactId: h.contactId ? Number(h.contactId) : null,
    opportunityId: h.opportunityId ? Number(h.opportunityId) : null,
    quoteDate: h.quoteDate,
    validUntil: h.validUntil || null,
    priceIncludesTax: h.priceIncludesTax,
    terms: h.terms.trim() || null,
    remark: h.remark.trim() || null,
  }
}

export function QuoteNewPage() {
  const [params] = useSearchParams()
  return <QuoteForm key="new" initialCustomerId={Number(params.get('customerId')) || null} initialOpportunityId={Number(params.get('opportunityId')) || null} />
}

export function QuoteEditPage() {
  const id = Number(useParams().id)
  return <QuoteForm key={id} id={id} />
}

/** 报价单 (draft): the same keyboard line grid as the order; Ctrl+S saves. A sent quote is changed by 修订. */
function QuoteForm({ id, initialCustomerId, initialOpportunityId }: { id?: number; initialCustomerId?: number | null; initialOpportunityId?: number | null }) {
  const t = useT()
  const navigate = useNavigate()
  const invalidate = useInvalidate()
  const gridRef = useRef<LineGridHandle>(null)
  const termsRef = useRef<HTMLTextAreaElement>(null)
  const customerInputRef = useRef<HTMLInputElement>(null)
  const customerPicker = useRef<SearchPickerHandle>(null)
  const [customer, setCustomer] = useState<CustomerRef | null>(null)
  const [detail, setDetail] = useState<Customer360 | null>(null)
  const [header, setHeader] = useState<Header>(blankHeader)
  const [lines, setLines] = useState<DraftLine[]>(() => [blankLine()])
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({})
  const [loaded, setLoaded] = useState<{ loading: boolean; error: unknown }>({ loading: !!id, error: null })
  const [doc, setDoc] = useState<{ id: number; number: string; status: QuoteStatus; version: number } | null>(null)
  const base = useRef<{ header: Header; lines: string } | null>(null)
  const [conflict, setConflict] = useState<ConflictInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const opportunities = useApiQuery('opportunity.search', { customerId: customer?.id ?? 0, pageSize: 100 }, { enabled: !!customer })

  const set = <K extends keyof Header>(k: K, v: Header[K]) => {
    setHeader((h) => ({ ...h, [k]: v }))
    setErrors((e) => ({ ...e, [k]: undefined }))
  }

  const applyCustomer = useCallback(async (c: { id: number; code: string; name: string }, focusGrid: boolean, keepContact = false, typeahead = '') => {
    setCustomer({ id: c.id, code: c.code, name: c.name })
    setErrors((e) => ({ ...e, customerId: undefined }))
    if (focusGrid) gridRef.current?.focus(-1, 'product', typeahead)
    try {
      const full = await invoke('customer.get', { id: c.id })
      setDetail(full)
      if (!keepContact) {
        const contact = full.contacts.find((x) => x.isPrimary) ?? full.contacts[0]
        setHeader((h) => ({ ...h, contactId: contact ? String(contact.id) : null, opportunityId: null }))
      }
    } catch (e) {
      notifyError(e)
    }
  }, [])

  useEffect(() => {
    if (!id) {
      if (initialCustomerId)
        invoke('customer.get', { id: initialCustomerId })
          .then(async (c) => {
            await applyCustomer(c, true)
            if (initialOpportunityId) setHeader((h) => ({ ...h, opportunityId: String(initialOpportunityId) }))
          })
          .catch(notifyError)
      return
    }
    let live = true
    invoke('quote.get', { id })
      .then((q) => {
        if (!live) return
        const h = headerOf(q)
        const ls = [...q.lines.map(fromLineOut), blankLine()]
        setHeader(h)
        setLines(ls)
        setDoc({ id: q.id, number: q.number, status: q.status, version: q.version })
        base.current = { header: h, lines: linesSignature(ls) }
        void applyCustomer({ id: q.customerId, code: '', name: q.customerName }, false, true)
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
  const editable = !doc || doc.status === 'draft'

  const save = async (overwriteVersion?: number): Promise<void> => {
    if (busy || !editable) return
    const picking = () => !!customerPicker.current?.busy() || !!gridRef.current?.busy()
    if (picking()) {
      await settle(picking)
      return saveRef.current(overwriteVersion)
    }
    const he: Record<string, string> = {}
    if (!customer) he.customerId = t('order.error.customer')
    if (header.validUntil && header.validUntil < header.quoteDate) he.validUntil = t('quote.error.validBeforeDate')
    const { errors: le, rows } = checkLines(lines, t)
    setErrors(he)
    setLineErrors(le)
    if (he.customerId) return customerInputRef.current?.focus()
    if (Object.keys(le).length) {
      const [row, col] = Object.keys(le)[0]!.split('.')
      return gridRef.current?.focus(Number(row), col as 'product')
    }
    if (!rows.length) {
      notifyError(new Error(t('order.error.noLines')))
      return gridRef.current?.focus(0)
    }
    if (Object.keys(he).length) return
    setBusy(true)
    try {
      let q: QuoteDetail
      if (!doc) q = await invoke('quote.create', { customerId: customer!.id, ...headerInput(header), lines: toLineInputs(lines) })
      else {
        const h = headerInput(header)
        const bh = headerInput(base.current!.header)
        const ch: Partial<QuoteHeaderInput> & { lines?: ReturnType<typeof toLineInputs> } = {}
        for (const k of Object.keys(h) as (keyof QuoteHeaderInput)[]) if (JSON.stringify(h[k] ?? null) !== JSON.stringify(bh[k] ?? null)) (ch as Record<string, unknown>)[k] = h[k]
        // quote.update clears terms and remark that are left out, so they always travel (see the note in the report)
        if (Object.keys(ch).length || linesSignature(lines) !== base.current!.lines) Object.assign(ch, { terms: h.terms, remark: h.remark })
        if (linesSignature(lines) !== base.current!.lines) ch.lines = toLineInputs(lines)
        q = Object.keys(ch).length ? await invoke('quote.update', { id: doc.id, version: overwriteVersion ?? doc.version, ...ch }) : await invoke('quote.get', { id: doc.id })
      }
      await invalidate(QUOTE_QUERIES)
      notifySuccess(t('quote.form.saved', { number: q.number }))
      navigate(`/quotes/${q.id}`, { replace: true })
    } catch (e) {
      const c = staleConflictOf(e)
      if (c) return setConflict(c)
      if (isApiError(e, 'VALIDATION')) {
        const s = splitIssues(e, rows)
        setLineErrors(s.lines)
        setErrors(s.header)
      } else {
        const rule = lineRuleError(e, rows)
        if (rule) setLineErrors(rule)
      }
      notifyError(e)
    } finally {
      setBusy(false)
    }
  }

  const reloadKeepingMine = async () => {
    const b = base.current!
    const q = await invoke('quote.get', { id: doc!.id })
    const theirs = headerOf(q)
    const merged: Header = { ...theirs }
    for (const k of Object.keys(header) as (keyof Header)[]) if (JSON.stringify(header[k]) !== JSON.stringify(b.header[k])) (merged as unknown as Record<string, unknown>)[k] = header[k]
    const theirLines = [...q.lines.map(fromLineOut), blankLine()]
    if (linesSignature(lines) === b.lines) setLines(theirLines)
    setHeader(merged)
    setDoc({ id: q.id, number: q.number, status: q.status, version: q.version })
    base.current = { header: theirs, lines: linesSignature(theirLines) }
    setConflict(null)
    notifySuccess(t('conflict.reloaded'))
  }

  const saveRef = useRef(save)
  saveRef.current = save
  useSaveHotkey(() => void save(), editable && !loaded.loading)

  if (loaded.loading)
    return (
      <Group justify="center" py="xl">
        <Loader size="sm" />
      </Group>
    )
  if (loaded.error) return <ErrorBlock error={loaded.error} onRetry={() => window.location.reload()} />

  const title = doc ? t('quote.form.editTitle', { number: doc.number }) : t('quote.form.newTitle')
  return (
    <Box data-testid="quote-form">
      <PageHeader
        title={title}
        documentTitle={doc?.number ?? t('quote.form.newTitle')}
        extra={doc && <QuoteStatusBadge status={doc.status} />}
        crumbs={[{ label: t('quote.list.title'), to: '/quotes' }, ...(doc ? [{ label: doc.number, to: `/quotes/${doc.id}` }] : [{ label: t('quote.form.newTitle') }])]}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(doc ? `/quotes/${doc.id}` : '/quotes')}>
              {t('action.cancel')}
            </Button>
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy} disabled={!editable} onClick={() => void save()} data-testid="quote-save" title={t('hotkey.save')}>
              {t('action.save')}
            </Button>
          </>
        }
      />
      {!editable && doc && (
        <Alert color="orange" variant="light" mb="sm">
          {t('quote.form.notEditable', { status: t(`quoteStatus.${doc.status}`) })} <Link to={`/quotes/${doc.id}`}>{t('quote.form.back')}</Link>
        </Alert>
      )}
      {conflict && (
        <ConflictAlert
          conflict={conflict}
          onReload={() => void reloadKeepingMine().catch(notifyError)}
          onOverwrite={() =>
            void invoke('quote.get', { id: doc!.id })
              .then((q) => save(q.version))
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
              error={errors.customerId}
              disabled={!editable || !!doc}
              description={t('quote.form.customerHint')}
              onPick={(c, ahead) => void applyCustomer(c, true, false, ahead)}
            />
          </Box>
          <Select
            label={t('order.field.contact')}
            data={(detail?.contacts ?? []).map((c) => ({ value: String(c.id), label: `${c.name}${c.mobile ? ` ${c.mobile}` : ''}` }))}
            value={header.contactId}
            onChange={(v) => set('contactId', v)}
            clearable
            disabled={!editable}
            error={errors.contactId}
            placeholder={customer ? t('order.entry.none') : t('order.entry.pickCustomerFirst')}
          />
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
            <Switch label={t('order.field.priceIncludesTax')} checked={header.priceIncludesTax} onChange={(e) => set('priceIncludesTax', e.currentTarget.checked)} disabled={!editable} />
          </Box>
          <TextInput label={t('quote.field.remark')} value={header.remark} onChange={(e) => set('remark', e.currentTarget.value)} maxLength={1000} disabled={!editable} style={{ gridColumn: 'span 3' }} />
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
        onExit={() => termsRef.current?.focus()}
      />
      <Group align="flex-start" gap="sm" mt="sm" wrap="nowrap">
        <Textarea
          ref={termsRef}
          label={t('quote.field.terms')}
          placeholder={t('quote.form.termsPlaceholder')}
          value={header.terms}
          onChange={(e) => set('terms', e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          disabled={!editable}
          style={{ flex: '0 0 40%' }}
        />
        <Box style={{ flex: 1 }} pt={22}>
          <TotalsBar totalFen={totals.totalFen} taxFen={totals.taxFen} netFen={totals.netFen} lines={totals.lines} />
        </Box>
      </Group>
      <Text size="xs" c="dimmed" mt="xs">
        <Kbd size="xs">Enter</Kbd> {t('order.keys.next')} · <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">S</Kbd> {t('order.keys.save')}
      </Text>
    </Box>
  )
}
