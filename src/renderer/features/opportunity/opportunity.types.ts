import type { Page, PageParams } from '../../app/methods'

/** Mirrors src/core/opportunity/opportunity.contract.ts. */
export const OPPORTUNITY_STAGES = ['initial', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number]

export interface Opportunity {
  id: number
  customerId: number
  customerName: string
  title: string
  amountFen: number
  stage: OpportunityStage
  stageLabel: string
  probability: number
  weightedFen: number
  expectedCloseOn: string | null
  ownerId: number | null
  ownerName: string | null
  source: string | null
  lostReason: string | null
  remark: string | null
  closedOn: string | null
  createdAt: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface OpportunitySearchIn extends PageParams {
  query?: string
  customerId?: number
  stage?: OpportunityStage | OpportunityStage[]
  ownerId?: number
}

declare module '../../app/methods' {
  interface MethodMap {
    'opportunity.create': {
      in: { customerId: number; title: string; amountFen?: number; stage?: OpportunityStage; expectedCloseOn?: string | null; ownerId?: number | null; source?: string | null; lostReason?: string | null; remark?: string | null }
      out: Opportunity
    }
    'opportunity.update': {
      in: { id: number; version: number; title?: string; amountFen?: number; expectedCloseOn?: string | null; ownerId?: number | null; source?: string | null; remark?: string | null }
      out: Opportunity
    }
    'opportunity.moveStage': { in: { id: number; version?: number; stage: OpportunityStage; lostReason?: string | null }; out: Opportunity }
    'opportunity.get': { in: { id: number }; out: Opportunity }
    'opportunity.search': { in: OpportunitySearchIn; out: Page<Opportunity> & { totals: { amountFen: number; weightedFen: number } } }
  }
}

/** An opportunity change can change the customer's stage too. */
export const OPPORTUNITY_QUERIES = ['opportunity.', 'customer.', 'auditLog.'] as const
