import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'
import { OPPORTUNITY_STAGES, type OpportunityStage } from './opportunity.enums'
export { OPPORTUNITY_STAGES, type OpportunityStage }

export const OPPORTUNITY_STAGE_LABELS: Record<OpportunityStage, string> = {
  initial: '初步接洽',
  needs: '需求确认',
  proposal: '方案/报价',
  negotiation: '谈判',
  won: '赢单',
  lost: '输单',
}
export const DEFAULT_PROBABILITIES: Record<OpportunityStage, number> = { initial: 10, needs: 30, proposal: 50, negotiation: 70, won: 100, lost: 0 }

export interface Opportunity extends Tracked {
  id: number
  customerId: number
  title: string
  amountFen: number
  stage: OpportunityStage
  probability: number
  expectedCloseOn: string | null
  ownerId: number | null
  source: string | null
  lostReason: string | null
  remark: string | null
  closedOn: string | null
}

export const OpportunityEntity = new EntitySchema<Opportunity>({
  name: 'Opportunity',
  tableName: 'opportunities',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    title: col.str(100),
    amountFen: col.fen(),
    stage: col.str(20, { default: 'initial' }),
    probability: col.int(),
    expectedCloseOn: col.dateNull(),
    ownerId: col.intNull(),
    source: col.strNull(50),
    lostReason: col.strNull(500),
    remark: col.strNull(1000),
    closedOn: col.dateNull(),
    ...tracked,
  },
  indices: [
    { name: 'idx_opps_customer', columns: ['customerId'] },
    { name: 'idx_opps_stage', columns: ['stage', 'ownerId'] },
  ],
})
