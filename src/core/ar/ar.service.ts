import { In } from 'typeorm'
import type { Ctx } from '../contract/method'

import { UserEntity } from '../auth/auth.entity'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { addDays, daysBetweenOrNull } from '../clock'
import { LIKE_ESCAPE, likeContains, rawQuery } from '../db/sql'
import { ContactEntity, CustomerEntity, FollowUpEntity } from '../customer/customer.entity'
import { loadVisible } from '../customer/customer.service'
import { normalizeQuery } from '../customer/customer.rules'

export interface AgingRow {
  customerId: number
  customerName: string
  notDueFen: number
  d1_30Fen: number
  d31_60Fen: number
  d61_90Fen: number
  over90Fen: number
  totalFen: number
}

/**
 * Receivable by age on a date. Debits are shipments (due = ship date + payment term); credits are
 * returns and receipts up to the date, and settle the oldest shipments first (FIFO): a shipment's open
 * part is what its running total exceeds the customer's credits by. Buckets add up to the balance;
 * a customer in credit has all buckets 0 and a negative total. One SQL statement on either engine.
 *
 * Read from the report facts (src/core/report/facts.entity.ts), kept in the transaction of every document
 * write: customer_balance holds each customer's shipped and credited totals over all dates, so the balance on
 * a day is those totals less the documents dated after it (a short range on the date indexes), and
 * shipment_facts holds each shipment's running total (cumFen), so the open shipments of a customer who owes
 * are a range seek on (customerId, cumFen > credits).
 */
/** The balances on the day: the totals less what is dated after it (recent days), or what is dated up to it summed (early days). */
const AGING_BALANCES = {
  backward: `
WITH later AS (
  SELECT cid, SUM(d) AS d, SUM(c) AS c FROM (
    SELECT f."customerId" AS cid, f."totalFen" AS d, 0 AS c FROM shipment_facts f WHERE f."shipDate" > ?
    UNION ALL
    SELECT r."customerId", 0, r."totalFen" FROM sales_returns r WHERE r."returnedOn" > ? AND r."status" = 'valid'
    UNION ALL
    SELECT r."customerId", 0, r."amountFen" FROM receipts r WHERE r."receivedOn" > ? AND r."status" = 'valid'
  ) x GROUP BY cid
),
b AS MATERIALIZED (
  SELECT cb."customerId" AS "customerId", cb."creditFen" - COALESCE(l.c, 0) AS credit,
         cb."debitFen" - COALESCE(l.d, 0) - (cb."creditFen" - COALESCE(l.c, 0)) AS "totalFen"
  FROM customer_balance cb LEFT JOIN later l ON l.cid = cb."customerId"
),`,
  forward: `
WITH b AS MATERIALIZED (
  SELECT cid AS "customerId", SUM(c) AS credit, SUM(d) - SUM(c) AS "totalFen" FROM (
    SELECT f."customerId" AS cid, f."totalFen" AS d, 0 AS c FROM shipment_facts f WHERE f."shipDate" <= ?
    UNION ALL
    SELECT r."customerId", 0, r."totalFen" FROM sales_returns r WHERE r."returnedOn" <= ? AND r."status" = 'valid'
    UNION ALL
    SELECT r."customerId", 0, r."amountFen" FROM receipts r WHERE r."receivedOn" <= ? AND r."status" = 'valid'
  ) x GROUP BY cid
),`,
}

