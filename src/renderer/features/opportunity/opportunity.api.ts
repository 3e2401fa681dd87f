import type { ItemOf, MethodIn } from '../../app/methods'

/** Names for the opportunity contract's types: aliases of the core's schemas (src/core/opportunity), never copies. */
export { OPPORTUNITY_STAGES, type OpportunityStage } from '../../../core/opportunity/opportunity.enums'
export type Opportunity = ItemOf<'opportunity.search'>
export type OpportunitySearchIn = MethodIn<'opportunity.search'>

/** An opportunity change can change the customer's stage too. */
export const OPPORTUNITY_QUERIES = ['opportunity.', 'customer.', 'auditLog.'] as const
