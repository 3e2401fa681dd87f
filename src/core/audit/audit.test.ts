import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { diff } from './audit.service'

describe('diff', () => {
  it('lists only changed fields, with null for absent', () => {
    expect(diff({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1, 2] }, ['a', 'b', 'c'])).toEqual([
      { field: 'b', before: 'x', after: 'y' },
      { field: 'c', before: [1], after: [1, 2] },
    ])
    expect(diff(null, { a: 1, b: null }, ['a', 'b'])).toEqual([{ field: 'a', before: null, after: 1 }])
    expect(diff({ a: 1 }, null, ['a'])).toEqual([{ field: 'a', before: 1, after: null }])
  })
})

describe('auditLog.list', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('pages newest first', async () => {
    const c = await t.call('customer.create', { name: '日志分页客户' }, t.adminToken)
    for (let v = 1; v <= 4; v++) await t.call('customer.update', { id: c.id, version: v, remark: `第${v}次` }, t.adminToken)
    const p1 = await t.call('auditLog.list', { entity: 'customer', entityId: c.id, page: 1, pageSize: 2 }, t.adminToken)
    const p3 = await t.call('auditLog.list', { entity: 'customer', entityId: c.id, page: 3, pageSize: 2 }, t.adminToken)
    expect(p1.total).toBe(5)
    expect(p1.items[0].changes).toEqual([{ field: 'remark', before: '第3次', after: '第4次' }])
    expect(p3.items.map((e: { action: string }) => e.action)).toEqual(['create'])
  })

  it('user logs are for admins, owners, managers, finance and clerks, not sales', async () => {
    const s = await t.user('sales')
    expect(await t.raw('auditLog.list', { entity: 'user', entityId: s.id }, s.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.raw('auditLog.list', { entity: 'user', entityId: s.id }, (await t.user('owner')).token)).toMatchObject({ ok: true })
  })
})
