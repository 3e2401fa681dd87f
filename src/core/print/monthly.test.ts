import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore } from '../testing/test-core'
import { build, TODAY, type World } from '../testing/report.fixture'
import { clip, renderMonthlyPack, type MonthlyPack } from './monthly.pdf'

/**
 * print.monthlyPack (issue 10): the owner's March 2026 of the hand-worked report data set
 * (report.fixture.ts) as a one-page A4 PDF, read back with pdftotext. Every figure below is worked
 * out by hand from the fixture's documents:
 * - 发货 2220.00 (SB) + 545.00 (SC2) − 218.00 (return) = ¥2,547.00, 2 shipments; February nothing (环比 —);
 *   March 2025 O1 1130.00 + O6 226.00 = ¥1,356.00, 同比 (2547 − 1356) / 1356 = +87.8 %.
 * - 订货 O2 2220.00 + O3 545.00 + O4 565.00 = ¥3,330.00, 3 orders; 同比 (3330 − 1356) / 1356 = +145.6 %.
 * - 回款 1000.00 + 545.00 = ¥1,545.00, 2 receipts; February C3's 300.00: 环比 (1545 − 300) / 300 = +415.0 %.
 * - AR on 03-31: C2 339 + 2220 − 218 − 1000 = 1341.00 overdue, C3 −74.00 in credit: ¥1,267.00, overdue ¥1,341.00.
 * - margin: net 2300.00 − cost 1300.00 = ¥1,000.00; on-time: O2 delivered late → 0.0 %.
 * - targets set here: 张三 1000.00 → 545.00 = 54.5 %; 李四 2000.00 → 2002.00 = 100.1 %.
 * - churn: 无锡四号机电 (李四), 3 orders, last 2024-12-05, 481 days by 03-31, gaps 31 and 30 days (median 30.5 → 31).
 * - the chart's axis: the largest bar 2547.00 → a round ¥5000 top, gridlines at 3750 / 2500 / 1250.
 */
let w: World
let dir: string

async function pdf(token: string, month = '2026-03') {
  const r = await w.t.call('print.monthlyPack', { month }, token)
  expect(r.mimeType).toBe('application/pdf')
  const file = path.join(dir, `${r.fileName}`)
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'))
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
  return { r, file, text, flat: text.replace(/[ \t]+/g, ' '), pages }
}
/** the line of the text that starts with `label` (pdftotext -layout keeps a table row on one line) */
const squeeze = (s: string) => s.replace(/\s+/g, '')
const row = (text: string, label: string) => text.split('\n').find((l) => l.trim().startsWith(label))?.trim().split(/\s{2,}/) ?? []

