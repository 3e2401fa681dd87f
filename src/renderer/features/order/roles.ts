import type { Role } from '../auth/auth.api'

/** Who enters and edits orders, quotes and opportunities (the core's SELLERS); the owner and finance read. */
export const SELLER_ROLES: Role[] = ['admin', 'manager', 'sales', 'clerk']
/** Who approves orders (审核 / 反审核). */
export const APPROVER_ROLES: Role[] = ['admin', 'manager']
