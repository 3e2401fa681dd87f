import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Decimal from 'decimal.js'
import { createTestCore, type TestCore } from '../testing/test-core'
import { ORDER_STATUS_LABELS, type OrderStatus } from './order.entity'

/**
 * Issue 4, rule by rule, through the dispatcher on a real SQLite file: every order transition allowed and
 * refused, the credit formula, reservations, numbering, rounding, data scope, roles, versions and the log.
 */
let t: TestCore
let admin: string
let customerId: number
let p1: number
let p2: number

async function product(code: string, price: string, stock = '1000', taxRate = 13) {
  return (await t.call('product.create', { code, name: `商品${code}`, unit: '个', salePrice: price, taxRate, initialStock: stock }, admin)).id as number
}
const create = (lines: { productId: number; quantity: string; unitPrice?: string; taxRate?: number; discountPct?: string }[], extra: Record<string, unknown> = {}, token = admin) =>
  t.call('order.create', { customerId, lines, ...extra }, token)
async function approved(lines: Parameters<typeof create>[0], extra: Record<string, unknown> = {}) {
  const o = await create(lines, extra)
  await t.call('order.submit', { id: o.id }, admin)
  return t.call('order.approve', { id: o.id }, admin)
}
const reserved = async (id: number) => (await t.call('product.get', { id }, admin)).reserved as string
const fail = async (method: string, input: unknown, token = admin) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-22T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '苏州姑苏纺织有限公司', paymentTermDays: 30 }, admin)).id
  p1 = await product('P1', '100')
  p2 = await product('P2', '10')
})
afterEach(() => t.close())

describe('order states: every transition allowed and refused', () => {
  /** an order of one line (qty 2 of P1 at 100) brought into a state */
  async function inState(state: OrderStatus) {
    const o = await create([{ productId: p1, quantity: '2' }])
    if (state === 'draft') return o
    if (state === 'cancelled') return t.call('order.cancel', { id: o.id, reason: '录错' }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    if (state === 'pending') return t.call('order.get', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    if (state === 'approved') return t.call('order.get', { id: o.id }, admin)
    if (state === 'closed') return t.call('order.close', { id: o.id, reason: '不再发货' }, admin)
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: state === 'partially_shipped' ? '1' : '2' }] }, admin)
    if (state === 'completed') await t.call('receipt.create', { customerId, amountFen: 20000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 20000 }] }, admin)
    const got = await t.call('order.get', { id: o.id }, admin)
    expect(got.status).toBe(state)
    return got
  }

  const actions: { name: string; input: (o: { id: number; version: number }) => Record<string, unknown>; from: OrderStatus[]; to?: OrderStatus; label: string }[] = [
    { name: 'order.submit', input: (o) => ({ id: o.id, version: o.version }), from: ['draft'], to: 'pending', label: '提交审核' },
    { name: 'order.approve', input: (o) => ({ id: o.id, version: o.version }), from: ['pending'], to: 'approved', label: '审核' },
    { name: 'order.unapprove', input: (o) => ({ id: o.id, version: o.version }), from: ['approved'], to: 'pending', label: '反审核' },
    { name: 'order.cancel', input: (o) => ({ id: o.id, version: o.version, reason: '客户取消' }), from: ['draft', 'pending', 'approved'], to: 'cancelled', label: '作废' },
    { name: 'order.close', input: (o) => ({ id: o.id, version: o.version, reason: '余量不发' }), from: ['approved', 'partially_shipped'], to: 'closed', label: '关闭' },
    { name: 'order.update', input: (o) => ({ id: o.id, version: o.version, remark: '改备注' }), from: ['draft', 'pending'], label: '修改' },
  ]
  const states: OrderStatus[] = ['draft', 'pending', 'approved', 'partially_shipped', 'shipped', 'completed', 'cancelled', 'closed']

  it('allows exactly the transitions of DOMAIN.md; a refused one is BUSINESS_RULE naming the current and the target state', async () => {
    for (const state of states) {
      for (const a of actions) {
        const o = await inState(state)
        const r = await t.raw<{ status: OrderStatus }>(a.name, a.input(o), admin)
        if (a.from.includes(state)) {
          expect(r.ok, `${a.name} from ${state}`).toBe(true)
          if (r.ok && a.to) expect(r.data.status).toBe(a.to)
        } else {
          expect(r.ok, `${a.name} from ${state} must be refused`).toBe(false)
          if (!r.ok) {
            expect(r.error.code, `${a.name} from ${state}`).toBe('BUSINESS_RULE')
            expect(r.error.message).toContain(o.number)
            expect(r.error.message).toContain(`“${ORDER_STATUS_LABELS[state]}”`)
            if (a.to) expect(r.error.message).toContain(`“${ORDER_STATUS_LABELS[a.to]}”`)
            expect(r.error.message).toContain(a.label)
            const after = await t.call('order.get', { id: o.id }, admin)
            expect(after.status).toBe(state)
            expect(after.version).toBe(o.version)
          }
        }
      }
    }
  })

  it('every state change is in the order history with who and the states before and after', async () => {
    const o = await inState('completed')
    const log = await t.call('auditLog.list', { entity: 'order', entityId: o.id, pageSize: 50 }, admin)
    const moves = log.items
      .filter((l: { changes: { status?: unknown } | null }) => l.changes && 'status' in (l.changes as object))
      .map((l: { changes: { status: { before: string; after: string } } }) => `${l.changes.status.before}→${l.changes.status.after}`)
      .reverse()
    expect(moves).toEqual(['draft→pending', 'pending→approved', 'approved→shipped', 'shipped→completed'])
    expect(log.items.every((l: { userName: string }) => l.userName === '管理员')).toBe(true)
  })

  it('a salesperson may cancel a draft of their own, a stale version is a CONFLICT and nothing changes', async () => {
    const sales = await t.user('sales', { displayName: '周业务' })
    const mine = (await t.call('customer.create', { name: '无锡太湖机电有限公司' }, sales.token)).id
    const o = await t.call('order.create', { customerId: mine, lines: [{ productId: p1, quantity: '1' }] }, sales.token)
    await t.call('order.update', { id: o.id, version: o.version, remark: '周业务先改' }, sales.token)
    const stale = await fail('order.cancel', { id: o.id, version: o.version, reason: '作废' }, admin)
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toContain('该记录已被他人修改')
    expect(stale.message).toContain('周业务')
    expect(stale.message).toMatch(/2026-11-22 \d\d:\d\d/)
    const got = await t.call('order.get', { id: o.id }, sales.token)
    expect(got).toMatchObject({ status: 'draft', remark: '周业务先改', version: o.version + 1 })
  })
})

