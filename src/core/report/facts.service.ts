import type { DataSource, EntityManager } from 'typeorm'
import { rawQuery } from '../db/sql'
import { addDays } from '../clock'
import { ORDERED_IN, daysSql } from './report.sql'
import { takeNotedFacts } from './facts.notes'

type Q = { em: EntityManager; engine: 'sqlite' | 'postgres' }

const TABLE_OF: Record<string, string> = { order: 'sales_orders', shipment: 'shipments', return: 'sales_returns', receipt: 'receipts' }
const marks = (xs: unknown[]) => xs.map(() => '?').join(', ')
async function chunked<T>(xs: T[], size: number, f: (c: T[]) => Promise<void>) {
  for (let i = 0; i < xs.length; i += size) await f(xs.slice(i, i + size))
}

/** Recomputes the facts of every customer the transaction touched (see noteFactsChange). */
export async function refreshNotedFacts(ctx: Q): Promise<void> {
  const m = takeNotedFacts(ctx.em)
  if (!m) return
  const customers = new Set<number>(m.get('customer') ?? [])
  for (const [entity, ids] of m) {
    const table = TABLE_OF[entity]
    if (!table || !ids.size) continue
    await chunked([...ids], 500, async (c) => {
      for (const r of await rawQuery<{ c: number }>(ctx, `SELECT DISTINCT "customerId" AS c FROM ${table} WHERE "id" IN (${marks(c)})`, c)) customers.add(Number(r.c))
    })
  }
  if (customers.size) await refreshCustomerFacts(ctx, [...customers].sort((a, b) => a - b))
}

/** Recomputes all facts of the given customers (null: of everyone) from the documents. */
export async function refreshCustomerFacts(ctx: Q, customerIds: number[] | null): Promise<void> {
  if (customerIds === null) return refreshSome(ctx, null)
  await chunked(customerIds, 400, (c) => refreshSome(ctx, c))
}

async function refreshSome(ctx: Q, ids: number[] | null) {
  const where = (column: string) => (ids ? ` AND ${column} IN (${marks(ids)})` : '')
  const p = ids ?? []
  const del = async (table: string) => rawQuery(ctx, `DELETE FROM ${table} WHERE 1 = 1${where('"customerId"')}`, p)
  // shipments: running total per customer in (shipDate, id) order, the order's salesperson and promised date
  await del('shipment_facts')
  await rawQuery(
    ctx,
    `INSERT INTO shipment_facts ("shipmentId", "customerId", "orderId", "salespersonId", "shipDate", "dueDate", "totalFen", "netFen", "costFen", "cumFen", "delivered", "onTime")
     SELECT s."id", s."customerId", s."orderId", o."salespersonId", s."shipDate", s."dueDate", s."totalFen", s."netFen", s."costFen",
            SUM(s."totalFen") OVER (PARTITION BY s."customerId" ORDER BY s."shipDate", s."id" ROWS UNBOUNDED PRECEDING),
            CASE WHEN s."status" = 'delivered' AND s."deliveredOn" IS NOT NULL AND o."promisedDate" IS NOT NULL THEN 1 ELSE 0 END,
            CASE WHEN s."status" = 'delivered' AND s."deliveredOn" IS NOT NULL AND o."promisedDate" IS NOT NULL AND s."deliveredOn" <= o."promisedDate" THEN 1 ELSE 0 END
       FROM shipments s JOIN sales_orders o ON o."id" = s."orderId"
      WHERE s."status" <> 'cancelled'${where('s."customerId"')}`,
    p,
  )
  // orders with a shipment: last ship date, exception, when the receivable reached zero
  await del('order_facts')
  const collected = `o."shippedFen" - o."returnedFen" > 0 AND pd.amt >= o."shippedFen" - o."returnedFen"`
  await rawQuery(
    ctx,
    `INSERT INTO order_facts ("orderId", "customerId", "salespersonId", "firstShipDate", "lastShipDate", "exception", "collected", "paidOffOn", "collectDays")
     SELECT o."id", o."customerId", o."salespersonId", so.first, so.last,
            CASE WHEN o."returnedFen" > 0 OR EXISTS (SELECT 1 FROM shipments c WHERE c."orderId" = o."id" AND c."status" = 'cancelled') THEN 1 ELSE 0 END,
            CASE WHEN ${collected} THEN 1 ELSE 0 END,
            CASE WHEN ${collected} THEN pd."paidOn" END,
            CASE WHEN ${collected} AND pd."paidOn" > so.last THEN ${daysSql(ctx.engine, 'so.last', 'pd."paidOn"')} ELSE 0 END
       FROM (SELECT s."orderId" AS oid, MIN(s."shipDate") AS first, MAX(s."shipDate") AS last FROM shipments s WHERE s."status" <> 'cancelled'${where('s."customerId"')} GROUP BY s."orderId") so
       JOIN sales_orders o ON o."id" = so.oid
       LEFT JOIN (SELECT a."orderId" AS oid, SUM(a."amountFen") AS amt, MAX(r."receivedOn") AS "paidOn"
                    FROM receipt_allocations a JOIN receipts r ON r."id" = a."receiptId" AND r."status" = 'valid'
                   WHERE 1 = 1${where('r."customerId"')} GROUP BY a."orderId") pd ON pd.oid = so.oid
      WHERE 1 = 1${where('o."customerId"')}`,
    [...p, ...p, ...p],
  )
  // balances: everything shipped and everything credited
  await del('customer_balance')
  await rawQuery(
    ctx,
    `INSERT INTO customer_balance ("customerId", "debitFen", "creditFen")
     SELECT cid, SUM(d), SUM(c) FROM (
       SELECT s."customerId" AS cid, s."totalFen" AS d, 0 AS c FROM shipments s WHERE s."status" <> 'cancelled'${where('s."customerId"')}
       UNION ALL SELECT r."customerId", 0, r."totalFen" FROM sales_returns r WHERE r."status" = 'valid'${where('r."customerId"')}
       UNION ALL SELECT r."customerId", 0, r."amountFen" FROM receipts r WHERE r."status" = 'valid'${where('r."customerId"')}
     ) x GROUP BY cid`,
    [...p, ...p, ...p],
  )
  await refreshRhythm(ctx, ids)
}

