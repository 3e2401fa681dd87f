import { Autocomplete, Box, Button, Group, Input, Loader, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Text, TagsInput, Textarea, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconClipboardText, IconDeviceFloppy } from '@tabler/icons-react'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { hasCapability } from '../../../core/auth/permissions'
import { invoke } from '../../app/transport'
import { ConflictAlert, useVersionedEdit } from '../../shared/conflict'
import { StaleRecordAlert, useRecordChanges } from '../../shared/recordWatch'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { formatFen } from '../../shared/money'
import { MoneyInput } from '../../shared/MoneyInput'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { useUserOptions } from '../users/useUsers'
import { CUSTOMER_QUERIES, type Customer, type CustomerFields, type DuplicateMatch, type Stage } from './customer.api'
import { DuplicateModal, DuplicateWarning, duplicateConflictOf, type DuplicateConflict } from './Duplicates'
import { MergeCustomerModal } from './MergeCustomerModal'
import { stageOptions } from './labels'
import { COMPANY_SIZES, PROVINCES } from './regions'
import { PasteCardModal, type ParsedCard } from './PasteCard'

const POOL = '__pool__'

interface FormValues extends Record<string, unknown> {
  name: string
  shortName: string
  code: string
  kind: 'company' | 'person'
  uscc: string
  phone: string
  industry: string
  size: string
  source: string | null
  province: string
  city: string
  district: string
  address: string
  stage: Stage
  ownerId: string
  creditLimitFen: number
  paymentTermDays: number
  tags: string[]
  remark: string
  // create only: the primary contact
  contactName: string
  contactTitle: string
  contactMobile: string
  contactWechat: string
  contactEmail: string
}

const CONTACT_KEYS = ['contactName', 'contactTitle', 'contactMobile', 'contactWechat', 'contactEmail'] as const

const blank = (ownerId: string): FormValues => ({
  name: '',
  shortName: '',
  code: '',
  kind: 'company',
  uscc: '',
  phone: '',
  industry: '',
  size: '',
  source: null,
  province: '',
  city: '',
  district: '',
  address: '',
  stage: 'lead',
  ownerId,
  creditLimitFen: 0,
  paymentTermDays: 0,
  tags: [],
  remark: '',
  contactName: '',
  contactTitle: '',
  contactMobile: '',
  contactWechat: '',
  contactEmail: '',
})

function fromCustomer(c: Customer): FormValues {
  return {
    ...blank(c.ownerId === null ? POOL : String(c.ownerId)),
    name: c.name,
    shortName: c.shortName ?? '',
    code: c.code,
    kind: c.kind,
    uscc: c.uscc ?? '',
    phone: c.phone ?? '',
    industry: c.industry ?? '',
    size: c.size ?? '',
    source: c.source,
    province: c.province ?? '',
    city: c.city ?? '',
    district: c.district ?? '',
    address: c.address ?? '',
    stage: c.stage,
    creditLimitFen: c.creditLimitFen,
    paymentTermDays: c.paymentTermDays,
    tags: c.tags,
    remark: c.remark ?? '',
  }
}

const nul = (s: string | null | undefined) => {
  const v = (s ?? '').trim()
  return v === '' ? null : v
}

/** Form values (all or only the changed ones) → contract fields. */
function toFields(v: Partial<FormValues>): Partial<CustomerFields> {
  const out: Partial<CustomerFields> = {}
  for (const [k, raw] of Object.entries(v)) {
    switch (k) {
      case 'name':
        out.name = String(raw).trim()
        break
      case 'kind':
        out.kind = raw as FormValues['kind']
        break
      case 'stage':
        out.stage = raw as Stage
        break
      case 'ownerId':
        out.ownerId = raw === POOL || raw === '' || raw == null ? null : Number(raw)
        break
      case 'creditLimitFen':
        out.creditLimitFen = (raw as number | null) ?? 0
        break
      case 'paymentTermDays':
        out.paymentTermDays = Number(raw) || 0
        break
      case 'tags':
        out.tags = raw as string[]
        break
      case 'code':
      case 'shortName':
      case 'uscc':
      case 'phone':
      case 'industry':
      case 'size':
      case 'source':
      case 'province':
      case 'city':
      case 'district':
      case 'address':
      case 'remark':
        ;(out as Record<string, unknown>)[k] = nul(raw as string | null)
        break
      default:
        break // contact* fields travel separately
    }
  }
  return out
}