describe('credit check: receivable + approved-but-unshipped + this order > limit', () => {
  async function setLimit(fen: number) {
    const c = await t.call('customer.get', { id: customerId }, admin)
    await t.call('customer.update', { id: customerId, version: c.version, creditLimitFen: fen }, admin)
  }

  it('counts the receivable, the unshipped part of approved and partially shipped orders, and this order; equal to the limit passes', async () => {
    // receivable: 300.00 shipped, 50.00 returned, 100.00 received → 150.00
    const a = await approved([{ productId: p1, quantity: '3' }])
    const s = await t.call('shipment.create', { orderId: a.id, lines: [{ orderLineId: a.lines[0].id, quantity: '3' }] }, admin)
    await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '0.5' }], reason: '破损' }, admin)
    await t.call('receipt.create', { customerId, amountFen: 10000, method: 'bank' }, admin)
    // unshipped: 400.00 of an approved order, 200.00 left of a partially shipped one (500.00, 300.00 shipped)
    await approved([{ productId: p1, quantity: '4' }])
    const b = await approved([{ productId: p1, quantity: '5' }])
    await t.call('shipment.create', { orderId: b.id, lines: [{ orderLineId: b.lines[0].id, quantity: '3' }] }, admin)
    // not counted: drafts, pending, cancelled and closed orders
    await create([{ productId: p1, quantity: '9' }])
    const c = await approved([{ productId: p1, quantity: '7' }])
    await t.call('order.cancel', { id: c.id, reason: '客户取消' }, admin)
    const d = await approved([{ productId: p1, quantity: '6' }])
    await t.call('order.close', { id: d.id, reason: '不要了' }, admin)

    const me = await create([{ productId: p2, quantity: '10' }]) // 100.00
    await t.call('order.submit', { id: me.id }, admin)
    // receivable includes b's shipped 300.00 too: 150 + 300 = 450.00; unshipped 400 + 200 = 600.00; this 100.00 → 1 150.00
    await setLimit(115000)
    const check = await t.call('order.creditCheck', { id: me.id }, admin)
    expect(check).toMatchObject({ receivableFen: 45000, openOrdersFen: 60000, orderFen: 10000, exposureFen: 115000, exceeds: false, availableFen: 10000 })
    const ok = await t.call('order.approve', { id: me.id }, admin)
    expect(ok).toMatchObject({ status: 'approved', creditOverride: false, overrideReason: null })

    await t.call('order.unapprove', { id: me.id }, admin)
    await setLimit(114999)
    const refused = await fail('order.approve', { id: me.id }, admin)
    expect(refused.code).toBe('BUSINESS_RULE')
    expect(refused.details).toMatchObject({ exposureFen: 115000, exceedFen: 1, needsOverride: true })
    expect((await t.call('order.get', { id: me.id }, admin)).status).toBe('pending')
    expect(await reserved(p2)).toBe('0')
  })

  it('a prepayment lowers the exposure; 0 means no limit', async () => {
    await setLimit(5000)
    const o = await create([{ productId: p2, quantity: '10' }]) // 100.00
    await t.call('order.submit', { id: o.id }, admin)
    expect((await fail('order.approve', { id: o.id }, admin)).code).toBe('BUSINESS_RULE')
    await t.call('receipt.create', { customerId, amountFen: 5000, method: 'cash' }, admin)
    expect((await t.call('order.approve', { id: o.id }, admin)).status).toBe('approved')
    await setLimit(0)
    const big = await create([{ productId: p1, quantity: '100000' }])
    await t.call('order.submit', { id: big.id }, admin)
    expect((await t.call('order.creditCheck', { id: big.id }, admin)).availableFen).toBeNull()
    expect((await t.call('order.approve', { id: big.id }, admin)).creditOverride).toBe(false)
  })

  it('an override needs a reason; it is recorded on the order and in the log with the credit position, and cleared by unapprove', async () => {
    await setLimit(100)
    const o = await create([{ productId: p1, quantity: '1' }])
    await t.call('order.submit', { id: o.id }, admin)
    const blank = await fail('order.approve', { id: o.id, override: true, reason: '   ' }, admin)
    expect(blank.code).toBe('VALIDATION')
    const ok = await t.call('order.approve', { id: o.id, override: true, reason: '总经理特批' }, admin)
    expect(ok).toMatchObject({ creditOverride: true, overrideReason: '总经理特批' })
    const log = await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'approve.override', userName: '管理员' })
    expect(log.items[0].summary).toContain('总经理特批')
    expect(log.items[0].changes.credit).toMatchObject({ creditLimitFen: 100, orderFen: 10000, exceedFen: 9900 })
    const back = await t.call('order.unapprove', { id: o.id }, admin)
    expect(back).toMatchObject({ creditOverride: false, overrideReason: null })
  })
})

