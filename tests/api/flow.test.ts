import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import { api, startServer, type RunningServer } from '../support/server'

/** First run, sign-in and data scope over HTTP, on a fresh data folder. */
describe('auth flow and data scope over HTTP', () => {
  let srv: RunningServer
  const call = (method: string, input?: unknown, token?: string) => api(srv.url, method, input, token)

  beforeAll(async () => {
    srv = await startServer({ extraArgs: ['--no-build'] })
  })
  afterAll(async () => {
    await srv?.stop()
    if (srv) fs.rmSync(srv.dataDir, { recursive: true, force: true })
  })

  let admin: string
  let s1: { id: number; token: string }
  let s2: { id: number; token: string }

  it('a new data folder needs setup; setup signs the admin in', async () => {
    expect((await call('auth.status')).body).toEqual({ ok: true, data: { needsSetup: true, companyName: null, setupCodeRequired: false } })
    expect((await call('customer.search', {})).status).toBe(401)
    const r = await call('auth.setup', { companyName: '流程测试有限公司', username: 'boss', password: 'boss1234', displayName: '老板' })
    expect(r.status).toBe(200)
    expect(r.body.data.user).toMatchObject({ username: 'boss', role: 'admin' })
    admin = r.body.data.token
    expect((await call('auth.me', {}, admin)).body.data.username).toBe('boss')
  })

  it('logs in, answers wrong credentials with one 401 message, logs out', async () => {
    const wrongUser = await call('auth.login', { username: 'ghost', password: 'boss1234' })
    const wrongPass = await call('auth.login', { username: 'boss', password: 'nope1234' })
    expect(wrongUser.status).toBe(401)
    expect(wrongPass.status).toBe(401)
    expect(wrongUser.body).toEqual(wrongPass.body)
    const { body } = await call('auth.login', { username: 'boss', password: 'boss1234' })
    const token = body.data.token as string
    expect((await call('auth.logout', {}, token)).body).toEqual({ ok: true, data: { ok: true } })
    expect((await call('auth.me', {}, token)).status).toBe(401)
    expect((await call('auth.me', {}, admin)).status).toBe(200)
  })

  it('changes a password over HTTP', async () => {
    await call('user.create', { username: 'temp', password: 'temp1234', displayName: '临时', role: 'clerk' }, admin)
    const { token } = (await call('auth.login', { username: 'temp', password: 'temp1234' })).body.data
    expect((await call('auth.changePassword', { oldPassword: 'wrong', newPassword: 'temp5678' }, token)).status).toBe(400)
    expect((await call('auth.changePassword', { oldPassword: 'temp1234', newPassword: 'temp5678' }, token)).status).toBe(200)
    expect((await call('auth.login', { username: 'temp', password: 'temp5678' })).status).toBe(200)
  })

  it('a disabled user is refused', async () => {
    const u = (await call('user.create', { username: 'gone', password: 'gone1234', displayName: '离职', role: 'sales' }, admin)).body.data
    const { token } = (await call('auth.login', { username: 'gone', password: 'gone1234' })).body.data
    expect((await call('user.disable', { id: u.id }, admin)).status).toBe(200)
    expect((await call('auth.me', {}, token)).status).toBe(401)
    expect((await call('auth.login', { username: 'gone', password: 'gone1234' })).status).toBe(401)
  })

  it('sales see their own customers and the pool; others are 404 and absent from search', async () => {
    const mk = async (username: string) => {
      const u = (await call('user.create', { username, password: 'pass1234', displayName: username, role: 'sales' }, admin)).body.data
      const { token } = (await call('auth.login', { username, password: 'pass1234' })).body.data
      return { id: u.id as number, token: token as string }
    }
    s1 = await mk('sales1')
    s2 = await mk('sales2')
    const mine = (await call('customer.create', { name: '一号业务员的客户' }, s1.token)).body.data
    const theirs = (await call('customer.create', { name: '二号业务员的客户' }, s2.token)).body.data
    const pool = (await call('customer.create', { name: '公海客户' }, admin)).body.data
    expect(mine.ownerId).toBe(s1.id)
    expect(pool.ownerId).toBeNull()

    const seen = (await call('customer.search', { pageSize: 100 }, s1.token)).body.data
    expect(seen.items.map((x: { id: number }) => x.id).sort()).toEqual([mine.id, pool.id].sort())
    expect(seen.total).toBe(2)
    for (const [m, input] of [
      ['customer.get', { id: theirs.id }],
      ['customer.update', { id: theirs.id, version: 1, remark: '越权' }],
      ['followUp.create', { customerId: theirs.id, content: '越权' }],
    ] as [string, unknown][]) {
      const r = await call(m, input, s1.token)
      expect(r.status, m).toBe(404)
      expect(r.body.error.code).toBe('NOT_FOUND')
    }
    // the admin sees all three
    expect((await call('customer.search', {}, admin)).body.data.total).toBe(3)
  })

  it('claims from the pool; then the other salesperson no longer sees it', async () => {
    const pool = (await call('customer.search', { pool: true }, s2.token)).body.data.items[0]
    expect((await call('customer.claim', { id: pool.id }, s1.token)).status).toBe(200)
    expect((await call('customer.get', { id: pool.id }, s2.token)).status).toBe(404)
    expect((await call('customer.claim', { id: pool.id }, s1.token)).status).toBe(422)
  })

  it('finds a customer by pinyin initials and writes the operation log', async () => {
    const c = (await call('customer.create', { name: '北京华星科技有限公司', contacts: [{ name: '李华', mobile: '13910002000' }] }, s1.token)).body.data
    const found = (await call('customer.search', { query: 'bjhx' }, s1.token)).body.data
    expect(found.items.map((x: { id: number }) => x.id)).toEqual([c.id])
    expect((await call('customer.search', { query: '1000 2000' }, s1.token)).body.data.total).toBe(1)
    const log = (await call('auditLog.list', { entity: 'customer', entityId: c.id }, s1.token)).body.data
    expect(log.items[0]).toMatchObject({ action: 'create', userName: 'sales1' })
  })
})
