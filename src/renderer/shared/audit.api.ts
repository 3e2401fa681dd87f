import type { ItemOf } from '../app/methods'

/** Names for the audit log's types: aliases of the core's schemas (src/core/audit), never copies. */
export type AuditEntry = ItemOf<'auditLog.list'>
export interface AuditChange {
  field: string
  before: unknown
  after: unknown
}
