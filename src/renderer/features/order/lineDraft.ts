import { amountInWords, lineMoney, TAX_RATES, toBp, toMilli, toPrice4, type LineMoney, type TaxRate } from '../../../core/money/money'
import type { LastPrice, LineInput, LineOut } from './order.api'

/** What the grid knows about the product on a line. */
export interface ProductRef {
  id: number
  code: string
  name: string
  spec: string | null
  unit: string
  salePrice: string
  taxRate: number
  /** available stock when the product was picked (a hint; the core decides) */
  available?: string
}

/** One line of the entry grid, as typed (strings, so nothing is lost to binary floats). */
export interface DraftLine {
  key: string
  product: ProductRef | null
  quantity: string
  unitPrice: string
  taxRate: number
  discountPct: string
  remark: string
  /** the customer's last price for this product: undefined = not asked yet, null = never bought */
  lastPrice?: LastPrice | null
  /** the user typed a price, so a late last-price answer must not overwrite it */
  priceTouched?: boolean
}

export const GRID_COLUMNS = ['product', 'quantity', 'unitPrice', 'taxRate', 'discountPct', 'remark'] as const
export type GridColumn = (typeof GRID_COLUMNS)[number]

let seq = 0
export const newKey = () => `l${Date.now().toString(36)}${(seq++).toString(36)}`

export function blankLine(): DraftLine {
  return { key: newKey(), product: null, quantity: '', unitPrice: '', taxRate: 13, discountPct: '', remark: '' }
}

const QTY_RE = /^\d+(\.\d{1,3})?$/
const PRICE_RE = /^\d+(\.\d{1,4})?$/
/** the core's ranges (contract/types quantityStr, priceStr): at most 9 and 10 digits before the point */
const intDigits = (v: string) => v.split('.')[0]!.replace(/^0+(?=\d)/, '').length
const QTY_INT_DIGITS = 9
const PRICE_INT_DIGITS = 10
const PCT_RE = /^\d{1,3}(\.\d{1,2})?$/

/** Typed numbers accept full-width digits and a trailing dot while typing; commas are dropped. */
export function cleanNumber(s: string): string {
  return s
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '')
    .replace(/\.$/, '')
}

export function quantityError(q: string): 'required' | 'format' | 'tooLarge' | 'positive' | null {
  const v = cleanNumber(q)
  if (v === '') return 'required'
  if (/^\d+(\.\d*)?$/.test(v) && intDigits(v) > QTY_INT_DIGITS) return 'tooLarge'
  if (!QTY_RE.test(v)) return 'format'
  if (toMilli(v) <= 0) return 'positive'
  return null
}
export function priceError(p: string): 'required' | 'format' | 'tooLarge' | null {
  const v = cleanNumber(p)
  if (v === '') return 'required'
  if (/^\d+(\.\d*)?$/.test(v) && intDigits(v) > PRICE_INT_DIGITS) return 'tooLarge'
  return PRICE_RE.test(v) ? null : 'format'
}
export function discountError(d: string): 'format' | null {
  const v = cleanNumber(d)
  if (v === '') return null
  return PCT_RE.test(v) && Number(v) <= 100 ? null : 'format'
}

/** A line with a product and nothing typed wrong counts; blank lines are ignored. */
export const isBlank = (l: DraftLine) => !l.product && !l.quantity.trim() && !l.remark.trim()

/** The line's money as the core will compute it (same module), or null while the line is incomplete. */
export function lineCalc(l: DraftLine, priceIncludesTax: boolean): LineMoney | null {
  if (!l.product || quantityError(l.quantity) || priceError(l.unitPrice) || discountError(l.discountPct)) return null
  return lineMoney(toMilli(cleanNumber(l.quantity)), toPrice4(cleanNumber(l.unitPrice)), l.taxRate, {
    discountBp: toBp(cleanNumber(l.discountPct) || '0'),
    priceIncludesTax,
  })
}

export interface Totals {
  totalFen: number
  taxFen: number
  netFen: number
  lines: number
  words: string
}

