import type { DataSource, EntityManager } from 'typeorm'
import { rawQuery } from '../db/sql'

export interface SummaryLine {
  productId: number
  amountFen: number
  netFen: number
  costFen: number
  qtyMilli: number
}

type Q = { em: EntityManager; engine: 'sqlite' | 'postgres' }

/**
 * Adds (sign 1) or takes back (sign −1) shipped lines in the month summary, inside the caller's
 * transaction. `countLines`: shipment lines count as lines, return lines do not.
 */
export async function bumpSalesSummary(ctx: Q, date: string, lines: SummaryLine[], sign: 1 | -1, countLines: boolean): Promise<void> {
  const month = date.slice(0, 7)
  for (const l of lines) {
    await rawQuery(
      ctx,
      `INSERT INTO sales_month_product ("month", "productId", "amountFen", "netFen", "costFen", "qtyMilli", "lines") VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("month", "productId") DO UPDATE SET
         "amountFen" = sales_month_product."amountFen" + excluded."amountFen", "netFen" = sales_month_product."netFen" + excluded."netFen",
         "costFen" = sales_month_product."costFen" + excluded."costFen", "qtyMilli" = sales_month_product."qtyMilli" + excluded."qtyMilli",
         "lines" = sales_month_product."lines" + excluded."lines"`,
      [month, l.productId, sign * l.amountFen, sign * l.netFen, sign * l.costFen, sign * l.qtyMilli, countLines ? sign : 0],
    )
  }
}

/** Refills the month summary from the documents (one statement): after the table is created on a database with history. */
export async function rebuildSalesSummary(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(`DELETE FROM sales_month_product`)
    await em.query(
      `INSERT INTO sales_month_product ("month", "productId", "amountFen", "netFen", "costFen", "qtyMilli", "lines")
       SELECT m, p, SUM(a), SUM(n), SUM(c), SUM(q), SUM(k) FROM (
         SELECT substr(s."shipDate", 1, 7) AS m, l."productId" AS p, l."amountFen" AS a, l."netFen" AS n, l."costFen" AS c, l."qtyMilli" AS q, 1 AS k
           FROM shipments s JOIN shipment_lines l ON l."shipmentId" = s."id" WHERE s."status" <> 'cancelled'
         UNION ALL
         SELECT substr(r."returnedOn", 1, 7), rl."productId", -rl."amountFen", -rl."netFen", -rl."costFen", -rl."qtyMilli", 0
           FROM sales_returns r JOIN sales_return_lines rl ON rl."returnId" = r."id" WHERE r."status" = 'valid'
       ) x GROUP BY m, p`,
    )
  })
}
