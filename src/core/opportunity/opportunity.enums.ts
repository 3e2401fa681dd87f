/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const OPPORTUNITY_STAGES = ['initial', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number]
