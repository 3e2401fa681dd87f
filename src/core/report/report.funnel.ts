import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { rawQuery } from '../db/sql'
import { renderMessage } from '../i18n/i18n'
import type * as S from './report.schemas'
import { addDays } from '../clock'
import { beijingDaySql, beijingDayStartIso, daysSql, monthEnd, monthOf, monthStart, n, rate, reportScope, shiftMonth, type Scope } from './report.sql'
import { checkPeriod, keyOf, measureGrouped, userNames, type Out } from './report.measure'

// ── report.funnel ───────────────────────────────────────────────────────────
const OPEN_STAGES = ['initial', 'needs', 'proposal', 'negotiation'] as const

export async function funnel(ctx: Ctx, input: z.output<typeof S.funnelInput>): Promise<Out<typeof S.funnelOutput>> {
  checkPeriod(input.from, input.to)
  const scope = await reportScope(ctx)
  const cs = scope.customer('o."customerId"')
  const us = scope.user('o."ownerId"')
  const params: unknown[] = [beijingDayStartIso(input.from), beijingDayStartIso(addDays(input.to, 1))]
  let where = `o."createdAt" >= ? AND o."createdAt" < ?`
  if (scope.userIds !== null) {
    // own opportunities, and those of customers in scope
    where += ` AND (${cs.sql.replace(/^ AND /, '')} OR ${us.sql.replace(/^ AND /, '')})`
    params.push(...cs.params, ...us.params)
  }
  if (input.salespersonId) {
    where += ` AND o."ownerId" = ?`
    params.push(input.salespersonId)
  }
  const days = daysSql(ctx.engine, beijingDaySql(ctx.engine, 'o."createdAt"'), 'o."closedOn"')
  // one pass: grouped by source, owner and stage; the three views are folded from these few rows
  const fine = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT o."source" AS src, o."ownerId" AS own, o."stage" AS stage, COUNT(*) AS cnt, SUM(o."amountFen") AS amt,
            SUM(CASE WHEN o."stage" = 'won' THEN ${days} ELSE 0 END) AS days
       FROM opportunities o WHERE ${where} GROUP BY o."source", o."ownerId", o."stage"`,
    params,
  )
  const byStage = fine.map((r) => ({ ...r, k: '' }))
  const bySource = fine.map((r) => ({ ...r, k: r.src }))
  const byOwner = fine.map((r) => ({ ...r, k: r.own }))
  type Acc = { count: number; amountFen: number; wonCount: number; wonFen: number; lostCount: number; wonDays: number; stages: Map<string, { count: number; amountFen: number }> }
  const fold = (rows: Record<string, unknown>[]) => {
    const m = new Map<string, Acc>()
    for (const r of rows) {
      const k = keyOf(r.k as string | number | null)
      const a = m.get(k) ?? { count: 0, amountFen: 0, wonCount: 0, wonFen: 0, lostCount: 0, wonDays: 0, stages: new Map() }
      const c = n(r.cnt)
      const amt = n(r.amt)
      a.count += c
      a.amountFen += amt
      if (r.stage === 'won') {
        a.wonCount += c
        a.wonFen += amt
        a.wonDays += n(r.days)
      }
      if (r.stage === 'lost') a.lostCount += c
      const st = a.stages.get(String(r.stage)) ?? { count: 0, amountFen: 0 }
      a.stages.set(String(r.stage), { count: st.count + c, amountFen: st.amountFen + amt })
      m.set(k, a)
    }
    return m
  }
  const summary = (a: Acc) => ({
    count: a.count,
    amountFen: a.amountFen,
    wonCount: a.wonCount,
    wonFen: a.wonFen,
    lostCount: a.lostCount,
    winRate: rate(a.wonCount, a.wonCount + a.lostCount),
    avgDaysToWon: a.wonCount ? a.wonDays / a.wonCount : null,
  })
  const empty: Acc = { count: 0, amountFen: 0, wonCount: 0, wonFen: 0, lostCount: 0, wonDays: 0, stages: new Map() }
  const all = fold(byStage).get('') ?? empty
  const at = (s: string) => all.stages.get(s) ?? { count: 0, amountFen: 0 }
  // reached: at this stage or beyond; won has passed every open stage, lost only the first
  const wonN = at('won').count
  const reached = new Map<string, number>()
  let beyond = wonN
  for (let i = OPEN_STAGES.length - 1; i >= 0; i--) {
    beyond += at(OPEN_STAGES[i]!).count
    reached.set(OPEN_STAGES[i]!, beyond)
  }
  reached.set('initial', reached.get('initial')! + at('lost').count)
  reached.set('won', wonN)
  reached.set('lost', at('lost').count)
  const order = [...OPEN_STAGES, 'won'] as const
  const stages = (['initial', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const).map((stage) => {
    const i = order.indexOf(stage as (typeof order)[number])
    const next = i >= 0 && i < order.length - 1 ? order[i + 1]! : null
    return { stage, label: renderMessage(`enum.opportunityStage.${stage}`, undefined, ctx.locale), count: at(stage).count, amountFen: at(stage).amountFen, reachedCount: reached.get(stage)!, conversion: next ? rate(reached.get(next)!, reached.get(stage)!) : null }
  })
  const names = await userNames(ctx)
  const groups = (m: Map<string, Acc>, label: (k: string) => string) =>
    [...m.entries()].map(([k, a]) => ({ key: k, label: label(k), ...summary(a) })).sort((x, y) => y.amountFen - x.amountFen || x.key.localeCompare(y.key))
  return {
    from: input.from,
    to: input.to,
    stages,
    ...summary(all),
    bySource: groups(fold(bySource), (k) => k || renderMessage('report.noSource', undefined, ctx.locale)),
    bySalesperson: groups(fold(byOwner), (k) => (k ? (names.get(Number(k)) ?? `#${k}`) : renderMessage('report.unassigned', undefined, ctx.locale))),
  }
}

