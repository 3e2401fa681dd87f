import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { appError, fieldError, staleConflict } from '../contract/errors'
import { audit } from '../audit/audit.service'
import { msgRef, renderMessage, type ParamValue } from '../i18n/i18n'
import { formatFen } from '../money/money'
import { UserEntity, type User } from '../auth/auth.entity'
import { rawQuery } from '../db/sql'
import type * as S from './report.schemas'
import { SalesTargetEntity, type SalesTarget } from './target.entity'
import { measureGrouped, userNames } from './report.service'
import { monthEnd, monthStart, n, rate, reportScope } from './report.sql'

type Out<T extends z.ZodType> = z.input<T>

const pad = (m: number) => String(m).padStart(2, '0')
const toOut = (t: SalesTarget) => ({ id: t.id, year: t.year, month: t.month, salespersonId: t.salespersonId, teamManagerId: t.teamManagerId, amountFen: t.amountFen, version: t.version, updatedAt: t.updatedAt, updatedByName: t.updatedByName })

async function loadUser(ctx: Ctx, id: number, path: string): Promise<User> {
  const u = await ctx.em.getRepository(UserEntity).findOneBy({ id })
  if (!u) throw fieldError(path, 'target.userMissing')
  return u
}

/** admin: anyone; a manager: themselves, their team's people and their own team target. */
function mayTarget(ctx: Ctx, salesperson: User | null, teamManagerId: number | null) {
  if (ctx.user.role === 'admin') return
  if (teamManagerId !== null && teamManagerId === ctx.user.id) return
  if (salesperson && (salesperson.id === ctx.user.id || salesperson.managerId === ctx.user.id)) return
  throw appError('FORBIDDEN', 'target.managerOwnTeam')
}

async function upsert(ctx: Ctx, t: { year: number; month: number; salespersonId: number | null; teamManagerId: number | null; amountFen: number; version?: number }, who: ParamValue) {
  const repo = ctx.em.getRepository(SalesTargetEntity)
  const subject = t.salespersonId !== null ? `u:${t.salespersonId}` : `t:${t.teamManagerId}`
  const cur = await repo.findOneBy({ year: t.year, month: t.month, subject })
  const now = ctx.now().toISOString()
  const by = { updatedAt: now, updatedById: ctx.user.id, updatedByName: ctx.user.displayName }
  const period = `${t.year}-${pad(t.month)}`
  if (!cur) {
    const saved = await repo.save(repo.create({ year: t.year, month: t.month, salespersonId: t.salespersonId, teamManagerId: t.teamManagerId, subject, amountFen: t.amountFen, createdAt: now, createdById: ctx.user.id, ...by, version: 1 }))
    await audit(ctx, { entity: 'target', entityId: saved.id, action: 'create', summary: { key: 'audit.target.create', params: { period, who, amount: formatFen(t.amountFen) } }, changes: [{ field: 'amountFen', before: null, after: t.amountFen }] })
    return saved
  }
  if (t.version !== undefined && t.version !== cur.version) throw staleConflict('target', cur)
  if (cur.amountFen === t.amountFen) return cur
  const res = await repo.update({ id: cur.id, version: cur.version }, { amountFen: t.amountFen, ...by, version: cur.version + 1 })
  if (!res.affected) throw staleConflict('target', await repo.findOneByOrFail({ id: cur.id }))
  await audit(ctx, { entity: 'target', entityId: cur.id, action: 'update', summary: { key: 'audit.target.update', params: { period, who, before: formatFen(cur.amountFen), after: formatFen(t.amountFen) } }, changes: [{ field: 'amountFen', before: cur.amountFen, after: t.amountFen }] })
  return repo.findOneByOrFail({ id: cur.id })
}

