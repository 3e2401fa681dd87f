import * as fs from 'node:fs'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import pdfmake from 'pdfmake'
import { amountInWords, formatFen } from '../money/money'
import type { ColumnKey, Paper, PrintType } from './print.enums'
import type { PrintTemplate } from './print.template'

/**
 * One engine for every printed document (pdfmake + Noto Sans SC): a document is plain data (PrintDoc),
 * the office's template (PrintTemplate) says paper, margins, 套打 offset, columns, texts, signature
 * boxes, letterhead parts and 联 labels. Pure functions of plain data, so they run in the PDF worker.
 */
export const MM = 72 / 25.4

export interface Company {
  name: string
  address?: string
  phone?: string
  bankName?: string
  bankAccount?: string
  taxId?: string
  logo?: string | null
}

export interface PrintDoc {
  type: PrintType
  number: string
  fileName: string
  /** label/value pairs of the header grid, laid out three to a row */
  info: [string, string][]
  lines: Partial<Record<ColumnKey, string>>[]
  /** the 合计 row: column → text */
  totalsRow: Partial<Record<ColumnKey, string>>
  /** the amount written out in 大写 and figures (null: none) */
  amountFen: number | null
  amountLabel: string
  /** further figures under the table (税额, 期初 …) */
  figures: [string, string][]
  remark: string | null
  /** the document's own terms (a quote's), printed before the template's */
  terms: string | null
  /** names printed in the signature boxes, by label (制单 → the creator) */
  signers: Record<string, string>
  /** 订单确认书: both parties' signature and stamp boxes */
  partyBoxes?: { seller: string; buyer: string }
  /** 对账单: the customer's confirmation box */
  confirmBox?: boolean
  printCount: number
}

interface PaperSpec {
  size: { width: number; height: number }
  margins: [number, number, number, number]
  font: number
  title: number
  signHeight: number
  compact: boolean
}

/** A5 is used landscape, like the pre-printed pads; the dot-matrix sizes are 241 mm continuous paper cut in two or three. */
const SPECS: Record<Paper, PaperSpec> = {
  A4: { size: { width: 210 * MM, height: 297 * MM }, margins: [36, 32, 36, 36], font: 9, title: 18, signHeight: 30, compact: false },
  A5: { size: { width: 210 * MM, height: 148 * MM }, margins: [24, 20, 24, 26], font: 8, title: 14, signHeight: 22, compact: true },
  dot2: { size: { width: 241 * MM, height: 140 * MM }, margins: [20, 14, 20, 22], font: 8, title: 14, signHeight: 20, compact: true },
  dot3: { size: { width: 241 * MM, height: 93 * MM }, margins: [18, 10, 18, 18], font: 7, title: 11, signHeight: 14, compact: true },
}

function specOf(t: PrintTemplate, paper: Paper | 'custom'): PaperSpec {
  let spec: PaperSpec
  if (paper === 'custom') {
    const width = t.widthMm * MM
    const height = t.heightMm * MM
    const small = height < 160 * MM
    spec = { size: { width, height }, margins: small ? [20, 14, 20, 22] : [36, 32, 36, 36], font: small ? 8 : 9, title: small ? 14 : 18, signHeight: small ? 20 : 30, compact: small }
  } else spec = { ...SPECS[paper] }
  if (t.marginsMm) spec.margins = t.marginsMm.map((m) => m * MM) as PaperSpec['margins']
  // 套打: the offset moves the whole page content (and its footer) right and down
  const [l, top, r, b] = spec.margins
  const dx = t.offsetXMm * MM
  const dy = t.offsetYMm * MM
  spec.margins = [Math.max(0, l + dx), Math.max(0, top + dy), Math.max(0, r - dx), Math.max(0, b - dy)]
  return spec
}

// ---- font: Noto Sans SC from @expo-google-fonts/noto-sans-sc (plain TTFs in node_modules, never committed) ----

