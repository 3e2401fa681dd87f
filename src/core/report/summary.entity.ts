import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'

/**
 * Shipped (net of returns) per month and product: the summary behind the product and category reports
 * over long periods. Kept in the same transaction as the document (shipment create/cancel, return
 * create/void: src/core/report/summary.service.ts); filled from the documents when the table is created.
 */
export interface SalesMonthProduct {
  id: number
  /** YYYY-MM of the ship date (returns: of the return date) */
  month: string
  productId: number
  amountFen: number
  netFen: number
  costFen: number
  qtyMilli: number
  /** shipment lines (returns do not count) */
  lines: number
}

export const SalesMonthProductEntity = new EntitySchema<SalesMonthProduct>({
  name: 'SalesMonthProduct',
  tableName: 'sales_month_product',
  columns: {
    id: col.pk(),
    month: col.str(7),
    productId: col.int(),
    amountFen: col.fen(),
    netFen: col.fen(),
    costFen: col.fen(),
    qtyMilli: col.fen(),
    lines: col.int(),
  },
  indices: [
    { name: 'idx_smp_key', columns: ['month', 'productId'], unique: true },
    { name: 'idx_smp_cover', columns: ['month', 'productId', 'amountFen', 'netFen', 'costFen', 'qtyMilli', 'lines'] },
  ],
})
