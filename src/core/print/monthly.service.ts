import type { Ctx } from '../contract/method'
import { getSetting } from '../settings/settings.service'
import { monthlyPack, sales } from '../report/report.service'
import { monthEnd, monthsBetween, monthStart, shiftMonth } from '../report/report.sql'
import { renderPdf } from './pdf-render'
import { renderMonthlyPack, type MonthlyPdfData } from './monthly.pdf'
import type { Company } from './print.engine'
import type { PdfFile } from './print.service'

/** Whose customers a report covers, in the caller's words (the data scope of report.sql.ts). */
export function scopeLabel(ctx: Ctx): string {
  if (ctx.user.role === 'sales') return `${ctx.user.displayName}的客户`
  if (ctx.user.role === 'manager') return `${ctx.user.displayName}及团队的客户`
  return '全部客户'
}

/**
 * print.monthlyPack: reads report.monthlyPack and the 12 months of shipped up to the month (both in the
 * caller's scope, on the read connection), then renders the PDF in the PDF worker — no write queue.
 */
export async function printMonthlyPack(ctx: Ctx, input: { month: string }): Promise<PdfFile> {
  const from = monthStart(shiftMonth(input.month, -11))
  const to = monthEnd(input.month)
  const [pack, byMonth, company] = await Promise.all([
    monthlyPack(ctx, input),
    sales(ctx, { from, to, groupBy: 'month', measure: 'shipped', page: 1, pageSize: 12 }),
    getSetting<Company>(ctx, 'company', { name: '' }),
  ])
  const rows = new Map(byMonth.rows.map((r) => [r.key, r]))
  const beijing = new Date(ctx.now().getTime() + 8 * 3_600_000).toISOString()
  const data: MonthlyPdfData = {
    pack,
    trend: monthsBetween(from, to).map((m) => ({ month: m, amountFen: rows.get(m)?.amountFen ?? 0, lastYearFen: rows.get(m)?.lastYearFen ?? 0 })),
    company: { name: company.name },
    scopeLabel: scopeLabel(ctx),
    generatedAt: `${beijing.slice(0, 10)} ${beijing.slice(11, 16)}`,
  }
  const buffer = await renderPdf('monthlyPack', [data], () => renderMonthlyPack(data))
  return { fileName: `月度经营报告-${input.month}.pdf`, mimeType: 'application/pdf', base64: buffer.toString('base64') }
}
