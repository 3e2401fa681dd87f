import type { ItemOf, MethodIn, MethodOut } from '../../app/methods'

/** Names for the customer contract's types: aliases of the core's schemas (src/core/customer), never copies. */
export { CUSTOMER_STAGES as STAGES, FOLLOW_UP_TYPES, MANUAL_FOLLOW_UP_TYPES, type CustomerStage as Stage, type FollowUpType } from '../../../core/customer/customer.enums'
export type Customer = ItemOf<'customer.search'>
export type CustomerKind = Customer['kind']
export type Customer360 = MethodOut<'customer.get'>
export type Contact = Customer360['contacts'][number]
export type ShippingAddress = Customer360['addresses'][number]
export type FollowUp = ItemOf<'followUp.list'>
export type DueFollowUp = ItemOf<'followUp.due'>
export type DuplicateMatch = ItemOf<'customer.checkDuplicates'>
export type DuplicateReason = DuplicateMatch['reasons'][number]
/** The editable fields of a customer (customer.create / customer.update). */
export type CustomerFields = Omit<MethodIn<'customer.create'>, 'contacts' | 'addresses' | 'confirmDuplicate' | 'duplicateReason'>
export type ContactInput = Omit<MethodIn<'contact.create'>, 'customerId'>
export type AddressInput = Omit<MethodIn<'address.create'>, 'customerId'>
/** customer.tags: a tag in use and on how many customers (within the caller's scope). */
export type TagCount = ItemOf<'customer.tags'>
export type CustomerSearchIn = MethodIn<'customer.search'>


/** Everything a customer change can make stale. */
export const CUSTOMER_QUERIES = ['customer.', 'contact.', 'address.', 'followUp.', 'auditLog.'] as const
