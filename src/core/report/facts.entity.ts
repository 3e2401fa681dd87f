import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'

/**
 * Summary rows behind the reports and AR aging on long histories (issue 10 §4). None is ever written by a
 * service directly: src/core/report/facts.service.ts refreshes every row of a customer in the same transaction
 * as any document write that touched that customer (the write paths log their changes, see noteFactsChange), and
 * fills the tables from the documents when they are created.
 */

/**
 * One row per ordered order (approved or later) of a customer, in (orderDate, id) order: its rhythm up to that
 * order. `churnOn` is the first day on which, without a later order, the customer counts as gone quiet
 * (days since > 30 and > 2 × the median gap), null before the third order. The row with `nextDate` null or
 * after a day D is the customer's state on D.
 */
export interface CustomerOrderRhythm {
  id: number
  customerId: number
  orderId: number
  orderDate: string
  /** 1 = the customer's first ordered order */
  seq: number
  prevDate: string | null
  nextDate: string | null
  /** 2 × the median gap in days between the orders up to this one (an integer); null before the third order */
  gapMedian2: number | null
  churnOn: string | null
}

export const CustomerOrderRhythmEntity = new EntitySchema<CustomerOrderRhythm>({
  name: 'CustomerOrderRhythm',
  tableName: 'customer_order_rhythm',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    orderId: col.int(),
    orderDate: col.date(),
    seq: col.int(),
    prevDate: col.dateNull(),
    nextDate: col.dateNull(),
    gapMedian2: col.intNull(),
    churnOn: col.dateNull(),
  },
  indices: [
    { name: 'idx_cor_customer', columns: ['customerId', 'orderDate'] },
    { name: 'idx_cor_state', columns: ['nextDate', 'churnOn', 'customerId', 'orderDate', 'seq', 'gapMedian2'] },
    { name: 'idx_cor_date', columns: ['orderDate', 'nextDate', 'prevDate', 'customerId'] },
    { name: 'idx_cor_first', columns: ['seq', 'orderDate', 'customerId'] },
  ],
})

/**
 * One row per shipment that is not cancelled, with what the reports need of its order: the order's salesperson,
 * whether it was delivered against a promised date and on time, and the customer's running shipped total in
 * (shipDate, id) order (`cumFen`: the open part of a shipment on a day is what of it lies above the customer's credits).
 */
export interface ShipmentFact {
  id: number
  shipmentId: number
  customerId: number
  orderId: number
  salespersonId: number | null
  shipDate: string
  dueDate: string
  totalFen: number
  netFen: number
  costFen: number
  cumFen: number
  /** 1: delivered, with a delivery date, on an order with a promised date */
  delivered: number
  /** 1: delivered on or before the promised date */
  onTime: number
}

export const ShipmentFactEntity = new EntitySchema<ShipmentFact>({
  name: 'ShipmentFact',
  tableName: 'shipment_facts',
  columns: {
    id: col.pk(),
    shipmentId: col.int(),
    customerId: col.int(),
    orderId: col.int(),
    salespersonId: col.intNull(),
    shipDate: col.date(),
    dueDate: col.date(),
    totalFen: col.fen(),
    netFen: col.fen(),
    costFen: col.fen(),
    cumFen: col.fen(),
    delivered: col.int(),
    onTime: col.int(),
  },
  indices: [
    { name: 'idx_sf_shipment', columns: ['shipmentId'], unique: true },
    { name: 'idx_sf_aging', columns: ['customerId', 'cumFen', 'shipDate', 'dueDate', 'totalFen'] },
    { name: 'idx_sf_sales', columns: ['shipDate', 'salespersonId', 'customerId', 'totalFen', 'netFen', 'costFen'] },
    // by customer over long periods: walked in customer order, no sort for the GROUP BY (report.sales customer/region)
    { name: 'idx_sf_customer', columns: ['customerId', 'shipDate', 'totalFen', 'netFen', 'costFen'] },
    { name: 'idx_sf_delivery', columns: ['delivered', 'shipDate', 'salespersonId', 'onTime', 'customerId'] },
  ],
})

/**
 * One row per order with a shipment that is not cancelled: its last ship date, exception (a valid return or a
 * cancelled shipment), and when its receivable reached zero (`paidOffOn`: the last allocated receipt's date once
 * the allocations cover shipped − returned; null while anything is open).
 */
export interface OrderFact {
  id: number
  orderId: number
  customerId: number
  salespersonId: number | null
  firstShipDate: string
  lastShipDate: string
  exception: number
  collected: number
  paidOffOn: string | null
  /** days from lastShipDate to paidOffOn (0 when paid before the last shipment or not collected) */
  collectDays: number
}

export const OrderFactEntity = new EntitySchema<OrderFact>({
  name: 'OrderFact',
  tableName: 'order_facts',
  columns: {
    id: col.pk(),
    orderId: col.int(),
    customerId: col.int(),
    salespersonId: col.intNull(),
    firstShipDate: col.date(),
    lastShipDate: col.date(),
    exception: col.int(),
    collected: col.int(),
    paidOffOn: col.dateNull(),
    collectDays: col.int(),
  },
  indices: [
    { name: 'idx_of_order', columns: ['orderId'], unique: true },
    { name: 'idx_of_customer', columns: ['customerId'] },
    { name: 'idx_of_period', columns: ['lastShipDate', 'salespersonId', 'exception', 'collected', 'collectDays', 'customerId'] },
    { name: 'idx_of_span', columns: ['lastShipDate', 'firstShipDate', 'orderId'] },
  ],
})

/** Per customer: everything shipped (not cancelled) and everything credited (valid returns and receipts), all dates. */
export interface CustomerBalance {
  id: number
  customerId: number
  debitFen: number
  creditFen: number
}

export const CustomerBalanceEntity = new EntitySchema<CustomerBalance>({
  name: 'CustomerBalance',
  tableName: 'customer_balance',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    debitFen: col.fen(),
    creditFen: col.fen(),
  },
  indices: [
    { name: 'idx_cb_customer', columns: ['customerId'], unique: true },
    { name: 'idx_cb_cover', columns: ['customerId', 'debitFen', 'creditFen'] },
  ],
})
