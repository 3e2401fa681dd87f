import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as path from 'node:path'
import { api, startServer, type RunningServer } from '../support/server'

/** The HTTP contract of `npm run serve`: envelope, status codes, limits. One real server for the file. */
describe('HTTP host', () => {
  let srv: RunningServer
  let admin: string
  const bodies: string[] = []

  /** POST raw bytes; every answer is remembered to check for leaked stacks at the end. */
  async function post(method: string, body: string | Buffer | undefined, headers: Record<string, string> = {}) {
    const res = await fetch(`${srv.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    const text = await res.text()
    bodies.push(text)
    return { status: res.status, text, body: JSON.parse(text), headers: res.headers }
  }
  async function call(method: string, input?: unknown, token?: string) {
    const r = await api(srv.url, method, input, token)
    bodies.push(JSON.stringify(r.body))
    return r
  }

  beforeAll(async () => {
    srv = await startServer({ extraArgs: ['--no-build'] })
    const r = await call('auth.setup', { companyName: '接口测试有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    expect(r.status).toBe(200)
    admin = r.body.data.token
  })
  afterAll(async () => {
    await srv?.stop()
    if (srv) fs.rmSync(srv.dataDir, { recursive: true, force: true })
  })

  it('prints the address it listens on and creates <dir>/kedan.db', () => {
    expect(srv.output()).toContain(`Kedan listening on http://127.0.0.1:${srv.port}`)
    expect(fs.existsSync(path.join(srv.dataDir, 'kedan.db'))).toBe(true)
  })

  it('GET /api/health answers without auth', async () => {
    const res = await fetch(`${srv.url}/api/health`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await res.json()) as any
    expect(body).toEqual({ ok: true, data: { version: expect.any(String), engine: 'sqlite', schemaVersion: expect.any(String) } })
    expect(Object.keys(body.data).sort()).toEqual(['engine', 'schemaVersion', 'version'])
  })

  it('answers success as 200 {ok:true,data}', async () => {
    const r = await post('auth.status', '{}')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    expect(r.body).toEqual({ ok: true, data: { needsSetup: false, companyName: '接口测试有限公司', setupCodeRequired: false } })
    // an empty body is an empty input
    expect((await post('auth.status', undefined)).body.ok).toBe(true)
  })

  it('400 VALIDATION with field paths', async () => {
    const r = await call('customer.create', { name: '' }, admin)
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.any(String), details: { issues: [{ path: 'name' }] } } })
  })

  it('400 for malformed JSON, never 500', async () => {
    for (const bad of ['{', '{"name": }', 'not json', '\u0000\u0001', '{"a":1}}']) {
      const r = await post('customer.create', bad, { authorization: `Bearer ${admin}` })
      expect(r.status, bad).toBe(400)
      expect(r.body, bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    // valid JSON that is not an object
    const arr = await post('customer.create', '[1,2]', { authorization: `Bearer ${admin}` })
    expect(arr.status).toBe(400)
    const str = await post('customer.search', '"x"', { authorization: `Bearer ${admin}` })
    expect(str.status).toBe(400)
  })

  it('401 without a token, with a bad token, or a malformed header', async () => {
    expect((await call('customer.search', {})).status).toBe(401)
    expect((await call('customer.search', {}, 'not-a-token')).status).toBe(401)
    const r = await post('customer.search', '{}', { authorization: `Basic ${admin}` })
    expect(r.status).toBe(401)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('403 for a role that may not call the method', async () => {
    await call('user.create', { username: 'xiaowang', password: 'pass1234', displayName: '小王', role: 'sales' }, admin)
    const { body } = await call('auth.login', { username: 'xiaowang', password: 'pass1234' })
    const r = await call('user.create', { username: 'evil', password: 'pass1234', displayName: 'x', role: 'admin' }, body.data.token)
    expect(r.status).toBe(403)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('404 for an unknown method, a missing record and a GET on a method', async () => {
    const unknown = await call('nothing.here', {}, admin)
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect((await call('nothing.here', {})).status).toBe(404)
    expect((await call('customer.get', { id: 999999 }, admin)).status).toBe(404)
    const get = await fetch(`${srv.url}/api/customer.search`)
    expect(get.status).toBe(404)
    expect(((await get.json()) as { ok: boolean }).ok).toBe(false)
  })

  it('409 for a stale version and for a duplicate', async () => {
    const c = (await call('customer.create', { name: '冲突测试有限公司' }, admin)).body.data
    expect((await call('customer.update', { id: c.id, version: 1, remark: '一' }, admin)).status).toBe(200)
    const stale = await call('customer.update', { id: c.id, version: 1, remark: '二' }, admin)
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { updatedBy: '管理员', currentVersion: 2 } } })
    const dup = await call('customer.create', { name: '冲突测试（有限公司）' }, admin)
    expect(dup.status).toBe(409)
    expect(dup.body.error.details.duplicates[0]).toMatchObject({ id: c.id, reasons: ['name'] })
  })

  it('422 for a business rule', async () => {
    const r = await call('auth.setup', { companyName: '再来一次', username: 'again', password: 'admin-2026', displayName: 'x' })
    expect(r.status).toBe(422)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
  })

  it('413 for a body over 1 MB, with or without content-length', async () => {
    const big = JSON.stringify({ name: 'x', remark: 'y'.repeat(1024 * 1024 + 10) })
    const r = await post('customer.create', big, { authorization: `Bearer ${admin}` })
    expect(r.status).toBe(413)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
    // chunked: no content-length to go by
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${srv.url}/api/customer.create`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', authorization: `Bearer ${admin}` } }, (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      for (let i = 0; i < 17; i++) req.write('x'.repeat(64 * 1024))
      req.end()
    })
    expect(chunked.status).toBe(413)
    bodies.push(chunked.body)
    // just under the limit is fine (and then a validation error, since remark is too long)
    const under = await post('customer.create', JSON.stringify({ name: 'x', remark: 'y'.repeat(1000 * 1000) }), { authorization: `Bearer ${admin}` })
    expect(under.status).toBe(400)
    // the server is still fine
    expect((await call('auth.status')).status).toBe(200)
  })

  it('system.methods lists every method with an inlined JSON Schema and roles', async () => {
    const r = await call('system.methods', {}, admin)
    expect(r.status).toBe(200)
    const items = r.body.data.items as { name: string; inputSchema: Record<string, unknown>; roles: unknown }[]
    expect(items.length).toBeGreaterThan(25)
    for (const m of items) {
      expect(m.name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/)
      expect(typeof m.inputSchema).toBe('object')
      expect(m.roles === 'public' || m.roles === 'authenticated' || Array.isArray(m.roles)).toBe(true)
    }
    const login = items.find((m) => m.name === 'auth.login')!
    expect(login.roles).toBe('public')
    expect(login.inputSchema).toMatchObject({ type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } })
    expect((await call('system.methods', {})).status).toBe(401)
  })

  it('serves the renderer at / when it is built', async () => {
    const res = await fetch(`${srv.url}/`)
    const built = fs.existsSync(path.resolve(__dirname, '..', '..', 'out', 'renderer', 'index.html'))
    if (built) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
    } else expect(res.status).toBe(404)
    // path traversal stays inside
    const trav = await fetch(`${srv.url}/..%2f..%2fpackage.json`)
    expect(await trav.text()).not.toContain('"devDependencies"')
  })

  it('never answers with a stack trace', () => {
    expect(bodies.length).toBeGreaterThan(20)
    for (const b of bodies) {
      expect(b).not.toMatch(/\bat .+:\d+:\d+/)
      expect(b).not.toMatch(/"stack"|node_modules|\.ts:\d+|QueryFailedError|SqliteError/)
    }
  })
})
