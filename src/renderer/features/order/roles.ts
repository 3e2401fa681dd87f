import type { Role } from '../auth/auth.api'
import { rolesFor } from '../../../core/auth/permissions'

/** Who enters and edits orders, quotes and opportunities (DOMAIN.md's role table, as the core has it); the owner and finance read. */
export const SELLER_ROLES: Role[] = rolesFor('salesDocs')
/** Who approves orders (审核 / 反审核). */
export const APPROVER_ROLES: Role[] = rolesFor('approve')
