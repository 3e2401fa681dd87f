import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 11: every document type on every paper, read back with pdftotext; templates (hidden and renamed
 * columns, 联 labels, 套打 offset), print counts, a 100-line statement and a 200-note batch.
 * Expected figures are worked out by hand in the comments. PRINT_PNG_DIR=… keeps page images to look at.
 */
const squeeze = (s: string) => s.replace(/\s+/g, '')
const PAPERS = ['A4', 'A5', 'dot2', 'dot3', 'custom'] as const

let t: TestCore
let admin: string
let customerId: number
let shipmentId: number
let orderId: number
let quoteId: number
let receiptId: number
let clerkName: string
let n = 0

async function pdf(r: { base64: string; fileName: string; mimeType: string }) {
  expect(r.mimeType).toBe('application/pdf')
  const file = path.join(t.dir, `doc-${++n}.pdf`)
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'))
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number)
  return { file, text, pageTexts: text.split('\f').filter((p) => p.trim()), pages, w: w!, h: h!, bytes: Buffer.from(r.base64, 'base64').length }
}
const png = (file: string, name: string, last = 1) => {
  if (process.env.PRINT_PNG_DIR) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', String(last), file, path.join(process.env.PRINT_PNG_DIR, name)])
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  await t.call('settings.update', { company: { name: '杭州明达五金贸易有限公司', address: '杭州市余杭区文一西路 998 号', phone: '0571-88886666', bankName: '招商银行杭州分行', bankAccount: '5719 0000 1234 567', taxId: '91330110MA2B3C4D5E' } }, admin)
  // no address and no contact yet: the shipment is made without any, the customer gets them afterwards
  const clerk = await t.user('manager', { displayName: '周制单' })
  customerId = (await t.call('customer.create', { name: '北京华兴科技', paymentTermDays: 30, ownerId: clerk.id }, admin)).id
  clerkName = '周制单'
  const p1 = (await t.call('product.create', { code: 'H-01', name: '工业级不锈钢重型门铰链（加厚款，适用于 40 mm 以上实木门与防火门，含安装螺丝一套）', unit: '个', salePrice: '3280', initialStock: '1000' }, admin)).id
  const p2 = (await t.call('product.create', { code: 'H-02', name: '门把手', unit: '个', salePrice: '15.5', initialStock: '1000' }, admin)).id
  // 12 × 3280.00 × (1 − 5 %) = 37,392.00; 2 × 15.50 = 31.00; total 37,423.00
  const o = await t.call('order.create', { customerId, promisedDate: '2026-11-30', lines: [{ productId: p1, quantity: '12', discountPct: '5' }, { productId: p2, quantity: '2' }] }, clerk.token)
  orderId = o.id
  await t.call('order.submit', { id: o.id }, clerk.token)
  const ap = await t.call('order.approve', { id: o.id }, admin)
  const s = await t.call('shipment.create', { orderId: o.id, lines: ap.lines.map((l: { id: number; quantity: string }) => ({ orderLineId: l.id, quantity: l.quantity })) }, clerk.token)
  shipmentId = s.id
  await t.call('address.create', { customerId, receiver: '钱收货', phone: '13900001111', address: '北京市海淀区中关村大街 1 号', isDefault: true }, admin)
  await t.call('contact.create', { customerId, name: '孙采购', mobile: '13700002222', isPrimary: true }, admin)
  quoteId = (await t.call('quote.create', { customerId, validUntil: '2026-12-31', terms: '含运费送货上门', lines: [{ productId: p2, quantity: '100', unitPrice: '15' }] }, admin)).id
  // ¥10,000.00 received, ¥8,000.00 of it allocated to the order
  receiptId = (await t.call('receipt.create', { customerId, amountFen: 1_000_000, method: 'bank', reference: 'BK-778', allocations: [{ orderId: o.id, amountFen: 800_000 }] }, admin)).id
}, 120_000)
afterAll(async () => t?.close())