let fontsReady = false
function fontFile(dir: string, file: string): Buffer {
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'))
  const root = path.dirname(req.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
  return fs.readFileSync(path.join(root, dir, file))
}
export function ensureFonts() {
  if (fontsReady) return
  pdfmake.virtualfs.writeFileSync('NotoSansSC-Regular.ttf', fontFile('400Regular', 'NotoSansSC_400Regular.ttf'))
  pdfmake.virtualfs.writeFileSync('NotoSansSC-Bold.ttf', fontFile('700Bold', 'NotoSansSC_700Bold.ttf'))
  const normal = 'NotoSansSC-Regular.ttf'
  const bold = 'NotoSansSC-Bold.ttf'
  pdfmake.setFonts({ NotoSansSC: { normal, bold, italics: normal, bolditalics: bold } })
  // everything is in memory (fonts in the virtual file system, the logo as a data URL): no file or URL access
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy(() => false)
  fontsReady = true
}

const join = (parts: (string | null | undefined | false)[], sep = '    ') => parts.filter(Boolean).join(sep)

function letterhead(c: Company, t: PrintTemplate, spec: PaperSpec): Record<string, unknown> {
  const lh = t.letterhead
  const addressLine = join([lh.address && c.address && `地址：${c.address}`, lh.phone && c.phone && `电话：${c.phone}`])
  const bankLine = join([lh.bank && (c.bankName || c.bankAccount) ? `开户行及账号：${join([c.bankName, c.bankAccount], ' ')}` : '', lh.taxId && c.taxId && `税号：${c.taxId}`])
  const text = spec.compact
    ? [{ text: c.name, bold: true, fontSize: spec.font + 3 }, ...(addressLine || bankLine ? [{ text: join([addressLine, bankLine]), fontSize: spec.font - 1, color: '#333' }] : [])]
    : [{ text: c.name, bold: true, fontSize: spec.font + 6 }, ...(addressLine ? [{ text: addressLine, fontSize: spec.font }] : []), ...(bankLine ? [{ text: bankLine, fontSize: spec.font }] : [])]
  const logoOk = lh.logo && !!c.logo && /^data:image\/(png|jpe?g);base64,/i.test(c.logo)
  const logoSize = spec.compact ? spec.font * 3 : 48
  return {
    columns: [...(logoOk ? [{ image: c.logo, fit: [logoSize, logoSize], width: logoSize + 6 }] : []), { stack: text, alignment: logoOk ? 'left' : 'center' }],
    columnGap: 6,
  }
}

function infoGrid(d: PrintDoc, spec: PaperSpec): Record<string, unknown> {
  const label = (s: string) => ({ text: `${s}：`, color: '#444' })
  const body: unknown[][] = []
  for (let i = 0; i < d.info.length; i += 3) {
    const row: unknown[] = []
    for (let j = i; j < i + 3; j++) {
      const cell = d.info[j]
      row.push(cell ? label(cell[0]) : '', cell ? { text: cell[1] || '—' } : '')
    }
    body.push(row)
  }
  if (!body.length) return { text: '' }
  return {
    table: { widths: ['auto', '*', 'auto', '*', 'auto', '*'], body },
    layout: { defaultBorder: false, paddingLeft: () => 0, paddingRight: () => 4, paddingTop: () => 0, paddingBottom: () => (spec.compact ? 0 : 1) },
    margin: [0, 2, 0, spec.compact ? 3 : 6],
  }
}

/** fixed widths (in units of the font size) of the columns with figures, so a long name never squeezes them */
const MIN_WIDTH: Partial<Record<ColumnKey, number>> = { seq: 2.6, unit: 3, qty: 5, price: 5.5, discount: 3.6, taxRate: 3.4, amount: 7, tax: 6, date: 6, kind: 3, debit: 7, credit: 7, balance: 7, code: 7, spec: 6, number: 9, remark: 8 }
const RIGHT = new Set<ColumnKey>(['qty', 'price', 'discount', 'taxRate', 'amount', 'tax', 'debit', 'credit', 'balance'])
const CENTER = new Set<ColumnKey>(['seq', 'unit', 'date', 'kind'])

function linesTable(d: PrintDoc, t: PrintTemplate, spec: PaperSpec): Record<string, unknown> {
  // 折扣 only when a line has one (a table of blank discounts helps no one)
  const cols = t.columns.filter((c) => c.show && (c.key !== 'discount' || d.lines.some((l) => l.discount)))
  const align = (k: ColumnKey) => (RIGHT.has(k) ? 'right' : CENTER.has(k) ? 'center' : 'left')
  const header = cols.map((c) => ({ text: c.title, bold: true, alignment: 'center', fillColor: '#eeeeee' }))
  const rows = d.lines.map((l) => cols.map((c) => ({ text: l[c.key] ?? '', alignment: align(c.key) })))
  const totalCells = cols.map((c) => ({ text: d.totalsRow[c.key] ?? '', bold: true, alignment: align(c.key) }))
  if (cols.length) totalCells[0] = { text: d.totalsRow[cols[0]!.key] || '合计', bold: true, alignment: 'center' }
  const star = cols.some((c) => c.width === 0 && !MIN_WIDTH[c.key])
  const widths: (number | string)[] = cols.map((c) => (c.width > 0 ? c.width * MM : MIN_WIDTH[c.key] ? MIN_WIDTH[c.key]! * spec.font : '*'))
  if (!star && widths.length) widths[widths.length - 1] = '*'
  // the fixed columns leave the name at least 10 characters: when the paper is too narrow for all of them they shrink alike
  const room = spec.size.width - spec.margins[0] - spec.margins[2] - cols.length * 6.5 - widths.filter((w) => w === '*').length * spec.font * 10
  const fixed = widths.reduce<number>((sum, w) => sum + (typeof w === 'number' ? w : 0), 0)
  if (fixed > room && room > 0) widths.forEach((w, i) => typeof w === 'number' && (widths[i] = (w * room) / fixed))
  const pad = spec.compact ? 1 : 2
  return {
    table: { headerRows: 1, dontBreakRows: true, widths, body: [header, ...rows, totalCells] },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => pad, paddingBottom: () => pad, paddingLeft: () => 3, paddingRight: () => 3 },
  }
}

