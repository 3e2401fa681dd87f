import type { MethodOut } from '../../app/methods'

/** Names for the tracking contract's types: aliases of the core's schemas (src/core/tracking), never copies. */
export type TrackingBoard = MethodOut<'tracking.board'>
export type BoardOrder = TrackingBoard['openOrders'][number]
export type BoardOrderLine = BoardOrder['lines'][number]
export type TrackingFlag = BoardOrder['flag']
export type BoardShipment = TrackingBoard['undelivered'][number]
export type BoardException = TrackingBoard['exceptions'][number]
