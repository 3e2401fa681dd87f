import type { ItemOf, MethodOut } from '../../app/methods'

/** Names for the receivables contract's types: aliases of the core's schemas (src/core/ar), never copies. */
export type AgingItem = ItemOf<'ar.aging'>
export type AgingBuckets = MethodOut<'ar.customer'>['aging']
export type ArSummaryItem = ItemOf<'ar.summary'>
export type Statement = MethodOut<'ar.statement'>
export type StatementEntry = Statement['entries'][number]
export type StatementKind = StatementEntry['kind']
export type OverdueItem = ItemOf<'ar.overdue'>
export type CustomerAr = MethodOut<'ar.customer'>

export const AGING_KEYS = ['notDueFen', 'd1_30Fen', 'd31_60Fen', 'd61_90Fen', 'over90Fen'] as const
