import type { EntityManager } from 'typeorm'

/**
 * The summary rows of src/core/report/facts.entity.ts are kept per customer: any write that changes a customer's
 * orders, shipments, returns, receipts or allocations has all of that customer's rows recomputed from the
 * documents before its transaction commits. The write paths say what they touched through the operation log
 * they must write anyway (audit() → noteFactsChange); the dispatcher calls refreshNotedFacts at the end of every
 * write transaction. Bulk writers that do not go through audit() (the history import) note the customers themselves.
 */
const noted = new WeakMap<EntityManager, Map<string, Set<number>>>()

/** What the transaction of `em` noted (and forgets it). */
export function takeNotedFacts(em: EntityManager): Map<string, Set<number>> | undefined {
  const m = noted.get(em)
  noted.delete(em)
  return m
}

/** Actions that never move the facts: prints and invoices on any document; a draft or pending order's create, edit, submit and send-back (only approved and later orders count). */
const INERT = new Set(['print', 'invoice', 'invoice.void'])
const INERT_ORDER = new Set(['create', 'update', 'submit', 'reject'])

/** Entities whose changes move the facts (customer: only a merge, which moves documents). */
export function touchesFacts(entity: string, action: string): boolean {
  if (INERT.has(action) || (entity === 'order' && INERT_ORDER.has(action))) return false
  return entity === 'order' || entity === 'shipment' || entity === 'return' || entity === 'receipt' || (entity === 'customer' && (action === 'merge' || action === 'mergedInto'))
}

/** Remembers, for the transaction of `em`, that a document (or a customer: entity 'customer') changed. */
export function noteFactsChange(ctx: { em: EntityManager }, entity: string, ids: number | number[]): void {
  let m = noted.get(ctx.em)
  if (!m) noted.set(ctx.em, (m = new Map()))
  let s = m.get(entity)
  if (!s) m.set(entity, (s = new Set()))
  for (const id of Array.isArray(ids) ? ids : [ids]) if (Number.isInteger(id) && id > 0) s.add(id)
}
