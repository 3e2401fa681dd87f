import { In } from 'typeorm'
import type { Ctx } from '../contract/method'
import { SalesReturnEntity, ShipmentLineEntity, type Shipment } from './shipment.entity'

/**
 * The tax of invoicing shipments (issue 14): the sum of the lines' tax as the order computed it — each line's
 * tax is its amount less its net at the line's own rate (13 %, 9 %, 6 % …) — never the total recomputed at 13 %.
 * Per shipment: Σ line (amount − net) less the returned goods' tax; when part of the shipment was invoiced
 * already, the invoiced part took its share (rounded half-up to the fen) and the open part keeps the rest.
 */
export async function openTaxByShipment(ctx: Pick<Ctx, 'em'>, ships: Shipment[]): Promise<Map<number, { openFen: number; taxFen: number }>> {
  const out = new Map<number, { openFen: number; taxFen: number }>()
  if (!ships.length) return out
  const ids = ships.map((s) => s.id)
  const lineTax = new Map<number, number>()
  for (const l of await ctx.em.getRepository(ShipmentLineEntity).find({ where: { shipmentId: In(ids) }, select: { shipmentId: true, amountFen: true, netFen: true } })) {
    lineTax.set(l.shipmentId, (lineTax.get(l.shipmentId) ?? 0) + (l.amountFen - l.netFen))
  }
  const returnTax = new Map<number, number>()
  for (const r of await ctx.em.getRepository(SalesReturnEntity).find({ where: { shipmentId: In(ids), status: 'valid' }, select: { shipmentId: true, totalFen: true, netFen: true } })) {
    returnTax.set(r.shipmentId, (returnTax.get(r.shipmentId) ?? 0) + (r.totalFen - r.netFen))
  }
  for (const s of ships) {
    const base = s.totalFen - s.returnedFen
    const openFen = Math.max(0, base - s.invoicedFen)
    const tax = (lineTax.get(s.id) ?? 0) - (returnTax.get(s.id) ?? 0)
    // what was invoiced already took its share; the rest of the tax stays with the open part, so the invoices
    // of one shipment add up to its lines' tax exactly
    out.set(s.id, { openFen, taxFen: base > 0 ? tax - share(tax, base - openFen, base) : 0 })
  }
  return out
}

/** `tax × part / whole`, rounded half-up to the fen, in integers (no float on amounts up to 1e12 fen). */
export function share(tax: number, part: number, whole: number): number {
  if (part === whole) return tax
  if (part === 0) return 0
  const num = BigInt(tax) * BigInt(part) * 2n + BigInt(whole)
  return Number(num / (2n * BigInt(whole)))
}

/** The tax of an invoice spread over shipments as `parts` (shipment id → amount): each part's share of its shipment's open tax. */
export function taxOfParts(open: Map<number, { openFen: number; taxFen: number }>, parts: { shipmentId: number; amountFen: number }[]): number {
  let tax = 0
  for (const p of parts) {
    const o = open.get(p.shipmentId)
    if (o && o.openFen > 0) tax += share(o.taxFen, p.amountFen, o.openFen)
  }
  return tax
}