describe('reservation follows the order', () => {
  it('approve reserves, unapprove/cancel release, shipping consumes, close releases the rest, shipment cancel restores', async () => {
    const o = await approved([{ productId: p1, quantity: '10' }, { productId: p2, quantity: '2.5' }])
    expect([await reserved(p1), await reserved(p2)]).toEqual(['10', '2.5'])
    await t.call('order.unapprove', { id: o.id }, admin)
    expect([await reserved(p1), await reserved(p2)]).toEqual(['0', '0'])
    await t.call('order.approve', { id: o.id }, admin)
    const s1 = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '4' }] }, admin)
    expect(await t.call('product.get', { id: p1 }, admin)).toMatchObject({ onHand: '996', reserved: '6', available: '990' })
    const s2 = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }, { orderLineId: o.lines[1].id, quantity: '0.5' }] }, admin)
    expect([await reserved(p1), await reserved(p2)]).toEqual(['5', '2'])
    await t.call('shipment.cancel', { id: s2.id, reason: '装错车' }, admin)
    expect([await reserved(p1), await reserved(p2)]).toEqual(['6', '2.5'])
    expect((await t.call('product.get', { id: p1 }, admin)).onHand).toBe('996')
    await t.call('order.close', { id: o.id, reason: '余量不发' }, admin)
    expect([await reserved(p1), await reserved(p2)]).toEqual(['0', '0'])
    // the shipment of a closed order is cancelled: stock comes back, nothing is reserved again, the order stays closed
    await t.call('shipment.cancel', { id: s1.id, reason: '退回仓库' }, admin)
    expect(await t.call('product.get', { id: p1 }, admin)).toMatchObject({ onHand: '1000', reserved: '0' })
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('closed')
    const again = await approved([{ productId: p1, quantity: '3' }])
    await t.call('order.cancel', { id: again.id, reason: '客户取消' }, admin)
    expect(await reserved(p1)).toBe('0')
  })
})

