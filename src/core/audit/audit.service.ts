import type { Ctx } from '../contract/method'
import { AuditLogEntity } from './audit.entity'
import { noteFactsChange, touchesFacts } from '../report/facts.notes'
import { DEFAULT_LOCALE, renderMessage, type CoreMessageKey, type Locale, type MessageParams } from '../i18n/i18n'

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

/** A log summary: a text as written, or a message key + params read back in the reader's language. */
export type Summary = string | { key: CoreMessageKey; params?: MessageParams }

const SUMMARY_MAX = 500
const KEYED_SUMMARY = /^([\s\S]*) ⟦([\w.]+)(?:\|([\s\S]*))?⟧$/

/**
 * How a summary is stored: the Chinese text (so the column stays readable, and prefix searches on it work),
 * followed by ` ⟦key|params⟧` when it is keyed and fits the column; else the text alone.
 */
export function encodeSummary(s: Summary | undefined): string | null {
  if (s === undefined) return null
  if (typeof s === 'string') return fitSummary(s)
  const text = renderMessage(s.key, s.params, DEFAULT_LOCALE)
  const stored = `${text} ⟦${s.key}${s.params && Object.keys(s.params).length ? `|${JSON.stringify(s.params)}` : ''}⟧`
  return stored.length <= SUMMARY_MAX ? stored : fitSummary(text)
}

/**
 * A summary cut to the column (a user's 500-character reason plus its prefix does not fit: PostgreSQL refused the
 * whole change), ending in … and never in half a surrogate pair.
 */
function fitSummary(text: string): string {
  if (text.length <= SUMMARY_MAX) return text
  let cut = text.slice(0, SUMMARY_MAX - 1)
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return `${cut}…`
}

/** A stored summary in `locale`: keyed ones rendered from their key, the others as they were written. */
export function summaryText(stored: string | null, locale: Locale): string | null {
  if (!stored) return stored
  const m = KEYED_SUMMARY.exec(stored)
  if (!m) return stored
  try {
    return renderMessage(m[2]!, m[3] ? (JSON.parse(m[3]) as MessageParams) : undefined, locale)
  } catch {
    return m[1]!
  }
}

/** Writes one operation-log row in the caller's transaction. */
export async function audit(
  ctx: Ctx,
  entry: { entity: string; entityId: number; action: string; summary?: Summary; changes?: Change[] | Record<string, unknown> },
): Promise<void> {
  // the report facts of the customer behind a document change are refreshed before the transaction commits
  if (touchesFacts(entry.entity, entry.action)) noteFactsChange(ctx, entry.entity, entry.entityId)
  await ctx.em.getRepository(AuditLogEntity).insert({
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    summary: encodeSummary(entry.summary),
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
    userId: ctx.user?.id ?? null,
    userName: ctx.user?.displayName ?? null,
    at: ctx.now().toISOString(),
  })
}
