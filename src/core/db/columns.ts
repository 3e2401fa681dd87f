import type { EntitySchemaColumnOptions } from 'typeorm'

/** Column helpers: every column has an explicit type, the same on SQLite and PostgreSQL. */
const bigintToNumber = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
}

export const col = {
  pk: (): EntitySchemaColumnOptions => ({ type: 'integer', primary: true, generated: 'increment' }),
  int: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'integer', default: 0, ...o }),
  intNull: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'integer', nullable: true, ...o }),
  /** integer fen (or other scaled integer), 64-bit */
  fen: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({
    type: 'bigint',
    default: 0,
    transformer: bigintToNumber,
    ...o,
  }),
  fenNull: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({
    type: 'bigint',
    nullable: true,
    transformer: bigintToNumber,
    ...o,
  }),
  str: (length: number, o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'varchar', length, ...o }),
  strNull: (length: number, o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({
    type: 'varchar',
    length,
    nullable: true,
    ...o,
  }),
  text: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'text', ...o }),
  textNull: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'text', nullable: true, ...o }),
  bool: (def = false): EntitySchemaColumnOptions => ({ type: 'boolean', default: def }),
  /** ISO 8601 timestamp as text: sortable, engine-neutral, no time-zone surprises */
  ts: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'varchar', length: 32, ...o }),
  tsNull: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'varchar', length: 32, nullable: true, ...o }),
  /** YYYY-MM-DD */
  date: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'varchar', length: 10, ...o }),
  dateNull: (o: Partial<EntitySchemaColumnOptions> = {}): EntitySchemaColumnOptions => ({ type: 'varchar', length: 10, nullable: true, ...o }),
  version: (): EntitySchemaColumnOptions => ({ type: 'integer', default: 1 }),
}

/** The audit columns every business record carries. */
export const tracked = {
  createdAt: col.ts(),
  createdById: col.intNull(),
  updatedAt: col.ts(),
  updatedById: col.intNull(),
  updatedByName: col.strNull(50),
  version: col.version(),
}

export interface Tracked {
  createdAt: string
  createdById: number | null
  updatedAt: string
  updatedById: number | null
  updatedByName: string | null
  version: number
}