const AGING_SQL_TAIL = `
opened AS (
  -- only customers who owe something have buckets: their shipments above the credits, by the running total
  SELECT f."customerId", f."dueDate",
         CASE WHEN f."cumFen" - b.credit >= f."totalFen" THEN f."totalFen" ELSE f."cumFen" - b.credit END AS "openFen"
  FROM b {JOIN} shipment_facts f{AGING_INDEX} ON f."customerId" = b."customerId" AND f."cumFen" > b.credit AND f."shipDate" <= ?
  WHERE b."totalFen" > 0
),
buckets AS (
  SELECT "customerId",
         SUM(CASE WHEN "dueDate" >= ? THEN "openFen" ELSE 0 END) AS "notDueFen",
         SUM(CASE WHEN "dueDate" < ? AND "dueDate" >= ? THEN "openFen" ELSE 0 END) AS "d1_30Fen",
         SUM(CASE WHEN "dueDate" < ? AND "dueDate" >= ? THEN "openFen" ELSE 0 END) AS "d31_60Fen",
         SUM(CASE WHEN "dueDate" < ? AND "dueDate" >= ? THEN "openFen" ELSE 0 END) AS "d61_90Fen",
         SUM(CASE WHEN "dueDate" < ? THEN "openFen" ELSE 0 END) AS "over90Fen",
         MIN(CASE WHEN "openFen" > 0 AND "dueDate" < ? THEN "dueDate" END) AS "oldestOverdueDue"
  FROM opened GROUP BY "customerId"
)
SELECT b."customerId" AS "customerId", cu."name" AS "customerName", cu."ownerId" AS "ownerId",
       COALESCE(k."notDueFen", 0) AS "notDueFen", COALESCE(k."d1_30Fen", 0) AS "d1_30Fen",
       COALESCE(k."d31_60Fen", 0) AS "d31_60Fen", COALESCE(k."d61_90Fen", 0) AS "d61_90Fen",
       COALESCE(k."over90Fen", 0) AS "over90Fen", b."totalFen" AS "totalFen", k."oldestOverdueDue" AS "oldestOverdueDue"
FROM b
{JOIN} customers cu ON cu."id" = b."customerId"
LEFT JOIN buckets k ON k."customerId" = b."customerId"
WHERE b."totalFen" <> 0`

/**
 * The aging statement for a day: balances read backwards from the running totals for days in the later half of
 * the history (today, last month end), forwards from the documents for early days. Same placeholders either way (agingParams).
 */
export function agingSql(direction: 'backward' | 'forward', engine: 'sqlite' | 'postgres' = 'sqlite'): string {
  // SQLite: the few balances first, then a seek into each owing customer's shipments (CROSS JOIN keeps that order)
  const sqlite = engine === 'sqlite'
  return AGING_BALANCES[direction] + AGING_SQL_TAIL.replaceAll('{JOIN}', sqlite ? 'CROSS JOIN' : 'JOIN').replace('{AGING_INDEX}', sqlite ? ' INDEXED BY idx_sf_aging' : '')
}
export const AGING_SQL = agingSql('backward')

/** Which way is shorter on this database for `asOf`: backwards when it lies in the later half of the shipping history. */
export async function agingDirection(ctx: Pick<Ctx, 'em' | 'engine'>, asOf: string): Promise<'backward' | 'forward'> {
  const [r] = await rawQuery<{ a: string | null; b: string | null }>(ctx, `SELECT MIN("shipDate") AS a, MAX("shipDate") AS b FROM shipment_facts`)
  if (!r?.a || !r.b) return 'backward'
  const mid = (Date.parse(r.a) + Date.parse(r.b)) / 2
  return Date.parse(asOf) >= mid ? 'backward' : 'forward'
}

export function agingParams(asOf: string): string[] {
  const d30 = addDays(asOf, -30)
  const d60 = addDays(asOf, -60)
  const d90 = addDays(asOf, -90)
  // in the order of the placeholders: later (3), opened, buckets (9)
  return [asOf, asOf, asOf, asOf, asOf, asOf, d30, d30, d60, d60, d90, d90, asOf]
}

type RawAging = AgingRow & { ownerId: number | null; oldestOverdueDue: string | null }

