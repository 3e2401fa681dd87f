import { Autocomplete, Button, Group, Modal, Select, SimpleGrid, Switch, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { ConflictAlert, useVersionedEdit } from '../../shared/conflict'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { asTaxRate, trimPrice, trimQty } from '../order/lineDraft'
import { PRODUCT_QUERIES, TAX_RATES, type Product, type ProductFields } from './product.api'

interface Values extends Record<string, unknown> {
  code: string
  name: string
  kind: 'goods' | 'service'
  spec: string
  unit: string
  category: string
  barcode: string
  salePrice: string
  priceIncludesTax: boolean
  taxRate: string
  lowStockThreshold: string
  active: boolean
  initialStock: string
}

const UNITS = ['个', '件', '台', '套', '箱', '盒', '包', '瓶', '袋', '卷', '张', '米', 'kg', '吨', '升']

const blank = (): Values => ({ code: '', name: '', kind: 'goods', spec: '', unit: '个', category: '', barcode: '', salePrice: '', priceIncludesTax: true, taxRate: '13', lowStockThreshold: '', active: true, initialStock: '' })

function fromProduct(p: Product): Values {
  return {
    ...blank(),
    code: p.code,
    name: p.name,
    kind: p.kind,
    spec: p.spec ?? '',
    unit: p.unit,
    category: p.category ?? '',
    barcode: p.barcode ?? '',
    salePrice: trimPrice(p.salePrice),
    priceIncludesTax: p.priceIncludesTax,
    taxRate: String(p.taxRate),
    lowStockThreshold: p.lowStockThreshold === '0' ? '' : trimQty(p.lowStockThreshold),
    active: p.active,
  }
}

const nul = (s: string) => (s.trim() === '' ? null : s.trim())

function toFields(v: Partial<Values>): Partial<ProductFields> {
  const out: Partial<ProductFields> = {}
  for (const [k, raw] of Object.entries(v)) {
    if (k === 'code' || k === 'name' || k === 'unit') (out as Record<string, unknown>)[k] = String(raw).trim()
    else if (k === 'spec' || k === 'category' || k === 'barcode') (out as Record<string, unknown>)[k] = nul(String(raw))
    else if (k === 'salePrice') out.salePrice = String(raw).trim() || '0'
    else if (k === 'lowStockThreshold') out.lowStockThreshold = String(raw).trim() || '0'
    else if (k === 'taxRate') out.taxRate = asTaxRate(Number(raw))
    else if (k === 'priceIncludesTax' || k === 'active' || k === 'kind') (out as Record<string, unknown>)[k] = raw
  }
  return out
}

const DEC = (scale: number) => new RegExp(`^\\d+(\\.\\d{1,${scale}})?$`)
/** the core's ranges (contract/types priceStr, quantityStr): 10 and 9 digits before the point */
const tooLarge = (v: string, intDigits: number) => /^\d+(\.\d*)?$/.test(v) && v.split('.')[0]!.replace(/^0+(?=\d)/, '').length > intDigits

/** 商品档案: create (with opening stock) or edit (versioned: a stale save shows who changed it, nothing typed is lost). */
export function ProductFormModal({ target, onClose, onSaved }: { target: 'new' | Product | null; onClose: () => void; onSaved?: (p: Product) => void }) {
  const t = useT()
  const opened = target !== null
  const editing = target !== null && target !== 'new' ? target : null
  const invalidate = useInvalidate()
  const categories = useApiQuery('product.categories', {}, { enabled: opened, staleTime: 60_000 })
  const form = useForm<Values>({
    initialValues: blank(),
    validate: {
      code: (v) => (!v.trim() ? t('product.error.code') : /^[A-Za-z0-9_\-.]+$/.test(v.trim()) ? null : t('product.error.codeChars')),
      name: (v) => (v.trim() ? null : t('product.error.name')),
      unit: (v) => (v.trim() ? null : t('product.error.unit')),
      salePrice: (v) => (tooLarge(v.trim(), 10) ? t('product.error.tooLarge') : v.trim() === '' || DEC(4).test(v.trim()) ? null : t('product.error.price')),
      lowStockThreshold: (v) => (tooLarge(v.trim(), 9) ? t('product.error.tooLarge') : v.trim() === '' || DEC(3).test(v.trim()) ? null : t('product.error.qty')),
      initialStock: (v) => (tooLarge(v.trim(), 9) ? t('product.error.tooLarge') : v.trim() === '' || DEC(3).test(v.trim()) ? null : t('product.error.qty')),
    },
  })
  const load = useCallback(async () => {
    const p = await invoke('product.get', { id: editing!.id })
    return { values: fromProduct(p), version: p.version }
  }, [editing])
  const versioned = useVersionedEdit(form, load)
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (!opened) return
    if (editing) versioned.init(fromProduct(editing), editing.version)
    else {
      versioned.dismiss()
      form.setValues(blank())
      form.resetDirty(blank())
    }
    form.clearErrors()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target])

  const done = async (p: Product, message: string) => {
    await invalidate(PRODUCT_QUERIES)
    notifySuccess(message)
    onSaved?.(p)
    onClose()
  }
  const update = async (changes: Partial<Values>, version: number) => {
    const p = await invoke('product.update', { id: editing!.id, version, ...toFields(changes) })
    await done(p, t('product.form.saved', { code: p.code }))
  }
  const showErrors = (e: unknown) => {
    const { placed } = applyServerErrors(form, e, { fields: Object.keys(blank()) })
    if (placed) focusFirstError(ref.current)
    notifyError(e)
  }
  const save = async () => {
    if (busy) return
    if (form.validate().hasErrors) return focusFirstError(ref.current)
    setBusy(true)
    try {
      if (!editing) {
        const v = form.getValues()
        const p = await invoke('product.create', { ...(toFields(v) as ProductFields), ...(v.initialStock.trim() ? { initialStock: v.initialStock.trim() } : {}) })
        await done(p, t('product.form.created', { code: p.code }))
      } else {
        const ch = versioned.changes()
        delete ch.initialStock
        if (!Object.keys(ch).length) return onClose()
        await update(ch, versioned.version!)
      }
    } catch (e) {
      if (!versioned.catchConflict(e)) showErrors(e)
    } finally {
      setBusy(false)
    }
  }
  useSaveHotkey(() => void save(), opened)

  const th = (f: keyof Values & string) => versioned.theirs(f)
  return (
    <Modal opened={opened} onClose={onClose} title={editing ? t('product.form.editTitle', { code: editing.code }) : t('product.form.newTitle')} size="lg">
      {versioned.conflict && (
        <ConflictAlert
          conflict={versioned.conflict}
          busy={versioned.busy}
          onReload={() => void versioned.reload().catch(notifyError)}
          onOverwrite={() => void versioned.overwrite((ch, v) => update(ch, v)).catch((e) => (versioned.catchConflict(e) ? undefined : showErrors(e)))}
        />
      )}
      <form
        ref={ref}
        noValidate
        onKeyDown={enterToNextField}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
        data-testid="product-form"
      >
        <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
          <TextInput label={t('product.field.code')} withAsterisk data-autofocus {...form.getInputProps('code')} description={th('code')} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
          <TextInput label={t('product.field.name')} withAsterisk {...form.getInputProps('name')} description={th('name')} style={{ gridColumn: 'span 2' }} />
          <Select
            label={t('product.field.kind')}
            data={[
              { value: 'goods', label: t('product.kind.goods') },
              { value: 'service', label: t('product.kind.service') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('kind')}
            description={form.values.kind === 'service' ? t('product.kind.serviceHint') : undefined}
            data-testid="product-kind"
          />
          <TextInput label={t('product.field.spec')} {...form.getInputProps('spec')} description={th('spec')} />
          <Autocomplete label={t('product.field.unit')} withAsterisk data={UNITS} {...form.getInputProps('unit')} description={th('unit')} />
          <Autocomplete label={t('product.field.category')} data={categories.data?.items ?? []} {...form.getInputProps('category')} description={th('category')} />
          <TextInput label={t('product.field.salePrice')} inputMode="decimal" {...form.getInputProps('salePrice')} description={th('salePrice')} styles={{ input: { textAlign: 'right' } }} />
          <Select label={t('product.field.taxRate')} data={TAX_RATES.map((r) => ({ value: String(r), label: `${r}%` }))} allowDeselect={false} {...form.getInputProps('taxRate')} description={th('taxRate')} />
          <TextInput label={t('product.field.barcode')} {...form.getInputProps('barcode')} description={th('barcode')} />
          <TextInput label={t('product.field.lowStockThreshold')} inputMode="decimal" placeholder="0" {...form.getInputProps('lowStockThreshold')} description={th('lowStockThreshold') ?? t('product.form.lowStockHint')} />
          {!editing && form.values.kind === 'goods' && <TextInput label={t('product.field.initialStock')} inputMode="decimal" placeholder="0" {...form.getInputProps('initialStock')} />}
          <Switch mt={26} label={t('product.field.priceIncludesTax')} {...form.getInputProps('priceIncludesTax', { type: 'checkbox' })} />
          <Switch mt={26} label={t('product.field.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
        </SimpleGrid>
        <Group justify="space-between" mt="md">
          <Text size="xs" c="dimmed">
            {t('hotkey.save')} · Enter ↓
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="product-save">
              {t('action.save')}
            </Button>
          </Group>
        </Group>
      </form>
    </Modal>
  )
}
