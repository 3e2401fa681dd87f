import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { MAX_FEN } from './types'
import type { Role } from './types'

/**
 * Issue 8: one maximum for every money field, decimals refused beyond their stored range (never
 * rounded), and an invoice never above what was shipped and not yet invoiced. The money and decimal
 * fields are found by walking every method's input schema as `system.methods` answers it.
 */
type Schema = { type?: string | string[]; maximum?: number; minimum?: number; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] }
interface Field {
  method: string
  path: (string | number)[]
  schema: Schema
}
function walk(method: string, s: Schema | undefined, path: (string | number)[], out: Field[]) {
  if (!s || typeof s !== 'object') return
  const last = path[path.length - 1]
  if (typeof last === 'string') out.push({ method, path, schema: s })
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(method, { ...alt }, path, out)
  if (s.properties) for (const [k, v] of Object.entries(s.properties)) walk(method, v, [...path, k], out)
  if (s.items) walk(method, s.items, [...path, 0], out)
}
function inputAt(path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value
  const [head, ...rest] = path
  return typeof head === 'number' ? [inputAt(rest, value)] : { [head!]: inputAt(rest, value) }
}
const types = (s: Schema): string[] => [...(Array.isArray(s.type) ? s.type : s.type ? [s.type] : []), ...(s.anyOf ?? []).flatMap((a) => types(a))]

let t: TestCore
let admin: string
let fields: Field[] = []
let rolesOf = new Map<string, Role[] | 'public' | 'authenticated'>()
const tokens = new Map<string, string>()
async function tokenFor(method: string): Promise<string> {
  const roles = rolesOf.get(method)
  if (!Array.isArray(roles) || roles.includes('admin')) return admin
  const role = roles[0]!
  if (!tokens.has(role)) tokens.set(role, (await t.user(role)).token)
  return tokens.get(role)!
}
async function issuesAt(method: string, path: (string | number)[], value: unknown) {
  const r = await t.raw(method, inputAt(path, value), await tokenFor(method))
  const issues = !r.ok && r.error.code === 'VALIDATION' ? ((r.error.details as { issues?: { path: string; message: string }[] })?.issues ?? []) : []
  return issues.filter((i) => i.path === path.join('.'))
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00' })
  admin = t.adminToken
  const methods = (await t.call('system.methods', {}, admin)).items as { name: string; inputSchema: Schema; roles: Role[] | 'public' | 'authenticated' }[]
  rolesOf = new Map(methods.map((m) => [m.name, m.roles]))
  for (const m of methods) walk(m.name, m.inputSchema, [], fields)
})
afterAll(() => t.close())

describe('every money field (generated from system.methods)', () => {
  it('is whole fen with one maximum, ¥10 000 000 000.00, and refuses one fen more', async () => {
    const money = fields.filter((f) => /Fen$/.test(String(f.path[f.path.length - 1])) && types(f.schema).length)
    // orders' lines are priced, but receipts, allocations, invoices, credit limits, opportunities, targets … take fen
    expect(money.length).toBeGreaterThanOrEqual(6)
    const failures: string[] = []
    for (const f of money) {
      const key = `${f.method} ${f.path.join('.')}`
      if (!types(f.schema).includes('integer')) failures.push(`${key}: not an integer`)
      if (f.schema.maximum === undefined || f.schema.maximum > MAX_FEN) failures.push(`${key}: maximum ${f.schema.maximum}`)
      const over = await issuesAt(f.method, f.path, MAX_FEN + 1)
      if (!over.some((i) => i.message.includes('金额过大'))) failures.push(`${key}: ${MAX_FEN + 1} not refused as too large`)
      if ((await issuesAt(f.method, f.path, 1.5)).length === 0) failures.push(`${key}: 1.5 fen accepted`)
    }
    expect(failures).toEqual([])
  })

  it('every decimal field (quantities, prices) refuses a figure beyond its stored range as too large, never as too many decimals', async () => {
    const decimals = fields.filter((f) => {
      const ts = types(f.schema)
      return ts.includes('string') && ts.includes('number') && !/Pct$/.test(String(f.path[f.path.length - 1]))
    })
    expect(decimals.map((f) => f.path[f.path.length - 1])).toEqual(expect.arrayContaining(['quantity', 'unitPrice', 'salePrice', 'initialStock']))
    const failures: string[] = []
    for (const f of decimals) {
      const issues = await issuesAt(f.method, f.path, '999999999999.9999')
      if (!issues.length || !issues.every((i) => i.message.includes('数值过大') && !i.message.includes('小数'))) failures.push(`${f.method} ${f.path.join('.')}: ${JSON.stringify(issues)}`)
    }
    expect(failures).toEqual([])
  })
})

