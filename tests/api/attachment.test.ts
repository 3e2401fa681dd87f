import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { api, startServer, type RunningServer } from '../support/server'

/**
 * Issue 14 over HTTP: attachment.upload takes a 回单 photo on its own body limit (20 MB as base64, not the 1 MB
 * default); the file comes back from `GET /api/attachment/<id>` with the session token, named per RFC 5987, never
 * sniffed, and not at all without a session or for someone who cannot see the record. The file is under the
 * data folder, not the served web root.
 */
describe('attachments over HTTP', () => {
  let srv: RunningServer
  let admin: string
  let shipmentId: number

  beforeAll(async () => {
    srv = await startServer({ extraArgs: ['--no-build'] })
    admin = (await api(srv.url, 'auth.setup', { companyName: '附件测试有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })).body.data.token
    const p = await api(srv.url, 'product.create', { code: 'P-001', name: '不锈钢板', unit: '千克', salePrice: '12.34', initialStock: '100' }, admin)
    const c = await api(srv.url, 'customer.create', { name: '杭州明远机械有限公司', addresses: [{ receiver: '钱仓管', address: '杭州市余杭区 1 号' }] }, admin)
    const o = await api(srv.url, 'order.create', { customerId: c.body.data.id, lines: [{ productId: p.body.data.id, quantity: '2' }] }, admin)
    await api(srv.url, 'order.submit', { id: o.body.data.id }, admin)
    const ap = await api(srv.url, 'order.approve', { id: o.body.data.id }, admin)
    const s = await api(srv.url, 'shipment.create', { orderId: o.body.data.id, lines: [{ orderLineId: ap.body.data.lines[0].id, quantity: '2' }] }, admin)
    shipmentId = s.body.data.id
  })
  afterAll(async () => {
    await srv?.stop()
    if (srv) fs.rmSync(srv.dataDir, { recursive: true, force: true })
  })

  it('uploads a 3 MB photo (over the 1 MB default) and serves it back with safe headers', async () => {
    const photo = Buffer.alloc(3 * 1024 * 1024, 7)
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(photo)
    const up = await api(srv.url, 'attachment.upload', { entity: 'shipment', entityId: shipmentId, fileName: '签收回单.jpg', mimeType: 'image/jpeg', base64: photo.toString('base64') }, admin)
    expect(up.status).toBe(200)
    const a = up.body.data
    expect(a.downloadPath).toBe(`/api/attachment/${a.id}`)

    const res = await fetch(`${srv.url}${a.downloadPath}?download=1`, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="____.jpg"; filename*=UTF-8''%E7%AD%BE%E6%94%B6%E5%9B%9E%E5%8D%95.jpg`)
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true)
    const inline = await fetch(`${srv.url}${a.downloadPath}`, { headers: { authorization: `Bearer ${admin}` } })
    expect(inline.headers.get('content-disposition')!.startsWith('inline;')).toBe(true)
    await inline.arrayBuffer()

    // no session: refused
    const anon = await fetch(`${srv.url}${a.downloadPath}`)
    expect(anon.status).toBe(401)
    // the file lives under the data folder by its sha256, outside what the host serves
    const files = fs.readdirSync(path.join(srv.dataDir, 'attachments'))
    expect(files.some((f) => /^[0-9a-f]{64}$/.test(f))).toBe(true)
    const viaStatic = await fetch(`${srv.url}/attachments/${files.find((f) => /^[0-9a-f]{64}$/.test(f))}`)
    expect(viaStatic.headers.get('content-type') ?? '').not.toContain('image/jpeg')
    await viaStatic.arrayBuffer()
  })

  it('refuses an HTML file named .jpg', async () => {
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>')
    const r = await api(srv.url, 'attachment.upload', { entity: 'shipment', entityId: shipmentId, fileName: 'x.jpg', mimeType: 'image/jpeg', base64: html.toString('base64') }, admin)
    expect(r.status).toBe(400)
    expect(r.body.error.key).toBe('attachment.badType')
  })
})
