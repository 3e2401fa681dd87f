import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'

/** 销售目标: a month's target of one salesperson, or of a manager's team (the source of 目标分解). */
export interface SalesTarget extends Tracked {
  id: number
  year: number
  month: number
  salespersonId: number | null
  teamManagerId: number | null
  /** `u:<salespersonId>` or `t:<teamManagerId>`: one target per person or team and month */
  subject: string
  amountFen: number
}

export const SalesTargetEntity = new EntitySchema<SalesTarget>({
  name: 'SalesTarget',
  tableName: 'sales_targets',
  columns: {
    id: col.pk(),
    year: col.int(),
    month: col.int(),
    salespersonId: col.intNull(),
    teamManagerId: col.intNull(),
    subject: col.str(20),
    amountFen: col.fen(),
    ...tracked,
  },
  indices: [{ name: 'idx_targets_subject', columns: ['year', 'month', 'subject'], unique: true }],
})