export async function setTarget(ctx: Ctx, input: z.output<typeof S.targetSetInput>): Promise<Out<typeof S.targetOut>> {
  let label: ParamValue
  if (input.salespersonId !== undefined) {
    const u = await loadUser(ctx, input.salespersonId, 'salespersonId')
    if (!['sales', 'manager'].includes(u.role)) throw fieldError('salespersonId', 'target.onlySales')
    mayTarget(ctx, u, null)
    label = u.displayName
  } else {
    const m = await loadUser(ctx, input.teamManagerId!, 'teamManagerId')
    if (m.role !== 'manager') throw fieldError('teamManagerId', 'target.notManager')
    mayTarget(ctx, null, m.id)
    label = msgRef('report.teamName', { manager: m.displayName })
  }
  const t = await upsert(ctx, { year: input.year, month: input.month, salespersonId: input.salespersonId ?? null, teamManagerId: input.teamManagerId ?? null, amountFen: input.amountFen, version: input.version }, label)
  return toOut(t)
}

/** Splits `total` by weights (largest remainder), exactly: the parts add up to the total. */
export function splitByWeights(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  const w = sum > 0 ? weights : weights.map(() => 1)
  const ws = sum > 0 ? sum : weights.length
  const raw = w.map((x) => (BigInt(total) * BigInt(x)))
  const parts = raw.map((r) => Number(r / BigInt(ws)))
  const rems = raw.map((r, i) => ({ i, r: Number(r % BigInt(ws)) }))
  let left = total - parts.reduce((s, p) => s + p, 0)
  rems.sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of rems) {
    if (left <= 0) break
    parts[i]! += 1
    left--
  }
  return parts
}

export async function split(ctx: Ctx, input: z.output<typeof S.targetSplitInput>): Promise<Out<typeof S.targetSplitOutput>> {
  const m = await loadUser(ctx, input.teamManagerId, 'teamManagerId')
  if (m.role !== 'manager') throw fieldError('teamManagerId', 'target.notManager')
  mayTarget(ctx, null, m.id)
  const team = await ctx.em.getRepository(SalesTargetEntity).findOneBy({ year: input.year, month: input.month, subject: `t:${m.id}` })
  if (!team) throw appError('BUSINESS_RULE', 'target.noTeamTarget', { manager: m.displayName, period: `${input.year}-${pad(input.month)}` })
  const members = await ctx.em.getRepository(UserEntity).find({ where: { managerId: m.id, role: 'sales', disabled: false }, order: { id: 'ASC' } })
  if (!members.length) throw appError('BUSINESS_RULE', 'target.noMembers', { manager: m.displayName })
  const lyFrom = monthStart(`${input.year - 1}-${pad(input.month)}`)
  const lyTo = monthEnd(`${input.year - 1}-${pad(input.month)}`)
  const everyone = { userIds: null, customer: () => ({ sql: '', params: [] }), user: () => ({ sql: '', params: [] }) }
  const ly = new Map((await measureGrouped(ctx, everyone, 'shipped', 'salesperson', lyFrom, lyTo)).map((r) => [Number(r.k), r.a]))
  const lastYear = members.map((u) => Math.max(0, ly.get(u.id) ?? 0))
  const parts = splitByWeights(team.amountFen, input.method === 'even' ? members.map(() => 1) : lastYear)
  const items = []
  for (const [i, u] of members.entries()) {
    await upsert(ctx, { year: input.year, month: input.month, salespersonId: u.id, teamManagerId: null, amountFen: parts[i]! }, msgRef('report.teamSplit', { name: u.displayName, manager: m.displayName }))
    items.push({ salespersonId: u.id, name: u.displayName, amountFen: parts[i]!, lastYearFen: lastYear[i]! })
  }
  return { teamTargetFen: team.amountFen, items }
}

