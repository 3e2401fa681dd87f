import type { Ctx } from '../contract/method'
import { UserEntity } from './auth.entity'

/**
 * Data scope of the signed-in user, enforced in the core.
 * `null` means everything; otherwise the owner ids whose records the user sees (the public pool is always visible).
 */
export async function ownerScope(ctx: Ctx): Promise<number[] | null> {
  const { user } = ctx
  if (user.role === 'sales') return [user.id]
  if (user.role === 'manager') {
    const team = await ctx.em.getRepository(UserEntity).find({ where: { managerId: user.id }, select: { id: true } })
    return [user.id, ...team.map((u) => u.id)]
  }
  return null
}

export function canSeeOwner(scope: number[] | null, ownerId: number | null): boolean {
  return scope === null || ownerId === null || scope.includes(ownerId)
}
