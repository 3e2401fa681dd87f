/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const CUSTOMER_STAGES = ['lead', 'prospect', 'opportunity', 'customer', 'lost'] as const
export type CustomerStage = (typeof CUSTOMER_STAGES)[number]
export const FOLLOW_UP_TYPES = ['call', 'visit', 'wechat', 'email', 'meeting', 'revisit', 'dunning'] as const
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number]
