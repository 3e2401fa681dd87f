import { z } from 'zod'
import type { Ctx } from '../contract/method'
import { staleConflict } from '../contract/errors'
import { trimmed } from '../contract/types'
import { SettingEntity } from '../settings/settings.entity'
import { audit } from '../audit/audit.service'
import { msgRef } from '../i18n/i18n'
import { COLUMN_KEYS, COLUMNS_OF, PRINT_TYPE_TITLES, TEMPLATE_PAPERS, type ColumnKey, type PrintType } from './print.enums'

/**
 * 打印模板: one per document type, kept as a setting row `printTemplate.<type>` with its own version
 * (a stale save is a CONFLICT like every record) and logged field by field.
 */
/** a printed label: clean text (no zero-width or control characters), trimmed, at most 40 characters */
const label = trimmed(40)
export const templateSchema = z.object({
  paper: z.enum(TEMPLATE_PAPERS),
  /** custom paper, mm */
  widthMm: z.number().min(50).max(600),
  heightMm: z.number().min(50).max(1200),
  /** left, top, right, bottom in mm; null = the paper's own */
  marginsMm: z.tuple([z.number().min(0).max(60), z.number().min(0).max(60), z.number().min(0).max(60), z.number().min(0).max(60)]).nullable(),
  /** 套打: moves everything right (x) and down (y), mm */
  offsetXMm: z.number().min(-50).max(50),
  offsetYMm: z.number().min(-50).max(50),
  title: label.min(1),
  terms: trimmed(2000),
  remarks: trimmed(1000),
  signatures: z.array(label.min(1)).max(6),
  letterhead: z.object({ logo: z.boolean(), address: z.boolean(), phone: z.boolean(), bank: z.boolean(), taxId: z.boolean() }),
  /** 联 labels, one per copy: 第一联 存根（白） … */
  copyLabels: z.array(label).max(6),
  /** the line table: order = array order; width in mm, 0 = automatic */
  columns: z.array(z.object({ key: z.enum(COLUMN_KEYS), title: label.min(1), show: z.boolean(), width: z.number().min(0).max(200) })).min(1).max(COLUMN_KEYS.length),
})
export type PrintTemplate = z.infer<typeof templateSchema>

export const COLUMN_TITLES: Record<ColumnKey, string> = {
  seq: '行号',
  code: '商品编码',
  name: '商品名称',
  spec: '规格型号',
  unit: '单位',
  qty: '数量',
  price: '单价',
  discount: '折扣',
  taxRate: '税率',
  amount: '金额',
  tax: '税额',
  remark: '备注',
  date: '日期',
  kind: '类型',
  number: '单号',
  memo: '摘要',
  debit: '应收增加',
  credit: '应收减少',
  balance: '余额',
}
const RECEIPT_TITLES: Partial<Record<ColumnKey, string>> = { number: '订单号', date: '核销日期', amount: '核销金额' }
const HIDDEN_BY_DEFAULT: Partial<Record<PrintType, ColumnKey[]>> = {
  quote: ['taxRate', 'tax'],
  order: ['tax'],
  deliveryNote: ['taxRate', 'tax', 'remark'],
}
const TERMS: Record<PrintType, string> = {
  quote: '本报价含税，有效期内有效；交货期以双方确认为准。',
  order: '一、质量标准：按国家标准及双方约定。二、交货：按约定日期送达需方指定地点。三、付款：按约定账期付款。四、本确认书经双方签字盖章后生效，与合同具有同等效力。',
  deliveryNote: '收货时请当面点清数量、检查外观；如有异议，请于签收时在本单注明。本单经签收即视为货物已按上列数量收讫。',
  statement: '请核对以上账目，如有不符请于 7 日内告知；逾期未回复视为无误。',
  receipt: '',
}
const SIGNATURES: Record<PrintType, string[]> = {
  quote: ['制单', '审核'],
  order: ['制单', '审核'],
  deliveryNote: ['制单', '审核', '送货', '签收'],
  statement: ['制单', '审核'],
  receipt: ['收款人', '会计', '经手人'],
}

