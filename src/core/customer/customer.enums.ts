/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const CUSTOMER_STAGES = ['lead', 'prospect', 'opportunity', 'customer', 'lost'] as const
export type CustomerStage = (typeof CUSTOMER_STAGES)[number]
export const FOLLOW_UP_TYPES = ['call', 'visit', 'wechat', 'email', 'meeting', 'revisit', 'dunning', 'poolWarning'] as const
/** the types people record; poolWarning (公海提醒) is written by the daily 公海 sweep only */
export const MANUAL_FOLLOW_UP_TYPES = FOLLOW_UP_TYPES.filter((t): t is Exclude<FollowUpType, 'poolWarning'> => t !== 'poolWarning')
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number]
