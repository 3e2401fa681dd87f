import type Database from 'better-sqlite3'
import { lineMoney, toMilli, toPrice4 } from '../../src/core/money/money'
import { normalizeQuery } from '../../src/core/customer/customer.rules'
import { addDays } from '../../src/core/clock'

type Db = Database.Database

export interface SellingCase {
  name: string
  method: string
  inputs: Record<string, unknown>[]
  /** the same work by hand on a plain better-sqlite3 connection (writable when `writes`) */
  baseline: (db: Db, input: Record<string, unknown>) => unknown
  writes?: boolean
}

const TODAY = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

/** order.create by hand: the header, 30 priced lines and the number counter in one transaction. */
function orderCreateSql(db: Db, input: Record<string, unknown>) {
  const lines = input.lines as { productId: number; quantity: string; unitPrice: string; taxRate: number }[]
  const today = TODAY()
  return db.transaction(() => {
    const key = `SOB:${today.replace(/-/g, '')}`
    db.prepare('INSERT INTO doc_sequences ("key", "next") VALUES (?, 1) ON CONFLICT("key") DO UPDATE SET "next" = "next" + 1').run(key)
    const n = (db.prepare('SELECT "next" FROM doc_sequences WHERE "key" = ?').get(key) as { next: number }).next
    const priced = lines.map((l) => ({ l, m: lineMoney(toMilli(l.quantity), toPrice4(l.unitPrice), l.taxRate) }))
    const total = priced.reduce((s, p) => s + p.m.amountFen, 0)
    const now = new Date().toISOString()
    const id = Number(
      db
        .prepare(
          `INSERT INTO sales_orders ("number","customerId","orderDate","paymentTermDays","priceIncludesTax","status","totalFen","taxFen","netFen","createdAt","updatedAt","version") VALUES (?,?,?,?,1,'draft',?,?,?,?,?,1)`,
        )
        .run(`SOB${today.replace(/-/g, '')}-${String(n).padStart(6, '0')}`, input.customerId, today, 30, total, priced.reduce((s, p) => s + p.m.taxFen, 0), priced.reduce((s, p) => s + p.m.netFen, 0), now, now).lastInsertRowid,
    )
    const ins = db.prepare(
      `INSERT INTO sales_order_lines ("orderId","lineNo","productId","productCode","productName","unit","qtyMilli","price4","taxRate","discountBp","amountFen","taxFen","netFen") SELECT ?, ?, id, code, name, unit, ?, ?, ?, 0, ?, ?, ? FROM products WHERE id = ?`,
    )
    priced.forEach((p, i) => ins.run(id, i + 1, toMilli(p.l.quantity), toPrice4(p.l.unitPrice), p.l.taxRate, p.m.amountFen, p.m.taxFen, p.m.netFen, p.l.productId))
    return id
  })()
}

/**
 * order.search by hand, the fastest found: the number and the customer matched through their own indexes (a
 * multi-index OR: number index scan + customer search index, then orders by customer), the total counted from
 * those ids, the page read by date, then its customers' names by primary key.
 */
function orderSearchSql(db: Db, input: Record<string, unknown>) {
  const where: string[] = []
  const args: unknown[] = []
  if (input.query) {
    const q = `%${normalizeQuery(String(input.query)).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    where.push(`(o."id" IN (SELECT n."id" FROM sales_orders n WHERE n."number" LIKE ? ESCAPE '\\') OR o."customerId" IN (SELECT c."id" FROM customers c WHERE c."searchText" LIKE ? ESCAPE '\\'))`)
    args.push(q, q)
  }
  if (input.status) {
    where.push(`o."status" = ?`)
    args.push(input.status)
  }
  if (input.dateFrom) {
    where.push(`o."orderDate" >= ?`)
    args.push(input.dateFrom)
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM sales_orders o ${w}`).get(...args) as { n: number }).n
  const rows = db.prepare(`SELECT o.* FROM sales_orders o ${w} ORDER BY o."orderDate" DESC, o."id" DESC LIMIT 20`).all(...args) as { customerId: number }[]
  const ids = [...new Set(rows.map((r) => r.customerId))]
  const names = ids.length ? db.prepare(`SELECT "id", "name", "code" FROM customers WHERE "id" IN (${ids.map(() => '?').join(',')})`).all(...ids) : []
  return { rows, names, total }
}