describe('numbers are never duplicated nor reused', () => {
  it('skips a number already taken when the pattern is changed so that it would come again', async () => {
    const a = await create([{ productId: p1, quantity: '1' }])
    expect(a.number).toBe('SO20261122-0001')
    // SO20 + 261122 + - + 0001 is the same text as the first number
    await t.call('settings.update', { numbering: { SO: { prefix: 'SO20', datePart: 'YYMMDD', separator: '-', digits: 4 } } }, admin)
    const b = await create([{ productId: p1, quantity: '1' }])
    expect(b.number).toBe('SO20261122-0002')
    const c = await create([{ productId: p1, quantity: '1' }])
    expect(c.number).toBe('SO20261122-0003')
  })

  it('numbers of a rolled-back save are not consumed; cancelled ones are never given again', async () => {
    const a = await create([{ productId: p1, quantity: '1' }])
    await t.call('order.cancel', { id: a.id, reason: '录错' }, admin)
    const b = await create([{ productId: p1, quantity: '1' }])
    expect([a.number, b.number]).toEqual(['SO20261122-0001', 'SO20261122-0002'])
    expect((await t.call('order.get', { id: a.id }, admin)).number).toBe(a.number)
    // the shipment takes its number, then fails on stock: the whole save rolls back, the number with it
    const o = await approved([{ productId: p2, quantity: '1001' }])
    expect((await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1001' }] })).code).toBe('BUSINESS_RULE')
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    expect(s.number).toBe('DN20261122-0001')
  })

  it('parallel shipments, receipts and quotes get distinct numbers too', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => approved([{ productId: p2, quantity: '1' }])))
    const ships = await Promise.all(orders.map((o) => t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)))
    expect(new Set(ships.map((s) => s.number)).size).toBe(8)
    const rcs = await Promise.all(Array.from({ length: 8 }, () => t.call('receipt.create', { customerId, amountFen: 100, method: 'cash' }, admin)))
    expect(rcs.map((r) => r.number).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `RC20261122-${String(i + 1).padStart(4, '0')}`))
    const qts = await Promise.all(Array.from({ length: 8 }, () => t.call('quote.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }, admin)))
    expect(new Set(qts.map((q) => q.number)).size).toBe(8)
  })
})