describe('prices are never rounded beyond their range', () => {
  it('a unit price of 999999999999.9999 is refused; the largest one that fits is stored exactly', async () => {
    const c = (await t.call('customer.create', { name: '珠海横琴贸易有限公司' }, admin)).id
    const p = (await t.call('product.create', { code: 'BIG-1', name: '大件设备', unit: '台' }, admin)).id
    const r = await t.raw('order.create', { customerId: c, lines: [{ productId: p, quantity: '1', unitPrice: '999999999999.9999' }] }, admin)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'lines.0.unitPrice' }] } } })
    if (!r.ok) expect(r.error.message).toContain('数值过大')
    // 9 999 999 999.9999 × 1 = ¥9 999 999 999.9999 → 999 999 999 999.99 fen rounds half-up to 1 000 000 000 000 fen: exactly the maximum
    const o = await t.call('order.create', { customerId: c, lines: [{ productId: p, quantity: '1', unitPrice: '9999999999.9999' }] }, admin)
    expect(o.lines[0]).toMatchObject({ unitPrice: '9999999999.9999', amountFen: MAX_FEN })
    expect(o.totalFen).toBe(MAX_FEN)
  })
})

describe('an invoice never above what was shipped and not yet invoiced', () => {
  it('with or without shipments chosen; its tax never above its amount', async () => {
    const c = (await t.call('customer.create', { name: '南昌赣江建材有限公司' }, admin)).id
    const p = (await t.call('product.create', { code: 'INV-1', name: '水泥', unit: '袋', initialStock: '100' }, admin)).id
    const o = await t.call('order.create', { customerId: c, lines: [{ productId: p, quantity: '7', unitPrice: '29' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const a = await t.call('order.approve', { id: o.id }, admin)
    // 7 × 29.00 = ¥203.00 shipped
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: '7' }] }, admin)
    expect(s.totalFen).toBe(20300)
    let n = 0
    const invoice = (amountFen: number, extra: object = {}) =>
      t.raw('invoice.create', { customerId: c, invoiceNo: `0442${++n}`, kind: 'vat_normal', issuedOn: '2026-03-20', amountFen, taxFen: 0, ...extra }, admin)
    // ¥999 999.00 against ¥203.00 shipped, no shipment chosen: refused, naming what is left
    const huge = await invoice(99999900)
    expect(huge).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    if (!huge.ok) expect(huge.error.message).toContain('¥203.00')
    // tax above the amount
    expect(await invoice(100, { taxFen: 101 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // ¥100.00 on the shipment leaves ¥103.00; ¥103.01 without a shipment is refused, ¥103.00 fits
    expect((await invoice(10000, { shipmentIds: [s.id] })).ok).toBe(true)
    const over = await invoice(10301)
    expect(over).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    if (!over.ok) expect(over.error.message).toContain('¥103.00')
    const rest = await invoice(10300)
    expect(rest.ok).toBe(true)
    expect(await invoice(1)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    // voiding the ¥103.00 record gives its amount back
    if (rest.ok) await t.call('invoice.void', { id: rest.data.id, reason: '金额录错' }, admin)
    expect((await invoice(10300)).ok).toBe(true)
  })
})
