import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/** Issue 14 through the contract on real SQLite: 成交客户 on approval, 驳回, and service lines that ship without stock. */
let t: TestCore
let admin: string
let sales: { id: number; token: string }
let mgr: { id: number; token: string }
let goods: number
let service: number

beforeAll(async () => {
  t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
  admin = t.adminToken
  mgr = await t.user('manager', { displayName: '周经理' })
  sales = await t.user('sales', { displayName: '吴业务', managerId: mgr.id })
  goods = (await t.call('product.create', { code: 'G001', name: '工业风机', unit: '台', salePrice: '1130', initialStock: '5' }, admin)).id
  service = (await t.call('product.create', { code: 'S001', name: '安装调试', kind: 'service', unit: '次', salePrice: '200', taxRate: 6, initialStock: '9' }, admin)).id
})
afterAll(() => t.close())

const newCustomer = async (name: string) => (await t.call('customer.create', { name, stage: 'opportunity' }, sales.token)).id as number
const newOrder = async (customerId: number, lines: { productId: number; quantity: string }[]) => t.call('order.create', { customerId, lines }, sales.token)

describe('customer stage on the first approved order', () => {
  it('becomes 成交客户 when its first order is approved, logged on the customer', async () => {
    const cid = await newCustomer('宁波甬江机电有限公司')
    const o = await newOrder(cid, [{ productId: goods, quantity: '1' }])
    await t.call('order.submit', { id: o.id }, sales.token)
    expect((await t.call('customer.get', { id: cid }, sales.token)).stage).toBe('opportunity')
    await t.call('order.approve', { id: o.id }, admin)
    const c = await t.call('customer.get', { id: cid }, sales.token)
    expect(c.stage).toBe('customer')
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: cid, page: 1, pageSize: 20 }, admin)
    expect(log.items.map((i: { summary: string }) => i.summary)).toContain(`订单 ${o.number} 审核通过，客户阶段改为成交客户`)
    // unapproving does not undo it; a second approval changes nothing more
    await t.call('order.unapprove', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    expect((await t.call('customer.get', { id: cid }, sales.token)).version).toBe(c.version)
  })
})

describe('order.reject (驳回)', () => {
  it('sends a pending order back to draft with the reason the salesperson sees; approval clears it', async () => {
    const cid = await newCustomer('绍兴越州纺织有限公司')
    const o = await newOrder(cid, [{ productId: goods, quantity: '2' }])
    const pending = await t.call('order.submit', { id: o.id }, sales.token)
    const back = await t.call('order.reject', { id: o.id, version: pending.version, reason: '单价低于最低售价，请重新报价' }, mgr.token)
    expect(back).toMatchObject({ status: 'draft', rejectReason: '单价低于最低售价，请重新报价', version: pending.version + 1 })
    const seen = await t.call('order.get', { id: o.id }, sales.token)
    expect(seen.rejectReason).toBe('单价低于最低售价，请重新报价')
    expect(seen.history.at(-1)).toMatchObject({ action: 'reject', userName: '周经理' })
    // the salesperson edits and submits again; approval clears the reason
    const edited = await t.call('order.update', { id: o.id, version: seen.version, lines: [{ productId: goods, quantity: '1' }] }, sales.token)
    const again = await t.call('order.submit', { id: o.id, version: edited.version }, sales.token)
    expect(again.rejectReason).toBe('单价低于最低售价，请重新报价')
    const ok = await t.call('order.approve', { id: o.id }, mgr.token)
    expect(ok).toMatchObject({ status: 'approved', rejectReason: null })
  })

  it('needs a reason, the approve capability, a pending order and the current version', async () => {
    const cid = await newCustomer('温州鹿城五金有限公司')
    const o = await newOrder(cid, [{ productId: goods, quantity: '1' }])
    const draft = await t.raw('order.reject', { id: o.id, version: o.version, reason: '不对' }, admin)
    expect(draft).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    const p = await t.call('order.submit', { id: o.id }, sales.token)
    expect(await t.raw('order.reject', { id: o.id, version: p.version, reason: '  ' }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('order.reject', { id: o.id, version: p.version, reason: '自己驳回' }, sales.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.raw('order.reject', { id: o.id, version: p.version - 1, reason: '旧版本' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('pending')
  })
})

describe('services (服务/费用) never touch stock', () => {
  it('creates a service without stock and ships an order of goods + installation; the service line needs no stock', async () => {
    const s = await t.call('product.get', { id: service }, admin)
    expect(s).toMatchObject({ kind: 'service', onHand: '0', reserved: '0' }) // initialStock is ignored for a service
    const cid = await newCustomer('嘉兴南湖电器有限公司')
    const o = await newOrder(cid, [
      { productId: goods, quantity: '2' },
      { productId: service, quantity: '3' },
    ])
    await t.call('order.submit', { id: o.id }, sales.token)
    const before = await t.call('product.get', { id: goods }, admin)
    const approved = await t.call('order.approve', { id: o.id }, admin)
    expect((await t.call('product.get', { id: service }, admin)).reserved).toBe('0')
    expect(Number((await t.call('product.get', { id: goods }, admin)).reserved)).toBe(Number(before.reserved) + 2)
    const [lg, ls] = approved.lines
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: lg.id, quantity: '2' }, { orderLineId: ls.id, quantity: '3' }] }, admin)
    const svcAfter = await t.call('product.get', { id: service }, admin)
    expect(svcAfter).toMatchObject({ onHand: '0', reserved: '0' })
    const g = await t.call('product.get', { id: goods }, admin)
    expect(Number(g.onHand)).toBe(Number(before.onHand) - 2)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('shipped')
  })

  it('ships a service-only order although the service has no stock at all', async () => {
    const cid = await newCustomer('湖州太湖物流有限公司')
    const o = await newOrder(cid, [{ productId: service, quantity: '1' }])
    await t.call('order.submit', { id: o.id }, sales.token)
    const a = await t.call('order.approve', { id: o.id }, admin)
    const r = await t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: '1' }] }, admin)
    expect(r.ok).toBe(true)
  })

  it('refuses to turn goods with stock into a service', async () => {
    const g = await t.call('product.get', { id: goods }, admin)
    const r = await t.raw('product.update', { id: goods, version: g.version, kind: 'service' }, admin)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const fresh = await t.call('product.create', { code: 'S002', name: '运费', unit: '次' }, admin)
    expect((await t.call('product.update', { id: fresh.id, version: fresh.version, kind: 'service' }, admin)).kind).toBe('service')
  })
})