export async function report(ctx: Ctx, input: z.output<typeof S.targetsInput>): Promise<Out<typeof S.targetsOutput>> {
  const year = input.year
  const scope = await reportScope(ctx)
  const users = await ctx.em.getRepository(UserEntity).find({ select: { id: true, displayName: true, managerId: true, role: true } })
  const userById = new Map(users.map((u) => [u.id, u]))
  const inScope = (id: number) => (scope.userIds === null || scope.userIds.includes(id)) && (input.salespersonId === undefined || input.salespersonId === id)
  const targets = await ctx.em.getRepository(SalesTargetEntity).find({ where: { year } })
  // actual: shipped (net of returns) per order salesperson and month, over every customer
  const actual = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT sp, m, SUM(a) AS a FROM (
       SELECT o."salespersonId" AS sp, substr(s."shipDate", 6, 2) AS m, SUM(s."totalFen") AS a
         FROM shipments s JOIN sales_orders o ON o."id" = s."orderId"
        WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled' AND o."salespersonId" IS NOT NULL
        GROUP BY o."salespersonId", substr(s."shipDate", 6, 2)
       UNION ALL
       SELECT o."salespersonId", substr(r."returnedOn", 6, 2), -SUM(r."totalFen")
         FROM sales_returns r JOIN sales_orders o ON o."id" = r."orderId"
        WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid' AND o."salespersonId" IS NOT NULL
        GROUP BY o."salespersonId", substr(r."returnedOn", 6, 2)
     ) x GROUP BY sp, m`,
    [`${year}-01-01`, `${year}-12-31`, `${year}-01-01`, `${year}-12-31`],
  )
  const act = new Map(actual.map((r) => [`${n(r.sp)}|${Number(r.m)}`, n(r.a)]))
  const tgt = new Map(targets.filter((t) => t.salespersonId !== null).map((t) => [`${t.salespersonId}|${t.month}`, t.amountFen]))
  const teamTgt = new Map(targets.filter((t) => t.teamManagerId !== null).map((t) => [`${t.teamManagerId}|${t.month}`, t.amountFen]))
  const people = new Set<number>()
  for (const t of targets) if (t.salespersonId !== null) people.add(t.salespersonId)
  for (const r of actual) people.add(n(r.sp))
  const names = await userNames(ctx)
  const monthsOf = (target: (m: number) => number, actualOf: (m: number) => number) =>
    Array.from({ length: 12 }, (_, i) => {
      const t = target(i + 1)
      const a = actualOf(i + 1)
      return { month: i + 1, targetFen: t, actualFen: a, completion: rate(a, t) }
    })
  const sumOf = (ms: { targetFen: number; actualFen: number }[]) => {
    const t = ms.reduce((s, m) => s + m.targetFen, 0)
    const a = ms.reduce((s, m) => s + m.actualFen, 0)
    return { targetFen: t, actualFen: a, completion: rate(a, t) }
  }
  const rows = [...people]
    .filter(inScope)
    .map((id) => {
      const months = monthsOf((m) => tgt.get(`${id}|${m}`) ?? 0, (m) => act.get(`${id}|${m}`) ?? 0)
      return { salespersonId: id, name: names.get(id) ?? `#${id}`, teamManagerId: userById.get(id)?.managerId ?? null, months, ...sumOf(months) }
    })
    .sort((a, b) => (a.teamManagerId ?? 0) - (b.teamManagerId ?? 0) || a.salespersonId - b.salespersonId)
  // teams: a manager's team target with the actual of the team's people
  const managers = new Set<number>()
  for (const t of targets) if (t.teamManagerId !== null) managers.add(t.teamManagerId)
  const teams = [...managers]
    .filter((id) => input.salespersonId === undefined && (scope.userIds === null || scope.userIds.includes(id)) && (ctx.user.role !== 'sales'))
    .map((mid) => {
      const members = users.filter((u) => u.managerId === mid).map((u) => u.id)
      const months = monthsOf((m) => teamTgt.get(`${mid}|${m}`) ?? 0, (m) => members.reduce((s, id) => s + (act.get(`${id}|${m}`) ?? 0), 0))
      return { teamManagerId: mid, name: renderMessage('report.teamName', { manager: names.get(mid) ?? `#${mid}` }, ctx.locale), months, ...sumOf(months) }
    })
  const totalMonths = Array.from({ length: 12 }, (_, i) => {
    const t = rows.reduce((s, r) => s + r.months[i]!.targetFen, 0)
    const a = rows.reduce((s, r) => s + r.months[i]!.actualFen, 0)
    return { month: i + 1, targetFen: t, actualFen: a, completion: rate(a, t) }
  })
  return { year, rows, teams, totals: { months: totalMonths, ...sumOf(totalMonths) } }
}