describe('money: each line rounded half-up once, tax per line, totals are sums', () => {
  const D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP })
  function expected(q: string, p: string, rate: number, disc: string, inclusive: boolean) {
    const base = new D(q).mul(p).mul(new D(100).sub(disc).div(100)).mul(100).toDecimalPlaces(0).toNumber()
    if (inclusive) {
      const net = new D(base).div(1 + rate / 100).toDecimalPlaces(0).toNumber()
      return { amountFen: base, netFen: net, taxFen: base - net }
    }
    const tax = new D(base).mul(rate).div(100).toDecimalPlaces(0).toNumber()
    return { amountFen: base + tax, netFen: base, taxFen: tax }
  }

  it('half a fen rounds up, once; inclusive and exclusive prices at every tax rate', async () => {
    const cases: [string, string, number, string][] = [
      ['1', '0.005', 13, '0'],
      ['3', '0.3333', 13, '0'],
      ['7', '1.2345', 9, '0'],
      ['2.5', '19.9999', 6, '0'],
      ['0.333', '3.3333', 3, '0'],
      ['12', '8.8888', 1, '12.5'],
      ['999.999', '0.0001', 0, '0'],
      ['1', '113', 13, '0'],
      ['1', '0.015', 13, '33.33'],
    ]
    for (const inclusive of [true, false]) {
      const o = await create(
        cases.map(([quantity, unitPrice, taxRate, discountPct]) => ({ productId: p1, quantity, unitPrice, taxRate, discountPct })),
        { priceIncludesTax: inclusive },
      )
      cases.forEach(([q, p, r, d], i) => expect(o.lines[i], `${q} × ${p} @${r}% −${d}% ${inclusive ? '含税' : '不含税'}`).toMatchObject(expected(q, p, r, d, inclusive)))
      expect(o.totalFen).toBe(o.lines.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0))
      expect(o.taxFen).toBe(o.lines.reduce((s: number, l: { taxFen: number }) => s + l.taxFen, 0))
      expect(o.netFen).toBe(o.lines.reduce((s: number, l: { netFen: number }) => s + l.netFen, 0))
    }
    const o = await create([{ productId: p1, quantity: '1', unitPrice: '0.005' }])
    expect(o.lines[0]).toMatchObject({ amountFen: 1, netFen: 1, taxFen: 0 })
    const inc = await create([{ productId: p1, quantity: '1', unitPrice: '113' }])
    expect(inc.lines[0]).toMatchObject({ amountFen: 11300, taxFen: 1300, netFen: 10000 })
  })

  it('shipping a line in parts: the parts add up to the line amount exactly', async () => {
    const o = await approved([{ productId: p1, quantity: '3', unitPrice: '0.3333' }])
    const amounts = []
    for (let i = 0; i < 3; i++) amounts.push((await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)).totalFen)
    expect(amounts).toEqual([33, 34, 33])
    expect((await t.call('order.get', { id: o.id }, admin)).shippedFen).toBe(100)
  })

  it('refuses amounts beyond any real document instead of losing precision', async () => {
    // each figure within its own range, their product (≈ ¥1e15) beyond the money maximum (¥1e10)
    const e = await fail('order.create', { customerId, lines: [{ productId: p1, quantity: '999999', unitPrice: '999999999' }] })
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toContain('金额过大')
    // two lines of ¥6 000 000 000 each: each line fits, the document total (¥12 000 000 000) does not
    const two = await fail('order.create', { customerId, lines: [{ productId: p1, quantity: '1', unitPrice: '6000000000' }, { productId: p1, quantity: '1', unitPrice: '6000000000' }] })
    expect(two.code).toBe('VALIDATION')
    expect(two.message).toContain('合计金额过大')
    // a unit price beyond its column's range is refused as too large, never rounded
    const big = await fail('order.create', { customerId, lines: [{ productId: p1, quantity: '1', unitPrice: '999999999999.9999' }] })
    expect(big.code).toBe('VALIDATION')
    expect(big.message).toContain('数值过大')
    expect(big.message).not.toContain('小数')
  })
})

