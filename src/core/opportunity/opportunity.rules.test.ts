import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/** Issue 4, opportunities: the customer's stage follows (versioned and logged), stages, scope, roles, versions. */
let t: TestCore
let admin: string
let sales: { id: number; token: string }
let customerId: number

const fail = async (method: string, input: unknown, token = admin) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
const customer = () => t.call('customer.get', { id: customerId }, admin)
const customerLog = async () => (await t.call('auditLog.list', { entity: 'customer', entityId: customerId }, admin)).items

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
  admin = t.adminToken
  sales = await t.user('sales', { displayName: '郑业务' })
  customerId = (await t.call('customer.create', { name: '南昌洪都汽配有限公司', ownerId: sales.id, stage: 'lead' }, admin)).id
})
afterEach(() => t.close())

describe("the customer's stage follows its opportunities", () => {
  it('a first opportunity makes a lead an opportunity customer: a versioned, logged change of the customer', async () => {
    const before = await customer()
    expect(before.stage).toBe('lead')
    await t.call('opportunity.create', { customerId, title: '刹车片年单', amountFen: 1000000 }, sales.token)
    const after = await customer()
    expect(after).toMatchObject({ stage: 'opportunity', updatedByName: '郑业务' })
    expect(after.version).toBe(before.version + 1)
    expect((await customerLog())[0]).toMatchObject({ action: 'update', userName: '郑业务', changes: [{ field: 'stage', before: 'lead', after: 'opportunity' }] })
    // a stale edit of the customer made before is now a conflict instead of silently undoing the stage
    const stale = await fail('customer.update', { id: customerId, version: before.version, remark: '旧页面保存' })
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toContain('郑业务')
  })

  it('an opportunity created as won makes the customer a 成交客户 (not back to 商机)', async () => {
    const before = await customer()
    await t.call('opportunity.create', { customerId, title: '已签合同', amountFen: 500000, stage: 'won' }, sales.token)
    const after = await customer()
    expect(after.stage).toBe('customer')
    expect(after.version).toBe(before.version + 1)
    expect((await customerLog())[0].changes).toEqual([{ field: 'stage', before: 'lead', after: 'customer' }])
  })

  it('moving to won later also makes the customer a 成交客户; lost needs a reason; probabilities come from settings', async () => {
    await t.call('settings.update', { opportunityProbabilities: { negotiation: 80 } }, admin)
    const o = await t.call('opportunity.create', { customerId, title: '变速箱配件', amountFen: 200000 }, sales.token)
    const n = await t.call('opportunity.moveStage', { id: o.id, version: o.version, stage: 'negotiation' }, sales.token)
    expect(n).toMatchObject({ probability: 80, weightedFen: 160000 })
    expect((await fail('opportunity.moveStage', { id: o.id, stage: 'lost' }, sales.token)).code).toBe('VALIDATION')
    const w = await t.call('opportunity.moveStage', { id: o.id, stage: 'won' }, sales.token)
    expect(w).toMatchObject({ stage: 'won', probability: 100, closedOn: '2026-11-23' })
    expect((await customer()).stage).toBe('customer')
    const log = await t.call('auditLog.list', { entity: 'opportunity', entityId: o.id }, sales.token)
    expect(log.items.map((l: { action: string }) => l.action)).toEqual(['moveStage', 'moveStage', 'create'])
  })
})

describe('scope, roles and versions', () => {
  it("another salesperson neither sees nor changes the opportunity; the owner and finance read only", async () => {
    const o = await t.call('opportunity.create', { customerId, title: '油封', amountFen: 10000 }, sales.token)
    const other = await t.user('sales')
    for (const [m, input] of [
      ['opportunity.get', { id: o.id }],
      ['opportunity.update', { id: o.id, version: o.version, title: 'x' }],
      ['opportunity.moveStage', { id: o.id, stage: 'needs' }],
      ['auditLog.list', { entity: 'opportunity', entityId: o.id }],
    ] as const) {
      expect((await fail(m, input, other.token)).code, m).toBe('NOT_FOUND')
    }
    expect((await t.call('opportunity.search', {}, other.token)).total).toBe(0)
    for (const role of ['owner', 'finance'] as const) {
      const u = await t.user(role)
      expect((await t.call('opportunity.search', {}, u.token)).total).toBe(1)
      expect((await fail('opportunity.update', { id: o.id, version: o.version, title: 'x' }, u.token)).code).toBe('FORBIDDEN')
      expect((await fail('opportunity.moveStage', { id: o.id, stage: 'needs' }, u.token)).code).toBe('FORBIDDEN')
    }
  })

  it('an update changes only what it names: source and remark left out stay, an empty one clears', async () => {
    const o = await t.call('opportunity.create', { customerId, title: '滤清器', source: '展会', remark: '展会上认识', amountFen: 100 }, sales.token)
    const a = await t.call('opportunity.update', { id: o.id, version: o.version, amountFen: 200 }, sales.token)
    expect(a).toMatchObject({ source: '展会', remark: '展会上认识', amountFen: 200 })
    expect((await t.call('opportunity.update', { id: o.id, version: a.version, remark: '' }, sales.token)).remark).toBeNull()
  })

  it('a stale update is a CONFLICT naming who and when; the first save stays', async () => {
    const o = await t.call('opportunity.create', { customerId, title: '轴承', amountFen: 10000 }, sales.token)
    await t.call('opportunity.update', { id: o.id, version: o.version, amountFen: 20000 }, sales.token)
    const e = await fail('opportunity.update', { id: o.id, version: o.version, amountFen: 30000 })
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('郑业务')
    expect((await t.call('opportunity.get', { id: o.id }, admin)).amountFen).toBe(20000)
  })
})
