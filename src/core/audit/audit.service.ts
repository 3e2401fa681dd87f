import type { Ctx } from '../contract/method'
import { AuditLogEntity } from './audit.entity'

export type Change = { field: string; before: unknown; after: unknown }

/** Field-by-field difference of two records, over the given fields. */
export function diff<T extends object>(before: T | null, after: T | null, fields: readonly (keyof T)[]): Change[] {
  const changes: Change[] = []
  for (const f of fields) {
    const b = before ? (before[f] as unknown) : undefined
    const a = after ? (after[f] as unknown) : undefined
    if (JSON.stringify(b ?? null) !== JSON.stringify(a ?? null)) changes.push({ field: String(f), before: b ?? null, after: a ?? null })
  }
  return changes
}

/** Writes one operation-log row in the caller's transaction. */
export async function audit(
  ctx: Ctx,
  entry: { entity: string; entityId: number; action: string; summary?: string; changes?: Change[] | Record<string, unknown> },
): Promise<void> {
  await ctx.em.getRepository(AuditLogEntity).insert({
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    summary: entry.summary ?? null,
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
    userId: ctx.user?.id ?? null,
    userName: ctx.user?.displayName ?? null,
    at: ctx.now().toISOString(),
  })
}