describe('data scope and roles', () => {
  it('a salesperson sees orders of own customers and the pool; a manager sees the team; nobody else sees them', async () => {
    const mgr = await t.user('manager')
    const s1 = await t.user('sales', { managerId: mgr.id })
    const s2 = await t.user('sales')
    const c1 = (await t.call('customer.create', { name: '宁波港城物流有限公司' }, s1.token)).id
    const c2 = (await t.call('customer.create', { name: '温州瓯江鞋业有限公司' }, s2.token)).id
    const o1 = await t.call('order.create', { customerId: c1, lines: [{ productId: p1, quantity: '1' }] }, s1.token)
    const o2 = await t.call('order.create', { customerId: c2, lines: [{ productId: p1, quantity: '1' }] }, s2.token)
    const pool = await create([{ productId: p1, quantity: '1' }]) // the admin's customer has no owner: the pool
    const ids = async (token: string) => (await t.call('order.search', { pageSize: 100 }, token)).items.map((o: { id: number }) => o.id).sort()
    expect(await ids(s1.token)).toEqual([o1.id, pool.id].sort())
    expect(await ids(s2.token)).toEqual([o2.id, pool.id].sort())
    expect(await ids(mgr.token)).toEqual([o1.id, pool.id].sort())
    for (const [m, input] of [
      ['order.get', { id: o2.id }],
      ['order.creditCheck', { id: o2.id }],
      ['order.update', { id: o2.id, version: 1, remark: 'x' }],
      ['order.submit', { id: o2.id }],
      ['order.cancel', { id: o2.id, reason: 'x' }],
      ['order.copy', { id: o2.id }],
      ['product.lastPrice', { customerId: c2, productId: p1 }],
      ['auditLog.list', { entity: 'order', entityId: o2.id }],
    ] as const) {
      expect((await fail(m, input, s1.token)).code, m).toBe('NOT_FOUND')
    }
    expect((await fail('auditLog.list', { entity: 'order', entityId: o2.id }, mgr.token)).code).toBe('NOT_FOUND')
    expect((await t.call('auditLog.list', { entity: 'order', entityId: o1.id }, s1.token)).total).toBe(1)
    expect((await fail('order.create', { customerId: c2, lines: [{ productId: p1, quantity: '1' }] }, s1.token)).code).toBe('NOT_FOUND')
    // reassigning the customer moves its orders with it
    await t.call('customer.assign', { ids: [c2], ownerId: s1.id }, admin)
    expect(await ids(s1.token)).toContain(o2.id)
    expect(await ids(s2.token)).not.toContain(o2.id)
  })

  it('the owner reads but never writes; finance does not enter orders; only managers and admins approve', async () => {
    const owner = await t.user('owner')
    const finance = await t.user('finance')
    const clerk = await t.user('clerk')
    const o = await create([{ productId: p1, quantity: '1' }])
    expect((await t.call('order.get', { id: o.id }, owner.token)).id).toBe(o.id)
    expect((await t.call('order.search', {}, owner.token)).total).toBe(1)
    for (const token of [owner.token, finance.token]) {
      for (const [m, input] of [
        ['order.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }],
        ['order.update', { id: o.id, version: o.version, remark: 'x' }],
        ['order.submit', { id: o.id }],
        ['order.cancel', { id: o.id, reason: 'x' }],
        ['order.copy', { id: o.id }],
        ['order.approve', { id: o.id }],
        ['order.unapprove', { id: o.id }],
        ['order.close', { id: o.id, reason: 'x' }],
        ['quote.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }],
        ['opportunity.create', { customerId, title: '新商机' }],
      ] as const) {
        expect((await fail(m, input, token)).code, m).toBe('FORBIDDEN')
      }
    }
    await t.call('order.submit', { id: o.id }, clerk.token)
    expect((await fail('order.approve', { id: o.id }, clerk.token)).code).toBe('FORBIDDEN')
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('pending')
  })
})

describe('the operation log is written in the same transaction as the change', () => {
  it('a refused approval leaves no log entry and no reservation; a failed shipment leaves nothing half done', async () => {
    const c = await t.call('customer.get', { id: customerId }, admin)
    await t.call('customer.update', { id: customerId, version: c.version, creditLimitFen: 1 }, admin)
    const o = await create([{ productId: p1, quantity: '1' }, { productId: p2, quantity: '2000' }])
    await t.call('order.submit', { id: o.id }, admin)
    const before = (await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)).total
    await fail('order.approve', { id: o.id }, admin)
    expect((await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)).total).toBe(before)
    expect(await reserved(p1)).toBe('0')
    await t.call('order.approve', { id: o.id, override: true, reason: '特批' }, admin)
    // the second line has not enough stock: the first line must not ship either
    const e = await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }, { orderLineId: o.lines[1].id, quantity: '2000' }] })
    expect(e.message).toContain('库存不足')
    const got = await t.call('order.get', { id: o.id }, admin)
    expect(got).toMatchObject({ status: 'approved', shippedFen: 0 })
    expect(got.lines.map((l: { shipped: string }) => l.shipped)).toEqual(['0', '0'])
    expect(await t.call('product.get', { id: p1 }, admin)).toMatchObject({ onHand: '1000', reserved: '1' })
    expect((await t.call('shipment.search', {}, admin)).total).toBe(0)
    expect(got.history.map((h: { action: string }) => h.action)).toEqual(['create', 'submit', 'approve.override'])
  })

  it('an update logs what changed, before and after', async () => {
    const o = await create([{ productId: p1, quantity: '1' }], { remark: '旧备注' })
    await t.call('order.update', { id: o.id, version: o.version, remark: '新备注', lines: [{ productId: p1, quantity: '2' }] }, admin)
    const log = await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)
    expect(log.items[0].action).toBe('update')
    expect(log.items[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'remark', before: '旧备注', after: '新备注' },
        { field: 'totalFen', before: 10000, after: 20000 },
        { field: 'lines', before: ['第1行 P1 商品P1 × 1 @ 100.0000 13% = ¥100.00'], after: ['第1行 P1 商品P1 × 2 @ 100.0000 13% = ¥200.00'] },
      ]),
    )
    // a header-only edit does not claim the lines changed
    const again = await t.call('order.get', { id: o.id }, admin)
    await t.call('order.update', { id: o.id, version: again.version, promisedDate: '2026-12-01' }, admin)
    const last = (await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)).items[0]
    expect(last.changes).toEqual([{ field: 'promisedDate', before: null, after: '2026-12-01' }])
  })
})
