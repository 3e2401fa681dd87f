import { useHotkeys } from '@mantine/hooks'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke, isApiError } from '../../app/transport'
import { staleConflictOf, type ConflictInfo } from '../../shared/conflict'
import { useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useRecordChanges } from '../../shared/recordWatch'
import type { Customer, Customer360 } from '../customer/customer.api'
import type { CustomerRef } from './CustomerPicker'
import type { LineGridHandle } from './LineGrid'
import { checkLines, lineRuleError, splitIssues } from './lineChecks'
import { blankLine, fromLineOut, linesSignature, toLineInputs, totalsOf, type DraftLine } from './lineDraft'
import type { LineInput, LineOut } from './order.api'
import { settle, type SearchPickerHandle } from './SearchPicker'

/** What a document (订单, 报价单) answers that the entry screen needs. */
export interface EntryDoc {
  id: number
  number: string
  status: string
  version: number
  customerId: number
  customerName: string
  customerCode?: string
  priceIncludesTax: boolean
  lines: LineOut[]
}

/** What every document header has: the customer's contact, and whether prices include tax. */
export interface EntryHeader {
  contactId: string | null
  priceIncludesTax: boolean
}

/** How one kind of document is entered: its header, its calls, what happens after a save. */
export interface DocumentKind<H extends EntryHeader, D extends EntryDoc, I extends object> {
  /** the operation log's entity ('order', 'quote'): an open document learns of others' changes through it */
  entity: string
  blankHeader: () => H
  headerOf: (d: D) => H
  /** the header as the contract takes it (create and update); compared field by field for an update */
  toInput: (h: H, customerId: number) => I
  /** header fields a newly picked customer fills in (contact, address, payment term …) */
  customerDefaults: (c: Customer360, h: H) => Partial<H>
  /** the header's own checks before saving: field → message */
  checkHeader: (h: H) => Partial<Record<keyof H, string>>
  /** the statuses in which the document may be changed */
  editableStatuses: readonly D['status'][]
  get: (id: number) => Promise<D>
  create: (input: I, customerId: number, lines: LineInput[]) => Promise<D>
  /** only what changed (`changes`); `input` is the whole header for kinds whose update needs more */
  update: (doc: { id: number; version: number }, changes: Partial<I> & { lines?: LineInput[] }, input: I) => Promise<D>
  /** after a save: notify, refresh, navigate; `'stay'` keeps the screen open on the saved document */
  afterSave: (d: D, how: { created: boolean; submit: boolean }) => Promise<'stay' | void>
}

export interface DocumentEntryOptions<H> {
  id?: number
  initialCustomerId?: number | null
  /** header fields set once the initial customer is applied (e.g. the opportunity a quote comes from) */
  initialHeader?: Partial<H>
  /** Ctrl+Enter saves and submits */
  submit?: boolean
}

type HeaderErrors<H> = Partial<Record<keyof H | 'customerId', string>>

/**
 * The state and the keyboard-first flow shared by every document entry screen: the customer (its defaults
 * fill the header), the line grid, client checks (focus goes to the first problem), create or versioned
 * update of only what changed, server issues mapped back onto header fields and grid cells, a stale-version
 * conflict (reload keeping mine / overwrite), Ctrl+S (and Ctrl+Enter to submit).
 */