function copyContent(d: PrintDoc, company: Company, t: PrintTemplate, spec: PaperSpec, copyLabel: string | undefined): unknown[] {
  const sign = (label: string) => ({ text: [{ text: `${label}：` }, { text: d.signers[label] ?? '', bold: true }], margin: [2, 2, 2, spec.signHeight - spec.font - 4] })
  const remark = join([d.remark && `备注：${d.remark}`, d.terms && `条款：${d.terms}`, t.terms && `说明：${t.terms}`, t.remarks], '\n')
  const content: unknown[] = [
    letterhead(company, t, spec),
    {
      columns: [
        { width: '*', text: '' },
        { width: 'auto', text: t.title, characterSpacing: spec.title / 4, bold: true, fontSize: spec.title },
        { width: '*', text: copyLabel ?? '', alignment: 'right', fontSize: spec.font, bold: true, margin: [0, spec.title - spec.font, 0, 0] },
      ],
      margin: [0, spec.compact ? 1 : 6, 0, spec.compact ? 1 : 4],
    },
    infoGrid(d, spec),
    linesTable(d, t, spec),
  ]
  const figures = [...d.figures]
  if (d.amountFen !== null) {
    content.push({
      text: [{ text: `${d.amountLabel}（大写）：`, color: '#444' }, { text: `${d.amountFen < 0 ? '负' : ''}人民币${amountInWords(Math.abs(d.amountFen))}`, bold: true }, { text: '    （小写）：', color: '#444' }, { text: formatFen(d.amountFen), bold: true }, ...figures.flatMap(([l, v]) => [{ text: `    ${l}：`, color: '#444' }, { text: v, bold: true }])],
      margin: [0, spec.compact ? 2 : 4, 0, 0],
    })
  }
  if (remark) content.push({ text: remark, fontSize: spec.font - 1, color: '#333', margin: [0, spec.compact ? 1 : 3, 0, spec.compact ? 2 : 6] })
  if (d.confirmBox) {
    content.push({
      table: { widths: ['*'], body: [[{ stack: [{ text: '客户确认：以上账目核对无误 □    有误 □（请注明）', bold: true }, { text: '\n客户签字：                     客户盖章：                     日期：      年    月    日', margin: [0, 0, 0, spec.signHeight / 2] }] }]] },
      layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
      unbreakable: true,
      margin: [0, 0, 0, 4],
    })
  }
  if (d.partyBoxes) {
    const party = (role: string, name: string) => ({ stack: [{ text: `${role}：${name}`, bold: true }, { text: '\n授权代表（签字）：\n\n盖章：\n\n日期：      年    月    日' }], margin: [2, 2, 2, 4] })
    content.push({ table: { widths: ['*', '*'], body: [[party('供方', d.partyBoxes.seller), party('需方', d.partyBoxes.buyer)]] }, layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 }, unbreakable: true, margin: [0, 0, 0, 4] })
  }
  if (t.signatures.length) {
    content.push({ table: { widths: t.signatures.map(() => '*'), body: [t.signatures.map(sign)] }, layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 }, unbreakable: true })
  }
  return content
}