/**
 * ar.aging by hand, the fastest found: each customer's balance on the day is the running totals of
 * customer_balance less the documents dated after it (three short date ranges), and the open shipments of
 * those who owe are one range seek each on shipment_facts (customerId, cumFen > credits), bucketed in the same pass.
 */
function agingSql(db: Db, input: Record<string, unknown>) {
  const asOf = String(input.asOf)
  const [d30, d60, d90] = [30, 60, 90].map((n) => addDays(asOf, -n))
  return db
    .prepare(
      `WITH l AS (SELECT cid, SUM(d) AS d, SUM(c) AS c FROM (
                   SELECT "customerId" AS cid, "totalFen" AS d, 0 AS c FROM shipment_facts WHERE "shipDate" > $a
                   UNION ALL SELECT "customerId", 0, "totalFen" FROM sales_returns WHERE "returnedOn" > $a AND "status" = 'valid'
                   UNION ALL SELECT "customerId", 0, "amountFen" FROM receipts WHERE "receivedOn" > $a AND "status" = 'valid') GROUP BY cid),
            b AS (SELECT cb."customerId" AS cid, cb."creditFen" - IFNULL(l.c, 0) AS cr, cb."debitFen" - IFNULL(l.d, 0) - cb."creditFen" + IFNULL(l.c, 0) AS bal
                    FROM customer_balance cb LEFT JOIN l ON l.cid = cb."customerId"),
            k AS (SELECT b.cid,
                         SUM(CASE WHEN f."dueDate" >= $a THEN MIN(f."totalFen", f."cumFen" - b.cr) ELSE 0 END) AS nd,
                         SUM(CASE WHEN f."dueDate" < $a AND f."dueDate" >= $d30 THEN MIN(f."totalFen", f."cumFen" - b.cr) ELSE 0 END) AS a1,
                         SUM(CASE WHEN f."dueDate" < $d30 AND f."dueDate" >= $d60 THEN MIN(f."totalFen", f."cumFen" - b.cr) ELSE 0 END) AS a2,
                         SUM(CASE WHEN f."dueDate" < $d60 AND f."dueDate" >= $d90 THEN MIN(f."totalFen", f."cumFen" - b.cr) ELSE 0 END) AS a3,
                         SUM(CASE WHEN f."dueDate" < $d90 THEN MIN(f."totalFen", f."cumFen" - b.cr) ELSE 0 END) AS a4,
                         MIN(CASE WHEN f."dueDate" < $a THEN f."dueDate" END) AS oldest
                    FROM b JOIN shipment_facts f ON f."customerId" = b.cid AND f."cumFen" > b.cr AND f."shipDate" <= $a
                   WHERE b.bal > 0 GROUP BY b.cid)
       SELECT b.cid, c."name", c."ownerId", IFNULL(k.nd, 0), IFNULL(k.a1, 0), IFNULL(k.a2, 0), IFNULL(k.a3, 0), IFNULL(k.a4, 0), b.bal, k.oldest
         FROM b JOIN customers c ON c."id" = b.cid LEFT JOIN k ON k.cid = b.cid WHERE b.bal <> 0 ORDER BY b.bal DESC, b.cid`,
    )
    .all({ a: asOf, d30, d60, d90 })
}

