import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createCore, type Core } from '../index'
import { TEST_ADMIN_PASSWORD, createTestCore, type TestCore } from '../testing/test-core'
import { hashPassword, verifyPassword } from './password'

describe('password hashing', () => {
  it('uses scrypt with a per-user salt', async () => {
    const a = await hashPassword('secret1')
    const b = await hashPassword('secret1')
    expect(a.hash).toMatch(/^scrypt\$/)
    expect(a.salt).not.toBe(b.salt)
    expect(a.hash).not.toBe(b.hash)
    expect(await verifyPassword('secret1', a.hash, a.salt)).toBe(true)
    expect(await verifyPassword('secret2', a.hash, a.salt)).toBe(false)
    expect(await verifyPassword('secret1', 'garbage', a.salt)).toBe(false)
  })
})

describe('first-run setup', () => {
  let core: Core
  let dir: string
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-auth-'))
    core = await createCore({ dataDir: dir, log: () => {} })
  })
  afterEach(async () => {
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('needs setup on an empty database, works once, and never again', async () => {
    expect(await core.dispatch('auth.status')).toEqual({ ok: true, data: { needsSetup: true, companyName: null, setupCodeRequired: false } })
    const input = { companyName: '杭州示例贸易有限公司', username: 'boss', password: 'secret123', displayName: '王老板' }
    const first = await core.dispatch<{ token: string; user: { role: string; username: string } }>('auth.setup', input)
    expect(first.ok).toBe(true)
    if (!first.ok) return
    expect(first.data.user).toMatchObject({ username: 'boss', role: 'admin', displayName: '王老板' })
    expect(first.data.token.length).toBeGreaterThan(20)
    expect(await core.dispatch('auth.status')).toEqual({ ok: true, data: { needsSetup: false, companyName: '杭州示例贸易有限公司', setupCodeRequired: false } })

    const again = await core.dispatch('auth.setup', { ...input, username: 'intruder' })
    expect(again).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    const login = await core.dispatch('auth.login', { username: 'intruder', password: 'secret123' })
    expect(login).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    // the token from setup is a working session
    expect(await core.dispatch('auth.me', {}, { token: first.data.token })).toMatchObject({ ok: true, data: { username: 'boss' } })
    // the company is in the settings
    expect(await core.dispatch('settings.get', {}, { token: first.data.token })).toMatchObject({ ok: true, data: { company: { name: '杭州示例贸易有限公司' } } })
  })

  it('validates the setup input', async () => {
    const r = await core.dispatch('auth.setup', { companyName: '', username: 'a', password: '1', displayName: '' })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await core.dispatch('auth.status')).toMatchObject({ ok: true, data: { needsSetup: true } })
  })

  it('answers parallel setups with exactly one admin', async () => {
    const results = await Promise.all(
      ['a1', 'a2', 'a3', 'a4'].map((u) => core.dispatch('auth.setup', { companyName: '公司', username: u, password: 'secret123', displayName: u })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
  })
})

describe('login, sessions, lockout', () => {
  let t: TestCore
  beforeEach(async () => {
    t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  })
  afterEach(() => t.close())

  it('logs in and returns the user without secrets', async () => {
    const r = await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    expect(r.user).toEqual({ id: expect.any(Number), username: 'admin', displayName: '管理员', role: 'admin', managerId: null })
    expect(JSON.stringify(r)).not.toMatch(/passwordHash|passwordSalt/)
    expect(await t.call('auth.me', {}, r.token)).toMatchObject({ username: 'admin' })
  })

  it('trims the user name', async () => {
    expect(await t.raw('auth.login', { username: '  admin ', password: TEST_ADMIN_PASSWORD })).toMatchObject({ ok: true })
  })

  it('answers a wrong user name and a wrong password with the same 401 and message', async () => {
    const wrongUser = await t.raw('auth.login', { username: 'nobody', password: TEST_ADMIN_PASSWORD })
    const wrongPass = await t.raw('auth.login', { username: 'admin', password: 'nope-nope' })
    expect(wrongUser.ok).toBe(false)
    expect(wrongPass.ok).toBe(false)
    if (wrongUser.ok || wrongPass.ok) return
    expect(wrongUser.error.code).toBe('UNAUTHENTICATED')
    expect(wrongPass.error).toEqual(wrongUser.error)
  })

  it('makes an account wait after 5 failures, 30 s doubling with every further failure, then lets the right password in', async () => {
    const u = await t.user('sales', { username: 'zhang' })
    const login = (password: string) => t.raw('auth.login', { username: 'zhang', password })
    for (let i = 0; i < 4; i++) expect(await login('wrong')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误' } })
    // the 5th failure starts a 30 s wait
    expect(await login('wrong')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误；尝试次数过多，请 30 秒后再试', details: { retryAfterSeconds: 30 } },
    })
    // waiting: even the right password is refused, without being checked
    expect(await login('pass1234')).toMatchObject({ ok: false, error: { message: '登录尝试次数过多，请 30 秒后再试' } })
    // the admin sees until when (09:00:30 in Beijing)
    const list = await t.call('user.list', {}, t.adminToken)
    expect(list.items.find((x: { id: number }) => x.id === u.id).lockedUntil).toBe('2026-11-23T01:00:30.000Z')
    t.clock.advanceMinutes(0.25) // 15 s later: 15 s left
    expect(await login('pass1234')).toMatchObject({ ok: false, error: { message: '登录尝试次数过多，请 15 秒后再试' } })
    t.clock.advanceMinutes(0.26)
    // 6th failure: 60 s; 7th: 120 s (shown as 2 分钟)
    expect(await login('wrong')).toMatchObject({ ok: false, error: { details: { retryAfterSeconds: 60 } } })
    t.clock.advanceMinutes(1.01)
    expect(await login('wrong')).toMatchObject({ ok: false, error: { message: '用户名或密码错误；尝试次数过多，请 2 分钟后再试', details: { retryAfterSeconds: 120 } } })
    t.clock.advanceMinutes(1.9)
    expect(await login('pass1234')).toMatchObject({ ok: false })
    t.clock.advanceMinutes(0.2)
    expect(await login('pass1234')).toMatchObject({ ok: true })
    // success starts the count over: four failures without a wait again
    for (let i = 0; i < 4; i++) expect(await login('wrong')).toMatchObject({ ok: false, error: { message: '用户名或密码错误' } })
  })

  it('answers an unknown user name exactly like a known one, failure after failure and during the wait', async () => {
    await t.user('sales', { username: 'known' })
    for (let i = 0; i < 7; i++) {
      const known = await t.raw('auth.login', { username: 'known', password: 'wrong' })
      const unknown = await t.raw('auth.login', { username: 'unknown', password: 'wrong' })
      expect(known.ok).toBe(false)
      expect(unknown).toEqual(known)
      // a try during the wait, with the right password for the known one
      if (i >= 4) {
        const k = await t.raw('auth.login', { username: 'known', password: 'pass1234' })
        expect(k).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
        expect(await t.raw('auth.login', { username: 'unknown', password: 'pass1234' })).toEqual(k)
      }
      t.clock.advanceMinutes(16) // past every wait (the longest here: 30 s × 2² = 2 min)
    }
  })

  it('makes one client address wait after 10 failures over any accounts, and only that address', async () => {
    await t.user('sales', { username: 'victim' })
    const from = (address: string, username: string, password: string) => t.core.dispatch('auth.login', { username, password }, { clientAddress: address })
    // 10 failures from one address over five names, two each (no account reaches its own 5)
    for (let i = 0; i < 9; i++) expect(await from('10.0.0.7', `guess${i % 5}`, 'wrong')).toMatchObject({ ok: false, error: { message: '用户名或密码错误' } })
    expect(await from('10.0.0.7', 'guess4', 'wrong')).toMatchObject({ ok: false, error: { details: { retryAfterSeconds: 30 } } })
    // that address waits, whatever account it tries
    expect(await from('10.0.0.7', 'victim', 'pass1234')).toMatchObject({ ok: false, error: { message: '登录尝试次数过多，请 30 秒后再试' } })
    // the victim, from their own desk, is not affected
    expect(await from('10.0.0.8', 'victim', 'pass1234')).toMatchObject({ ok: true })
    // 11th failure from the address after its wait: 60 s
    t.clock.advanceMinutes(0.51)
    expect(await from('10.0.0.7', 'guess0', 'wrong')).toMatchObject({ ok: false, error: { details: { retryAfterSeconds: 60 } } })
    // an hour without failures: the address starts over
    t.clock.advanceMinutes(61 + 1)
    expect(await from('10.0.0.7', 'victim', 'pass1234')).toMatchObject({ ok: true })
  })

  it('counts parallel failures one by one: a burst of 20 wrong guesses cannot slip past the wait', async () => {
    await t.user('sales', { username: 'burst' })
    const results = await Promise.all(Array.from({ length: 20 }, () => t.raw('auth.login', { username: 'burst', password: 'wrong' })))
    expect(results.every((r) => !r.ok)).toBe(true)
    const list = await t.call('user.list', {}, t.adminToken)
    // the first five were counted, the rest found the wait begun in the queue and were refused uncounted
    const row = list.items.find((x: { username: string }) => x.username === 'burst')
    expect(row.lockedUntil).toBe('2026-11-23T01:00:30.000Z')
    expect(results.filter((r) => !r.ok && r.error.message === '用户名或密码错误')).toHaveLength(4)
  })

  it('resets the failure count after a successful login', async () => {
    await t.user('sales', { username: 'li' })
    for (let i = 0; i < 4; i++) await t.raw('auth.login', { username: 'li', password: 'wrong' })
    expect(await t.raw('auth.login', { username: 'li', password: 'pass1234' })).toMatchObject({ ok: true })
    for (let i = 0; i < 4; i++) await t.raw('auth.login', { username: 'li', password: 'wrong' })
    expect(await t.raw('auth.login', { username: 'li', password: 'pass1234' })).toMatchObject({ ok: true })
  })

  it('lets an admin unlock by resetting the password', async () => {
    const u = await t.user('sales', { username: 'wang' })
    for (let i = 0; i < 5; i++) await t.raw('auth.login', { username: 'wang', password: 'wrong' })
    await t.call('user.resetPassword', { id: u.id, password: 'newpass1' }, t.adminToken)
    expect(await t.raw('auth.login', { username: 'wang', password: 'newpass1' })).toMatchObject({ ok: true })
  })

  it('ends a session 7 days after sign-in however active it is', async () => {
    const { token } = await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    // used every 11 h: never idle for 12 h; 15 × 11 h = 165 h, under 7 × 24 = 168 h
    for (let i = 0; i < 15; i++) {
      t.clock.advanceMinutes(11 * 60)
      expect(await t.raw('auth.me', {}, token)).toMatchObject({ ok: true })
    }
    t.clock.advanceMinutes(3 * 60 + 1) // 168 h and 1 minute after sign-in
    expect(await t.raw('auth.me', {}, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '登录已超过 7 天，请重新登录' } })
    t.clock.advanceMinutes(-60)
    expect(await t.raw('auth.me', {}, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' } })
  })

  it('expires a session after 12 idle hours, and activity keeps it alive', async () => {
    const { token } = await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    t.clock.advanceMinutes(11 * 60)
    expect(await t.raw('auth.me', {}, token)).toMatchObject({ ok: true })
    // used 11 h after login: the idle clock starts again
    t.clock.advanceMinutes(11 * 60)
    expect(await t.raw('auth.me', {}, token)).toMatchObject({ ok: true })
    t.clock.advanceMinutes(12 * 60 + 1)
    const r = await t.raw('auth.me', {}, token)
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    // and it stays gone
    t.clock.advanceMinutes(-24 * 60)
    expect(await t.raw('auth.me', {}, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('logs out: the token stops working, other sessions stay', async () => {
    const a = await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    const b = await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    expect(await t.call('auth.logout', {}, a.token)).toEqual({ ok: true })
    expect(await t.raw('auth.me', {}, a.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.raw('auth.me', {}, b.token)).toMatchObject({ ok: true })
  })

  it('changes the password: needs the old one, ends other sessions, keeps this one', async () => {
    const u = await t.user('sales', { username: 'zhao' })
    const other = await t.call('auth.login', { username: 'zhao', password: 'pass1234' })
    const wrong = await t.raw('auth.changePassword', { oldPassword: 'nope', newPassword: 'brandnew1' }, u.token)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (!wrong.ok) expect((wrong.error.details as { issues: { path: string }[] }).issues[0]!.path).toBe('oldPassword')
    expect(await t.raw('auth.changePassword', { oldPassword: 'pass1234', newPassword: '123' }, u.token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
    expect(await t.call('auth.changePassword', { oldPassword: 'pass1234', newPassword: 'brandnew1' }, u.token)).toEqual({ ok: true })
    expect(await t.raw('auth.me', {}, u.token)).toMatchObject({ ok: true })
    expect(await t.raw('auth.me', {}, other.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.raw('auth.login', { username: 'zhao', password: 'pass1234' })).toMatchObject({ ok: false })
    expect(await t.raw('auth.login', { username: 'zhao', password: 'brandnew1' })).toMatchObject({ ok: true })
  })

  it('refuses a disabled user at login and ends their sessions', async () => {
    const u = await t.user('clerk', { username: 'sun' })
    await t.call('user.disable', { id: u.id }, t.adminToken)
    expect(await t.raw('auth.me', {}, u.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.raw('auth.login', { username: 'sun', password: 'pass1234' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    // enabled again, they can log in
    await t.call('user.disable', { id: u.id, disabled: false }, t.adminToken)
    expect(await t.raw('auth.login', { username: 'sun', password: 'pass1234' })).toMatchObject({ ok: true })
  })

  it('does not tell a disabled user apart with a wrong password', async () => {
    const u = await t.user('clerk', { username: 'qian' })
    await t.call('user.disable', { id: u.id }, t.adminToken)
    const wrong = await t.raw('auth.login', { username: 'qian', password: 'wrong' })
    const none = await t.raw('auth.login', { username: 'nobody', password: 'wrong' })
    expect(wrong.ok || none.ok).toBe(false)
    if (!wrong.ok && !none.ok) expect(wrong.error.message).toBe(none.error.message)
  })

  it('public auth.status works with a broken token', async () => {
    expect(await t.raw('auth.status', {}, 'garbage')).toMatchObject({ ok: true, data: { needsSetup: false } })
  })
})
