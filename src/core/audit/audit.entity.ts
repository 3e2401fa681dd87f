import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'

export interface AuditLog {
  id: number
  entity: string
  entityId: number
  action: string
  summary: string | null
  changes: string | null
  userId: number | null
  userName: string | null
  at: string
}

export const AuditLogEntity = new EntitySchema<AuditLog>({
  name: 'AuditLog',
  tableName: 'audit_log',
  columns: {
    id: col.pk(),
    entity: col.str(40),
    entityId: col.int(),
    action: col.str(40),
    summary: col.strNull(500),
    changes: col.textNull(),
    userId: col.intNull(),
    userName: col.strNull(50),
    at: col.ts(),
  },
  indices: [{ name: 'idx_audit_entity', columns: ['entity', 'entityId'] }],
})
