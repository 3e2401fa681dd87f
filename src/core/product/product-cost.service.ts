import { In, type EntityManager } from 'typeorm'
import Decimal from 'decimal.js'
import type { Ctx } from '../contract/method'
import { ROLES, type Role } from '../auth/roles'
import { hasCapability, rolesFor } from '../auth/permissions'
import { ProductEntity } from './product.entity'

/** DOMAIN.md: admin, manager and finance see and change the cost price (成本价); the owner sees it; nobody else does. */
export const COST_EDITORS = rolesFor('costPrice')
export const COST_READERS = ROLES.filter((r) => hasCapability(r, 'see:costPrice'))
export const canSeeCost = (role: Role) => hasCapability(role, 'see:costPrice')

/** Unit cost (× 10 000, excl. tax) of the given products now. */
export async function unitCosts(ctx: { em: EntityManager }, productIds: number[]): Promise<Map<number, number>> {
  if (!productIds.length) return new Map()
  const rows = await ctx.em.getRepository(ProductEntity).find({ where: { id: In([...new Set(productIds)]) }, select: { id: true, costPrice4: true } })
  return new Map(rows.map((r) => [r.id, r.costPrice4]))
}

/** The cost of a shipped quantity (× 1 000) at a unit cost (× 10 000): fen, rounded half up once. */
export function lineCostFen(qtyMilli: number, cost4: number): number {
  if (!qtyMilli || !cost4) return 0
  return new Decimal(qtyMilli).mul(cost4).div(100_000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}

export type { Ctx }