/** Server paths → form fields. */
const mapPath = (p: string): string | null => {
  const m: Record<string, string> = { 'contacts.0.name': 'contactName', 'contacts.0.title': 'contactTitle', 'contacts.0.mobile': 'contactMobile', 'contacts.0.wechat': 'contactWechat', 'contacts.0.email': 'contactEmail' }
  return m[p] ?? p
}
const FORM_FIELDS = Object.keys(blank(''))

export function CustomerNewPage() {
  return <CustomerForm mode="create" />
}

export function CustomerEditPage() {
  const { id } = useParams()
  return <CustomerForm mode="edit" id={Number(id)} key={id} />
}

function CustomerForm({ mode, id }: { mode: 'create' | 'edit'; id?: number }) {
  const t = useT()
  const me = useCurrentUser()
  // credit limit and payment terms: admin, manager and finance only (DOMAIN.md's role table; the core refuses the rest)
  const canCredit = hasCapability(me.role, 'credit')
  const navigate = useNavigate()
  const invalidate = useInvalidate()
  const settings = useApiQuery('settings.get', {}, { staleTime: 5 * 60_000 })
  const { options: userOptions, byId } = useUserOptions((u) => me.role !== 'sales' && me.role !== 'manager' ? true : u.id === me.id || (me.role === 'manager' && u.managerId === me.id))
  const defaultOwner = me.role === 'sales' || me.role === 'manager' ? String(me.id) : POOL
  const form = useForm<FormValues>({
    initialValues: blank(defaultOwner),
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required', { field: t('field.name') })),
      uscc: (v) => (v.trim() && !/^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$/.test(v.trim()) ? t('customer.form.usccFormat') : null),
      contactName: (v, values) => (mode === 'create' && !v.trim() && (values.contactMobile.trim() || values.contactTitle.trim() || values.contactWechat.trim() || values.contactEmail.trim()) ? t('customer.form.contactNameRequired') : null),
    },
  })
  const load = useCallback(async () => {
    const c = await invoke('customer.get', { id: id! })
    return { values: fromCustomer(c), version: c.version }
  }, [id])
  const versioned = useVersionedEdit(form, load)
  const [loadState, setLoadState] = useState<{ loading: boolean; error: unknown; name: string }>({ loading: mode === 'edit', error: null, name: '' })
  const [busy, setBusy] = useState(false)
  const [dups, setDups] = useState<DuplicateMatch[]>([])
  const [dupModal, setDupModal] = useState<DuplicateConflict | null>(null)
  const dupSeq = useRef(0)
  const [mergeSource, setMergeSource] = useState<number | null>(null)
  // another PC (LAN) may save this customer while it is open here: say so before the user types into a stale copy
  const watch = useRecordChanges('customer', mode === 'edit' ? Number(id) : null)
  const canMerge = mode === 'edit' && (me.role === 'admin' || me.role === 'manager')
  const formRef = useRef<HTMLFormElement>(null)
  // 粘贴识别: the fields the recogniser filled stay highlighted until the user saves (or edits them)
  const [pasteOpen, setPasteOpen] = useState(false)
  const [prefilled, setPrefilled] = useState<Map<string, unknown>>(new Map())
  const applyCard = (card: ParsedCard) => {
    const fill: Partial<FormValues> = {}
    const set = (field: keyof FormValues & string, v: string | null) => {
      if (v !== null && v !== '') (fill as Record<string, unknown>)[field] = v
    }
    set('name', card.name ?? (mode === 'create' ? card.contactName : null))
    if (!card.name && card.contactName && mode === 'create') fill.kind = 'person'
    set('uscc', card.uscc)
    set('phone', card.phone ?? (mode === 'create' ? null : card.mobile))
    set('province', card.province)
    set('city', card.city)
    set('district', card.district)
    set('address', card.address)
    if (mode === 'create') {
      set('contactName', card.contactName)
      set('contactTitle', card.title)
      set('contactMobile', card.mobile)
      set('contactEmail', card.email)
    }
    const keys = Object.keys(fill)
    if (!keys.length) return notifySuccess(t('customer.paste.nothing'))
    form.setValues(fill)
    setPrefilled(new Map(Object.entries(fill)))
    notifySuccess(t('customer.paste.filled', { count: keys.filter((k) => k !== 'kind').length }))
    void checkDuplicates()
  }
  /** a recognised field: orange while it still holds the recognised value, with a line saying so */
  const pf = (field: keyof FormValues & string) =>
    prefilled.has(field) && prefilled.get(field) === form.values[field]
      ? {
          'data-prefilled': 'true',
          styles: { input: { borderColor: 'var(--mantine-color-orange-6)', backgroundColor: 'var(--mantine-color-orange-0)' } },
          description: th(field) ?? t('customer.paste.check'),
        }
      : {}

  useEffect(() => {
    if (mode !== 'edit') return
    let live = true
    load()
      .then((r) => {
        if (!live) return
        versioned.init(r.values, r.version)
        setLoadState({ loading: false, error: null, name: r.values.name })
      })
      .catch((error) => live && setLoadState({ loading: false, error, name: '' }))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, load])

  /** customer.checkDuplicates on blur of name / USCC / phones. */
  const checkDuplicates = async () => {
    const v = form.getValues()
    const phones = [v.phone, v.contactMobile].map((p) => p.trim()).filter(Boolean)
    if (!v.name.trim() && !v.uscc.trim() && !phones.length) return setDups([])
    const seq = ++dupSeq.current
    try {
      const r = await invoke('customer.checkDuplicates', { name: nul(v.name), uscc: nul(v.uscc), phones, ...(mode === 'edit' && id ? { excludeId: id } : {}) })
      if (seq === dupSeq.current) setDups(r.items)
    } catch {
      /* a hint only; the save checks again */
    }
  }
  const blurCheck = (field: 'name' | 'uscc' | 'phone' | 'contactMobile') => ({
    onBlur: () => {
      if (mode === 'create' || form.isDirty(field)) void checkDuplicates()
    },
  })

  const showErrors = (e: unknown) => {
    const { placed, unplaced } = applyServerErrors(form, e, { fields: FORM_FIELDS, map: mapPath })
    if (placed) focusFirstError(formRef.current)
    if (!placed || unplaced.length) notifyError(e)
  }

  const create = async (confirmDuplicate: boolean, duplicateReason: string | null) => {
    const v = form.getValues()
    const contact = v.contactName.trim()
      ? [{ name: v.contactName.trim(), title: nul(v.contactTitle), mobile: nul(v.contactMobile), wechat: nul(v.contactWechat), email: nul(v.contactEmail), isPrimary: true }]
      : []
    const fields = toFields(v) as CustomerFields
    // the limit untouched: the core gives the company's default for new customers (settings.credit)
    const { creditLimitFen, ...rest } = fields
    const credit = form.isDirty('creditLimitFen') ? { creditLimitFen } : {}
    const c = await invoke('customer.create', { ...rest, ...credit, ownerId: fields.ownerId ?? null, contacts: contact, confirmDuplicate, duplicateReason })
    await invalidate(CUSTOMER_QUERIES)
    notifySuccess(t('customer.form.created', { name: c.name, code: c.code }))
    navigate(`/customers/${c.id}`, { replace: true })
  }

  const update = async (changes: Partial<FormValues>, version: number, confirmDuplicate = false, duplicateReason: string | null = null) => {
    const c = await invoke('customer.update', { id: id!, version, ...toFields(changes), confirmDuplicate, ...(duplicateReason ? { duplicateReason } : {}) })
    await invalidate(CUSTOMER_QUERIES)
    versioned.init(fromCustomer(c), c.version)
    notifySuccess(t('customer.form.saved'))
    navigate(`/customers/${c.id}`)
  }

  const save = async (confirmDuplicate = false, duplicateReason: string | null = null) => {
    if (busy) return
    const check = form.validate()
    if (check.hasErrors) return focusFirstError(formRef.current)
    setBusy(true)
    try {
      if (mode === 'create') await create(confirmDuplicate, duplicateReason)
      else {
        const changes = versioned.changes()
        for (const k of CONTACT_KEYS) delete changes[k]
        if (!Object.keys(changes).length) {
          notifySuccess(t('customer.form.noChanges'))
          navigate(`/customers/${id}`)
          return
        }
        await update(changes, versioned.version!, confirmDuplicate, duplicateReason)
      }
      setDupModal(null)
    } catch (e) {
      const d = duplicateConflictOf(e)
      if (d) setDupModal(d)
      else if (!versioned.catchConflict(e)) showErrors(e)
    } finally {
      setBusy(false)
    }
  }
  useSaveHotkey(() => void save(), !loadState.loading && !dupModal && mergeSource === null)

  const openExisting = (cid: number) => navigate(`/customers/${cid}`)
  const startMerge = canMerge
    ? (cid: number) => {
        setDupModal(null)
        setMergeSource(cid)
      }
    : undefined
  /** The merge changed this customer (version, blanks filled): take it in under what the user typed. */
  const afterMerge = (c: Customer) => {
    setDups((d) => d.filter((x) => x.id !== mergeSource))
    if (form.isDirty()) void versioned.reload().catch(notifyError)
    else versioned.init(fromCustomer(c), c.version)
  }
  const th = (field: keyof FormValues & string, format?: (v: unknown) => ReactNode) => versioned.theirs(field, format)
  // a new customer starts with the company's default limit (settings.credit); what 0 means is said under the field
  const credit = settings.data?.credit
  useEffect(() => {
    if (mode !== 'create' || !credit || form.isDirty('creditLimitFen')) return
    form.setInitialValues({ ...form.getInitialValues(), creditLimitFen: credit.defaultLimitFen })
    form.setFieldValue('creditLimitFen', credit.defaultLimitFen)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, credit?.defaultLimitFen])
  const creditHint = form.values.creditLimitFen === 0 ? t(credit?.zeroMeans === 'noCredit' ? 'customer.form.creditZeroNoCredit' : 'customer.form.creditZeroUnlimited') : t('customer.form.creditLimitHint')
  const sources = settings.data?.sources ?? []
  const industries = settings.data?.industries ?? []
  const ownerData = [...userOptions, { value: POOL, label: t('customer.form.ownerPool') }]

  if (loadState.loading)
    return (
      <Group justify="center" py="xl">
        <Loader size="sm" />
      </Group>
    )
  if (loadState.error) return <ErrorBlock error={loadState.error} onRetry={() => window.location.reload()} />

  const title = mode === 'create' ? t('customer.form.newTitle') : `${t('customer.form.editTitle')} · ${loadState.name}`
  return (
    <Box maw={1100}>
      <PageHeader
        title={title}
        crumbs={[{ label: t('customer.list.title'), to: '/customers' }, ...(mode === 'edit' ? [{ label: loadState.name, to: `/customers/${id}` }] : [])]}
        actions={
          <>
            {mode === 'create' && (
              <Button variant="light" leftSection={<IconClipboardText size={16} />} onClick={() => setPasteOpen(true)} data-testid="customer-paste-card">
                {t('customer.paste.button')}
              </Button>
            )}
            <Button variant="default" onClick={() => navigate(mode === 'edit' ? `/customers/${id}` : '/customers')}>
              {t('action.cancel')}
            </Button>
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy} onClick={() => void save()} data-testid="customer-save" title={t('hotkey.save')}>
              {t('action.save')}
            </Button>
          </>
        }
      />
      {watch.change && !versioned.conflict && (
        <StaleRecordAlert
          change={watch.change}
          busy={versioned.busy}
          onReload={() =>
            void versioned
              .reload()
              .then(watch.acknowledge)
              .catch(notifyError)
          }
        />
      )}
      {versioned.conflict && (
        <ConflictAlert
          conflict={versioned.conflict}
          busy={versioned.busy}
          onReload={() => void versioned.reload().catch(notifyError)}
          onOverwrite={() => void versioned.overwrite((changes, version) => update(changes, version)).catch((e) => (versioned.catchConflict(e) ? undefined : showErrors(e)))}
        />
      )}
      <DuplicateWarning matches={dups} onOpen={openExisting} onMerge={startMerge} />
      <form
        ref={formRef}
        noValidate
        data-testid="customer-form"
        onKeyDown={enterToNextField}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Section title={t('customer.form.basic')}>
          <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
            <TextInput
              label={t('field.name')}
              placeholder={t('customer.form.namePlaceholder')}
              withAsterisk
              autoFocus
              data-autofocus
              {...form.getInputProps('name')}
              {...blurCheck('name')}
              description={th('name')}
              {...pf('name')}
              style={{ gridColumn: 'span 2' }}
            />
            <TextInput label={t('field.shortName')} {...form.getInputProps('shortName')} description={th('shortName')} />
            <TextInput label={t('field.code')} placeholder={t('customer.form.codePlaceholder')} {...form.getInputProps('code')} description={th('code')} />
            <div>
              <Input.Label id="kind-label" mb={4}>
                {t('field.kind')}
              </Input.Label>
              <SegmentedControl aria-labelledby="kind-label" fullWidth size="xs" data={[{ value: 'company', label: t('kind.company') }, { value: 'person', label: t('kind.person') }]} {...form.getInputProps('kind')} />
            </div>
            <TextInput
              label={t('field.uscc')}
              placeholder={t('customer.form.usccPlaceholder')}
              maxLength={18}
              {...form.getInputProps('uscc')}
              onChange={(e) => form.setFieldValue('uscc', e.currentTarget.value.toUpperCase())}
              {...blurCheck('uscc')}
              description={th('uscc')}
              {...pf('uscc')}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', ...(pf('uscc').styles?.input ?? {}) } }}
            />
            <TextInput label={t('field.phone')} {...form.getInputProps('phone')} {...blurCheck('phone')} description={th('phone')} {...pf('phone')} />
            <Autocomplete label={t('field.industry')} data={industries} {...form.getInputProps('industry')} description={th('industry')} />
            <Autocomplete label={t('field.size')} data={COMPANY_SIZES} {...form.getInputProps('size')} description={th('size')} />
            <Autocomplete label={t('field.province')} data={PROVINCES} limit={10} {...form.getInputProps('province')} description={th('province')} {...pf('province')} />
            <TextInput label={t('field.city')} {...form.getInputProps('city')} description={th('city')} {...pf('city')} />
            <TextInput label={t('field.district')} {...form.getInputProps('district')} description={th('district')} {...pf('district')} />
            <TextInput label={t('field.address')} {...form.getInputProps('address')} description={th('address')} {...pf('address')} style={{ gridColumn: 'span 3' }} />
          </SimpleGrid>
        </Section>
        <Section title={t('customer.form.business')}>
          <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
            <Select label={t('field.stage')} data={stageOptions(t)} allowDeselect={false} {...form.getInputProps('stage')} description={th('stage', (v) => t(`stage.${v as Stage}`))} />
            <Select
              label={t('field.ownerId')}
              placeholder={t('customer.form.ownerPlaceholder')}
              data={ownerData}
              searchable
              allowDeselect={false}
              {...form.getInputProps('ownerId')}
              // the owner changes through 分配 / 领取 / 释放 on the customer page, never by editing (the core refuses it)
              disabled={mode === 'edit'}
              description={th('ownerId', (v) => (v === POOL ? t('customer.form.ownerPool') : (byId.get(Number(v))?.displayName ?? String(v))))}
              data-testid="owner-select"
            />
            <Select label={t('field.source')} data={sources} clearable searchable {...form.getInputProps('source')} description={th('source')} />
            <MoneyInput
              label={t('field.creditLimitFen')}
              value={form.values.creditLimitFen}
              onChange={(fen) => form.setFieldValue('creditLimitFen', fen ?? 0)}
              error={form.errors.creditLimitFen}
              description={th('creditLimitFen', (v) => formatFen(v as number)) ?? <span data-testid="credit-limit-hint">{creditHint}</span>}
              disabled={!canCredit}
              data-testid="credit-limit"
            />
            <NumberInput label={t('field.paymentTermDays')} min={0} max={3650} allowDecimal={false} allowNegative={false} hideControls {...form.getInputProps('paymentTermDays')} description={th('paymentTermDays')} disabled={!canCredit} data-testid="payment-terms" />
            <TagsInput label={t('field.tags')} placeholder={t('customer.form.tagsPlaceholder')} maxTags={20} clearable {...form.getInputProps('tags')} description={th('tags', (v) => (v as string[]).join('、'))} />
            <Textarea label={t('field.remark')} autosize minRows={2} maxRows={6} {...form.getInputProps('remark')} description={th('remark')} style={{ gridColumn: 'span 3' }} data-testid="remark" />
          </SimpleGrid>
        </Section>
        {mode === 'create' && (
          <Section title={t('customer.form.contact')} hint={t('customer.form.contactHint')}>
            <SimpleGrid cols={5} spacing="sm" verticalSpacing="xs">
              <TextInput label={t('contactField.name')} {...form.getInputProps('contactName')} {...pf('contactName')} />
              <TextInput label={t('contactField.title')} {...form.getInputProps('contactTitle')} {...pf('contactTitle')} />
              <TextInput label={t('contactField.mobile')} {...form.getInputProps('contactMobile')} {...blurCheck('contactMobile')} {...pf('contactMobile')} />
              <TextInput label={t('contactField.email')} {...form.getInputProps('contactEmail')} {...pf('contactEmail')} />
              <TextInput label={t('contactField.wechat')} {...form.getInputProps('contactWechat')} />
            </SimpleGrid>
          </Section>
        )}
        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">
            {t('hotkey.save')} · Enter ↓
          </Text>
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={busy}>
            {t('action.save')}
          </Button>
        </Group>
      </form>
      <DuplicateModal
        conflict={dupModal}
        mode={mode === 'create' ? 'create' : 'update'}
        busy={busy}
        onOpen={openExisting}
        onMerge={startMerge}
        onClose={() => setDupModal(null)}
        onProceed={(reason) => void save(true, reason)}
      />
      <PasteCardModal opened={pasteOpen} onClose={() => setPasteOpen(false)} onParsed={applyCard} />
      <MergeCustomerModal targetId={mergeSource !== null ? id! : null} sourceId={mergeSource} onClose={() => setMergeSource(null)} onMerged={afterMerge} />
    </Box>
  )
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="sm" p="md" mb="sm">
      <Group gap="sm" mb="xs" align="baseline">
        <Title order={4}>{title}</Title>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Group>
      {children}
    </Paper>
  )
}
