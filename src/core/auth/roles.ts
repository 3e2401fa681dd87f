/** The roles (DOMAIN.md). No imports, so the renderer imports them as values (issue 9). */
export const ROLES = ['admin', 'owner', 'manager', 'sales', 'clerk', 'finance'] as const
export type Role = (typeof ROLES)[number]
