import type Database from 'better-sqlite3'
import { addDays } from '../../src/core/clock'
import { ORDERED_IN, addMonths, monthEnd, monthOf, prevPeriod, shiftMonth, shiftPeriod } from '../../src/core/report/report.sql'
import { fullMonths } from '../../src/core/report/report.measure'

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
      // each period: its whole months from the month × product summary in one pass, the partial days at either end from the lines
      const rows = [{ from, to }, p, ly].map((per) => {
        const span = fullMonths(per.from, per.to)
        const parts: string[] = []
        const args: unknown[] = []
        if (span) {
          parts.push(`SELECT "productId" AS k, SUM("amountFen") AS a, SUM("netFen") AS n, SUM("costFen") AS c, SUM("qtyMilli") AS q FROM sales_month_product WHERE "month" BETWEEN ? AND ? GROUP BY 1`)
          args.push(span.first, span.last)
        }
        for (const [f, t] of span ? span.edges : [[per.from, per.to] as const]) {
          parts.push(`SELECT l."productId", SUM(l."amountFen"), SUM(l."netFen"), SUM(l."costFen"), SUM(l."qtyMilli") FROM shipments s JOIN shipment_lines l ON l."shipmentId" = s."id" WHERE s."shipDate" BETWEEN ? AND ? AND s."status" <> 'cancelled' GROUP BY 1`)
          parts.push(`SELECT rl."productId", -SUM(rl."amountFen"), -SUM(rl."netFen"), -SUM(rl."costFen"), -SUM(rl."qtyMilli") FROM sales_returns r JOIN sales_return_lines rl ON rl."returnId" = r."id" WHERE r."returnedOn" BETWEEN ? AND ? AND r."status" = 'valid' GROUP BY 1`)
          args.push(f, t, f, t)
        }
        const byProduct = `SELECT k, SUM(a) AS a, SUM(n) AS n, SUM(c) AS c, SUM(q) AS q FROM (${parts.join(' UNION ALL ')}) GROUP BY k`
        const sql = key === 'product' ? byProduct : `SELECT p."category", SUM(g.a), SUM(g.n), SUM(g.c), SUM(g.q) FROM (${byProduct}) g JOIN products p ON p."id" = g.k GROUP BY 1`
        return db.prepare(sql).all(...args)
      })
      return { rows }
    }
    // shipment_facts: one row per shipment not cancelled, with its order's salesperson (covering index idx_sf_sales)
    const k = key === 'month' ? 'substr(s."shipDate", 1, 7)' : key === 'salesperson' ? 's."salespersonId"' : 's."customerId"'
    let sql = `SELECT ${k} AS k, ${cols('s."shipDate"', 's."totalFen"')}, SUM(s."netFen") AS net, SUM(s."costFen") AS cost FROM shipment_facts s WHERE s."shipDate" >= ? AND s."shipDate" <= ? GROUP BY ${k}`
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
      baseline: (db, i) => deliverySql(db, String(i.from), String(i.to)),
    })
  }
  const y = Number(today.slice(0, 4))
  cases.push({
    name: 'report.targets/year',
    method: 'report.targets',
    inputs: [{ year: y }],
    baseline: (db) => ({
      t: db.prepare(`SELECT * FROM sales_targets WHERE "year" = ?`).all(y),
      a: db.prepare(`SELECT "salespersonId", substr("shipDate", 6, 2), SUM("totalFen") FROM shipment_facts WHERE "shipDate" BETWEEN ? AND ? GROUP BY 1, 2`).all(`${y}-01-01`, `${y}-12-31`),
    }),
  })
  cases.push({
    name: 'report.forecast/6',
    method: 'report.forecast',
    inputs: [{ months: 6 }],
    baseline: (db) => ({
      p: db.prepare(`SELECT "ownerId", substr("expectedCloseOn", 1, 7), SUM("amountFen" * "probability") FROM opportunities WHERE "stage" NOT IN ('won', 'lost') GROUP BY 1, 2`).all(),
      r: db.prepare(`SELECT "salespersonId", SUM("totalFen") FROM shipment_facts WHERE "shipDate" BETWEEN ? AND ? GROUP BY 1`).all(`${shiftMonth(monthOf(today), -3)}-01`, monthEnd(lastFull)),
    }),
  })
  cases.push({
    name: 'report.customers/today',
    method: 'report.customers',
    inputs: [{}],
    baseline: (db) => customersSql(db, today),
  })
  cases.push({
    name: 'report.monthlyPack/last-month',
    method: 'report.monthlyPack',
    inputs: [{ month: lastFull }],
    baseline: (db) => {
      // the pack's parts by hand: the three measures this month, last month and a year ago, top customers and
      // products, AR at month end, new customers, churn, delivery and the salespeople's year
      const from = `${lastFull}-01`
      const to = monthEnd(lastFull)
      const months = [lastFull, shiftMonth(lastFull, -1), shiftMonth(lastFull, -12)].map((m) => [`${m}-01`, monthEnd(m)] as const)
      const measures = months.map(([f, t]) => ({
        shipped: db.prepare(`SELECT SUM("totalFen"), SUM("netFen"), SUM("costFen"), COUNT(*) FROM shipment_facts WHERE "shipDate" BETWEEN ? AND ?`).get(f, t),
        returned: db.prepare(`SELECT SUM("totalFen") FROM sales_returns WHERE "returnedOn" BETWEEN ? AND ? AND "status" = 'valid'`).get(f, t),
        ordered: db.prepare(`SELECT SUM("totalFen"), SUM("netFen"), COUNT(*) FROM sales_orders WHERE "orderDate" BETWEEN ? AND ? AND "status" IN ${ORDERED_IN}`).get(f, t),
        received: db.prepare(`SELECT SUM("amountFen"), COUNT(*) FROM receipts WHERE "receivedOn" BETWEEN ? AND ? AND "status" = 'valid'`).get(f, t),
      }))
      const top = shippedSql(db, 'customer', { from, to })
      const products = shippedSql(db, 'product', { from, to })
      const targets = db.prepare(`SELECT f."salespersonId", substr(f."shipDate", 6, 2), SUM(f."totalFen") FROM shipment_facts f WHERE f."shipDate" BETWEEN ? AND ? GROUP BY 1, 2`).all(`${lastFull.slice(0, 4)}-01-01`, `${lastFull.slice(0, 4)}-12-31`)
      return { measures, top, products, targets, ar: agingTotalsSql(db, to), customers: customersSql(db, to, from), delivery: deliverySql(db, from, to) }
    },
  })
  return cases
}

