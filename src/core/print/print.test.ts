import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { amountInWords } from '../money/money'

// a 1×1 PNG as the company logo
const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

const squeeze = (s: string) => s.replace(/\s+/g, '')

let t: TestCore
let admin: string
let customerId: number

async function ship(lines: { productId: number; quantity: string; unitPrice?: string }[]) {
  const o = await t.call('order.create', { customerId, lines }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  const approved = await t.call('order.approve', { id: o.id }, admin)
  return t.call('shipment.create', { orderId: o.id, lines: approved.lines.map((l: { id: number; quantity: string }) => ({ orderLineId: l.id, quantity: l.quantity })), carrier: '顺丰', remark: '请走货梯' }, admin)
}

async function printTo(shipmentId: number, paper: string) {
  const r = await t.call('print.deliveryNote', { shipmentId, paper }, admin)
  expect(r.mimeType).toBe('application/pdf')
  const file = path.join(t.dir, `${paper}-${shipmentId}.pdf`)
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'))
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number)
  return { r, file, text, pages, w: w!, h: h! }
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  await t.call('settings.update', { company: { name: '杭州明达五金贸易有限公司', address: '杭州市余杭区文一西路 998 号', phone: '0571-88886666', bankName: '招商银行杭州分行', bankAccount: '5719 0000 1234 567', taxId: '91330110MA2B3C4D5E', logo: LOGO } }, admin)
  customerId = (await t.call('customer.create', { name: '深圳鹏程五金有限公司', paymentTermDays: 30, addresses: [{ receiver: '赵仓管', phone: '13800138000', address: '深圳市宝安区福永街道 88 号' }] }, admin)).id
}, 60_000)
afterAll(() => t.close())

describe('print.deliveryNote', () => {
  it('prints one page on every paper, with the Chinese text really in the PDF and the right page size', async () => {
    const p1 = (await t.call('product.create', { code: 'H-01', name: '不锈钢合页', spec: '4寸 304', unit: '个', salePrice: '12.5', initialStock: '100' }, admin)).id
    const p2 = (await t.call('product.create', { code: 'H-02', name: '门把手', unit: '把', salePrice: '30', initialStock: '10' }, admin)).id
    const s = await ship([{ productId: p1, quantity: '10' }, { productId: p2, quantity: '3' }])
    expect(s.totalFen).toBe(21500)
    const mm = 72 / 25.4
    const sizes: Record<string, [number, number]> = { A4: [210 * mm, 297 * mm], A5: [210 * mm, 148 * mm], dot2: [241 * mm, 140 * mm], dot3: [241 * mm, 93 * mm] }
    for (const [paper, [w, h]] of Object.entries(sizes)) {
      const out = await printTo(s.id, paper)
      expect(out.r.fileName).toBe(`送货单-${s.number}.pdf`)
      expect(out.pages, paper).toBe(1)
      expect(out.w).toBeCloseTo(w, 0)
      expect(out.h).toBeCloseTo(h, 0)
      // pdftotext keeps or drops the spaces between Chinese and digits depending on the gap, so compare without whitespace
      const flat = squeeze(out.text)
      for (const want of ['杭州明达五金贸易有限公司', '0571-88886666', '91330110MA2B3C4D5E', '送货单', s.number, s.orderNumber, '深圳鹏程五金有限公司', '赵仓管', '宝安区', '不锈钢合页', '门把手', '4寸 304', '215.00', '12.50', '人民币' + amountInWords(21500), '请走货梯', '制单', '审核', '送货', '签收', '第 1 页 / 共 1 页']) {
        expect(flat, `${paper}: ${want}`).toContain(squeeze(want))
      }
      expect(amountInWords(21500)).toBe('贰佰壹拾伍元整')
    }
  }, 60_000)

  it('runs a long shipment over several pages with the table header on each and 共 N 页', async () => {
    const lines = []
    for (let i = 1; i <= 60; i++) {
      const id = (await t.call('product.create', { code: `L-${String(i).padStart(3, '0')}`, name: `长单商品${i}号`, unit: '件', salePrice: '1', initialStock: '100' }, admin)).id
      lines.push({ productId: id, quantity: '2' })
    }
    const s = await ship(lines)
    for (const paper of ['A4', 'dot3']) {
      const out = await printTo(s.id, paper)
      expect(out.pages, paper).toBeGreaterThan(1)
      const pages = out.text.split('\f').filter((p) => p.trim())
      expect(pages).toHaveLength(out.pages)
      pages.forEach((p, i) => {
        const flat = squeeze(p)
        expect(flat, `${paper} page ${i + 1}`).toContain('行号商品编码商品名称规格型号单位数量单价金额')
        expect(flat).toContain(squeeze(`第 ${i + 1} 页 / 共 ${out.pages} 页`))
      })
      expect(out.text).toContain('长单商品60号')
      expect(pages.at(-1)).toContain('签收')
      expect(squeeze(out.text)).toContain('人民币' + amountInWords(12000))
      if (paper === 'A4') execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', out.file, path.join(process.env.PRINT_PNG_DIR ?? t.dir, 'long-a4')])
    }
    const one = await printTo((await ship([{ productId: lines[0]!.productId, quantity: '1' }])).id, 'dot2')
    if (process.env.PRINT_PNG_DIR) execFileSync('pdftoppm', ['-png', '-r', '60', one.file, path.join(process.env.PRINT_PNG_DIR, 'dot2')])
  }, 120_000)

  it('is scoped like shipment.get: a salesperson cannot print another salesperson’s customer', async () => {
    const a = await t.user('sales', { displayName: '甲业务' })
    const b = await t.user('sales', { displayName: '乙业务' })
    const cid = (await t.call('customer.create', { name: '甲的客户', ownerId: a.id }, admin)).id
    const pid = (await t.call('product.create', { code: 'S-1', name: '螺丝', unit: '包', salePrice: '5', initialStock: '10' }, admin)).id
    const o = await t.call('order.create', { customerId: cid, lines: [{ productId: pid, quantity: '1' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const ap = await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: ap.lines[0].id, quantity: '1' }] }, admin)
    expect((await t.raw('print.deliveryNote', { shipmentId: s.id, paper: 'A5' }, a.token)).ok).toBe(true)
    const r = await t.raw('print.deliveryNote', { shipmentId: s.id, paper: 'A5' }, b.token)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('NOT_FOUND')
    expect((await t.raw('print.deliveryNote', { shipmentId: s.id, paper: 'A3' }, admin)).ok).toBe(false)
  }, 60_000)
})
