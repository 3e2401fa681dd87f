/**
 * Two PCs on one host (issue 12): the second learns that the customer it has open was changed by the first,
 * before it types into a stale copy — through `auditLog.changesSince`, which an open record polls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import { api, startServer, type RunningServer } from '../support/server'

describe('a second client learns of a change to the record it has open', () => {
  let srv: RunningServer
  const call = (method: string, input?: unknown, token?: string) => api(srv.url, method, input, token)
  beforeAll(async () => {
    srv = await startServer({ extraArgs: ['--no-build'] })
  })
  afterAll(async () => {
    await srv?.stop()
    if (srv) fs.rmSync(srv.dataDir, { recursive: true, force: true })
  })

  it('PC 2 opens the customer, PC 1 (another user) saves it, PC 2 sees who changed it and reloads the new version', async () => {
    const admin = (await call('auth.setup', { companyName: '两台电脑有限公司', username: 'boss', password: 'boss1234', displayName: '老板' })).body.data.token
    await call('user.create', { username: 'zhang', password: 'zhang1234', displayName: '张三', role: 'manager' }, admin)
    const zhang = (await call('auth.login', { username: 'zhang', password: 'zhang1234' })).body.data.token
    const c = (await call('customer.create', { name: '杭州西湖茶叶有限公司' }, admin)).body.data

    // PC 2 (admin) opens the record: version 1, and the newest log entry it has seen
    const opened = (await call('customer.get', { id: c.id }, admin)).body.data
    expect(opened.version).toBe(1)
    const first = (await call('auditLog.changesSince', { entity: 'customer', entityId: c.id }, admin)).body.data
    expect(first.changes).toEqual([])
    expect(first.latestId).toBeGreaterThan(0)
    // nothing new yet
    expect((await call('auditLog.changesSince', { entity: 'customer', entityId: c.id, afterId: first.latestId }, admin)).body.data).toEqual({
      latestId: first.latestId,
      changes: [],
    })

    // PC 1 (张三) changes it
    expect((await call('customer.update', { id: c.id, version: 1, remark: '改为月结' }, zhang)).status).toBe(200)

    // PC 2's next poll names 张三; its stale save would be refused, the reloaded copy is version 2
    const next = (await call('auditLog.changesSince', { entity: 'customer', entityId: c.id, afterId: first.latestId }, admin)).body.data
    expect(next.latestId).toBeGreaterThan(first.latestId)
    expect(next.changes).toEqual([{ id: next.latestId, action: 'update', userId: expect.any(Number), userName: '张三', at: expect.any(String) }])
    expect((await call('customer.update', { id: c.id, version: 1, remark: '旧副本' }, admin)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await call('customer.get', { id: c.id }, admin)).body.data).toMatchObject({ version: 2, remark: '改为月结' })
  })
})
