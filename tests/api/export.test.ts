import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import ExcelJS from 'exceljs'
import { api, startServer, type RunningServer } from '../support/server'

/**
 * Issue 13 over HTTP: a big export is a job (export.start → export.status), its file is fetched with
 * `GET /api/export/<jobId>` and the session token — streamed, named in Chinese per RFC 5987 — and only by the
 * user who started it.
 */
describe('export jobs over HTTP', () => {
  let srv: RunningServer
  let admin: string
  let finance: string

  beforeAll(async () => {
    srv = await startServer({ extraArgs: ['--no-build'] })
    const r = await api(srv.url, 'auth.setup', { companyName: '导出测试有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    admin = r.body.data.token
    await api(srv.url, 'user.create', { username: 'caiwu', displayName: '财务小陈', role: 'finance', password: 'caiwu-2026-x' }, admin)
    finance = (await api(srv.url, 'auth.login', { username: 'caiwu', password: 'caiwu-2026-x' })).body.data.token
    const p = await api(srv.url, 'product.create', { code: 'P-001', name: '不锈钢板', unit: '千克', salePrice: '12.34', initialStock: '100' }, admin)
    const c = await api(srv.url, 'customer.create', { name: '杭州明远机械有限公司' }, admin)
    const o = await api(srv.url, 'order.create', { customerId: c.body.data.id, orderDate: '2026-11-20', lines: [{ productId: p.body.data.id, quantity: '2.5' }] }, admin)
    expect(o.status).toBe(200)
  })
  afterAll(async () => {
    await srv?.stop()
    if (srv) fs.rmSync(srv.dataDir, { recursive: true, force: true })
  })

  async function finished(jobId: string, token: string) {
    for (let i = 0; i < 300; i++) {
      const st = await api(srv.url, 'export.status', { jobId }, token)
      if (st.body.data?.done) return st.body.data
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('export did not finish')
  }

  it('starts a job, reports progress, and hands the file to its user with the session token', async () => {
    const started = await api(srv.url, 'export.start', { list: 'orderLines', filters: { dateFrom: '2026-11-01' } }, admin)
    expect(started.status).toBe(200)
    const jobId: string = started.body.data.jobId
    const st = await finished(jobId, admin)
    expect(st).toMatchObject({ done: true, rows: 1, total: 1, error: null, downloadPath: `/api/export/${jobId}` })

    const res = await fetch(`${srv.url}${st.downloadPath}`, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const day = st.fileName.slice(5, 13)
    // 订单明细_YYYYMMDD.xlsx: an ASCII stand-in, and the real name in UTF-8 percent-encoding (RFC 5987)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="_____${day}.xlsx"; filename*=UTF-8''%E8%AE%A2%E5%8D%95%E6%98%8E%E7%BB%86_${day}.xlsx`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const ws = wb.worksheets[0]!
    const headers = (ws.getRow(2).values as unknown[]).slice(1) as string[]
    const row = ws.getRow(3)
    expect(row.getCell(headers.indexOf('客户') + 1).value).toBe('杭州明远机械有限公司')
    expect(row.getCell(headers.indexOf('数量') + 1).value).toBe(2.5)
    // 2.5 千克 × ¥12.34 = ¥30.85
    expect(row.getCell(headers.indexOf('金额') + 1).value).toBe(30.85)
  })

  it('gives nobody else the file: another user 404, no token 401, a made-up job 404', async () => {
    const { jobId } = (await api(srv.url, 'export.start', { list: 'customers' }, admin)).body.data
    await finished(jobId, admin)
    const other = await fetch(`${srv.url}/api/export/${jobId}`, { headers: { authorization: `Bearer ${finance}` } })
    expect(other.status).toBe(404)
    expect(await other.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const status = await api(srv.url, 'export.status', { jobId }, finance)
    expect(status.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const anonymous = await fetch(`${srv.url}/api/export/${jobId}`)
    expect(anonymous.status).toBe(401)
    const madeUp = await fetch(`${srv.url}/api/export/${'0'.repeat(32)}`, { headers: { authorization: `Bearer ${admin}` } })
    expect(madeUp.status).toBe(404)
    const malformed = await fetch(`${srv.url}/api/export/..%2F..%2Fetc`, { headers: { authorization: `Bearer ${admin}` } })
    expect(malformed.status).toBe(400)
  })

  it('keeps the full data export for the admin', async () => {
    const refused = await api(srv.url, 'export.start', { list: 'fullData' }, finance)
    expect(refused.status).toBe(403)
    const { jobId } = (await api(srv.url, 'export.start', { list: 'fullData' }, admin)).body.data
    const st = await finished(jobId, admin)
    expect(st.fileName).toMatch(/^客单全部数据_\d{8}\.xlsx$/)
    const res = await fetch(`${srv.url}/api/export/${jobId}`, { headers: { authorization: `Bearer ${admin}` } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['customers', 'sales_order_lines', 'users']))
    expect(wb.worksheets.map((w) => w.name)).not.toContain('sessions')
  })
})