export function defaultTemplate(type: PrintType): PrintTemplate {
  return {
    paper: type === 'deliveryNote' || type === 'receipt' ? 'A5' : 'A4',
    widthMm: 210,
    heightMm: 297,
    marginsMm: null,
    offsetXMm: 0,
    offsetYMm: 0,
    title: PRINT_TYPE_TITLES[type],
    terms: TERMS[type],
    remarks: '',
    signatures: SIGNATURES[type],
    letterhead: { logo: true, address: true, phone: true, bank: true, taxId: true },
    copyLabels: type === 'deliveryNote' ? ['第一联 存根（白）', '第二联 客户（红）', '第三联 财务（黄）'] : [],
    columns: COLUMNS_OF[type].map((key) => ({ key, title: (type === 'receipt' ? RECEIPT_TITLES[key] : undefined) ?? COLUMN_TITLES[key], show: !HIDDEN_BY_DEFAULT[type]?.includes(key), width: 0 })),
  }
}

const keyOf = (type: PrintType) => `printTemplate.${type}`

/** The template of a type (defaults merged under what was saved) and its version (0: never saved). */
export async function getTemplate(ctx: Pick<Ctx, 'em'>, type: PrintType): Promise<{ template: PrintTemplate; version: number; updatedAt: string | null; updatedByName: string | null }> {
  const row = await ctx.em.getRepository(SettingEntity).findOneBy({ key: keyOf(type) })
  const base = defaultTemplate(type)
  if (!row) return { template: base, version: 0, updatedAt: null, updatedByName: null }
  let saved: unknown = {}
  try {
    saved = JSON.parse(row.value)
  } catch {
    /* unreadable: defaults */
  }
  const parsed = templateSchema.safeParse({ ...base, ...(saved as object) })
  return { template: parsed.success ? normalizeColumns(type, parsed.data) : base, version: row.version, updatedAt: row.updatedAt, updatedByName: row.updatedByName }
}

/** only the columns the document type has, each once; the missing ones appended hidden */
export function normalizeColumns(type: PrintType, t: PrintTemplate): PrintTemplate {
  const allowed = COLUMNS_OF[type]
  const seen = new Set<ColumnKey>()
  const columns = t.columns.filter((c) => allowed.includes(c.key) && !seen.has(c.key) && seen.add(c.key))
  for (const key of allowed) if (!seen.has(key)) columns.push({ key, title: COLUMN_TITLES[key], show: false, width: 0 })
  return { ...t, columns }
}

export async function saveTemplate(ctx: Ctx, type: PrintType, template: PrintTemplate, version: number) {
  const repo = ctx.em.getRepository(SettingEntity)
  const key = keyOf(type)
  const before = await getTemplate(ctx, type)
  const after = normalizeColumns(type, template)
  const by = { value: JSON.stringify(after), updatedAt: ctx.now().toISOString(), updatedByName: ctx.user?.displayName ?? null }
  if (version === 0 && before.version === 0) {
    // first save: a concurrent first save fails on the primary key, which answers CONFLICT too
    await repo.insert({ key, ...by, version: 1 })
  } else {
    const res = await repo.update({ key, version }, { ...by, version: version + 1 })
    if (!res.affected) throw staleConflict('settings', { version: before.version, updatedAt: before.updatedAt ?? '', updatedByName: before.updatedByName })
  }
  const changes = (Object.keys(after) as (keyof PrintTemplate)[])
    .filter((f) => JSON.stringify(before.template[f]) !== JSON.stringify(after[f]))
    .map((f) => ({ field: f, before: before.template[f], after: after[f] }))
  await audit(ctx, { entity: 'setting', entityId: 0, action: 'printTemplate', summary: { key: 'audit.print.template', params: { type: msgRef(`enum.printType.${type}`) } }, changes })
  return getTemplate(ctx, type)
}