/**
 * report.delivery by hand on the facts: delivered shipments against a promise from shipment_facts, orders by
 * their last shipment from order_facts, and the few orders that also shipped after `to` dated by their last
 * shipment up to it.
 */
function deliverySql(db: Db, from: string, to: string) {
  return {
    onTime: db.prepare(`SELECT substr("shipDate", 1, 7), "salespersonId", COUNT(*), SUM("onTime") FROM shipment_facts WHERE "delivered" = 1 AND "shipDate" BETWEEN ? AND ? GROUP BY 1, 2`).all(from, to),
    orders: db
      .prepare(
        `SELECT substr(last, 1, 7), sp, COUNT(*), SUM(exc), SUM(col), SUM(days) FROM (
           SELECT "lastShipDate" AS last, "salespersonId" AS sp, "exception" AS exc, "collected" AS col, "collectDays" AS days FROM order_facts WHERE "lastShipDate" BETWEEN $f AND $t
           UNION ALL
           SELECT m.last, f."salespersonId", f."exception", f."collected", CASE WHEN f."collected" = 1 AND f."paidOffOn" > m.last THEN julianday(f."paidOffOn") - julianday(m.last) ELSE 0 END
             FROM (SELECT s."orderId" AS oid, MAX(s."shipDate") AS last FROM order_facts o JOIN shipments s ON s."orderId" = o."orderId"
                    WHERE o."lastShipDate" > $t AND o."firstShipDate" <= $t AND s."shipDate" BETWEEN $f AND $t AND s."status" <> 'cancelled' GROUP BY s."orderId") m
             JOIN order_facts f ON f."orderId" = m.oid
         ) GROUP BY 1, 2`,
      )
      .all({ f: from, t: to }),
  }
}