// ── report.forecast ─────────────────────────────────────────────────────────
/** Shipped (net of returns) per order salesperson over a period: Map<salespersonId|'' , fen>. */
export async function shippedBySalesperson(ctx: Ctx, scope: Scope, from: string, to: string): Promise<Map<string, number>> {
  const rows = await measureGrouped(ctx, scope, 'shipped', 'salesperson', from, to)
  return new Map(rows.map((r) => [keyOf(r.k), r.a]))
}

export async function forecast(ctx: Ctx, input: z.output<typeof S.forecastInput>): Promise<Out<typeof S.forecastOutput>> {
  const today = ctx.today()
  const first = monthOf(today)
  const months = Array.from({ length: input.months }, (_, i) => shiftMonth(first, i))
  const lastMonth = months[months.length - 1]!
  const scope = await reportScope(ctx)
  const us = scope.user('o."ownerId"')
  // open opportunities by owner and expected close month; overdue or undated ones fall in the current month
  const bucket = `CASE WHEN o."expectedCloseOn" IS NULL OR o."expectedCloseOn" < ? THEN ? ELSE substr(o."expectedCloseOn", 1, 7) END`
  const pipe = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT o."ownerId" AS k, ${bucket} AS m, SUM(o."amountFen" * o."probability") AS w
       FROM opportunities o
      WHERE o."stage" NOT IN ('won', 'lost') AND (o."expectedCloseOn" IS NULL OR o."expectedCloseOn" <= ?)${us.sql}
      GROUP BY 1, 2`,
    [monthStart(first), first, monthEnd(lastMonth), ...us.params],
  )
  const rrFrom = monthStart(shiftMonth(first, -3))
  const rrTo = monthEnd(shiftMonth(first, -1))
  const shipped = await shippedBySalesperson(ctx, { ...scope, customer: () => ({ sql: '', params: [] }) }, rrFrom, rrTo)
  const names = await userNames(ctx)
  const people = new Set<string>()
  for (const r of pipe) people.add(keyOf(r.k as number | null))
  for (const k of shipped.keys()) if (scope.userIds === null || scope.userIds.includes(Number(k))) people.add(k)
  // Σ amount × probability % per owner and month, rounded half up to the fen once
  const pipeOf = new Map(pipe.map((r) => [`${keyOf(r.k as number | null)}|${String(r.m)}`, Number((BigInt(String(r.w)) + 50n) / 100n)]))
  const rows = [...people].map((k) => {
    const runRate = Math.round((shipped.get(k) ?? 0) / 3)
    const ms = months.map((m) => {
      const p = pipeOf.get(`${k}|${m}`) ?? 0
      return { month: m, pipelineFen: p, runRateFen: runRate, totalFen: p + runRate }
    })
    const pipelineFen = ms.reduce((s, m) => s + m.pipelineFen, 0)
    return { salespersonId: k === '' ? null : Number(k), name: k === '' ? renderMessage('report.unassigned', undefined, ctx.locale) : (names.get(Number(k)) ?? `#${k}`), months: ms, pipelineFen, runRateFen: runRate * months.length, totalFen: pipelineFen + runRate * months.length }
  })
  rows.sort((a, b) => b.totalFen - a.totalFen || a.name.localeCompare(b.name))
  const totMonths = months.map((m, i) => {
    const p = rows.reduce((s, r) => s + r.months[i]!.pipelineFen, 0)
    const rr = rows.reduce((s, r) => s + r.months[i]!.runRateFen, 0)
    return { month: m, pipelineFen: p, runRateFen: rr, totalFen: p + rr }
  })
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0)
  return { months, runRateFrom: rrFrom, runRateTo: rrTo, rows, totals: { months: totMonths, pipelineFen: sum((r) => r.pipelineFen), runRateFen: sum((r) => r.runRateFen), totalFen: sum((r) => r.totalFen) } }
}

