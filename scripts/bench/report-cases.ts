import type Database from 'better-sqlite3'
import { addDays } from '../../src/core/clock'
import { ORDERED_IN, addMonths, monthEnd, monthOf, prevPeriod, shiftMonth, shiftPeriod } from '../../src/core/report/report.sql'

type Db = Database.Database

export interface ReportCase {
  name: string
  method: string
  inputs: Record<string, unknown>[]
  baseline: (db: Db, input: Record<string, unknown>) => unknown
}

/**
 * The owner's reports (issue 10) on the ten-year set: each report over the last 12 full months and over
 * the whole ten years. The baseline is the fastest hand-written SQL found for the same answer (all three
 * periods of a sales report in one pass over the covering index, say), not the core's own queries.
 */
export function reportCases(probe: Db): ReportCase[] {
  const range = probe.prepare(`SELECT MIN("shipDate") AS a, MAX("shipDate") AS b FROM shipments`).get() as { a: string | null; b: string | null }
  if (!range.a || !range.b) return []
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const lastFull = shiftMonth(monthOf(today), -1)
  const year = { from: `${shiftMonth(lastFull, -11)}-01`, to: monthEnd(lastFull) }
  const all = { from: range.a, to: today }
  const windows = [
    ['12m', year],
    ['10y', all],
  ] as const
  const cases: ReportCase[] = []

  /** shipped (net of returns) of the three periods of report.sales in one pass, grouped by `key` */
  const shippedSql = (db: Db, key: 'month' | 'salesperson' | 'customer' | 'product' | 'category' | 'region', input: Record<string, unknown>) => {
    const from = String(input.from)
    const to = String(input.to)
    const p = key === 'month' ? shiftPeriod(from, to, -1) : prevPeriod(from, to)
    const ly = shiftPeriod(from, to, -12)
    const lo = [from, p.from, ly.from].sort()[0]!
    const cols = (d: string, a: string) =>
      `SUM(CASE WHEN ${d} BETWEEN '${from}' AND '${to}' THEN ${a} END) AS cur, SUM(CASE WHEN ${d} BETWEEN '${p.from}' AND '${p.to}' THEN ${a} END) AS prev, SUM(CASE WHEN ${d} BETWEEN '${ly.from}' AND '${ly.to}' THEN ${a} END) AS ly`
    if (key === 'product' || key === 'category') {
      const inner = `SELECT l."productId" AS k, ${cols('s."shipDate"', 'l."amountFen"')}, SUM(l."netFen") AS net, SUM(l."costFen") AS cost, SUM(l."qtyMilli") AS q
          FROM shipments s JOIN shipment_lines l ON l."shipmentId" = s."id" WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled' GROUP BY l."productId"`
      const ret = `SELECT rl."productId" AS k, ${cols('r."returnedOn"', '-rl."amountFen"')} FROM sales_returns r JOIN sales_return_lines rl ON rl."returnId" = r."id" WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid' GROUP BY rl."productId"`
      const sql = key === 'product' ? `${inner}` : `SELECT p."category" AS k, SUM(g.cur) AS cur, SUM(g.prev), SUM(g.ly) FROM (${inner}) g JOIN products p ON p."id" = g.k GROUP BY p."category"`
      const rows = db.prepare(sql).all(lo, to)
      db.prepare(ret).all(lo, to)
      return { rows }
    }
    const k = key === 'month' ? 'substr(s."shipDate", 1, 7)' : key === 'salesperson' ? 'o."salespersonId"' : 's."customerId"'
    const join = key === 'salesperson' ? 'JOIN sales_orders o ON o."id" = s."orderId"' : ''
    let sql = `SELECT ${k} AS k, ${cols('s."shipDate"', 's."totalFen"')}, SUM(s."netFen") AS net, SUM(s."costFen") AS cost FROM shipments s ${join} WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled' GROUP BY ${k}`
    if (key === 'region') sql = `SELECT c."province" AS k, SUM(g.cur), SUM(g.prev), SUM(g.ly) FROM (${sql}) g JOIN customers c ON c."id" = g.k GROUP BY c."province"`
    const rows = db.prepare(sql).all(lo, to)
    const rk = key === 'month' ? 'substr(r."returnedOn", 1, 7)' : key === 'salesperson' ? 'o."salespersonId"' : 'r."customerId"'
    db.prepare(`SELECT ${rk} AS k, ${cols('r."returnedOn"', 'r."totalFen"')} FROM sales_returns r ${key === 'salesperson' ? 'JOIN sales_orders o ON o."id" = r."orderId"' : ''} WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid' GROUP BY ${rk}`).all(lo, to)
    return { rows }
  }

  for (const key of ['month', 'salesperson', 'customer', 'product', 'category', 'region'] as const) {
    for (const [w, r] of windows) cases.push({ name: `report.sales/${key}/${w}`, method: 'report.sales', inputs: [{ ...r, groupBy: key, measure: 'shipped', page: 1, pageSize: 50 }], baseline: (db, input) => shippedSql(db, key, input) })
  }
  for (const [w, r] of windows) {
    cases.push({
      name: `report.sales/ordered-month/${w}`,
      method: 'report.sales',
      inputs: [{ ...r, groupBy: 'month', measure: 'ordered' }],
      baseline: (db, i) => {
        const ly = shiftPeriod(String(i.from), String(i.to), -12)
        return { rows: db.prepare(`SELECT substr("orderDate", 1, 7) AS m, SUM("totalFen"), SUM("netFen"), COUNT(*) FROM sales_orders WHERE "orderDate" >= ? AND "orderDate" <= ? AND "status" IN ${ORDERED_IN} GROUP BY substr("orderDate", 1, 7)`).all(addMonths(ly.from, -1), i.to) }
      },
    })
    cases.push({
      name: `report.sales/received-month/${w}`,
      method: 'report.sales',
      inputs: [{ ...r, groupBy: 'month', measure: 'received' }],
      baseline: (db, i) => {
        const ly = shiftPeriod(String(i.from), String(i.to), -12)
        return { rows: db.prepare(`SELECT substr("receivedOn", 1, 7) AS m, SUM("amountFen"), COUNT(*) FROM receipts WHERE "receivedOn" >= ? AND "receivedOn" <= ? AND "status" = 'valid' GROUP BY substr("receivedOn", 1, 7)`).all(addMonths(ly.from, -1), i.to) }
      },
    })
    cases.push({
      name: `report.funnel/${w}`,
      method: 'report.funnel',
      inputs: [{ ...r }],
      baseline: (db, i) => ({
        rows: db
          .prepare(
            `SELECT "source", "ownerId", "stage", COUNT(*), SUM("amountFen"), SUM(CASE WHEN "stage" = 'won' THEN julianday("closedOn") - julianday(date("createdAt", '+8 hours')) END)
               FROM opportunities WHERE "createdAt" >= ? AND "createdAt" < ? GROUP BY "source", "ownerId", "stage"`,
          )
          .all(new Date(Date.parse(`${i.from}T00:00:00+08:00`)).toISOString(), new Date(Date.parse(`${addDays(String(i.to), 1)}T00:00:00+08:00`)).toISOString()),
      }),
    })
    cases.push({
      name: `report.delivery/${w}`,
      method: 'report.delivery',
      inputs: [{ ...r }],
      baseline: (db, i) => ({
        onTime: db
          .prepare(
            `SELECT substr(s."shipDate", 1, 7), o."salespersonId", COUNT(*), SUM(s."deliveredOn" <= o."promisedDate") FROM shipments s JOIN sales_orders o ON o."id" = s."orderId"
              WHERE s."shipDate" BETWEEN ? AND ? AND s."status" = 'delivered' AND o."promisedDate" IS NOT NULL GROUP BY 1, 2`,
          )
          .all(i.from, i.to),
        orders: db
          .prepare(
            `SELECT substr(x.last, 1, 7), o."salespersonId", COUNT(*),
                    SUM(o."returnedFen" > 0 OR EXISTS (SELECT 1 FROM shipments c WHERE c."orderId" = o."id" AND c."status" = 'cancelled')),
                    SUM(o."receivedFen" >= o."shippedFen" - o."returnedFen"),
                    SUM(CASE WHEN o."receivedFen" >= o."shippedFen" - o."returnedFen" THEN (SELECT julianday(MAX(p."receivedOn")) FROM receipt_allocations a JOIN receipts p ON p."id" = a."receiptId" WHERE a."orderId" = o."id") - julianday(x.last) END)
               FROM (SELECT "orderId", MAX("shipDate") AS last FROM shipments WHERE "shipDate" BETWEEN ? AND ? AND "status" <> 'cancelled' GROUP BY "orderId") x
               JOIN sales_orders o ON o."id" = x."orderId" GROUP BY 1, 2`,
          )
          .all(i.from, i.to),
      }),
    })
  }
  const y = Number(today.slice(0, 4))
  cases.push({
    name: 'report.targets/year',
    method: 'report.targets',
    inputs: [{ year: y }],
    baseline: (db) => ({
      t: db.prepare(`SELECT * FROM sales_targets WHERE "year" = ?`).all(y),
      a: db.prepare(`SELECT o."salespersonId", substr(s."shipDate", 6, 2), SUM(s."totalFen") FROM shipments s JOIN sales_orders o ON o."id" = s."orderId" WHERE s."shipDate" BETWEEN ? AND ? AND s."status" <> 'cancelled' GROUP BY 1, 2`).all(`${y}-01-01`, `${y}-12-31`),
    }),
  })
  cases.push({
    name: 'report.forecast/6',
    method: 'report.forecast',
    inputs: [{ months: 6 }],
    baseline: (db) => ({
      p: db.prepare(`SELECT "ownerId", substr("expectedCloseOn", 1, 7), SUM("amountFen" * "probability") FROM opportunities WHERE "stage" NOT IN ('won', 'lost') GROUP BY 1, 2`).all(),
      r: db.prepare(`SELECT o."salespersonId", SUM(s."totalFen") FROM shipments s JOIN sales_orders o ON o."id" = s."orderId" WHERE s."shipDate" BETWEEN ? AND ? AND s."status" <> 'cancelled' GROUP BY 1`).all(`${shiftMonth(monthOf(today), -3)}-01`, monthEnd(lastFull)),
    }),
  })
  cases.push({
    name: 'report.customers/today',
    method: 'report.customers',
    inputs: [{}],
    baseline: (db) => {
      // one pass over the orders in customer order (covering index) computes first order, counts, last order and the gaps' median in JS
      const rows = db.prepare(`SELECT "customerId" AS c, "orderDate" AS d FROM sales_orders WHERE "status" IN ${ORDERED_IN} ORDER BY "customerId", "orderDate"`).raw().all() as [number, string][]
      let churn = 0
      let cur = -1
      let dates: string[] = []
      const flush = () => {
        if (dates.length >= 3) {
          const gaps = dates.slice(1).map((d, k) => (Date.parse(d) - Date.parse(dates[k]!)) / 86_400_000).sort((a, b) => a - b)
          const med = (gaps[(gaps.length - 1) >> 1]! + gaps[gaps.length >> 1]!) / 2
          const since = (Date.parse(today) - Date.parse(dates[dates.length - 1]!)) / 86_400_000
          if (since > 30 && since > 2 * med) churn++
        }
      }
      for (const [c, d] of rows) {
        if (c !== cur) {
          flush()
          cur = c
          dates = []
        }
        dates.push(d)
      }
      flush()
      const tiers = db.prepare(`SELECT "customerId", SUM("totalFen") AS a FROM shipments WHERE "shipDate" >= ? AND "status" <> 'cancelled' GROUP BY 1 ORDER BY a DESC`).all(addMonths(today, -12))
      return { churn, tiers: tiers.length }
    },
  })
  cases.push({
    name: 'report.monthlyPack/last-month',
    method: 'report.monthlyPack',
    inputs: [{ month: lastFull }],
    baseline: (db) => shippedSql(db, 'customer', { from: `${lastFull}-01`, to: monthEnd(lastFull) }),
  })
  return cases
}
