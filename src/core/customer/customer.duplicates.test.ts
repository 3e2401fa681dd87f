import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { usccCheckChar } from './customer.rules'

/** 防撞单 (issue 14): one company, one owner. Through the contract on real SQLite. */
const uscc = (first17: string) => first17 + usccCheckChar(first17)!
const USCC = uscc('91110108MA01ABCD0'.replace(/[A-Z]{4}/, '0000'))
type Env = { ok: boolean; error?: { code: string; key?: string; message: string; details?: any } }
const err = (r: Env) => r.error!

describe('防撞单: customer.create / update refuse another owner\'s company', () => {
  let t: TestCore
  let s1: { id: number; token: string; username: string }
  let s2: { id: number; token: string; username: string }
  let mgr: { id: number; token: string; username: string }
  let first: { id: number; code: string }
  beforeAll(async () => {
    t = await createTestCore()
    s1 = await t.user('sales', { displayName: '张业务' })
    s2 = await t.user('sales', { displayName: '李业务' })
    mgr = await t.user('manager', { displayName: '周经理' })
    first = await t.call('customer.create', { name: '北京华兴科技有限公司', uscc: USCC }, s1.token)
  })
  afterAll(() => t.close())

  it('refuses a salesperson a name variant of another salesperson\'s customer, confirmed or not, naming only the owner', async () => {
    for (const name of ['华兴科技（北京）有限公司', '北京市华兴科技有限公司', '北京华兴科技']) {
      for (const confirmDuplicate of [false, true]) {
        const r = await t.raw('customer.create', { name, confirmDuplicate, duplicateReason: '我先联系的' }, s2.token)
        expect(r.ok).toBe(false)
        expect(err(r)).toMatchObject({ code: 'CONFLICT', key: 'customer.ownedByOther', details: { overridable: false } })
        expect(err(r).message).toContain('张业务')
        expect(err(r).message).not.toContain(first.code)
        expect(err(r).details.duplicates).toEqual([expect.objectContaining({ visible: false, id: null, name: null, ownerName: '张业务' })])
      }
    }
    const list = await t.call('customer.search', { query: '华兴', page: 1, pageSize: 20 }, t.adminToken)
    expect(list.total).toBe(1)
  })

  it('refuses the same USCC to everyone, even confirmed, pointing to the existing customer where visible', async () => {
    const bySales = await t.raw('customer.create', { name: '完全不同的名字有限公司', uscc: USCC, confirmDuplicate: true }, s2.token)
    expect(err(bySales)).toMatchObject({ code: 'CONFLICT', key: 'customer.usccTaken', details: { field: 'uscc', overridable: false } })
    expect(err(bySales).message).toContain('张业务')
    expect(err(bySales).details.existingId).toBeUndefined()
    const byAdmin = await t.raw('customer.create', { name: '完全不同的名字有限公司', uscc: USCC, confirmDuplicate: true, duplicateReason: '分公司' }, t.adminToken)
    expect(err(byAdmin)).toMatchObject({ code: 'CONFLICT', key: 'customer.usccTaken', details: { existingId: first.id } })
    expect(err(byAdmin).message).toContain(first.code)
    // an update to the same USCC too
    const other = await t.call('customer.create', { name: '天津滨海化工有限公司' }, s2.token)
    const upd = await t.raw('customer.update', { id: other.id, version: 1, uscc: USCC, confirmDuplicate: true }, s2.token)
    expect(err(upd)).toMatchObject({ code: 'CONFLICT', key: 'customer.usccTaken' })
  })

  it('lets a manager create a name duplicate only after confirming with a reason, and logs the reason', async () => {
    const plain = await t.raw('customer.create', { name: '华兴科技（北京）有限公司' }, mgr.token)
    expect(err(plain)).toMatchObject({ code: 'CONFLICT', key: 'customer.duplicateNeedsReason', details: { overridable: true, needsReason: true } })
    const noReason = await t.raw('customer.create', { name: '华兴科技（北京）有限公司', confirmDuplicate: true, duplicateReason: '  ' }, mgr.token)
    expect(err(noReason)).toMatchObject({ code: 'CONFLICT', key: 'customer.duplicateNeedsReason' })
    const ok = await t.call('customer.create', { name: '华兴科技（北京）有限公司', confirmDuplicate: true, duplicateReason: '客户确认是另一家同名公司' }, mgr.token)
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: ok.id, page: 1, pageSize: 20 }, t.adminToken)
    const entry = log.items.find((i: { action: string }) => i.action === 'duplicateOverride')
    expect(entry).toMatchObject({ userName: '周经理' })
    expect(entry.summary).toContain('客户确认是另一家同名公司')
  })

  it('keeps 仍然创建 for duplicates within one\'s own customers and the pool', async () => {
    const own = await t.raw('customer.create', { name: '北京市华兴科技有限公司' }, s1.token)
    expect(err(own)).toMatchObject({ code: 'CONFLICT', key: 'customer.possibleDuplicate' })
    expect(await t.raw('customer.create', { name: '北京市华兴科技有限公司', confirmDuplicate: true }, s1.token)).toMatchObject({ ok: true })

    await t.call('customer.create', { name: '杭州西子包装材料有限公司' }, t.adminToken) // the pool
    const pool = await t.raw('customer.create', { name: '西子包装材料（杭州）有限公司' }, s2.token)
    expect(err(pool)).toMatchObject({ code: 'CONFLICT', key: 'customer.possibleDuplicate' })
    expect(await t.raw('customer.create', { name: '西子包装材料（杭州）有限公司', confirmDuplicate: true }, s2.token)).toMatchObject({ ok: true })
  })

  it('refuses a rename onto another salesperson\'s customer', async () => {
    const mine = await t.call('customer.create', { name: '重庆山城物流有限公司' }, s2.token)
    const r = await t.raw('customer.update', { id: mine.id, version: 1, name: '北京华兴科技', confirmDuplicate: true }, s2.token)
    expect(err(r)).toMatchObject({ code: 'CONFLICT', key: 'customer.ownedByOther' })
  })

  it('answers in English for an English caller', async () => {
    const r = await t.core.dispatch('customer.create', { name: '北京华兴科技' }, { token: s2.token, locale: 'en-US' })
    expect(JSON.stringify(r)).toContain('belongs to another salesperson')
  })
})
