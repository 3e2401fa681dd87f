import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 9: history summaries and labels follow the reader's language. The log stores the Chinese text with its
 * key (audit.service encodeSummary); an en-US reader gets the English text of the same entry, a zh-CN reader the
 * Chinese one as it was always written. Expected texts are the catalog templates filled in by hand.
 */
let t: TestCore
let admin: string

const EN = 'en-US'
async function summaries(entity: string, entityId: number, locale?: string, token = admin): Promise<string[]> {
  const r = await t.core.dispatch<{ items: { summary: string | null }[] }>('auditLog.list', { entity, entityId }, { token, ...(locale ? { locale } : {}) })
  if (!r.ok) throw new Error(r.error.message)
  return r.data.items.map((i) => i.summary ?? '')
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
  admin = t.adminToken
})
afterEach(() => t.close())

describe('history summaries in the caller language', () => {
  it('opportunity create / stage move and the customer stage it sets', async () => {
    const sales = await t.user('sales', { displayName: '郑业务' })
    const customerId = (await t.call('customer.create', { name: '南昌洪都汽配有限公司', ownerId: sales.id, stage: 'lead' }, admin)).id
    const o = await t.call('opportunity.create', { customerId, title: '刹车片年单', amountFen: 1000000 }, sales.token)
    await t.call('opportunity.moveStage', { id: o.id, stage: 'lost', lostReason: '价格太高' }, sales.token)

    expect(await summaries('opportunity', o.id, EN, sales.token)).toEqual(['Initial contact → Lost: 价格太高', 'New opportunity 刹车片年单'])
    expect(await summaries('opportunity', o.id, undefined, sales.token)).toEqual(['初步接洽 → 输单：价格太高', '新建商机 刹车片年单'])
    expect(await summaries('customer', customerId, EN)).toContain('New opportunity “刹车片年单”: customer stage set to opportunity')
    expect(await summaries('customer', customerId)).toContain('新建商机“刹车片年单”，客户阶段改为商机')
  })

  it('an order reopened by taking back an allocation: the nested summary is English too', async () => {
    const customerId = (await t.call('customer.create', { name: '青岛海滨啤酒经销有限公司', paymentTermDays: 30 }, admin)).id
    const productId = (await t.call('product.create', { code: 'B-1', name: '原浆啤酒', unit: '箱', initialStock: '10' }, admin)).id
    const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '2', unitPrice: '100' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const approved = await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: approved.lines[0].id, quantity: '2' }] }, admin)
    // 2 × 100.00 = 200.00 shipped, 200.00 received and matched: the order completes
    const r = await t.call('receipt.create', { customerId, amountFen: 20000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 20000 }] }, admin)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('completed')
    await t.call('receipt.unallocate', { receiptId: r.id, orderId: o.id }, admin)

    const en = await t.core.dispatch<{ status: string; history: { action: string; summary: string | null }[] }>('order.get', { id: o.id }, { token: admin, locale: EN })
    expect(en.ok).toBe(true)
    if (!en.ok) return
    expect(en.data.status).toBe('shipped')
    const byAction = (a: string) => en.data.history.filter((h) => h.action === a).map((h) => h.summary)
    expect(byAction('ship')).toEqual([`Shipped ${s.number}, ¥200.00`])
    expect(byAction('unallocate')).toEqual([`Allocation of receipt ${r.number} taken back: ¥200.00`])
    expect(byAction('reopen')).toEqual([`Allocation of receipt ${r.number} taken back: ¥200.00; the order is open again`])
    // the Chinese reader sees exactly the text written before the summaries were keyed
    const zh = await t.call('order.get', { id: o.id }, admin)
    expect(zh.history.filter((h: { action: string }) => h.action === 'reopen').map((h: { summary: string }) => h.summary)).toEqual([`取消收款单 ${r.number} 的核销 ¥200.00，订单重新打开`])
  })

  it('order lines in the log read "Line n:" for an en-US reader', async () => {
    const customerId = (await t.call('customer.create', { name: '宁波北仑五金有限公司' }, admin)).id
    const productId = (await t.call('product.create', { code: 'W-1', name: '不锈钢合页', unit: '个', salePrice: '10', initialStock: '100' }, admin)).id
    const q = await t.call('quote.create', { customerId, validUntil: '2026-12-31', lines: [{ productId, quantity: '10' }] }, admin)
    const lines = async (locale?: string) => {
      const r = await t.core.dispatch<{ items: { action: string; changes: { field: string; after: unknown }[] }[] }>('auditLog.list', { entity: 'quote', entityId: q.id }, { token: admin, ...(locale ? { locale } : {}) })
      return r.ok ? r.data.items.find((i) => i.action === 'create')!.changes.find((c) => c.field === 'lines')!.after : null
    }
    // 10 × ¥10.00 (13 %, tax-inclusive) = ¥100.00
    expect(await lines('en-US')).toEqual(['Line 1: W-1 不锈钢合页 × 10 @ 10.0000 13% = ¥100.00'])
    expect(await lines()).toEqual(['第1行 W-1 不锈钢合页 × 10 @ 10.0000 13% = ¥100.00'])
  })

  it('users, team targets and the team name of report.targets', async () => {
    const mgr = await t.user('manager', { displayName: '周经理' })
    const s1 = await t.user('sales', { displayName: '吴业务', managerId: mgr.id })
    const created = await t.call('user.create', { username: 'lihua', displayName: '李华', role: 'finance', password: 'Kedan-2026-pass' }, admin)
    expect(await summaries('user', created.id, EN)).toEqual(['Created user lihua (Finance)'])
    expect(await summaries('user', created.id)).toEqual(['创建用户 lihua（财务）'])

    const team = await t.call('target.set', { year: 2026, month: 11, teamManagerId: mgr.id, amountFen: 1000000 }, admin)
    expect(await summaries('target', team.id, EN)).toEqual(["2026-11 sales target of 周经理's team: ¥10,000.00"])
    expect(await summaries('target', team.id)).toEqual(['2026-11 周经理团队销售目标 ¥10,000.00'])
    await t.call('target.split', { year: 2026, month: 11, teamManagerId: mgr.id, method: 'even' }, admin)
    const mine = (await t.call('report.targets', { year: 2026 }, admin)) as { teams: { name: string }[]; rows: { salespersonId: number }[] }
    expect(mine.rows.map((x) => x.salespersonId)).toContain(s1.id)
    expect(mine.teams.map((x) => x.name)).toEqual(['周经理团队'])
    const en = await t.core.dispatch<{ teams: { name: string }[] }>('report.targets', { year: 2026 }, { token: admin, locale: EN })
    expect(en.ok && en.data.teams.map((x) => x.name)).toEqual(["周经理's team"])
  })
})