export async function agingRows(ctx: Ctx, asOf: string, opts: { customerId?: number } = {}): Promise<RawAging[]> {
  const scope = await ownerScope(ctx)
  let sql = agingSql(await agingDirection(ctx, asOf), ctx.engine)
  const params: unknown[] = agingParams(asOf)
  if (scope !== null) {
    sql += ` AND (cu."ownerId" IS NULL OR cu."ownerId" IN (${scope.map(() => '?').join(',')}))`
    params.push(...scope)
  }
  if (opts.customerId) {
    sql += ` AND b."customerId" = ?`
    params.push(opts.customerId)
  }
  sql += ` ORDER BY b."totalFen" DESC, b."customerId"`
  const rows = await rawQuery<Record<string, unknown>>(ctx, sql, params)
  return rows.map((r) => ({
    customerId: Number(r.customerId),
    customerName: String(r.customerName),
    ownerId: r.ownerId == null ? null : Number(r.ownerId),
    notDueFen: Number(r.notDueFen),
    d1_30Fen: Number(r.d1_30Fen),
    d31_60Fen: Number(r.d31_60Fen),
    d61_90Fen: Number(r.d61_90Fen),
    over90Fen: Number(r.over90Fen),
    totalFen: Number(r.totalFen),
    oldestOverdueDue: (r.oldestOverdueDue as string | null) ?? null,
  }))
}

export const overdueOf = (r: AgingRow) => r.d1_30Fen + r.d31_60Fen + r.d61_90Fen + r.over90Fen

/** Σ shipped − returned − received of one customer up to a date (all receipts, allocated or not). */
export async function balanceAsOf(ctx: Pick<Ctx, 'em' | 'engine'>, customerId: number, asOf: string): Promise<number> {
  const [row] = await rawQuery<{ v: number | string | null }>(
    ctx,
    `SELECT
       (SELECT COALESCE(SUM("totalFen"), 0) FROM shipments WHERE "customerId" = ? AND "status" <> 'cancelled' AND "shipDate" <= ?)
     - (SELECT COALESCE(SUM("totalFen"), 0) FROM sales_returns WHERE "customerId" = ? AND "status" = 'valid' AND "returnedOn" <= ?)
     - (SELECT COALESCE(SUM("amountFen"), 0) FROM receipts WHERE "customerId" = ? AND "status" = 'valid' AND "receivedOn" <= ?) AS v`,
    [customerId, asOf, customerId, asOf, customerId, asOf],
  )
  return Number(row?.v ?? 0)
}

/** Unallocated receipt money (预收款) received up to a date, per customer. */
export async function prepaymentByCustomer(ctx: Ctx, asOf: string, customerIds?: number[]): Promise<Map<number, number>> {
  let sql = `SELECT "customerId", SUM("amountFen" - "allocatedFen") AS v FROM receipts WHERE "status" = 'valid' AND "receivedOn" <= ? AND "amountFen" > "allocatedFen"`
  const params: unknown[] = [asOf]
  if (customerIds) {
    if (!customerIds.length) return new Map()
    sql += ` AND "customerId" IN (${customerIds.map(() => '?').join(',')})`
    params.push(...customerIds)
  }
  sql += ` GROUP BY "customerId"`
  const rows = await rawQuery<{ customerId: number; v: number | string }>(ctx, sql, params)
  return new Map(rows.map((r) => [Number(r.customerId), Number(r.v)]))
}