function statementSql(db: Db, input: Record<string, unknown>) {
  const { customerId, from, to } = input as { customerId: number; from: string; to: string }
  const opening = db
    .prepare(
      `SELECT (SELECT COALESCE(SUM("totalFen"),0) FROM shipments WHERE "customerId"=? AND "status"<>'cancelled' AND "shipDate"<?) - (SELECT COALESCE(SUM("totalFen"),0) FROM sales_returns WHERE "customerId"=? AND "status"='valid' AND "returnedOn"<?) - (SELECT COALESCE(SUM("amountFen"),0) FROM receipts WHERE "customerId"=? AND "status"='valid' AND "receivedOn"<?) AS v`,
    )
    .get(customerId, from, customerId, from, customerId, from)
  const entries = db
    .prepare(
      `SELECT "shipDate" AS d, 'shipment' AS k, "number", "totalFen" AS a FROM shipments WHERE "customerId"=? AND "status"<>'cancelled' AND "shipDate" BETWEEN ? AND ?
       UNION ALL SELECT "returnedOn", 'return', "number", -"totalFen" FROM sales_returns WHERE "customerId"=? AND "status"='valid' AND "returnedOn" BETWEEN ? AND ?
       UNION ALL SELECT "receivedOn", 'receipt', "number", -"amountFen" FROM receipts WHERE "customerId"=? AND "status"='valid' AND "receivedOn" BETWEEN ? AND ?
       ORDER BY d, k, "number"`,
    )
    .all(customerId, from, to, customerId, from, to, customerId, from, to)
  return { opening, entries }
}

/** Cases for orders and receivables; `ctx` gives ids found in the seeded file. */
export function sellingCases(db: Db): SellingCase[] {
  const products = db.prepare('SELECT id, salePrice4, taxRate FROM products WHERE active = 1 ORDER BY id LIMIT 30').all() as { id: number; salePrice4: number; taxRate: number }[]
  const customer = db.prepare('SELECT id FROM customers WHERE "mergedIntoId" IS NULL ORDER BY id LIMIT 1').get() as { id: number } | undefined
  const busiest = db.prepare(`SELECT "customerId" AS id FROM shipments GROUP BY "customerId" ORDER BY count(*) DESC LIMIT 1`).get() as { id: number } | undefined
  const cases: SellingCase[] = []
  if (products.length >= 30 && customer) {
    const lines = products.map((p, i) => ({ productId: p.id, quantity: String(1 + (i % 7)), unitPrice: (p.salePrice4 / 10000).toFixed(4), taxRate: p.taxRate }))
    cases.push({ name: 'order.create/30-lines', method: 'order.create', inputs: [{ customerId: customer.id, lines }], baseline: orderCreateSql, writes: true })
  }
  const hasOrders = (db.prepare('SELECT count(*) AS n FROM sales_orders').get() as { n: number }).n > 0
  if (hasOrders) {
    const from = new Date(Date.now() - 90 * 86400_000).toISOString().slice(0, 10)
    cases.push({
      name: 'order.search/customer-pinyin',
      method: 'order.search',
      inputs: ['hz', 'bj', 'sh', 'kj', 'huaxing'].map((query) => ({ query, page: 1, pageSize: 20 })),
      baseline: orderSearchSql,
    })
    cases.push({
      name: 'order.search/status-date',
      method: 'order.search',
      inputs: [{ status: 'shipped', page: 1, pageSize: 20 }, { status: 'completed', dateFrom: from, page: 1, pageSize: 20 }, { query: 'SO2026', page: 1, pageSize: 20 }],
      baseline: orderSearchSql,
    })
    cases.push({ name: 'ar.aging/all-customers', method: 'ar.aging', inputs: [{ asOf: TODAY() }, { asOf: '2026-06-30' }, { asOf: '2025-12-31' }], baseline: agingSql })
  }
  if (busiest) {
    const to = TODAY()
    cases.push({
      name: 'ar.statement/busiest-customer-3y',
      method: 'ar.statement',
      inputs: [{ customerId: busiest.id, from: `${Number(to.slice(0, 4)) - 3}${to.slice(4)}`, to }, { customerId: busiest.id, from: `${to.slice(0, 4)}-01-01`, to }],
      baseline: statementSql,
    })
  }
  return cases
}
