import * as fs from 'node:fs'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import pdfmake from 'pdfmake'
import type { Ctx } from '../contract/method'
import { amountInWords, formatFen, fromMilli, toMilli } from '../money/money'
import { getSetting } from '../settings/settings.service'
import { loadShipment, shipmentDetail } from '../shipment/shipment.service'
import { PAPERS, type Paper } from './print.enums'
import { renderPdf, type PdfBuilderName } from './pdf-render'
export { PAPERS, type Paper }

const MM = 72 / 25.4

interface PaperSpec {
  /** width × height in points */
  size: { width: number; height: number }
  /** left, top, right, bottom in points (the bottom one holds the page footer) */
  margins: [number, number, number, number]
  font: number
  title: number
  signHeight: number
  /** letterhead on one line instead of three (the dot-matrix and A5 papers are short) */
  compact: boolean
}

/** A5 is used landscape, like the pre-printed 送货单 pads; the dot-matrix sizes are 241 mm continuous paper cut in two or three. */
const SPECS: Record<Paper, PaperSpec> = {
  A4: { size: { width: 210 * MM, height: 297 * MM }, margins: [36, 32, 36, 36], font: 9, title: 18, signHeight: 30, compact: false },
  A5: { size: { width: 210 * MM, height: 148 * MM }, margins: [24, 20, 24, 26], font: 8, title: 14, signHeight: 22, compact: true },
  dot2: { size: { width: 241 * MM, height: 140 * MM }, margins: [20, 14, 20, 22], font: 8, title: 14, signHeight: 20, compact: true },
  dot3: { size: { width: 241 * MM, height: 93 * MM }, margins: [18, 10, 18, 18], font: 7, title: 11, signHeight: 14, compact: true },
}

// ---- font: Noto Sans SC from @expo-google-fonts/noto-sans-sc (plain TTFs in node_modules, never committed) ----

let fontsReady = false
function fontFile(dir: string, file: string): Buffer {
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'))
  const root = path.dirname(req.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
  return fs.readFileSync(path.join(root, dir, file))
}
function ensureFonts() {
  if (fontsReady) return
  // pdfmake 0.3 takes font file names, looked up first in its virtual file system (base.js, PDFDocument.provideFont)
  pdfmake.virtualfs.writeFileSync('NotoSansSC-Regular.ttf', fontFile('400Regular', 'NotoSansSC_400Regular.ttf'))
  pdfmake.virtualfs.writeFileSync('NotoSansSC-Bold.ttf', fontFile('700Bold', 'NotoSansSC_700Bold.ttf'))
  const normal = 'NotoSansSC-Regular.ttf'
  const bold = 'NotoSansSC-Bold.ttf'
  pdfmake.setFonts({ NotoSansSC: { normal, bold, italics: normal, bolditalics: bold } })
  // everything the document needs is in memory (fonts in the virtual file system, the logo as a data URL): no file or URL access at all
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy(() => false)
  fontsReady = true
}

// ---- document ----

type Detail = Awaited<ReturnType<typeof shipmentDetail>>
interface Company {
  name: string
  address?: string
  phone?: string
  bankName?: string
  bankAccount?: string
  taxId?: string
  logo?: string | null
}

const money = (fen: number) => formatFen(fen, '')
/** unit prices are kept to 4 decimals; print at least 2 and drop the zeros after them (1.0000 → 1.00, 12.3450 → 12.345) */
const price = (p: string) => (p.includes('.') ? p.replace(/(\.\d\d\d*?)0+$/, '$1') : `${p}.00`)
const join = (parts: (string | null | undefined | false)[], sep = '    ') => parts.filter(Boolean).join(sep)

function letterhead(c: Company, spec: PaperSpec): Record<string, unknown> {
  const addressLine = join([c.address && `地址：${c.address}`, c.phone && `电话：${c.phone}`])
  const bankLine = join([c.bankName || c.bankAccount ? `开户行及账号：${join([c.bankName, c.bankAccount], ' ')}` : '', c.taxId && `税号：${c.taxId}`])
  const text = spec.compact
    ? [
        { text: c.name, bold: true, fontSize: spec.font + 3 },
        { text: join([addressLine, bankLine]), fontSize: spec.font - 1, color: '#333' },
      ]
    : [
        { text: c.name, bold: true, fontSize: spec.font + 6 },
        { text: addressLine, fontSize: spec.font },
        { text: bankLine, fontSize: spec.font },
      ]
  const logoOk = !!c.logo && /^data:image\/(png|jpe?g);base64,/i.test(c.logo)
  const logoSize = spec.compact ? spec.font * 3 : 48
  return {
    columns: [...(logoOk ? [{ image: c.logo, fit: [logoSize, logoSize], width: logoSize + 6 }] : []), { stack: text, alignment: logoOk ? 'left' : 'center' }],
    columnGap: 6,
  }
}

function infoGrid(s: Detail, spec: PaperSpec): Record<string, unknown> {
  const label = (t: string) => ({ text: t, color: '#444' })
  const receiver = join([s.receiver, s.receiverPhone], '  ')
  return {
    table: {
      widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto'],
      body: [
        [label('客户：'), { text: s.customerName, bold: true }, label('送货单号：'), { text: s.number, bold: true }, label('发货日期：'), s.shipDate],
        [label('收货人：'), receiver || '—', label('订单号：'), s.orderNumber, label('承运：'), join([s.carrier, s.trackingNo], ' ') || '—'],
        [label('送货地址：'), { text: s.address || '—', colSpan: 5 }, '', '', '', ''],
      ],
    },
    layout: { defaultBorder: false, paddingLeft: () => 0, paddingRight: () => 4, paddingTop: () => 0, paddingBottom: () => (spec.compact ? 0 : 1) },
    margin: [0, 2, 0, spec.compact ? 3 : 6],
  }
}

function linesTable(s: Detail, spec: PaperSpec): Record<string, unknown> {
  const th = (t: string, alignment = 'center') => ({ text: t, bold: true, alignment, fillColor: '#eeeeee' })
  const header = [th('行号'), th('商品编码'), th('商品名称'), th('规格型号'), th('单位'), th('数量'), th('单价'), th('金额')]
  const rows = s.lines.map((l, i) => [
    { text: String(i + 1), alignment: 'center' },
    l.productCode,
    l.productName,
    l.spec ?? '',
    { text: l.unit, alignment: 'center' },
    { text: l.quantity, alignment: 'right' },
    { text: price(l.unitPrice), alignment: 'right' },
    { text: money(l.amountFen), alignment: 'right' },
  ])
  const units = new Set(s.lines.map((l) => l.unit))
  const qtyTotal = units.size === 1 ? fromMilli(s.lines.reduce((t, l) => t + toMilli(l.quantity), 0)) : ''
  const total = [
    { text: '合计', bold: true, alignment: 'center', colSpan: 5 },
    '',
    '',
    '',
    '',
    { text: qtyTotal, bold: true, alignment: 'right' },
    '',
    { text: money(s.totalFen), bold: true, alignment: 'right' },
  ]
  const pad = spec.compact ? 1 : 2
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: ['auto', 'auto', '*', 'auto', 'auto', spec.font * 5, spec.font * 5.5, spec.font * 7], body: [header, ...rows, total] },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => pad, paddingBottom: () => pad, paddingLeft: () => 3, paddingRight: () => 3 },
  }
}

