import type { Ctx } from '../contract/method'
import { balanceAsOf } from '../ar/ar.service'

/**
 * The customer's receivable for the credit check: shipped − returned − received, where allocated and
 * unallocated receipts both reduce it (a prepayment lowers the exposure).
 */
export async function customerReceivableFen(ctx: Ctx, customerId: number): Promise<number> {
  return balanceAsOf(ctx, customerId, '9999-12-31')
}