/**
 * The pdfmake definition of one or more documents (a batch), each copy a section of its own that starts
 * on a new sheet and counts its own pages (第 x 页 / 共 y 页 of that copy). The page numbers of a section
 * are learnt from its header callback, which pdfmake calls for every page before the footers.
 */
export function documentDefinition(docs: PrintDoc[], company: Company, t: PrintTemplate, paper: Paper | 'custom', copies = 1): Record<string, unknown> {
  const spec = specOf(t, paper)
  const sections: unknown[] = []
  const pagesOf: number[][] = []
  for (const d of docs) {
    for (let c = 0; c < copies; c++) {
      const k = sections.length
      pagesOf.push([])
      const copyLabel = copies > 1 || t.copyLabels.length === 1 ? t.copyLabels[c] : undefined
      sections.push({
        section: copyContent(d, company, t, spec, copyLabel),
        header: (page: number) => {
          if (page === 1) pagesOf.forEach((p) => (p.length = 0)) // a second layout pass starts over
          pagesOf[k]!.push(page)
          return null
        },
        footer: (page: number) => {
          const mine = pagesOf[k]!
          const x = mine.indexOf(page) + 1
          return {
            columns: [
              { text: join([`${t.title} ${d.number}`, copyLabel, d.printCount > 1 ? `第 ${d.printCount} 次打印` : '']), alignment: 'left' },
              { text: `第 ${x} 页 / 共 ${mine.length} 页`, alignment: 'right' },
            ],
            fontSize: spec.font - 1,
            color: '#444',
            margin: [spec.margins[0], Math.max(2, spec.margins[3] / 2 - spec.font / 2), spec.margins[2], 0],
          }
        },
      })
    }
  }
  const first = docs[0]
  return {
    pageSize: spec.size,
    // pdfmake swaps width and height when they disagree with the orientation, so name the one the size already has
    pageOrientation: spec.size.width > spec.size.height ? 'landscape' : 'portrait',
    pageMargins: spec.margins,
    info: { title: docs.length === 1 && first ? `${t.title} ${first.number}` : `${t.title} ×${docs.length}`, subject: t.title, creator: 'Kedan 客单' },
    defaultStyle: { font: 'NotoSansSC', fontSize: spec.font, lineHeight: 1.15 },
    content: sections,
  }
}

/** PDF bytes of documents with a template: runs in the PDF worker (pdf.worker.ts) or, failing that, in this thread. */
export async function renderDocuments(docs: PrintDoc[], company: Company, t: PrintTemplate, paper: Paper | 'custom', copies = 1): Promise<Buffer> {
  ensureFonts()
  return pdfmake.createPdf(documentDefinition(docs, company, t, paper, copies)).getBuffer()
}