export function deliveryNoteDefinition(s: Detail, company: Company, paper: Paper): Record<string, unknown> {
  const spec = SPECS[paper]
  const terms = '收货时请当面点清数量、检查外观；如有异议，请于签收时在本单注明。本单经签收即视为货物已按上列数量收讫。'
  const remark = join([s.remark && `备注：${s.remark}`, `说明：${terms}`], '\n')
  const sign = (t: string) => ({ text: `${t}：`, margin: [2, 2, 2, spec.signHeight - spec.font - 4] })
  return {
    pageSize: spec.size,
    // pdfmake swaps width and height when they disagree with the orientation, so name the one the size already has
    pageOrientation: spec.size.width > spec.size.height ? 'landscape' : 'portrait',
    pageMargins: spec.margins,
    info: { title: `送货单 ${s.number}`, subject: '送货单', creator: 'Kedan 客单' },
    defaultStyle: { font: 'NotoSansSC', fontSize: spec.font, lineHeight: 1.15 },
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: `送货单 ${s.number}`, alignment: 'left' },
        { text: `第 ${currentPage} 页 / 共 ${pageCount} 页`, alignment: 'right' },
      ],
      fontSize: spec.font - 1,
      color: '#444',
      margin: [spec.margins[0], Math.max(2, spec.margins[3] / 2 - spec.font / 2), spec.margins[2], 0],
    }),
    content: [
      letterhead(company, spec),
      { text: '送货单', characterSpacing: spec.title / 2, bold: true, fontSize: spec.title, alignment: 'center', margin: [0, spec.compact ? 1 : 6, 0, spec.compact ? 1 : 4] },
      infoGrid(s, spec),
      linesTable(s, spec),
      {
        text: [{ text: '合计金额（大写）：', color: '#444' }, { text: `人民币${amountInWords(s.totalFen)}`, bold: true }, { text: '    （小写）：', color: '#444' }, { text: formatFen(s.totalFen), bold: true }],
        margin: [0, spec.compact ? 2 : 4, 0, 0],
      },
      { text: remark, fontSize: spec.font - 1, color: '#333', margin: [0, spec.compact ? 1 : 3, 0, spec.compact ? 2 : 6] },
      {
        table: { widths: ['*', '*', '*', '*'], body: [[sign('制单'), sign('审核'), sign('送货'), sign('签收')]] },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
        unbreakable: true,
      },
    ],
  }
}

/** The 送货单 as PDF bytes, from plain data: runs in the PDF worker (pdf.worker.ts) or, failing that, here. */
export async function renderDeliveryNote(s: Detail, company: Company, paper: Paper): Promise<Buffer> {
  ensureFonts()
  return pdfmake.createPdf(deliveryNoteDefinition(s, company, paper)).getBuffer()
}

/** What the PDF worker can build, by name (pdf-render.ts): plain-data arguments in, bytes out. */
export const PDF_BUILDERS = { deliveryNote: renderDeliveryNote } satisfies Record<PdfBuilderName, (...args: never[]) => Promise<Buffer>>

export async function printDeliveryNote(ctx: Ctx, shipmentId: number, paper: Paper) {
  const s = await shipmentDetail(ctx, await loadShipment(ctx, shipmentId))
  const company = await getSetting<Company>(ctx, 'company', { name: '' })
  // read here, render off the main thread: a 送货单 takes 50–100 ms of CPU that no other call should wait for
  const buffer = await renderPdf('deliveryNote', [s, company, paper], () => renderDeliveryNote(s, company, paper))
  return { fileName: `送货单-${s.number}.pdf`, mimeType: 'application/pdf' as const, base64: buffer.toString('base64') }
}