describe('print.monthlyPack', () => {
  beforeAll(async () => {
    w = await build(await createTestCore({ now: TODAY }))
    dir = w.t.dir
    await w.t.call('settings.update', { company: { name: '杭州明达五金贸易有限公司' } }, w.t.adminToken)
    await w.t.call('target.set', { year: 2026, month: 3, salespersonId: w.s1.id, amountFen: 100000 }, w.t.adminToken)
    await w.t.call('target.set', { year: 2026, month: 3, salespersonId: w.s2.id, amountFen: 200000 }, w.t.adminToken)
  }, 120_000)
  afterAll(async () => w?.t.close())

  it("the owner's month on one A4 page with every figure of report.monthlyPack", async () => {
    const { r, text, flat, pages, file } = await pdf(w.owner)
    fs.copyFileSync(file, path.join(process.env.KEDAN_KEEP_PDF ?? dir, 'monthly-pack.pdf'))
    expect(r.fileName).toBe('月度经营报告-2026-03.pdf')
    expect(pages).toBe(1)
    expect(flat).toContain('杭州明达五金贸易有限公司')
    expect(flat).toContain('2026年3月 月度经营报告')
    expect(flat).toContain('期间 2026-03-01 至 2026-03-31')
    expect(flat).toContain('范围：全部客户')
    // measures: 本月, 单数, 上月, 环比, 去年同月, 同比
    expect(row(text, '发货（销售额）')).toEqual(['发货（销售额）', '¥2,547.00', '2', '¥0.00', '—', '¥1,356.00', '+87.8%'])
    expect(row(text, '订货')).toEqual(['订货', '¥3,330.00', '3', '¥0.00', '—', '¥1,356.00', '+145.6%'])
    expect(row(text, '回款')).toEqual(['回款', '¥1,545.00', '2', '¥300.00', '+415.0%', '¥0.00', '—'])
    // the figures' boxes: pdftotext puts the labels on one line and the values under them (spacing squeezed)
    const boxes = squeeze(text.slice(text.indexOf('月末应收'), text.indexOf('近 12 个月')))
    expect(boxes).toBe(squeeze('月末应收（03-31） 其中逾期 新客户 流失预警 交付及时率 毛利（不含税） ¥1,267.00 ¥1,341.00 0家 1家 0.0% ¥1,000.00'))
    // the chart: legend, axis (¥5000 top), month labels from 2025年4月 to 3月
    for (const s of ['发货（本年）', '去年同月', '5000', '3750', '2500', '1250', '2025年4月', '2026年1月', '12月']) expect(flat).toContain(s)
    // top 10 customers and products (quantity, amount)
    expect(flat).toMatch(/1 南京二号科技有限公司 ¥2,002\.00/)
    expect(flat).toMatch(/2 杭州一号贸易有限公司 ¥545\.00/)
    expect(flat).toMatch(/1 P2 合页 130 ¥1,417\.00/)
    expect(flat).toMatch(/2 P1 复印纸 10 ¥1,130\.00/)
    // salespeople against target: target, actual, completion
    expect(flat).toMatch(/张三 ¥1,000\.00 ¥545\.00 54\.5%/)
    expect(flat).toMatch(/李四 ¥2,000\.00 ¥2,002\.00 100\.1%/)
    // the churn list
    expect(flat).toContain('流失预警（1 家）')
    expect(flat).toMatch(/无锡四号机电有限公司 李四 3 2024-12-05 481 天 31 天 —/)
    // 口径 in small print
    expect(flat).toContain('口径')
    expect(flat).toContain('未作废的发货单按发货日期')
  })

  it("a salesperson's pack covers their own customers only and shows no margin", async () => {
    const { text, flat, pages } = await pdf(w.s1.token)
    expect(pages).toBe(1)
    expect(flat).toContain('范围：张三的客户')
    expect(row(text, '发货（销售额）')).toEqual(['发货（销售额）', '¥545.00', '1', '¥0.00', '—', '¥1,356.00', '-59.8%'])
    expect(flat).not.toContain('南京二号科技有限公司')
    expect(flat).not.toContain('毛利')
    expect(flat).toContain('没有流失预警的客户')
  })

  it('a month without documents prints its empty states; a bad month is a VALIDATION error', async () => {
    const { flat, pages } = await pdf(w.owner, '2025-08')
    expect(pages).toBe(1)
    expect(flat).toContain('本月无发货')
    const bad = await w.t.raw('print.monthlyPack', { month: '2026-13' }, w.owner)
    expect(!bad.ok && bad.error.code).toBe('VALIDATION')
  })

  it('a full month (10 customers and products with long names, 8 salespeople, 20 churn warnings) stays within two pages, each row one line', async () => {
    const fig = { amountFen: 123456789, netFen: 109000000, count: 1234, prevFen: 120000000, lastYearFen: 99000000 }
    const long = '浙江省杭州市余杭区某某五金机电贸易有限公司'
    const pack: MonthlyPack = {
      month: '2026-11',
      from: '2026-11-01',
      to: '2026-11-30',
      shipped: { ...fig, costFen: 80000000, marginFen: 29000000 },
      ordered: fig,
      received: fig,
      ar: { asOf: '2026-11-30', balanceFen: 987654321, overdueFen: 123456789 },
      newCustomers: 37,
      lostCustomers: 212,
      topCustomers: Array.from({ length: 10 }, (_, i) => ({ customerId: i + 1, name: `${long}${i}`, amountFen: 9000000 - i })),
      topProducts: Array.from({ length: 10 }, (_, i) => ({ productId: i + 1, name: `P-${i} 304 不锈钢合页（加厚款）`, amountFen: 8000000 - i, quantity: '12345.5' })),
      salespeople: Array.from({ length: 8 }, (_, i) => ({ salespersonId: i + 1, name: `销售员${i}`, targetFen: 20000000, actualFen: 15000000, completion: 0.75 })),
      onTimeRate: 0.923,
      churn: Array.from({ length: 20 }, (_, i) => ({ customerId: i + 1, customerName: `${long}${i}`, ownerId: 1, ownerName: '张三', orderCount: 12, lastOrderDate: '2026-05-01', daysSince: 213, usualGapDays: 30.5, lastFollowUpAt: null })),
    }
    const trend = Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, amountFen: 100000000 + i, lastYearFen: 90000000 + i }))
    const file = path.join(dir, 'full.pdf')
    fs.writeFileSync(file, await renderMonthlyPack({ pack, trend, company: { name: '杭州明达五金贸易有限公司' }, scopeLabel: '全部客户', generatedAt: '2026-12-01 09:00' }))
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])).toBe(2)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    // 10 of the 20 churn warnings, the rest named; a long name is cut with … and keeps its row on one line
    expect(text).toContain('另有 202 家见「客户分析」。')
    expect(text.split('\n').filter((l) => l.includes('213 天'))).toHaveLength(10)
    expect(clip(long, 19)).toBe('浙江省杭州市余杭区某某五金机电贸易有限…')
    expect(clip('P1 复印纸', 15)).toBe('P1 复印纸')
    expect(text).toContain('浙江省杭州市余杭区某某五金机电贸易有限…')
  })
})
