import * as fs from 'node:fs'
import * as path from 'node:path'
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { sniffType } from './attachment.service'

/** a real 1×1 PNG and the start of a JPEG and a PDF: what the upload checks is the bytes, not the name */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF回单照片')])
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)])
const HTML = Buffer.from('<html><script>alert(1)</script></html>')

let t: TestCore
let admin: string
let sales: { id: number; token: string }
let otherSales: { id: number; token: string }
let clerk: { id: number; token: string }
let finance: { id: number; token: string }
let customerId: number
let orderId: number
let shipmentId: number
let receiptId: number

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  sales = await t.user('sales', { displayName: '李业务' })
  otherSales = await t.user('sales', { displayName: '王业务' })
  clerk = await t.user('clerk', { displayName: '赵跟单' })
  finance = await t.user('finance', { displayName: '钱财务' })
  customerId = (await t.call('customer.create', { name: '深圳鹏程五金有限公司', ownerId: sales.id, addresses: [{ receiver: '赵仓管', address: '深圳市宝安区 88 号' }] }, admin)).id
  const p = (await t.call('product.create', { code: 'H-01', name: '不锈钢合页', unit: '个', salePrice: '12.5', initialStock: '100' }, admin)).id
  const o = await t.call('order.create', { customerId, lines: [{ productId: p, quantity: '4' }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  const approved = await t.call('order.approve', { id: o.id }, admin)
  orderId = o.id
  shipmentId = (await t.call('shipment.create', { orderId, lines: [{ orderLineId: approved.lines[0].id, quantity: '4' }] }, admin)).id
  receiptId = (await t.call('receipt.create', { customerId, amountFen: 5000, method: 'bank', allocations: [] }, admin)).id
})
afterEach(() => t.close())

const upload = (token: string, entity: string, entityId: number, bytes: Buffer, fileName = '回单.jpg', mimeType = 'image/jpeg') =>
  t.raw<any>('attachment.upload', { entity, entityId, fileName, mimeType, base64: bytes.toString('base64') }, token)

describe('attachments (附件)', () => {
  it('uploads a 回单 photo to a shipment, stores it under its sha256 in the data folder, lists it and reads it back', async () => {
    const r = await upload(clerk.token, 'shipment', shipmentId, JPEG, '签收回单 2026-11-23.jpg', 'image/jpeg')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.data).toMatchObject({ entity: 'shipment', entityId: shipmentId, fileName: '签收回单 2026-11-23.jpg', mimeType: 'image/jpeg', size: JPEG.length, createdByName: '赵跟单', downloadPath: `/api/attachment/${r.data.id}` })
    const sha = createHash('sha256').update(JPEG).digest('hex')
    const file = path.join(t.core.attachmentDir, sha)
    expect(fs.readFileSync(file).equals(JPEG)).toBe(true)
    // never in the web root: under the data folder (SQLite) / beside the backups (PostgreSQL)
    expect(t.core.attachmentDir.startsWith(t.dir)).toBe(true)
    // the same photo on the order too: one file, two records
    await upload(sales.token, 'order', orderId, JPEG, '回单副本.jpg')
    expect(fs.readdirSync(t.core.attachmentDir).filter((f) => !f.startsWith('.'))).toEqual([sha])

    const list = await t.call('attachment.list', { entity: 'shipment', entityId: shipmentId }, sales.token)
    expect(list.total).toBe(1)
    expect(list.items[0].fileName).toBe('签收回单 2026-11-23.jpg')
    // the bytes back, piece by piece (the Electron window)
    const chunk = await t.call('attachment.chunk', { id: r.data.id, offset: 0 }, sales.token)
    expect(Buffer.from(chunk.base64, 'base64').equals(JPEG)).toBe(true)
    expect(chunk.next).toBeNull()
    // the shipment list marks deliveries that have their 回单
    expect(await t.call('attachment.counts', { entity: 'shipment', ids: [shipmentId, shipmentId + 1] }, sales.token)).toEqual({ counts: { [String(shipmentId)]: 1 } })
    expect(await t.call('attachment.counts', { entity: 'shipment', ids: [shipmentId] }, otherSales.token)).toEqual({ counts: {} })
  })

  it('takes PNG and PDF by their bytes; refuses other files whatever their name or type says', async () => {
    expect((await upload(admin, 'customer', customerId, PNG, 'logo.png', 'image/png')).ok).toBe(true)
    const pdf = await upload(finance.token, 'receipt', receiptId, PDF, '银行回单.pdf', 'application/pdf')
    expect(pdf.ok && pdf.data.mimeType).toBe('application/pdf')
    // a JPEG announced as PNG is stored as what it is
    const mislabelled = await upload(admin, 'customer', customerId, JPEG, 'photo.png', 'image/png')
    expect(mislabelled.ok && mislabelled.data.mimeType).toBe('image/jpeg')
    for (const [bytes, name, mime] of [
      [EXE, '回单.jpg', 'image/jpeg'],
      [HTML, 'page.pdf', 'application/pdf'],
      [HTML, 'page.html', 'text/html'],
      [PDF, 'x.pdf', 'text/html'],
    ] as const) {
      const r = await upload(admin, 'customer', customerId, bytes, name, mime)
      expect(r.ok).toBe(false)
      if (!r.ok) expect([r.error.code, r.error.key]).toEqual(['VALIDATION', 'attachment.badType'])
    }
    expect(sniffType(EXE)).toBeNull()
    expect((await t.call('attachment.list', { entity: 'customer', entityId: customerId }, admin)).total).toBe(2)
  })

  it('refuses a file over 20 MB (and takes one of exactly 20 MB)', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1)
    JPEG.copy(big)
    const r = await upload(admin, 'order', orderId, big, 'big.jpg')
    expect(r.ok).toBe(false)
    if (!r.ok) expect([r.error.code, r.error.key]).toEqual(['PAYLOAD_TOO_LARGE', 'attachment.tooLarge'])
    const exact = big.subarray(0, 20 * 1024 * 1024)
    expect((await upload(admin, 'order', orderId, exact, 'max.jpg')).ok).toBe(true)
  }, 60_000)

  it('scope: who sees the record sees its attachments; who may edit it uploads and deletes', async () => {
    const a = await upload(sales.token, 'customer', customerId, PNG, 'card.png', 'image/png')
    expect(a.ok).toBe(true)
    if (!a.ok) return
    // another salesperson does not see the customer: not found, also for the file
    for (const [m, input] of [
      ['attachment.list', { entity: 'customer', entityId: customerId }],
      ['attachment.get', { id: a.data.id }],
      ['attachment.chunk', { id: a.data.id, offset: 0 }],
    ] as const) {
      const r = await t.raw(m, input, otherSales.token)
      expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND')
    }
    const other = await upload(otherSales.token, 'order', orderId, JPEG)
    expect(other.ok ? 'ok' : other.error.code).toBe('NOT_FOUND')
    const dl = await t.core.attachmentDownload(a.data.id, { token: otherSales.token })
    expect(dl.ok ? 'ok' : dl.error.code).toBe('NOT_FOUND')
    // finance sees the customer (reads) but edits neither customers nor orders; the clerk does not edit receipts
    expect((await t.call('attachment.list', { entity: 'customer', entityId: customerId }, finance.token)).total).toBe(1)
    const f = await upload(finance.token, 'order', orderId, JPEG)
    expect(f.ok ? 'ok' : f.error.code).toBe('FORBIDDEN')
    const c = await upload(clerk.token, 'receipt', receiptId, PDF, 'slip.pdf', 'application/pdf')
    expect(c.ok ? 'ok' : c.error.code).toBe('FORBIDDEN')
    const fd = await t.raw('attachment.delete', { id: a.data.id, version: 1 }, finance.token)
    expect(fd.ok ? 'ok' : fd.error.code).toBe('FORBIDDEN')
    // the owner reads only
    const owner = await t.user('owner')
    const o = await upload(owner.token, 'customer', customerId, PNG)
    expect(o.ok ? 'ok' : o.error.code).toBe('FORBIDDEN')
    // a record that does not exist
    const missing = await upload(admin, 'shipment', 999999, JPEG)
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND')
  })

  it('deletes with the version (stale → CONFLICT) and logs upload and delete on the record', async () => {
    const a = await upload(clerk.token, 'shipment', shipmentId, JPEG, '回单.jpg')
    expect(a.ok).toBe(true)
    if (!a.ok) return
    const stale = await t.raw('attachment.delete', { id: a.data.id, version: 2 }, clerk.token)
    expect(stale.ok ? 'ok' : stale.error.code).toBe('CONFLICT')
    await t.call('attachment.delete', { id: a.data.id, version: 1 }, clerk.token)
    expect((await t.call('attachment.list', { entity: 'shipment', entityId: shipmentId }, admin)).total).toBe(0)
    const log = await t.call('auditLog.list', { entity: 'shipment', entityId: shipmentId }, admin)
    const mine = log.items.filter((e: any) => e.action === 'attach' || e.action === 'detach')
    expect(mine.map((e: any) => [e.action, e.userName, e.summary])).toEqual(
      expect.arrayContaining([
        ['attach', '赵跟单', '上传附件 回单.jpg'],
        ['detach', '赵跟单', '删除附件 回单.jpg'],
      ]),
    )
    const gone = await t.raw('attachment.get', { id: a.data.id }, admin)
    expect(gone.ok ? 'ok' : gone.error.code).toBe('NOT_FOUND')
  })
})
