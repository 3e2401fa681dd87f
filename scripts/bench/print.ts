import type Database from 'better-sqlite3'
import type { Core } from '../../src/core'

type Db = Database.Database

export interface PrintBenchLine {
  name: string
  p50Ms: number
  p95Ms: number
  pages: number
  kbPerPageSet: number
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0
const pagesOf = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length

/**
 * Issue 11: print.render/deliveryNote-100-lines (a 送货单 of 100 lines, made here), print.render/statement-1-year
 * (the customer with most shipments, the last 365 days) and print.batch/deliveryNote-50 (the latest 50 shipments).
 * Goals: p95 < 400 ms for 100 lines, < 100 KB per page set (one document's pages).
 */
export async function measurePrint(core: Core, db: Db, token: string, iterations: number, only?: string): Promise<PrintBenchLine[]> {
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch<T>(method, input, { token })
    if (!r.ok) throw new Error(`print bench: ${method} failed: ${r.error.message}`)
    return r.data
  }
  const out: PrintBenchLine[] = []
  const run = async (name: string, method: string, input: unknown, documents: number) => {
    if (only && !name.startsWith(only)) return
    const first = Buffer.from((await call<{ base64: string }>(method, input)).base64, 'base64') // warm-up: fonts, worker
    const times: number[] = []
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now()
      await call(method, input)
      times.push(performance.now() - t0)
    }
    const s = sorted(times)
    out.push({ name, p50Ms: Math.round(pct(s, 50) * 10) / 10, p95Ms: Math.round(pct(s, 95) * 10) / 10, pages: pagesOf(first), kbPerPageSet: Math.round((first.length / documents / 1024) * 10) / 10 })
  }

  // a 100-line order of products in stock, approved and shipped in full
  if (!only || 'print.render/deliveryNote-100-lines'.startsWith(only)) {
    const products = db.prepare(`SELECT id FROM products WHERE "onHandMilli" - "reservedMilli" >= 5000 ORDER BY id LIMIT 100`).all() as { id: number }[]
    const customer = db.prepare(`SELECT id FROM customers WHERE "mergedIntoId" IS NULL ORDER BY id LIMIT 1`).get() as { id: number } | undefined
    if (products.length === 100 && customer) {
      const o = await call<{ id: number }>('order.create', { customerId: customer.id, lines: products.map((p) => ({ productId: p.id, quantity: '1' })) })
      await call('order.submit', { id: o.id })
      const ap = await call<{ lines: { id: number; quantity: string }[] }>('order.approve', { id: o.id })
      const s = await call<{ id: number }>('shipment.create', { orderId: o.id, lines: ap.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) })
      await run('print.render/deliveryNote-100-lines', 'print.render', { type: 'deliveryNote', id: s.id, paper: 'A4' }, 1)
    } else console.error('  print.render/deliveryNote-100-lines: fewer than 100 products in stock, skipped')
  }
  const top = db.prepare(`SELECT "customerId" AS id, count(*) AS n FROM shipments GROUP BY "customerId" ORDER BY n DESC LIMIT 1`).get() as { id: number; n: number } | undefined
  if (top) {
    const today = new Date(Date.now() + 8 * 3600_000)
    const to = today.toISOString().slice(0, 10)
    const from = new Date(today.getTime() - 364 * 86400_000).toISOString().slice(0, 10)
    await run('print.render/statement-1-year', 'print.render', { type: 'statement', customerId: top.id, from, to, paper: 'A4' }, 1)
  }
  const ids = (db.prepare(`SELECT id FROM shipments WHERE "status" <> 'cancelled' ORDER BY id DESC LIMIT 50`).all() as { id: number }[]).map((r) => r.id)
  if (ids.length === 50) await run('print.batch/deliveryNote-50', 'print.batch', { type: 'deliveryNote', ids, paper: 'A5' }, 50)
  return out
}
