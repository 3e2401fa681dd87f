import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

let t: TestCore
let admin: string
let customerId: number
let productId: number

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '广州粤海电子有限公司' }, admin)).id
  productId = (await t.call('product.create', { code: 'E-100', name: '电源模块', salePrice: '56.5', initialStock: '10' }, admin)).id
})
afterEach(() => t.close())

describe('quotes', () => {
  it('creates QT numbers, revises a sent quote keeping earlier revisions, and turns into an order in one step', async () => {
    const q = await t.call('quote.create', { customerId, validUntil: '2026-12-31', terms: '含运费', lines: [{ productId, quantity: '10' }] }, admin)
    expect(q.number).toBe('QT20261123-0001')
    expect(q.totalFen).toBe(56500)
    const edited = await t.call('quote.update', { id: q.id, version: q.version, lines: [{ productId, quantity: '20' }] }, admin)
    expect(edited.totalFen).toBe(113000)
    const sent = await t.call('quote.markSent', { id: q.id }, admin)
    expect(sent.status).toBe('sent')
    const locked = await t.raw('quote.update', { id: q.id, version: sent.version, remark: 'x' }, admin)
    expect(!locked.ok && locked.error.code).toBe('BUSINESS_RULE')
    const r2 = await t.call('quote.revise', { id: q.id }, admin)
    expect(r2.number).toBe('QT20261123-0001-R2')
    expect(r2.revisions.map((r: { number: string; status: string }) => `${r.number}:${r.status}`)).toEqual(['QT20261123-0001:superseded', 'QT20261123-0001-R2:draft'])
    const old = await t.call('quote.get', { id: q.id }, admin)
    expect(old.lines[0].quantity).toBe('20')
    const r2b = await t.call('quote.update', { id: r2.id, version: r2.version, lines: [{ productId, quantity: '20', unitPrice: '50' }] }, admin)
    expect(r2b.totalFen).toBe(100000)
    expect((await t.call('quote.get', { id: q.id }, admin)).totalFen).toBe(113000)
    await t.call('quote.markSent', { id: r2.id }, admin)
    await t.call('quote.accept', { id: r2.id }, admin)
    const { quote, order } = await t.call('quote.toOrder', { id: r2.id }, admin)
    expect(quote.status).toBe('ordered')
    expect(quote.orderId).toBe(order.id)
    expect(order).toMatchObject({ quoteId: r2.id, totalFen: 100000, status: 'draft' })
    expect(order.lines[0]).toMatchObject({ quantity: '20', unitPrice: '50.0000' })
    const twice = await t.raw('quote.toOrder', { id: r2.id }, admin)
    expect(!twice.ok && twice.error.code).toBe('BUSINESS_RULE')
    const list = await t.call('quote.search', {}, admin)
    expect(list.items.map((x: { number: string }) => x.number)).toEqual(['QT20261123-0001-R2'])
  })

  it('an expired quote cannot become an order', async () => {
    const q = await t.call('quote.create', { customerId, validUntil: '2026-11-20', lines: [{ productId, quantity: '1' }] }, admin)
    const r = await t.raw('quote.toOrder', { id: q.id }, admin)
    expect(!r.ok && r.error.message).toContain('过期')
  })
})

describe('opportunities', () => {
  it('moves through stages with probabilities; winning makes the customer a 成交客户; losing needs a reason', async () => {
    const o = await t.call('opportunity.create', { customerId, title: '年度电源采购', amountFen: 5000000, expectedCloseOn: '2026-12-15' }, admin)
    expect(o).toMatchObject({ stage: 'initial', probability: 10, weightedFen: 500000 })
    expect((await t.call('customer.get', { id: customerId }, admin)).stage).toBe('opportunity')
    const n = await t.call('opportunity.moveStage', { id: o.id, stage: 'negotiation' }, admin)
    expect(n.probability).toBe(70)
    const lost = await t.raw('opportunity.moveStage', { id: o.id, stage: 'lost' }, admin)
    expect(!lost.ok && lost.error.code).toBe('VALIDATION')
    const won = await t.call('opportunity.moveStage', { id: o.id, stage: 'won' }, admin)
    expect(won).toMatchObject({ stage: 'won', probability: 100, closedOn: '2026-11-23' })
    expect((await t.call('customer.get', { id: customerId }, admin)).stage).toBe('customer')
    const list = await t.call('opportunity.search', { stage: ['won'] }, admin)
    expect(list.totals.amountFen).toBe(5000000)
  })

  it('stage probabilities are configurable', async () => {
    await t.call('settings.update', { opportunityProbabilities: { initial: 5 } }, admin)
    const o = await t.call('opportunity.create', { customerId, title: '小单', amountFen: 1000 }, admin)
    expect(o.probability).toBe(5)
  })
})

describe('products and stock', () => {
  it('finds products by code, name and pinyin; stock never goes below zero unless allowed', async () => {
    expect((await t.call('product.search', { query: 'dymk' }, admin)).items[0].code).toBe('E-100')
    expect((await t.call('product.search', { query: 'e-10' }, admin)).total).toBe(1)
    const neg = await t.raw('stock.adjust', { productId, quantity: '-11', reason: '盘亏' }, admin)
    expect(!neg.ok && neg.error.code).toBe('BUSINESS_RULE')
    expect((await t.call('stock.adjust', { productId, quantity: '-2.5', reason: '报损' }, admin)).onHand).toBe('7.5')
    await t.call('settings.update', { inventory: { allowNegativeStock: true } }, admin)
    expect((await t.call('stock.adjust', { productId, quantity: '-10', reason: '先发后补' }, admin)).onHand).toBe('-2.5')
    const moves = await t.call('stock.moves', { productId }, admin)
    expect(moves.items.map((m: { quantity: string }) => m.quantity)).toEqual(['-10', '-2.5', '10'])
    const dup = await t.raw('product.create', { code: 'E-100', name: '重复' }, admin)
    expect(!dup.ok && dup.error.code).toBe('CONFLICT')
    const sales = await t.user('sales')
    const forbidden = await t.raw('stock.adjust', { productId, quantity: '1', reason: 'x' }, sales.token)
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN')
  })

  it('low-stock filter lists products at or under their threshold', async () => {
    await t.call('product.create', { code: 'E-200', name: '散热片', lowStockThreshold: '5', initialStock: '3' }, admin)
    const low = await t.call('stock.list', { lowStock: true }, admin)
    expect(low.items.map((p: { code: string }) => p.code)).toEqual(['E-200'])
    expect(low.items[0]).toMatchObject({ lowStock: true, available: '3' })
  })
})