export function totalsOf(lines: DraftLine[], priceIncludesTax: boolean): Totals {
  let totalFen = 0
  let taxFen = 0
  let netFen = 0
  let n = 0
  for (const l of lines) {
    const m = lineCalc(l, priceIncludesTax)
    if (!m) continue
    n++
    totalFen += m.amountFen
    taxFen += m.taxFen
    netFen += m.netFen
  }
  return { totalFen, taxFen, netFen, lines: n, words: amountInWords(totalFen) }
}

/** "12.5000" → "12.50", "0.3333" stays: at least 2 decimals, no needless zeros. */
export function trimPrice(p: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(p)) return p
  const [i, f = ''] = p.split('.')
  const frac = f.replace(/0+$/, '').padEnd(2, '0')
  return `${i}.${frac}`
}

/** "12.000" → "12", "2.500" → "2.5" */
export function trimQty(q: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(q)) return q
  return q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q
}

/** The grid offers TAX_RATES only; anything else still goes to the core, which refuses it with its message. */
export const asTaxRate = (n: number) => n as TaxRate

export function toLineInputs(lines: DraftLine[]): LineInput[] {
  return lines
    .filter((l) => !isBlank(l))
    .map((l) => ({
      productId: l.product?.id ?? 0,
      quantity: cleanNumber(l.quantity),
      unitPrice: cleanNumber(l.unitPrice),
      taxRate: asTaxRate(l.taxRate),
      discountPct: cleanNumber(l.discountPct) || '0',
      remark: l.remark.trim() || null,
    }))
}

export function fromLineOut(l: LineOut): DraftLine {
  return {
    key: newKey(),
    product: { id: l.productId, code: l.productCode, name: l.productName, spec: l.spec, unit: l.unit, salePrice: l.unitPrice, taxRate: l.taxRate },
    quantity: trimQty(l.quantity),
    unitPrice: trimPrice(l.unitPrice),
    taxRate: l.taxRate,
    discountPct: l.discountPct === '0' ? '' : l.discountPct,
    remark: l.remark ?? '',
    priceTouched: true,
  }
}

/** Lines compared by what is saved (for "anything changed?"). */
export const linesSignature = (lines: DraftLine[]) => JSON.stringify(toLineInputs(lines))

/** Digits as typed: full-width digits and 。 become ASCII; anything but digits and one dot is dropped. */
export function sanitizeNumber(v: string): string {
  const s = v.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[．。]/g, '.').replace(/[^\d.]/g, '')
  const i = s.indexOf('.')
  return i < 0 ? s : s.slice(0, i + 1) + s.slice(i + 1).replace(/\./g, '')
}

const AFTER_PRODUCT = GRID_COLUMNS.slice(1)

/**
 * Keys typed ahead after picking a product ('\n' = Enter) as they would have landed: characters into the
 * quantity, Enter on to the price, and so on; past the last cell the rest belongs to the next line.
 */
export function replay(typeahead: string): { patch: Partial<DraftLine>; col: GridColumn; typedInCol: boolean; overflow: string | null } {
  const typed: Partial<Record<GridColumn, string>> = {}
  let i = 0
  for (let k = 0; k < typeahead.length; k++) {
    const ch = typeahead[k]!
    if (ch === '\n') {
      i++
      if (i >= AFTER_PRODUCT.length) return { patch: patchOf(typed), col: 'product', typedInCol: false, overflow: typeahead.slice(k + 1) }
      continue
    }
    const col = AFTER_PRODUCT[i]!
    typed[col] = (typed[col] ?? '') + ch
  }
  const col = AFTER_PRODUCT[i]!
  return { patch: patchOf(typed), col, typedInCol: typed[col] !== undefined, overflow: null }
}

function patchOf(typed: Partial<Record<GridColumn, string>>): Partial<DraftLine> {
  const patch: Partial<DraftLine> = {}
  if (typed.quantity !== undefined) patch.quantity = sanitizeNumber(typed.quantity)
  if (typed.unitPrice !== undefined) {
    patch.unitPrice = sanitizeNumber(typed.unitPrice)
    patch.priceTouched = true
  }
  if (typed.discountPct !== undefined) patch.discountPct = sanitizeNumber(typed.discountPct)
  if (typed.remark !== undefined) patch.remark = typed.remark
  if (typed.taxRate !== undefined && (TAX_RATES as readonly number[]).includes(Number(typed.taxRate))) patch.taxRate = Number(typed.taxRate)
  return patch
}
