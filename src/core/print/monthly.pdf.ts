import pdfmake from 'pdfmake'
import type { z } from 'zod'
import { formatFen } from '../money/money'
import { REPORT_DEFINITIONS } from '../report/report.enums'
import type { monthlyPackOutput } from '../report/report.schemas'
import { ensureFonts, MM, type Company } from './print.engine'

/**
 * 月度经营报告 as a PDF (issue 10): the owner's month on one A4 page — the three measures with 环比 and
 * 同比, receivable and overdue, new and lost customers, on-time rate, a 12-month bar chart (this year
 * against last, drawn as vector with pdfmake's canvas), top 10 customers and products, salespeople
 * against target, the churn list, and the 口径 in small print. A pure function of plain data, so it runs
 * in the PDF worker (pdf.worker.ts) like every other document.
 */
export type MonthlyPack = z.output<typeof monthlyPackOutput>
export interface MonthlyPdfData {
  pack: MonthlyPack
  /** the 12 months up to the pack's month: shipped (net of returns) and the same month a year earlier */
  trend: { month: string; amountFen: number; lastYearFen: number }[]
  company: Company
  /** whose customers the figures cover (全部客户 / 张三的客户 …) */
  scopeLabel: string
  /** Beijing time, YYYY-MM-DD HH:mm */
  generatedAt: string
}

const FONT = 8
const BLUE = '#228be6'
const GREY = '#adb5bd'
const PAGE = { width: 210 * MM, height: 297 * MM }
const MARGINS: [number, number, number, number] = [32, 28, 32, 30]
const CONTENT_W = PAGE.width - MARGINS[0] - MARGINS[2]

