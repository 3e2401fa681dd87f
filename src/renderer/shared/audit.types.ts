import type { Page, PageParams } from '../app/methods'

export interface AuditChange {
  field: string
  before: unknown
  after: unknown
}

export interface AuditEntry {
  id: number
  entity: string
  entityId: number
  action: string
  summary: string | null
  /** usually AuditChange[]; some actions (merge) log an object */
  changes: unknown
  userId: number | null
  userName: string | null
  at: string
}

declare module '../app/methods' {
  interface MethodMap {
    'auditLog.list': { in: { entity: string; entityId: number } & PageParams; out: Page<AuditEntry> }
  }
}
