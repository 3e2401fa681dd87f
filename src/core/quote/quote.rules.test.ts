import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { QUOTE_STATUS_LABELS, type QuoteStatus } from './quote.entity'

/** Issue 4, quotes: every transition allowed and refused, revisions, toOrder, scope, roles, versions. */
let t: TestCore
let admin: string
let sales: { id: number; token: string }
let customerId: number
let productId: number

const fail = async (method: string, input: unknown, token = admin) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
const newQuote = () => t.call('quote.create', { customerId, validUntil: '2026-12-31', lines: [{ productId, quantity: '3', unitPrice: '0.3333' }] }, sales.token)

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
  admin = t.adminToken
  sales = await t.user('sales', { displayName: '冯业务' })
  customerId = (await t.call('customer.create', { name: '长沙湘江机械有限公司', ownerId: sales.id }, admin)).id
  productId = (await t.call('product.create', { code: 'M-1', name: '齿轮', initialStock: '10' }, admin)).id
})
afterEach(() => t.close())

describe('quote states', () => {
  async function inState(state: QuoteStatus) {
    const q = await newQuote()
    if (state === 'draft') return q
    await t.call('quote.markSent', { id: q.id }, sales.token)
    if (state === 'sent') return t.call('quote.get', { id: q.id }, sales.token)
    if (state === 'accepted') return t.call('quote.accept', { id: q.id }, sales.token)
    if (state === 'rejected') return t.call('quote.reject', { id: q.id, reason: '价格高' }, sales.token)
    if (state === 'superseded') {
      await t.call('quote.revise', { id: q.id }, sales.token)
      return t.call('quote.get', { id: q.id }, sales.token)
    }
    return (await t.call('quote.toOrder', { id: q.id }, sales.token)).quote
  }
  const actions: { name: string; from: QuoteStatus[]; extra?: Record<string, unknown> }[] = [
    { name: 'quote.markSent', from: ['draft'] },
    { name: 'quote.accept', from: ['sent'] },
    { name: 'quote.reject', from: ['sent'] },
    { name: 'quote.revise', from: ['sent', 'accepted', 'rejected'] },
    { name: 'quote.toOrder', from: ['draft', 'sent', 'accepted'] },
    { name: 'quote.update', from: ['draft'], extra: { remark: '改' } },
  ]
  const states: QuoteStatus[] = ['draft', 'sent', 'accepted', 'rejected', 'ordered', 'superseded']

  it('allows exactly the moves of a quote; a refused one is BUSINESS_RULE naming the current state', async () => {
    for (const state of states) {
      for (const a of actions) {
        const q = await inState(state)
        const r = await t.raw(a.name, { id: q.id, version: q.version, ...(a.extra ?? {}) }, sales.token)
        if (a.from.includes(state)) expect(r.ok, `${a.name} from ${state}`).toBe(true)
        else {
          expect(r.ok, `${a.name} from ${state} must be refused`).toBe(false)
          if (!r.ok) {
            expect(r.error.code, `${a.name} from ${state}`).toBe('BUSINESS_RULE')
            expect(r.error.message).toContain(`“${QUOTE_STATUS_LABELS[state]}”`)
          }
        }
      }
    }
  })

  it('revisions number -R2, -R3 from the latest only; earlier ones stay readable; toOrder links both ways', async () => {
    const q = await newQuote()
    expect(q.totalFen).toBe(100)
    await t.call('quote.markSent', { id: q.id }, sales.token)
    const r2 = await t.call('quote.revise', { id: q.id }, sales.token)
    await t.call('quote.markSent', { id: r2.id }, sales.token)
    const r3 = await t.call('quote.revise', { id: r2.id }, sales.token)
    expect([r2.number, r3.number]).toEqual([`${q.number}-R2`, `${q.number}-R3`])
    expect(r3.revisions.map((r: { status: string }) => r.status)).toEqual(['superseded', 'superseded', 'draft'])
    const { quote, order } = await t.call('quote.toOrder', { id: r3.id, promisedDate: '2026-12-10' }, sales.token)
    expect(quote).toMatchObject({ status: 'ordered', orderId: order.id })
    expect(order).toMatchObject({ quoteId: r3.id, totalFen: 100, promisedDate: '2026-12-10', salespersonId: sales.id, status: 'draft' })
    expect((await t.call('quote.search', {}, sales.token)).items.map((x: { number: string }) => x.number)).toEqual([r3.number])
    expect((await t.call('quote.search', { latestOnly: false }, sales.token)).total).toBe(3)
    const log = await t.call('auditLog.list', { entity: 'quote', entityId: r3.id }, sales.token)
    expect(log.items[0]).toMatchObject({ action: 'toOrder' })
    expect(log.items[0].changes).toEqual(expect.arrayContaining([{ field: 'status', before: 'draft', after: 'ordered' }, { field: 'orderId', before: null, after: expect.any(Number) }]))
  })
})

describe('scope, roles and versions', () => {
  it("another salesperson neither sees nor changes the quote; the owner and finance read only", async () => {
    const q = await newQuote()
    const other = await t.user('sales')
    for (const [m, input] of [
      ['quote.get', { id: q.id }],
      ['quote.update', { id: q.id, version: q.version, remark: 'x' }],
      ['quote.markSent', { id: q.id }],
      ['quote.toOrder', { id: q.id }],
      ['auditLog.list', { entity: 'quote', entityId: q.id }],
    ] as const) {
      expect((await fail(m, input, other.token)).code, m).toBe('NOT_FOUND')
    }
    expect((await t.call('quote.search', {}, other.token)).total).toBe(0)
    for (const role of ['owner', 'finance'] as const) {
      const u = await t.user(role)
      expect((await t.call('quote.get', { id: q.id }, u.token)).number).toBe(q.number)
      for (const m of ['quote.markSent', 'quote.toOrder', 'quote.revise', 'quote.accept', 'quote.reject']) expect((await fail(m, { id: q.id }, u.token)).code, m).toBe('FORBIDDEN')
    }
  })

  it('an update changes only what it names: terms and remark left out stay, an empty one clears', async () => {
    const q = await t.call('quote.create', { customerId, terms: '含税含运', remark: '老客户', lines: [{ productId, quantity: '1' }] }, sales.token)
    const a = await t.call('quote.update', { id: q.id, version: q.version, validUntil: '2026-12-31' }, sales.token)
    expect(a).toMatchObject({ terms: '含税含运', remark: '老客户', validUntil: '2026-12-31' })
    const b = await t.call('quote.update', { id: q.id, version: a.version, remark: '' }, sales.token)
    expect(b).toMatchObject({ terms: '含税含运', remark: null })
  })

  it('a stale update is a CONFLICT naming who and when; the first save stays', async () => {
    const q = await newQuote()
    await t.call('quote.update', { id: q.id, version: q.version, terms: '款到发货' }, sales.token)
    const e = await fail('quote.update', { id: q.id, version: q.version, terms: '月结30天' })
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('冯业务')
    expect((await t.call('quote.get', { id: q.id }, admin)).terms).toBe('款到发货')
    expect((await fail('quote.markSent', { id: q.id, version: q.version })).code).toBe('CONFLICT')
  })
})