const DAY = 86_400_000
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY)

/** The rhythm rows of one customer's ordered orders, in (orderDate, id) order. */
export function rhythmRows(customerId: number, orders: { id: number; orderDate: string }[]) {
  const sorted: number[] = []
  return orders.map((o, i) => {
    if (i > 0) {
      const g = days(orders[i - 1]!.orderDate, o.orderDate)
      let k = sorted.length
      while (k > 0 && sorted[k - 1]! > g) k--
      sorted.splice(k, 0, g)
    }
    const c = sorted.length
    const med2 = c >= 2 ? sorted[(c - 1) >> 1]! + sorted[c >> 1]! : null
    return {
      customerId,
      orderId: o.id,
      orderDate: o.orderDate,
      seq: i + 1,
      prevDate: i > 0 ? orders[i - 1]!.orderDate : null,
      nextDate: i + 1 < orders.length ? orders[i + 1]!.orderDate : null,
      gapMedian2: med2,
      churnOn: med2 === null ? null : addDays(o.orderDate, Math.max(30, med2) + 1),
    }
  })
}

async function refreshRhythm(ctx: Q, ids: number[] | null) {
  const where = ids ? ` AND "customerId" IN (${marks(ids)})` : ''
  await rawQuery(ctx, `DELETE FROM customer_order_rhythm WHERE 1 = 1${where}`, ids ?? [])
  const orders = await rawQuery<{ c: number; id: number; d: string }>(
    ctx,
    `SELECT "customerId" AS c, "id", "orderDate" AS d FROM sales_orders WHERE "status" IN ${ORDERED_IN}${where} ORDER BY "customerId", "orderDate", "id"`,
    ids ?? [],
  )
  const rows: ReturnType<typeof rhythmRows> = []
  for (let i = 0; i < orders.length; ) {
    let j = i
    const c = Number(orders[i]!.c)
    while (j < orders.length && Number(orders[j]!.c) === c) j++
    rows.push(...rhythmRows(c, orders.slice(i, j).map((o) => ({ id: Number(o.id), orderDate: o.d }))))
    i = j
  }
  await chunked(rows, 500, async (c) => {
    await rawQuery(
      ctx,
      `INSERT INTO customer_order_rhythm ("customerId", "orderId", "orderDate", "seq", "prevDate", "nextDate", "gapMedian2", "churnOn") VALUES ${c.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      c.flatMap((r) => [r.customerId, r.orderId, r.orderDate, r.seq, r.prevDate, r.nextDate, r.gapMedian2, r.churnOn]),
    )
  })
}

/** Fills every fact table from the documents (one transaction): when the tables are created, and after bulk loads (the seed). */
export async function rebuildFacts(ds: DataSource): Promise<void> {
  const engine = ds.options.type === 'postgres' ? 'postgres' : 'sqlite'
  await ds.transaction((em) => refreshCustomerFacts({ em, engine }, null))
}