/**
 * report.customers by hand on the order rhythm: first orders by month, active and repeat buyers in one pass over
 * the year's state rows, the churn page with its total, and the A/B/C tiers over the year's shipments.
 */
function customersSql(db: Db, asOf: string, newFrom?: string) {
  const year = addDays(addMonths(asOf, -12), 1)
  const state = `("nextDate" IS NULL OR "nextDate" > $d)`
  return {
    fresh: db.prepare(`SELECT substr("orderDate", 1, 7), COUNT(*) FROM customer_order_rhythm WHERE "seq" = 1 AND "orderDate" BETWEEN ? AND ? GROUP BY 1`).all(newFrom ?? `${shiftMonth(monthOf(asOf), -11)}-01`, asOf),
    buyers: db.prepare(`SELECT SUM("orderDate" >= $a), COUNT(*), SUM("prevDate" >= $y) FROM customer_order_rhythm WHERE "orderDate" BETWEEN $y AND $d AND ${state}`).get({ a: addDays(asOf, -89), y: year, d: asOf }),
    churn: db
      .prepare(
        `SELECT r."customerId", r."seq", r."orderDate", r."gapMedian2", c."name", c."ownerId", c."lastFollowUpAt", u."displayName", COUNT(*) OVER ()
           FROM customer_order_rhythm r JOIN customers c ON c."id" = r."customerId" LEFT JOIN users u ON u."id" = c."ownerId"
          WHERE ${state} AND r."churnOn" <= $d ORDER BY r."orderDate" DESC, r."customerId" LIMIT 50`,
      )
      .all({ d: asOf }),
    tiers: newFrom
      ? []
      : db
          .prepare(
            `WITH v AS (SELECT "customerId" AS cid, SUM("totalFen") AS a FROM shipment_facts WHERE "shipDate" BETWEEN $y AND $d GROUP BY 1),
                  c AS (SELECT a, SUM(a) OVER (ORDER BY a DESC, cid ROWS UNBOUNDED PRECEDING) - a AS before, SUM(a) OVER () AS total FROM v WHERE a > 0)
             SELECT CASE WHEN before * 100 < total * 80 THEN 'A' WHEN before * 100 < total * 95 THEN 'B' ELSE 'C' END, COUNT(*), SUM(a) FROM c GROUP BY 1`,
          )
          .all({ y: year, d: asOf }),
  }
}

/** Receivable and overdue on a day over all customers: balances from customer_balance less later documents, overdue from the open shipments. */
function agingTotalsSql(db: Db, asOf: string) {
  return db
    .prepare(
      `WITH l AS (SELECT cid, SUM(d) AS d, SUM(c) AS c FROM (
                   SELECT "customerId" AS cid, "totalFen" AS d, 0 AS c FROM shipment_facts WHERE "shipDate" > $a
                   UNION ALL SELECT "customerId", 0, "totalFen" FROM sales_returns WHERE "returnedOn" > $a AND "status" = 'valid'
                   UNION ALL SELECT "customerId", 0, "amountFen" FROM receipts WHERE "receivedOn" > $a AND "status" = 'valid') GROUP BY cid),
            b AS (SELECT cb."customerId" AS cid, cb."creditFen" - IFNULL(l.c, 0) AS cr, cb."debitFen" - IFNULL(l.d, 0) - cb."creditFen" + IFNULL(l.c, 0) AS bal
                    FROM customer_balance cb LEFT JOIN l ON l.cid = cb."customerId")
       SELECT (SELECT SUM(bal) FROM b),
              (SELECT SUM(MIN(f."totalFen", f."cumFen" - b.cr)) FROM b JOIN shipment_facts f ON f."customerId" = b.cid AND f."cumFen" > b.cr AND f."shipDate" <= $a WHERE b.bal > 0 AND f."dueDate" < $a)`,
    )
    .get({ a: asOf })
}
