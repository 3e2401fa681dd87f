import { z } from 'zod'
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm'
import { id } from '../contract/types'

/**
 * Drill-down (issue 10): the filters that narrow a document list to the documents behind a report
 * figure, on top of the list's own data scope (a filter never widens what the caller may see).
 * The words are the report's (report.sql.ts / report.service.ts):
 * - salespersonId: the order's salesperson (订货, 发货 by salesperson);
 * - ownerId: the customer's owner (回款 by salesperson: a receipt has no order salesperson);
 * - productId / category: documents with a line of that product / of a product in that category;
 * - province: the customer's province (地区).
 */
export const drillFilterShape = {
  salespersonId: id.optional(),
  ownerId: id.optional(),
  productId: id.optional(),
  // filters, not stored text: '' (or blanks) filters nothing
  category: z.string().max(50).optional(),
  province: z.string().max(30).optional(),
}
export interface DrillFilters {
  salespersonId?: number
  ownerId?: number
  productId?: number
  category?: string
  province?: string
}

export interface DrillTarget {
  /** the query's customer id column (`s.customerId`, `o.customerId` …) */
  customerId: string
  /** the query's order salesperson column, when the list has one (`o.salespersonId`) */
  salespersonId?: string
  /** the document's lines: table, its foreign key to the document, and the document's id column */
  lines?: { table: string; fk: string; docId: string }
}

/** Adds the drill-down filters present in `f` to the query (parameters named `drill*`, quoted for both engines). */
export function applyDrillFilters<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: DrillFilters, t: DrillTarget): SelectQueryBuilder<T> {
  if (f.salespersonId && t.salespersonId) qb.andWhere(`${t.salespersonId} = :drillSp`, { drillSp: f.salespersonId })
  if (f.ownerId) qb.andWhere(`${t.customerId} IN (SELECT dco."id" FROM customers dco WHERE dco."ownerId" = :drillOwner)`, { drillOwner: f.ownerId })
  if (f.province?.trim()) qb.andWhere(`${t.customerId} IN (SELECT dcp."id" FROM customers dcp WHERE dcp."province" = :drillProv)`, { drillProv: f.province })
  if (t.lines && f.productId) {
    qb.andWhere(`EXISTS (SELECT 1 FROM ${t.lines.table} dl WHERE dl."${t.lines.fk}" = ${t.lines.docId} AND dl."productId" = :drillProduct)`, { drillProduct: f.productId })
  }
  if (t.lines && f.category?.trim()) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM ${t.lines.table} dlc JOIN products dp ON dp."id" = dlc."productId" WHERE dlc."${t.lines.fk}" = ${t.lines.docId} AND dp."category" = :drillCat)`,
      { drillCat: f.category },
    )
  }
  return qb
}
