/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const ORDER_STATUSES = ['draft', 'pending', 'approved', 'partially_shipped', 'shipped', 'completed', 'cancelled', 'closed'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]
