import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'

/** One counter per document type and period (e.g. `SO:20261122`). Never reused, never rolled back outside its transaction. */
export interface DocSequence {
  key: string
  next: number
}

export const DocSequenceEntity = new EntitySchema<DocSequence>({
  name: 'DocSequence',
  tableName: 'doc_sequences',
  columns: {
    key: col.str(60, { primary: true }),
    next: col.int({ default: 1 }),
  },
})
