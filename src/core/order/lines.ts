import { In } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { msgRef, renderMessage, type CoreMessageKey, type MessageParams } from '../i18n/i18n'
import { MAX_FEN, MAX_FEN_TEXT } from '../contract/types'
import { ProductEntity, type Product } from '../product/product.entity'
import type { PricedLine } from './priced-line'
import { bpStr, lineMoney, price4Str, qtyStr, toBp, toMilli, toPrice4 } from '../money/money'

export interface LineInput {
  productId: number
  quantity: string
  unitPrice?: string
  taxRate?: number
  discountPct?: string
  remark?: string | null
}

export type { PricedLine } from './priced-line'


/** A problem on line `i` (0-based): `第 2 行：数量必须大于 0`, the issue under `lines.1.quantity`. */
export function lineError(i: number, field: string | null, key: CoreMessageKey, params?: MessageParams, code: 'VALIDATION' | 'BUSINESS_RULE' = 'VALIDATION', details: Record<string, unknown> = {}) {
  const issues = field ? [{ path: `lines.${i}.${field}`, message: renderMessage(key, params), code: 'custom', key, ...(params ? { params } : {}) }] : undefined
  return appError(code, 'order.line', { line: i + 1, message: msgRef(key, params) }, { ...details, ...(issues ? { issues } : {}) })
}

/** Prices document lines: product defaults fill the blanks; each line is rounded once; totals are sums. */
export async function priceLines(ctx: Ctx, lines: LineInput[], priceIncludesTax: boolean) {
  const ids = [...new Set(lines.map((l) => l.productId))]
  const products = ids.length ? await ctx.em.getRepository(ProductEntity).findBy({ id: In(ids) }) : []
  const byId = new Map<number, Product>(products.map((p) => [p.id, p]))
  const priced: PricedLine[] = lines.map((l, i) => {
    const p = byId.get(l.productId)
    if (!p) throw lineError(i, 'productId', 'order.productMissing')
    if (!p.active) throw lineError(i, null, 'order.productInactive', { name: p.name }, 'BUSINESS_RULE', { line: i + 1, productId: p.id })
    const qtyMilli = toMilli(l.quantity)
    if (qtyMilli <= 0) throw lineError(i, 'quantity', 'order.qtyPositive')
    const price4 = l.unitPrice !== undefined ? toPrice4(l.unitPrice) : p.salePrice4
    if (price4 < 0) throw lineError(i, 'unitPrice', 'order.priceNegative')
    const taxRate = l.taxRate ?? p.taxRate
    const discountBp = toBp(l.discountPct)
    if (discountBp < 0 || discountBp > 10000) throw lineError(i, 'discountPct', 'order.discountRange')
    const m = lineMoney(qtyMilli, price4, taxRate, { discountBp, priceIncludesTax })
    if (!(m.amountFen <= MAX_FEN)) throw lineError(i, 'quantity', 'order.lineTooLarge', { max: MAX_FEN_TEXT })
    return {
      lineNo: i + 1,
      productId: p.id,
      productCode: p.code,
      productName: p.name,
      spec: p.spec,
      unit: p.unit,
      qtyMilli,
      price4,
      taxRate,
      discountBp,
      ...m,
      remark: l.remark ?? null,
    }
  })
  const totals = priced.reduce((t, l) => ({ totalFen: t.totalFen + l.amountFen, taxFen: t.taxFen + l.taxFen, netFen: t.netFen + l.netFen }), { totalFen: 0, taxFen: 0, netFen: 0 })
  if (!(totals.totalFen <= MAX_FEN)) {
    const params = { max: MAX_FEN_TEXT }
    throw appError('VALIDATION', 'order.totalTooLarge', params, { issues: [{ path: 'lines', message: renderMessage('order.totalTooLarge', params), code: 'custom', key: 'order.totalTooLarge', params }] })
  }
  return { lines: priced, ...totals }
}

/** A stored line as the contract shows it: decimals as strings. */
export function lineOut<T extends { qtyMilli: number; price4: number; discountBp: number }>(l: T) {
  const { qtyMilli, price4, discountBp, ...rest } = l
  return { ...rest, quantity: qtyStr(qtyMilli), unitPrice: price4Str(price4), discountPct: bpStr(discountBp) }
}
