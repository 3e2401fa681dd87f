/** Mirrors src/core/tracking/tracking.contract.ts. */
export type TrackingFlag = 'late' | 'at_risk' | 'ok' | 'no_date'

export interface BoardOrderLine {
  orderLineId: number
  productId: number
  productName: string
  unit: string
  open: string
  onHand: string
  shortfall: string
}

export interface BoardOrder {
  id: number
  number: string
  customerId: number
  customerName: string
  status: string
  statusLabel: string
  orderDate: string
  promisedDate: string | null
  flag: TrackingFlag
  daysLeft: number | null
  totalFen: number
  shippedFen: number
  hasShortfall: boolean
  lines: BoardOrderLine[]
}

export interface BoardShipment {
  id: number
  number: string
  orderId: number
  orderNumber: string
  customerName: string
  shipDate: string
  carrier: string | null
  trackingNo: string | null
  daysSinceShip: number
  version: number
}

export interface BoardException {
  kind: 'return' | 'shipment_cancelled'
  id: number
  number: string
  date: string
  customerName: string
  reason: string | null
  amountFen: number
}

export interface TrackingBoard {
  asOf: string
  openOrders: BoardOrder[]
  openOrdersTotal: number
  undelivered: BoardShipment[]
  exceptions: BoardException[]
}

declare module '../../app/methods' {
  interface MethodMap {
    'tracking.board': { in: { asOf?: string; riskDays?: number }; out: TrackingBoard }
  }
}