export async function statement(ctx: Ctx, customerId: number, from: string, to: string) {
  const customer = await loadVisible(ctx, customerId)
  const opening = await balanceAsOf(ctx, customerId, addDays(from, -1))
  const rows = await rawQuery<{ date: string; kind: string; number: string; amountFen: number | string; id: number; memo: string | null }>(
    ctx,
    `SELECT * FROM (
       SELECT s."shipDate" AS date, 'shipment' AS kind, s."number" AS number, s."totalFen" AS "amountFen", s."id" AS id, o."number" AS memo
         FROM shipments s JOIN sales_orders o ON o."id" = s."orderId"
        WHERE s."customerId" = ? AND s."status" <> 'cancelled' AND s."shipDate" >= ? AND s."shipDate" <= ?
       UNION ALL
       SELECT r."returnedOn", 'return', r."number", r."totalFen", r."id", r."reason"
         FROM sales_returns r WHERE r."customerId" = ? AND r."status" = 'valid' AND r."returnedOn" >= ? AND r."returnedOn" <= ?
       UNION ALL
       SELECT p."receivedOn", 'receipt', p."number", p."amountFen", p."id", p."reference"
         FROM receipts p WHERE p."customerId" = ? AND p."status" = 'valid' AND p."receivedOn" >= ? AND p."receivedOn" <= ?
     ) e ORDER BY date, CASE kind WHEN 'shipment' THEN 0 WHEN 'return' THEN 1 ELSE 2 END, number`,
    [customerId, from, to, customerId, from, to, customerId, from, to],
  )
  let balance = opening
  let shipped = 0
  let returned = 0
  let received = 0
  const entries = rows.map((r) => {
    const amount = Number(r.amountFen)
    const signed = r.kind === 'shipment' ? amount : -amount
    if (r.kind === 'shipment') shipped += amount
    else if (r.kind === 'return') returned += amount
    else received += amount
    balance += signed
    return { date: r.date, kind: r.kind as 'shipment' | 'return' | 'receipt', number: r.number, memo: r.memo ?? null, amountFen: signed, balanceFen: balance }
  })
  return {
    customerId,
    customerName: customer.name,
    customerCode: customer.code,
    from,
    to,
    openingBalanceFen: opening,
    entries,
    shippedFen: shipped,
    returnedFen: returned,
    receivedFen: received,
    closingBalanceFen: opening + shipped - returned - received,
  }
}

export async function summary(ctx: Ctx, input: { asOf?: string; query?: string; overdueOnly?: boolean; page: number; pageSize: number }) {
  const asOf = input.asOf ?? ctx.today()
  const rows = await agingRows(ctx, asOf)
  const prepay = await prepaymentByCustomer(ctx, asOf)
  let items = rows.map((r) => ({ customerId: r.customerId, customerName: r.customerName, balanceFen: r.totalFen, overdueFen: overdueOf(r), prepaymentFen: prepay.get(r.customerId) ?? 0 }))
  // a customer whose unallocated prepayment nets the balance to zero still shows it: it waits to be allocated
  const listed = new Set(items.map((i) => i.customerId))
  const netted = [...prepay.keys()].filter((id) => !listed.has(id))
  if (netted.length) {
    const scope = await ownerScope(ctx)
    const cs = await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(netted) }, select: { id: true, name: true, ownerId: true } })
    for (const c of cs) if (canSeeOwner(scope, c.ownerId)) items.push({ customerId: c.id, customerName: c.name, balanceFen: 0, overdueFen: 0, prepaymentFen: prepay.get(c.id)! })
  }
  if (input.query) {
    const q = normalizeQuery(input.query)
    if (q) {
      const hits = new Set((await ctx.em.getRepository(CustomerEntity).createQueryBuilder('c').select('c.id').where(`c.searchText LIKE :q ${LIKE_ESCAPE}`, { q: likeContains(q) }).getMany()).map((c) => c.id))
      items = items.filter((i) => hits.has(i.customerId))
    }
  }
  if (input.overdueOnly) items = items.filter((i) => i.overdueFen > 0)
  const totals = items.reduce((t, i) => ({ balanceFen: t.balanceFen + i.balanceFen, overdueFen: t.overdueFen + i.overdueFen, prepaymentFen: t.prepaymentFen + i.prepaymentFen }), { balanceFen: 0, overdueFen: 0, prepaymentFen: 0 })
  const start = (input.page - 1) * input.pageSize
  return { items: items.slice(start, start + input.pageSize), total: items.length, totals, asOf }
}

