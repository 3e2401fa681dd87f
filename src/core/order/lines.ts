import { In } from 'typeorm'
import type { Ctx } from '../contract/method'
import { AppError } from '../contract/errors'
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


/** Prices document lines: product defaults fill the blanks; each line is rounded once; totals are sums. */
export async function priceLines(ctx: Ctx, lines: LineInput[], priceIncludesTax: boolean) {
  const ids = [...new Set(lines.map((l) => l.productId))]
  const products = ids.length ? await ctx.em.getRepository(ProductEntity).findBy({ id: In(ids) }) : []
  const byId = new Map<number, Product>(products.map((p) => [p.id, p]))
  const priced: PricedLine[] = lines.map((l, i) => {
    const p = byId.get(l.productId)
    const path = `lines.${i}`
    if (!p) throw new AppError('VALIDATION', `第 ${i + 1} 行：商品不存在`, { issues: [{ path: `${path}.productId`, message: '商品不存在' }] })
    if (!p.active) throw new AppError('BUSINESS_RULE', `第 ${i + 1} 行：商品“${p.name}”已停用`, { line: i + 1, productId: p.id })
    const qtyMilli = toMilli(l.quantity)
    if (qtyMilli <= 0) throw new AppError('VALIDATION', `第 ${i + 1} 行：数量必须大于 0`, { issues: [{ path: `${path}.quantity`, message: '数量必须大于 0' }] })
    const price4 = l.unitPrice !== undefined ? toPrice4(l.unitPrice) : p.salePrice4
    if (price4 < 0) throw new AppError('VALIDATION', `第 ${i + 1} 行：单价不能为负数`, { issues: [{ path: `${path}.unitPrice`, message: '单价不能为负数' }] })
    const taxRate = l.taxRate ?? p.taxRate
    const discountBp = toBp(l.discountPct)
    if (discountBp < 0 || discountBp > 10000) throw new AppError('VALIDATION', `第 ${i + 1} 行：折扣应在 0–100% 之间`, { issues: [{ path: `${path}.discountPct`, message: '折扣应在 0–100% 之间' }] })
    const m = lineMoney(qtyMilli, price4, taxRate, { discountBp, priceIncludesTax })
    if (!(m.amountFen <= MAX_FEN)) throw new AppError('VALIDATION', `第 ${i + 1} 行：金额过大（不能超过 ${MAX_FEN_TEXT}）`, { issues: [{ path: `${path}.quantity`, message: `金额过大（单行不能超过 ${MAX_FEN_TEXT}）` }] })
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
  if (!(totals.totalFen <= MAX_FEN)) throw new AppError('VALIDATION', `合计金额过大（一张单据不能超过 ${MAX_FEN_TEXT}）`, { issues: [{ path: 'lines', message: '合计金额过大' }] })
  return { lines: priced, ...totals }
}

/** A stored line as the contract shows it: decimals as strings. */
export function lineOut<T extends { qtyMilli: number; price4: number; discountBp: number }>(l: T) {
  const { qtyMilli, price4, discountBp, ...rest } = l
  return { ...rest, quantity: qtyStr(qtyMilli), unitPrice: price4Str(price4), discountPct: bpStr(discountBp) }
}
