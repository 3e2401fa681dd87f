import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { ROLES } from '../contract/types'

describe('users (admin only)', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('creates users of every role and lists them without secrets', async () => {
    for (const role of ROLES) {
      const u = await t.call('user.create', { username: `u_${role}`, password: 'pass1234', displayName: `用户${role}`, role }, t.adminToken)
      expect(u).toMatchObject({ username: `u_${role}`, role, disabled: false, version: 1, managerId: null })
    }
    const list = await t.call('user.list', {}, t.adminToken)
    expect(list.total).toBe(ROLES.length + 1)
    expect(list.items).toHaveLength(list.total)
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|passwordSalt|scrypt/)
  })

  it('accepts Chinese user names and logs them in', async () => {
    await t.call('user.create', { username: '张伟', password: 'pass1234', displayName: '张伟', role: 'sales' }, t.adminToken)
    expect(await t.raw('auth.login', { username: '张伟', password: 'pass1234' })).toMatchObject({ ok: true })
  })

  it('refuses a duplicate user name with CONFLICT', async () => {
    await t.call('user.create', { username: 'dup', password: 'pass1234', displayName: 'a', role: 'sales' }, t.adminToken)
    expect(await t.raw('user.create', { username: 'dup', password: 'pass1234', displayName: 'b', role: 'sales' }, t.adminToken)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    })
  })

  it('validates input: short password, bad role, bad user name, unknown manager', async () => {
    const base = { username: 'valid1', password: 'pass1234', displayName: 'x', role: 'sales' }
    for (const bad of [{ password: '123' }, { role: 'king' }, { username: 'a b' }, { username: 'x' }, { displayName: '' }]) {
      const r = await t.raw('user.create', { ...base, ...bad }, t.adminToken)
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    expect(await t.raw('user.create', { ...base, managerId: 99999 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('is admin-only for create, update, disable, resetPassword', async () => {
    const target = await t.user('sales')
    for (const role of ['owner', 'manager', 'sales', 'clerk', 'finance'] as const) {
      const u = await t.user(role)
      const calls: [string, unknown][] = [
        ['user.create', { username: `x_${role}`, password: 'pass1234', displayName: 'x', role: 'admin' }],
        ['user.update', { id: target.id, version: 1, displayName: 'hacked' }],
        ['user.disable', { id: target.id }],
        ['user.resetPassword', { id: target.id, password: 'hacked1' }],
      ]
      for (const [m, input] of calls) {
        expect(await t.raw(m, input, u.token), `${role} ${m}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      }
    }
    expect(await t.raw('auth.login', { username: target.username, password: 'pass1234' })).toMatchObject({ ok: true })
  })

  it('updates display name, role and manager with versions and an audit entry', async () => {
    const mgr = await t.user('manager')
    const u = await t.user('sales')
    const updated = await t.call('user.update', { id: u.id, version: 1, displayName: '李四', managerId: mgr.id }, t.adminToken)
    expect(updated).toMatchObject({ displayName: '李四', managerId: mgr.id, version: 2 })
    const stale = await t.raw('user.update', { id: u.id, version: 1, displayName: '王五' }, t.adminToken)
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await t.raw('user.update', { id: u.id, version: 2, managerId: u.id }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('user.update', { id: 99999, version: 1, displayName: 'x' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const log = await t.call('auditLog.list', { entity: 'user', entityId: u.id }, t.adminToken)
    expect(log.items[0]).toMatchObject({ action: 'update', userName: '管理员' })
    expect(log.items[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'displayName', before: u.username, after: '李四' },
        { field: 'managerId', before: null, after: mgr.id },
      ]),
    )
  })

  it('a role change takes effect on the next call of an existing session', async () => {
    const u = await t.user('sales')
    expect(await t.raw('user.list', {}, u.token)).toMatchObject({ ok: true })
    expect(await t.raw('settings.update', { sources: ['x'] }, u.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await t.call('user.update', { id: u.id, version: 1, role: 'admin' }, t.adminToken)
    expect(await t.raw('settings.update', { sources: ['官网'] }, u.token)).toMatchObject({ ok: true })
  })

  it('lists disabled users only when asked', async () => {
    const u = await t.user('clerk')
    await t.call('user.disable', { id: u.id }, t.adminToken)
    const active = await t.call('user.list', {}, t.adminToken)
    const all = await t.call('user.list', { includeDisabled: true }, t.adminToken)
    expect(active.items.some((x: { id: number }) => x.id === u.id)).toBe(false)
    expect(all.items.some((x: { id: number }) => x.id === u.id)).toBe(true)
  })

  it('resetPassword ends the sessions of that user', async () => {
    const u = await t.user('finance')
    await t.call('user.resetPassword', { id: u.id, password: 'fresh123' }, t.adminToken)
    expect(await t.raw('auth.me', {}, u.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.raw('user.resetPassword', { id: 99999, password: 'fresh123' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('the last admin', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
    await t.user('admin')
  })
  afterAll(() => t.close())

  it('never disables or demotes the last active admin', async () => {
    const list = await t.call('user.list', { includeDisabled: true }, t.adminToken)
    const admins = list.items.filter((u: { role: string; disabled: boolean }) => u.role === 'admin' && !u.disabled)
    // leave exactly one admin
    const first = admins.find((a: { username: string }) => a.username === 'admin')
    for (const a of admins) if (a.id !== first.id) await t.call('user.disable', { id: a.id }, t.adminToken)
    const r = await t.raw('user.disable', { id: first.id }, t.adminToken)
    expect(r).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    const demote = await t.raw('user.update', { id: first.id, version: first.version, role: 'sales' }, t.adminToken)
    expect(demote).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    // with a second admin the first may go
    const second = await t.call('user.create', { username: 'admin2', password: 'pass1234', displayName: '副管理员', role: 'admin' }, t.adminToken)
    expect(await t.raw('user.disable', { id: first.id }, t.adminToken)).toMatchObject({ ok: true, data: { disabled: true } })
    const { token } = await t.call('auth.login', { username: 'admin2', password: 'pass1234' })
    expect(await t.raw('user.disable', { id: second.id }, token)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    expect(await t.raw('user.disable', { id: first.id, disabled: false }, token)).toMatchObject({ ok: true, data: { disabled: false } })
  })
})