describe('print.render: every document on every paper', () => {
  it('prints the Chinese text, totals, 大写 and page numbers of each type on each paper', async () => {
    const adminName = (await t.call('auth.me', {}, admin)).displayName as string
    const cases = [
      // 37,423.00 → 叁万柒仟肆佰贰拾叁元整
      { input: { type: 'deliveryNote', id: shipmentId }, file: /^送货单-.+\.pdf$/, want: ['送货单', '北京华兴科技', '37,392.00', '-5%', '37,423.00', '人民币叁万柒仟肆佰贰拾叁元整', `制单：${clerkName}`, `审核：${adminName}`, '钱收货', '中关村大街', '孙采购', '2026-11-30', '订单日期', '签收'] },
      // 100 × 15.00 = 1,500.00 → 壹仟伍佰元整
      { input: { type: 'quote', id: quoteId }, file: /^报价单-.+\.pdf$/, want: ['报价单', '北京华兴科技', '1,500.00', '人民币壹仟伍佰元整', '含运费送货上门', '2026-12-31', '孙采购'] },
      { input: { type: 'order', id: orderId }, file: /^销售订单-.+\.pdf$/, want: ['销售订单', '37,423.00', '人民币叁万柒仟肆佰贰拾叁元整', '供方：杭州明达五金贸易有限公司', '需方：北京华兴科技', '盖章', '2026-11-30', `审核：${adminName}`] },
      // 10,000.00 → 壹万元整; allocated 8,000.00, 预收 2,000.00
      { input: { type: 'receipt', id: receiptId }, file: /^收款收据-.+\.pdf$/, want: ['收款收据', '北京华兴科技', '人民币壹万元整', '8,000.00', '2,000.00', 'BK-778'] },
      // shipped 37,423.00, received 10,000.00 → closing 27,423.00 → 贰万柒仟肆佰贰拾叁元整
      { input: { type: 'statement', customerId, from: '2026-11-01', to: '2026-11-30' }, file: /^对账单-北京华兴科技-2026-11\.pdf$/, want: ['对账单', '期初余额', '37,423.00', '10,000.00', '27,423.00', '人民币贰万柒仟肆佰贰拾叁元整', '以上账目核对无误', '有误', '客户盖章'] },
    ]
    for (const c of cases) {
      for (const paper of PAPERS) {
        const r = await t.call('print.render', { ...c.input, paper }, admin)
        expect(r.fileName, `${c.input.type}`).toMatch(c.file)
        const out = await pdf(r)
        const flat = squeeze(out.text)
        for (const want of [...c.want, '杭州明达五金贸易有限公司', `第1页/共${out.pages}页`]) expect(flat, `${c.input.type} ${paper}: ${want}`).toContain(squeeze(want))
        if (paper === 'A4') expect([Math.round(out.w), Math.round(out.h)]).toEqual([595, 842])
        if (paper === 'dot3') expect([Math.round(out.w), Math.round(out.h)]).toEqual([683, 264])
        if (paper === 'A4' || paper === 'dot2') png(out.file, `${c.input.type}-${paper}`)
      }
    }
  }, 240_000)

  it('counts prints: the page says which print it is and the log has one entry per print', async () => {
    const before = (await t.call('auditLog.list', { entity: 'quote', entityId: quoteId, pageSize: 200 }, admin)).items.filter((e: { action: string }) => e.action === 'print').length
    const out = await pdf(await t.call('print.render', { type: 'quote', id: quoteId, paper: 'A4' }, admin))
    expect(squeeze(out.text)).toContain(`第${before + 1}次打印`)
    const after = (await t.call('auditLog.list', { entity: 'quote', entityId: quoteId, pageSize: 200 }, admin)).items.filter((e: { action: string }) => e.action === 'print')
    expect(after).toHaveLength(before + 1)
  }, 60_000)

  it('templates: hidden columns absent, renamed titles, 联 labels on each copy, the offset moves the content, stale save = CONFLICT', async () => {
    const got = await t.call('printTemplate.get', { type: 'deliveryNote' }, admin)
    expect(got.version).toBe(0)
    const template = structuredClone(got.template)
    template.columns = template.columns.map((c: { key: string; title: string; show: boolean }) => (c.key === 'spec' ? { ...c, show: false } : c.key === 'name' ? { ...c, title: '货品名称' } : c))
    template.title = '出库送货单'
    const saved = await t.call('printTemplate.update', { type: 'deliveryNote', version: 0, template }, admin)
    expect(saved.version).toBe(1)
    const stale = await t.raw('printTemplate.update', { type: 'deliveryNote', version: 0, template }, admin)
    expect(stale.ok).toBe(false)
    if (!stale.ok) expect(stale.error.code).toBe('CONFLICT')
    const log = (await t.call('auditLog.list', { entity: 'setting', entityId: 0, pageSize: 200 }, admin)).items.filter((e: { action: string }) => e.action === 'printTemplate')
    expect(log.length).toBeGreaterThan(0)

    // three copies: one sheet each with its own 联 and its own page count
    const three = await pdf(await t.call('print.render', { type: 'deliveryNote', id: shipmentId, paper: 'dot2', copies: 3 }, admin))
    png(three.file, 'deliveryNote-3-copies', 3)
    expect(three.pageTexts).toHaveLength(3)
    ;['第一联存根（白）', '第二联客户（红）', '第三联财务（黄）'].forEach((label, i) => {
      const page = squeeze(three.pageTexts[i]!)
      expect(page).toContain(label)
      expect(page).toContain('出库送货单')
      expect(page).toContain('货品名称')
      expect(page).not.toContain('规格型号')
      expect(page).not.toContain('商品名称')
      expect(page).toContain('第1页/共1页')
    })

    // 套打: 10 mm right and 5 mm down = 28.35 pt and 14.17 pt
    const firstWord = (file: string) => {
      const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' })
      const m = /<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)<\/word>/.exec(html)!
      return { x: Number(m[1]), y: Number(m[2]), word: m[3] }
    }
    const plain = firstWord((await pdf(await t.call('print.render', { type: 'deliveryNote', id: shipmentId, paper: 'A4' }, admin))).file)
    const moved = await t.call('printTemplate.update', { type: 'deliveryNote', version: 1, template: { ...template, offsetXMm: 10, offsetYMm: 5 } }, admin)
    expect(moved.version).toBe(2)
    const shifted = firstWord((await pdf(await t.call('print.render', { type: 'deliveryNote', id: shipmentId, paper: 'A4' }, admin))).file)
    expect(shifted.word).toBe(plain.word)
    expect(shifted.x - plain.x).toBeCloseTo(28.35, 0)
    expect(shifted.y - plain.y).toBeCloseTo(14.17, 0)
    // back to the defaults for the other tests
    const reset = await t.call('printTemplate.get', { type: 'deliveryNote' }, admin)
    await t.call('printTemplate.update', { type: 'deliveryNote', version: reset.version, template: { ...reset.template, offsetXMm: 0, offsetYMm: 0, title: '送货单', columns: got.template.columns } }, admin)
    // the preview renders unsaved templates with sample data
    const preview = await pdf(await t.call('printTemplate.preview', { type: 'order', template: { ...(await t.call('printTemplate.get', { type: 'order' }, admin)).template, title: '订单确认书' } }, admin))
    expect(squeeze(preview.text)).toContain('订单确认书')
    expect(squeeze(preview.text)).toContain('示例客户有限公司')
  }, 120_000)

  it('a 100-line statement runs over pages with the header on each; 第 x 页 / 共 y 页', async () => {
    const cid = (await t.call('customer.create', { name: '上海长单贸易' }, admin)).id
    const pid = (await t.call('product.create', { code: 'S-100', name: '螺栓', unit: '箱', salePrice: '10', initialStock: '1000' }, admin)).id
    const o = await t.call('order.create', { customerId: cid, lines: [{ productId: pid, quantity: '100' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const ap = await t.call('order.approve', { id: o.id }, admin)
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: ap.lines[0].id, quantity: '100' }] }, admin)
    // 1 shipment of 1,000.00 and 99 receipts of 5.00 = 495.00: closing 505.00 → 伍佰零伍元整
    for (let i = 0; i < 99; i++) await t.call('receipt.create', { customerId: cid, amountFen: 500, method: 'cash' }, admin)
    for (const paper of ['A4', 'dot3'] as const) {
      const out = await pdf(await t.call('print.render', { type: 'statement', customerId: cid, from: '2026-11-01', to: '2026-11-30', paper }, admin))
      expect(out.pages, paper).toBeGreaterThan(paper === 'A4' ? 1 : 4)
      expect(out.pageTexts).toHaveLength(out.pages)
      out.pageTexts.forEach((p, i) => {
        // every page with statement lines repeats the table header (the last may hold only the closing part)
        if (i < out.pages - 1 || /收款\S*5\.00/.test(squeeze(p))) expect(squeeze(p), `${paper} page ${i + 1}`).toContain('行号日期类型单号摘要应收增加应收减少余额')
        expect(squeeze(p)).toContain(`第${i + 1}页/共${out.pages}页`)
      })
      const flat = squeeze(out.text)
      expect(flat).toContain('495.00')
      expect(flat).toContain('人民币伍佰零伍元整')
      expect((flat.match(/5\.00/g) ?? []).length).toBeGreaterThanOrEqual(99)
      if (paper === 'A4') png(out.file, 'statement-100-a4', 3)
    }
  }, 180_000)

  it('print.batch: 200 delivery notes, each starting on a new sheet with its own page numbers', async () => {
    const pid = (await t.call('product.create', { code: 'B-200', name: '批量件', unit: '件', salePrice: '2', initialStock: '1000' }, admin)).id
    const o = await t.call('order.create', { customerId, lines: [{ productId: pid, quantity: '200' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const ap = await t.call('order.approve', { id: o.id }, admin)
    const ids: number[] = []
    const numbers: string[] = []
    for (let i = 0; i < 200; i++) {
      const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: ap.lines[0].id, quantity: '1' }] }, admin)
      ids.push(s.id)
      numbers.push(s.number)
    }
    expect((await t.raw('print.batch', { type: 'deliveryNote', ids: [...ids, shipmentId], paper: 'A5' }, admin)).ok).toBe(false) // 201
    const out = await pdf(await t.call('print.batch', { type: 'deliveryNote', ids, paper: 'A5' }, admin))
    expect(out.pages).toBe(200)
    out.pageTexts.forEach((p, i) => {
      const flat = squeeze(p)
      expect(flat).toContain(numbers[i]!)
      expect(flat).toContain('第1页/共1页')
      expect(flat).toContain('人民币贰元整') // 1 × 2.00
    })
    png(out.file, 'batch-a5', 2)
    const logged = (await t.call('auditLog.list', { entity: 'shipment', entityId: ids[199], pageSize: 50 }, admin)).items.filter((e: { action: string }) => e.action === 'print')
    expect(logged).toHaveLength(1)
  }, 300_000)

  it('is scoped like each get: a salesperson cannot print a colleague’s documents', async () => {
    const a = await t.user('sales', { displayName: '甲业务' })
    const b = await t.user('sales', { displayName: '乙业务' })
    const cid = (await t.call('customer.create', { name: '甲的客户', ownerId: a.id }, admin)).id
    const q = await t.call('quote.create', { customerId: cid, lines: [{ productId: (await t.call('product.create', { code: 'Q-1', name: '样品', unit: '个', salePrice: '1', initialStock: '1' }, admin)).id, quantity: '1' }] }, admin)
    expect((await t.raw('print.render', { type: 'quote', id: q.id }, a.token)).ok).toBe(true)
    for (const input of [{ type: 'quote', id: q.id }, { type: 'statement', customerId: cid }]) {
      const r = await t.raw('print.render', input, b.token)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('NOT_FOUND')
    }
  }, 60_000)
})