const money = (fen: number) => formatFen(fen)
const pct = (r: number | null | undefined, digits = 1) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`)
/** change of `cur` against `base` as a signed percentage; '—' without a base */
export function changeText(cur: number, base: number): string {
  if (!base) return '—'
  const r = (cur - base) / Math.abs(base)
  return `${r >= 0 ? '+' : ''}${(r * 100).toFixed(1)}%`
}
/** compact yuan for the chart's axis: 1.2万, 3.4亿 */
function axisYuan(fen: number): string {
  const v = fen / 100
  if (Math.abs(v) >= 1e8) return `${(v / 1e8).toFixed(1)}亿`
  if (Math.abs(v) >= 1e4) return `${(v / 1e4).toFixed(Math.abs(v) >= 1e5 ? 0 : 1)}万`
  return String(Math.round(v))
}
/** a round axis maximum ≥ v (1, 2, 2.5, 5 × 10ⁿ) */
function niceMax(v: number): number {
  if (v <= 0) return 100
  const p = 10 ** Math.floor(Math.log10(v))
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p
  return 10 * p
}

/** a name cut to about `em` full-width characters (Latin letters and digits count about half), so a row stays one line */
export function clip(name: string, em: number): string {
  let w = 0
  const chars = [...name]
  for (let i = 0; i < chars.length; i++) {
    w += /[\u0000-\u02ff]/.test(chars[i]!) ? 0.55 : 1
    if (w > em) return `${chars.slice(0, i).join('').trimEnd()}…`
  }
  return name
}

const thinLines = { hLineWidth: () => 0.4, vLineWidth: () => 0, hLineColor: () => '#ced4da', paddingTop: () => 1.5, paddingBottom: () => 1.5, paddingLeft: () => 3, paddingRight: () => 3 }
const head = (cells: string[], right: boolean[] = []) => cells.map((c, i) => ({ text: c, bold: true, color: '#495057', fillColor: '#f1f3f5', alignment: right[i] ? 'right' : 'left' }))
const title = (text: string) => ({ text, bold: true, fontSize: FONT + 2, margin: [0, 7, 0, 3] })

/** the measures block: 本月, 上月 (环比), 去年同月 (同比) of 发货 · 订货 · 回款 */
function measures(p: MonthlyPack): Record<string, unknown> {
  const rows = (
    [
      ['发货（销售额）', p.shipped],
      ['订货', p.ordered],
      ['回款', p.received],
    ] as const
  ).map(([label, f]) => [
    { text: label, bold: true },
    { text: money(f.amountFen), alignment: 'right', bold: true },
    { text: String(f.count), alignment: 'right' },
    { text: money(f.prevFen), alignment: 'right', color: '#495057' },
    { text: changeText(f.amountFen, f.prevFen), alignment: 'right' },
    { text: money(f.lastYearFen), alignment: 'right', color: '#495057' },
    { text: changeText(f.amountFen, f.lastYearFen), alignment: 'right' },
  ])
  return {
    table: { headerRows: 1, widths: ['*', 80, 34, 76, 46, 76, 46], body: [head(['', '本月（含税）', '单数', '上月', '环比', '去年同月', '同比'], [false, true, true, true, true, true, true]), ...rows] },
    layout: thinLines,
  }
}

/** the figures under the measures: AR, overdue, new, lost, on-time, margin */
function figures(p: MonthlyPack): Record<string, unknown> {
  const cells: [string, string][] = [
    [`月末应收（${p.ar.asOf.slice(5)}）`, money(p.ar.balanceFen)],
    ['其中逾期', money(p.ar.overdueFen)],
    ['新客户', `${p.newCustomers} 家`],
    ['流失预警', `${p.lostCustomers} 家`],
    ['交付及时率', pct(p.onTimeRate)],
  ]
  if (p.shipped.marginFen !== undefined) cells.push(['毛利（不含税）', money(p.shipped.marginFen)])
  return {
    table: {
      widths: cells.map(() => '*'),
      body: [cells.map(([label, value]) => ({ stack: [{ text: label, color: '#495057', fontSize: FONT - 0.5 }, { text: value, bold: true, fontSize: FONT + 2 }], margin: [2, 2, 2, 2] }))],
    },
    layout: { hLineWidth: () => 0.4, vLineWidth: () => 0.4, hLineColor: () => '#ced4da', vLineColor: () => '#ced4da' },
    margin: [0, 5, 0, 0],
  }
}

/** 12-month bars (this year blue, a year earlier grey) with gridlines and axis labels: vector, no image */
function trendChart(trend: MonthlyPdfData['trend']): Record<string, unknown> {
  const axisW = 34
  const h = 84
  const plotW = CONTENT_W - axisW
  const max = niceMax(Math.max(0, ...trend.flatMap((m) => [m.amountFen, m.lastYearFen])))
  const slot = plotW / Math.max(1, trend.length)
  const barW = Math.min(14, slot * 0.34)
  const y = (fen: number) => h - (Math.max(0, fen) / max) * h
  const canvas: Record<string, unknown>[] = []
  const labels: Record<string, unknown>[] = []
  for (let i = 0; i <= 4; i++) {
    const gy = (h * i) / 4
    canvas.push({ type: 'line', x1: axisW, y1: gy, x2: axisW + plotW, y2: gy, lineWidth: i === 4 ? 0.8 : 0.3, lineColor: i === 4 ? '#495057' : '#dee2e6' })
    labels.push({ text: axisYuan(max - (max * i) / 4), fontSize: FONT - 2, color: '#868e96', alignment: 'right', width: axisW - 4, relativePosition: { x: 0, y: gy - 4 } })
  }
  trend.forEach((m, i) => {
    const x0 = axisW + slot * i + (slot - 2 * barW - 2) / 2
    if (m.lastYearFen > 0) canvas.push({ type: 'rect', x: x0, y: y(m.lastYearFen), w: barW, h: h - y(m.lastYearFen), color: GREY })
    if (m.amountFen > 0) canvas.push({ type: 'rect', x: x0 + barW + 2, y: y(m.amountFen), w: barW, h: h - y(m.amountFen), color: BLUE })
    const [yy, mm] = m.month.split('-')
    labels.push({ text: Number(mm) === 1 || i === 0 ? `${yy}年${Number(mm)}月` : `${Number(mm)}月`, fontSize: FONT - 1.5, color: '#495057', alignment: 'center', width: slot, relativePosition: { x: axisW + slot * i, y: h + 2 } })
  })
  const legend = (color: string, text: string) => [{ canvas: [{ type: 'rect', x: 0, y: 2, w: 8, h: 6, color }], width: 11 }, { text, width: 'auto', fontSize: FONT - 1, margin: [0, 0, 10, 0] }]
  return {
    stack: [
      { columns: [...legend(BLUE, '发货（本年）'), ...legend(GREY, '去年同月'), { text: '', width: '*' }], margin: [axisW, 0, 0, 3] },
      // the labels are detached (relativePosition: no room taken) from the chart's top-left corner, then the canvas
      { stack: [...labels.map(({ relativePosition, ...l }) => ({ columns: [l], relativePosition })), { canvas }], unbreakable: true },
      { text: ' ', fontSize: FONT - 1, margin: [0, 2, 0, 0] },
    ],
  }
}

function topTable(heading: string, rows: { name: string; amountFen: number; quantity?: string }[], withQty: boolean): Record<string, unknown> {
  const em = withQty ? 15 : 19
  const body = [
    head(withQty ? ['#', heading, '数量', '发货额'] : ['#', heading, '发货额'], withQty ? [false, false, true, true] : [false, false, true]),
    ...rows.map((r, i) => [{ text: String(i + 1), color: '#868e96' }, { text: clip(r.name, em) }, ...(withQty ? [{ text: r.quantity ?? '', alignment: 'right' }] : []), { text: money(r.amountFen), alignment: 'right' }]),
  ]
  if (!rows.length) body.push([{ text: '' }, { text: '本月无发货', color: '#868e96' }, ...(withQty ? [{ text: '' }] : []), { text: '' }])
  return { table: { headerRows: 1, widths: withQty ? [10, '*', 38, 62] : [10, '*', 62], body }, layout: thinLines }
}

function salespeople(p: MonthlyPack): Record<string, unknown> {
  const barW = 90
  const rows = p.salespeople.map((s) => {
    const done = Math.max(0, Math.min(1, s.completion ?? 0))
    return [
      { text: clip(s.name, 20) },
      { text: money(s.targetFen), alignment: 'right', color: '#495057' },
      { text: money(s.actualFen), alignment: 'right', bold: true },
      {
        canvas: [
          { type: 'rect', x: 0, y: 2, w: barW, h: 6, color: '#e9ecef' },
          ...(done > 0 ? [{ type: 'rect', x: 0, y: 2, w: barW * done, h: 6, color: (s.completion ?? 0) >= 1 ? '#12b886' : BLUE }] : []),
        ],
      },
      { text: pct(s.completion), alignment: 'right' },
    ]
  })
  if (!rows.length) rows.push([{ text: '本月无目标或发货', color: '#868e96' }, { text: '' }, { text: '' }, { canvas: [] }, { text: '' }] as never)
  return { table: { headerRows: 1, widths: ['*', 80, 80, barW + 4, 48], body: [head(['销售员', '目标', '实际（发货）', '', '完成率'], [false, true, true, false, true]), ...rows] }, layout: thinLines }
}

const CHURN_ROWS = 10
function churn(p: MonthlyPack): unknown[] {
  const items = p.churn.slice(0, CHURN_ROWS)
  const body = [
    head(['客户', '负责人', '订单数', '上次下单', '已隔天数', '通常间隔', '上次跟进'], [false, false, true, false, true, true, false]),
    ...items.map((c) => [
      { text: clip(c.customerName, 22) },
      { text: clip(c.ownerName ?? '—', 5) },
      { text: String(c.orderCount), alignment: 'right' },
      { text: c.lastOrderDate },
      { text: `${c.daysSince} 天`, alignment: 'right', bold: true },
      { text: `${Math.round(c.usualGapDays)} 天`, alignment: 'right' },
      { text: c.lastFollowUpAt ? c.lastFollowUpAt.slice(0, 10) : '—' },
    ]),
  ]
  if (!items.length) body.push([{ text: '没有流失预警的客户', color: '#868e96' }, ...Array.from({ length: 6 }, () => ({ text: '' }))] as never)
  const out: unknown[] = [{ table: { headerRows: 1, widths: ['*', 50, 34, 52, 44, 44, 52], body }, layout: thinLines }]
  if (p.lostCustomers > items.length) out.push({ text: `另有 ${p.lostCustomers - items.length} 家见「客户分析」。`, color: '#868e96', fontSize: FONT - 1, margin: [0, 2, 0, 0] })
  return out
}

export function monthlyPackDefinition(d: MonthlyPdfData): Record<string, unknown> {
  const p = d.pack
  const [y, m] = p.month.split('-')
  const heading = `${y}年${Number(m)}月 月度经营报告`
  const defs = REPORT_DEFINITIONS['zh-CN']
  const kouj = [defs.shipped, defs.ordered, defs.received, '环比：上一个自然月；同比：去年同月。', '月末应收：截至月末的应收余额（含预收冲抵），逾期为超过账期的部分。', defs.churn, defs.delivery, ...(p.shipped.marginFen !== undefined ? [defs.margin] : [])]
  return {
    pageSize: PAGE,
    pageOrientation: 'portrait',
    pageMargins: MARGINS,
    info: { title: `${d.company.name ? `${d.company.name} ` : ''}${heading}`, subject: '月度经营报告', creator: 'Kedan 客单' },
    defaultStyle: { font: 'NotoSansSC', fontSize: FONT, lineHeight: 1.12 },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `${heading} · ${d.scopeLabel} · 生成于 ${d.generatedAt}`, alignment: 'left' },
        { text: `第 ${page} 页 / 共 ${pages} 页`, alignment: 'right', width: 80 },
      ],
      fontSize: FONT - 1.5,
      color: '#868e96',
      margin: [MARGINS[0], 10, MARGINS[2], 0],
    }),
    content: [
      {
        columns: [
          { stack: [{ text: d.company.name || '客单', fontSize: FONT + 1, color: '#495057' }, { text: heading, bold: true, fontSize: FONT + 8 }] },
          { stack: [{ text: `期间 ${p.from} 至 ${p.to}`, alignment: 'right' }, { text: `范围：${d.scopeLabel}`, alignment: 'right' }, { text: '金额单位：元（含税）', alignment: 'right', color: '#868e96' }], width: 200, margin: [0, 4, 0, 0] },
        ],
        margin: [0, 0, 0, 4],
      },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_W, y2: 0, lineWidth: 1, lineColor: '#343a40' }], margin: [0, 0, 0, 5] },
      measures(p),
      figures(p),
      title('近 12 个月发货（减退货）'),
      trendChart(d.trend),
      {
        columns: [
          { stack: [title('前 10 客户'), topTable('客户', p.topCustomers, false)] },
          { stack: [title('前 10 商品'), topTable('商品', p.topProducts, true)] },
        ],
        columnGap: 12,
      },
      title('销售员目标达成（本月）'),
      salespeople(p),
      title(`流失预警（${p.lostCustomers} 家）`),
      ...churn(p),
      { text: '口径', bold: true, fontSize: FONT - 1, margin: [0, 8, 0, 1], color: '#495057' },
      { ul: kouj, fontSize: FONT - 2, color: '#495057', lineHeight: 1.05 },
    ],
  }
}

/** PDF bytes of the monthly pack: in the PDF worker (pdf.worker.ts) or, failing that, in the calling thread. */
export async function renderMonthlyPack(d: MonthlyPdfData): Promise<Buffer> {
  ensureFonts()
  return pdfmake.createPdf(monthlyPackDefinition(d)).getBuffer()
}