export function useDocumentEntry<H extends EntryHeader, D extends EntryDoc, I extends object>(
  kind: DocumentKind<H, D, I>,
  opts: DocumentEntryOptions<H>,
) {
  const t = useT()
  const { id, initialCustomerId } = opts
  const gridRef = useRef<LineGridHandle>(null)
  const customerInputRef = useRef<HTMLInputElement>(null)
  const customerPicker = useRef<SearchPickerHandle>(null)

  const [customer, setCustomer] = useState<CustomerRef | null>(null)
  const [detail, setDetail] = useState<Customer360 | null>(null)
  const [header, setHeader] = useState<H>(kind.blankHeader)
  const [lines, setLines] = useState<DraftLine[]>(() => [blankLine()])
  const [headerErrors, setHeaderErrors] = useState<HeaderErrors<H>>({})
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({})
  const [loaded, setLoaded] = useState<{ loading: boolean; error: unknown }>({ loading: !!id, error: null })
  const [doc, setDoc] = useState<Pick<D, 'id' | 'number' | 'status' | 'version'> | null>(null)
  const base = useRef<{ header: H; lines: string; customerId: number } | null>(null)
  const [conflict, setConflict] = useState<ConflictInfo | null>(null)
  const [busy, setBusy] = useState<null | 'save' | 'submit'>(null)
  // another PC (LAN) may change this document while it is open here: said before the user types into a stale copy
  const watch = useRecordChanges(kind.entity, doc?.id ?? null)

  const set = <K extends keyof H>(k: K, v: H[K]) => {
    setHeader((h) => ({ ...h, [k]: v }))
    setHeaderErrors((e) => ({ ...e, [k]: undefined }))
  }

  /** the screen shows this saved document: header, lines (and the blank line to type into), version */
  const show = (d: D, h: H = kind.headerOf(d)) => {
    const ls = [...d.lines.map(fromLineOut), blankLine()]
    setHeader(h)
    setLines(ls)
    setDoc({ id: d.id, number: d.number, status: d.status, version: d.version })
    base.current = { header: h, lines: linesSignature(ls), customerId: d.customerId }
    return ls
  }

  /** a customer picked: the header fields that come from the customer are filled in */
  const applyCustomer = useCallback(
    async (c: Pick<Customer, 'id' | 'code' | 'name'>, focusGrid: boolean, typeahead = '') => {
      setCustomer({ id: c.id, code: c.code, name: c.name })
      setHeaderErrors((e) => ({ ...e, customerId: undefined }))
      if (focusGrid) gridRef.current?.focus(-1, 'product', typeahead)
      try {
        const full = await invoke('customer.get', { id: c.id })
        setDetail(full)
        setHeader((h) => ({ ...h, ...kind.customerDefaults(full, h) }))
      } catch (e) {
        notifyError(e)
      }
    },
    [kind],
  )

  useEffect(() => {
    if (!id) {
      if (initialCustomerId)
        invoke('customer.get', { id: initialCustomerId })
          .then(async (c) => {
            await applyCustomer(c, true)
            if (opts.initialHeader) setHeader((h) => ({ ...h, ...opts.initialHeader }))
          })
          .catch(notifyError)
      return
    }
    let live = true
    kind
      .get(id)
      .then((d) => {
        if (!live) return
        show(d)
        setCustomer({ id: d.customerId, code: d.customerCode ?? '', name: d.customerName })
        invoke('customer.get', { id: d.customerId })
          .then((c) => live && setDetail(c))
          .catch(() => undefined)
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
  const editable = !doc || (kind.editableStatuses as readonly string[]).includes(doc.status)

  /** client-side check; the grid rows that will be sent (to map server issues back), or null */
  const check = (): number[] | null => {
    const he: HeaderErrors<H> = { ...(kind.checkHeader(header) as HeaderErrors<H>) }
    if (!customer) he.customerId = t('order.error.customer')
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
    return Object.keys(he).length ? null : rows
  }

  /** what differs from the saved document: header fields one by one, the lines as a whole */
  const changes = (input: I): Partial<I> & { lines?: LineInput[] } => {
    const b = base.current!
    const was = kind.toInput(b.header, b.customerId)
    const out: Partial<I> & { lines?: LineInput[] } = {}
    for (const k of Object.keys(input) as (keyof I)[]) if (JSON.stringify(input[k] ?? null) !== JSON.stringify(was[k] ?? null)) out[k] = input[k]
    if (linesSignature(lines) !== b.lines) out.lines = toLineInputs(lines)
    return out
  }

  const failed = (e: unknown, rows: number[]) => {
    const c = staleConflictOf(e)
    if (c) return setConflict(c)
    if (isApiError(e, 'VALIDATION')) {
      const s = splitIssues(e, rows)
      const he: HeaderErrors<H> = {}
      for (const [k, v] of Object.entries(s.header)) if (k in kind.blankHeader() || k === 'customerId') he[k as keyof H] = v
      setLineErrors(s.lines)
      setHeaderErrors(he)
    } else {
      const rule = lineRuleError(e, rows)
      if (rule) setLineErrors(rule)
    }
    notifyError(e)
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
      const input = kind.toInput(header, customer!.id)
      let d: D
      if (!doc) d = await kind.create(input, customer!.id, toLineInputs(lines))
      else {
        const ch = changes(input)
        d = Object.keys(ch).length ? await kind.update({ id: doc.id, version: overwriteVersion ?? doc.version }, ch, input) : await kind.get(doc.id)
      }
      setConflict(null)
      if ((await kind.afterSave(d, { created: !doc, submit })) === 'stay') show(d)
    } catch (e) {
      failed(e, rows)
    } finally {
      setBusy(null)
    }
  }

  /** 重新加载: the latest document; what I changed (header fields, or the lines as a whole) stays mine */
  const reloadKeepingMine = async () => {
    const b = base.current
    const mine = { header, lines, linesChanged: b ? linesSignature(lines) !== b.lines : true }
    const d = await kind.get(doc!.id)
    const theirs = kind.headerOf(d)
    const merged: H = { ...theirs }
    if (b) for (const k of Object.keys(mine.header) as (keyof H)[]) if (JSON.stringify(mine.header[k]) !== JSON.stringify(b.header[k])) merged[k] = mine.header[k]
    show(d, merged)
    base.current = { ...base.current!, header: theirs }
    if (mine.linesChanged) setLines(mine.lines)
    setConflict(null)
    notifySuccess(t('conflict.reloaded'))
  }

  /** 覆盖: save mine over the latest version */
  const overwrite = () =>
    void kind
      .get(doc!.id)
      .then((d) => save(false, d.version))
      .catch(notifyError)

  const saveRef = useRef(save)
  saveRef.current = save
  useSaveHotkey(() => void save(false), editable && !loaded.loading)
  useHotkeys(opts.submit && editable && !loaded.loading ? [['mod+Enter', () => void save(true), { preventDefault: true }]] : [], [])

  return {
    gridRef,
    customerInputRef,
    customerPicker,
    customer,
    detail,
    header,
    set,
    lines,
    setLines,
    headerErrors,
    lineErrors,
    setLineErrors,
    loaded,
    doc,
    conflict,
    busy,
    totals,
    editable,
    applyCustomer,
    save,
    reloadKeepingMine,
    overwrite,
    /** someone else changed the open document (StaleRecordAlert); `acknowledge()` after the reload */
    watch,
  }
}

export type DocumentEntryState<H extends EntryHeader, D extends EntryDoc> = ReturnType<typeof useDocumentEntry<H, D, object>>
