import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../tests/support/postgres'
import type { TestCore } from './testing/test-core'
import { MAX_FEN } from './contract/types'

/**
 * Issue 8 on PostgreSQL: searches escape LIKE wildcards the same way as on SQLite, the money maximum
 * is stored exactly, the invoice limit's sums run, stored impossible dates do not break the readers,
 * and broken text (NUL, which PostgreSQL cannot store) is refused before it reaches the database.
 */
const pg = postgresFile('2026-12-04T10:00:00+08:00')
let t: TestCore
let admin: string

beforeAll(async () => {
  t = await pg.core()
  admin = t.adminToken
}, 120_000)
afterAll(() => pg.close())

describe('PostgreSQL: input that must be refused, and searches', () => {
  it('% and _ are text in every search', async () => {
    const sep = { separator: '_' as const }
    await t.call('settings.update', { numbering: { SO: sep, QT: sep, DN: sep, RC: sep } }, admin)
    await t.call('product.create', { code: 'AB_12', name: '垫片甲', unit: '个', initialStock: '10' }, admin)
    const px = (await t.call('product.create', { code: 'ABX12', name: '垫片乙', unit: '个', initialStock: '10' }, admin)).id
    const codes = async (query: string) => (await t.call('product.search', { query }, admin)).items.map((p: { code: string }) => p.code)
    expect(await codes('AB_12')).toEqual(['AB_12'])
    expect(await codes('%')).toEqual([])
    const c = (await t.call('customer.create', { name: '成都锦江_贸易有限公司' }, admin)).id
    await t.call('customer.create', { name: '成都锦江X贸易有限公司' }, admin)
    expect((await t.call('customer.search', { query: '锦江_' }, admin)).items.map((x: { id: number }) => x.id)).toEqual([c])
    const o = await t.call('order.create', { customerId: c, lines: [{ productId: px, quantity: '1', unitPrice: '203' }] }, admin)
    expect(o.number).toBe('SO20261204_0001')
    await t.call('order.submit', { id: o.id }, admin)
    const a = await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: '1' }] }, admin)
    const q = await t.call('quote.create', { customerId: c, lines: [{ productId: px, quantity: '1' }] }, admin)
    const r = await t.call('receipt.create', { customerId: c, amountFen: 100, method: 'bank', reference: 'TT_1' }, admin)
    await t.call('opportunity.create', { customerId: c, title: 'Phase_2 扩产' }, admin)
    const nums = (x: { items: { number: string }[] }) => x.items.map((i) => i.number)
    expect(nums(await t.call('order.search', { query: 'SO20261204_0001' }, admin))).toEqual([o.number])
    expect(nums(await t.call('shipment.search', { query: s.number }, admin))).toEqual([s.number])
    expect(nums(await t.call('quote.search', { query: q.number }, admin))).toEqual([q.number])
    expect(nums(await t.call('receipt.search', { query: 'tt_1' }, admin))).toEqual([r.number])
    expect((await t.call('opportunity.search', { query: 'phase_2' }, admin)).total).toBe(1)
    expect((await t.call('ar.summary', { query: '锦江_' }, admin)).items.map((i: { customerId: number }) => i.customerId)).toEqual([c])

    // the invoice limit's sums: ¥203.00 shipped, ¥999 999.00 without a shipment refused, ¥203.00 fits
    const inv = (amountFen: number, no: string) => t.raw('invoice.create', { customerId: c, invoiceNo: no, kind: 'vat_normal', issuedOn: '2026-12-04', amountFen, taxFen: 0 }, admin)
    expect(await inv(99999900, 'P1')).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    expect((await inv(20300, 'P2')).ok).toBe(true)
    expect(await inv(1, 'P3')).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })

    // stored impossible dates: the board still answers
    await t.core.dataSource.getRepository('SalesOrder').update({ id: o.id }, { promisedDate: '9999-99-99' })
    await t.core.dataSource.getRepository('Shipment').update({ id: s.id }, { shipDate: '2026-13-45' })
    const board = await t.raw('tracking.board', {}, admin)
    expect(board.ok, JSON.stringify(board)).toBe(true)
  })

  it('the money maximum is stored exactly; beyond it, impossible dates and broken text are refused', async () => {
    const c = await t.call('customer.create', { name: '贵阳筑城贸易有限公司', creditLimitFen: MAX_FEN }, admin)
    expect((await t.call('customer.get', { id: c.id }, admin)).creditLimitFen).toBe(MAX_FEN)
    expect(await t.raw('customer.create', { name: '遵义贸易有限公司', creditLimitFen: MAX_FEN + 1 }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('receipt.create', { customerId: c.id, amountFen: 100, method: 'bank', receivedOn: '2026-02-30' }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    for (const name of ['贵阳\u0000贸易', '\u200B\u3000', '贵阳\uD800']) {
      expect(await t.raw('customer.create', { name }, admin), JSON.stringify(name)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    expect(await t.raw('customer.search', { query: 'a\u0000' }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('a reason as long as its field allows still fits the operation log (the summary column is 500 characters)', async () => {
    const c = (await t.call('customer.create', { name: '拉萨雪域贸易有限公司' }, admin)).id
    const reason = '客'.repeat(500)
    const r = await t.call('receipt.create', { customerId: c, amountFen: 100, method: 'cash' }, admin)
    const cancelled = await t.raw('receipt.cancel', { id: r.id, reason }, admin)
    expect(cancelled.ok, JSON.stringify(cancelled).slice(0, 300)).toBe(true)
    const log = await t.call('auditLog.list', { entity: 'receipt', entityId: r.id }, admin)
    const summary = log.items.find((l: { action: string }) => l.action === 'cancel')?.summary as string
    expect(summary.length).toBeLessThanOrEqual(500)
    expect(summary).toContain('客客客')
  })

  it('ids and versions beyond int4 are refused as input, not failed queries', async () => {
    // these answered INTERNAL on PostgreSQL: `WHERE id = 2147483648` is an error for an integer column
    for (const [m, input] of [
      ['customer.get', { id: 2147483648 }],
      ['order.search', { customerId: 2147483648 }],
      ['auditLog.list', { entity: 'customer', entityId: 2147483648 }],
      ['customer.update', { id: 1, version: 2147483648, name: '某公司' }],
    ] as const) {
      expect(await t.raw(m, input, admin), m).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
  })
})
