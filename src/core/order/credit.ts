import type { Ctx } from '../contract/method'
import { SalesOrderEntity } from './order.entity'

/**
 * The customer's receivable: shipped − returned − received (allocated and unallocated receipts
 * both reduce the balance). Shipments and returns are carried on the orders; receipts come from
 * the receipt module once it exists.
 */
export async function customerReceivableFen(ctx: Ctx, customerId: number): Promise<number> {
  const rows = (await ctx.em
    .getRepository(SalesOrderEntity)
    .createQueryBuilder('o')
    .select('COALESCE(SUM(o.shippedFen - o.returnedFen), 0)', 'v')
    .where('o.customerId = :customerId', { customerId })
    .getRawOne()) as { v: number | string }
  return Number(rows.v)
}
