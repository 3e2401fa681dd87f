import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'

/** One file attached to a customer, order, shipment or receipt; the bytes live in the attachment folder as <sha256>. */
export interface Attachment {
  id: number
  entity: string
  entityId: number
  fileName: string
  mimeType: string
  size: number
  sha256: string
  createdAt: string
  createdById: number | null
  createdByName: string | null
  version: number
}

export const AttachmentEntity = new EntitySchema<Attachment>({
  name: 'Attachment',
  tableName: 'attachments',
  columns: {
    id: col.pk(),
    entity: col.str(20),
    entityId: col.int(),
    fileName: col.str(200),
    mimeType: col.str(60),
    size: col.int(),
    sha256: col.str(64),
    createdAt: col.ts(),
    createdById: col.intNull(),
    createdByName: col.strNull(50),
    version: col.version(),
  },
  indices: [{ name: 'idx_attachments_entity', columns: ['entity', 'entityId'] }],
})
