import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as http from 'node:http'
import { api, startServer, type RunningServer } from '../support/server'

/**
 * Issue 13 over HTTP: a browser's import sends the spreadsheet as base64 in the JSON body. Every method keeps the
 * 1 MB body limit except import.*, which take up to 50 MB (their own route limit, and the dispatcher's).
 */
describe('import over HTTP', () => {
  let srv: RunningServer
  let admin: string

  async function post(method: string, body: string) {
    const res = await fetch(`${srv.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body })
    return { status: res.status, body: JSON.parse(await res.text()) }
  }
  /**
   * A request announcing a body of `bytes` (Content-Length) and sending none of it: a body over the route's limit is
   * refused from the header alone (413), without the race of writing into a connection the server has closed.
   */
  function postRefused(method: string, bytes: number) {
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request(`${srv.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes), authorization: `Bearer ${admin}` } }, (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode!, body: JSON.parse(text) })
        })
      })
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)))
      req.flushHeaders()
    })
  }

  beforeAll(async () => {
    srv = await startServer({ extraArgs: ['--no-build'] })
    const r = await api(srv.url, 'auth.setup', { companyName: '导入测试有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    admin = r.body.data.token
  })
  afterAll(async () => {
    await srv?.stop()
    if (srv) fs.rmSync(srv.dataDir, { recursive: true, force: true })
  })

  it('takes a 5 MB spreadsheet for import.dryRun and import.commit; other methods still refuse 1 MB', async () => {
    const remark = '老客户备注'.repeat(180) // 900 characters, 2 700 bytes in UTF-8
    const lines = ['客户名称,备注', ...Array.from({ length: 1500 }, (_, i) => `大文件客户${i}有限公司,${remark}`)]
    const base64 = Buffer.from(lines.join('\r\n'), 'utf8').toString('base64')
    expect(base64.length).toBeGreaterThan(5_000_000)
    const dry = await post('import.dryRun', JSON.stringify({ kind: 'customers', fileName: '大文件.csv', base64 }))
    expect(dry.status).toBe(200)
    expect(dry.body.data).toMatchObject({ totalRows: 1500, validRows: 1500, errors: [] })
    const commit = await post('import.commit', JSON.stringify({ kind: 'customers', fileName: '大文件.csv', base64, mapping: dry.body.data.mapping }))
    expect(commit.status).toBe(200)
    expect(commit.body.data).toEqual({ created: 1500, updated: 0, skipped: 0, invalid: 0 })
    const found = await api(srv.url, 'customer.search', { query: '大文件客户1499' }, admin)
    expect(found.body.data.items[0]).toMatchObject({ name: '大文件客户1499有限公司' })

    // the same 5 MB for an ordinary method: 413 as before
    const other = await postRefused('customer.search', base64.length)
    expect(other.status).toBe(413)
    expect(other.body).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
  }, 120_000)

  it('refuses an import body over 50 MB with 413', async () => {
    const r = await postRefused('import.dryRun', 51 * 1024 * 1024)
    expect(r.status).toBe(413)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
    // the server is still fine
    expect((await api(srv.url, 'auth.status', {})).status).toBe(200)
  }, 120_000)
})