export async function overdueList(ctx: Ctx, input: { asOf?: string; page: number; pageSize: number }) {
  const asOf = input.asOf ?? ctx.today()
  const rows = (await agingRows(ctx, asOf)).filter((r) => overdueOf(r) > 0).sort((a, b) => overdueOf(b) - overdueOf(a))
  const page = rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize)
  const ids = page.map((r) => r.customerId)
  const owners = [...new Set(page.map((r) => r.ownerId).filter((x): x is number => x != null))]
  const users = owners.length ? await ctx.em.getRepository(UserEntity).find({ where: { id: In(owners) }, select: { id: true, displayName: true } }) : []
  const un = new Map(users.map((u) => [u.id, u.displayName]))
  const contacts = ids.length ? await ctx.em.getRepository(ContactEntity).find({ where: { customerId: In(ids), isPrimary: true } }) : []
  const cn = new Map(contacts.map((c) => [c.customerId, c]))
  // the page's follow-ups in one query, newest first: the first per customer is the last one, and the last 催款
  const followUps = ids.length ? await ctx.em.getRepository(FollowUpEntity).find({ where: { customerId: In(ids) }, order: { at: 'DESC', id: 'DESC' } }) : []
  const lastBy = new Map<number, (typeof followUps)[number]>()
  const lastDunningBy = new Map<number, (typeof followUps)[number]>()
  for (const f of followUps) {
    if (!lastBy.has(f.customerId)) lastBy.set(f.customerId, f)
    if (f.type === 'dunning' && !lastDunningBy.has(f.customerId)) lastDunningBy.set(f.customerId, f)
  }
  const items = []
  for (const r of page) {
    const last = lastBy.get(r.customerId)
    const lastDunning = lastDunningBy.get(r.customerId)
    const c = cn.get(r.customerId)
    items.push({
      customerId: r.customerId,
      customerName: r.customerName,
      ownerName: r.ownerId ? (un.get(r.ownerId) ?? null) : null,
      contactName: c?.name ?? null,
      contactPhone: c ? (c.mobile ?? c.phone) : null,
      balanceFen: r.totalFen,
      overdueFen: overdueOf(r),
      d1_30Fen: r.d1_30Fen,
      d31_60Fen: r.d31_60Fen,
      d61_90Fen: r.d61_90Fen,
      over90Fen: r.over90Fen,
      oldestDueDate: r.oldestOverdueDue,
      maxDaysOverdue: daysBetweenOrNull(r.oldestOverdueDue, asOf) ?? 0,
      lastFollowUp: last ? { at: last.at, type: last.type, content: last.content, userName: last.userName } : null,
      lastDunningAt: lastDunning?.at ?? null,
    })
  }
  return { items, total: rows.length, asOf }
}

export async function customerAr(ctx: Ctx, customerId: number, asOf?: string) {
  await loadVisible(ctx, customerId)
  const day = asOf ?? ctx.today()
  const [row] = await agingRows(ctx, day, { customerId })
  const prepay = await prepaymentByCustomer(ctx, day, [customerId])
  const [t] = await rawQuery<{ shipped: number | string; invoiced: number | string; returned: number | string }>(
    ctx,
    `SELECT COALESCE(SUM("totalFen"), 0) AS shipped, COALESCE(SUM("invoicedFen"), 0) AS invoiced, COALESCE(SUM("returnedFen"), 0) AS returned FROM shipments WHERE "customerId" = ? AND "status" <> 'cancelled'`,
    [customerId],
  )
  const [inv] = await rawQuery<{ v: number | string }>(ctx, `SELECT COALESCE(SUM("amountFen"), 0) AS v FROM invoices WHERE "customerId" = ? AND "status" = 'valid'`, [customerId])
  const shipped = Number(t?.shipped ?? 0) - Number(t?.returned ?? 0)
  const invoiced = Number(inv?.v ?? 0)
  const empty = { notDueFen: 0, d1_30Fen: 0, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, totalFen: 0 }
  const b = row ?? { ...empty }
  return {
    asOf: day,
    balanceFen: b.totalFen,
    overdueFen: row ? overdueOf(row) : 0,
    prepaymentFen: prepay.get(customerId) ?? 0,
    aging: { notDueFen: b.notDueFen, d1_30Fen: b.d1_30Fen, d31_60Fen: b.d31_60Fen, d61_90Fen: b.d61_90Fen, over90Fen: b.over90Fen },
    netShippedFen: shipped,
    invoicedFen: invoiced,
    uninvoicedFen: shipped - invoiced,
  }
}

