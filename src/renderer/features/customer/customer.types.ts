import type { Page, PageParams } from '../../app/methods'

/** Mirrors src/core/customer/customer.schemas.ts and customer.contract.ts. */
export const STAGES = ['lead', 'prospect', 'opportunity', 'customer', 'lost'] as const
export type Stage = (typeof STAGES)[number]
export const FOLLOW_UP_TYPES = ['call', 'visit', 'wechat', 'email', 'meeting', 'revisit', 'dunning'] as const
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number]
export type CustomerKind = 'company' | 'person'
export type DuplicateReason = 'name' | 'uscc' | 'phone'

export interface Customer {
  id: number
  code: string
  name: string
  shortName: string | null
  kind: CustomerKind
  uscc: string | null
  industry: string | null
  size: string | null
  province: string | null
  city: string | null
  district: string | null
  address: string | null
  phone: string | null
  source: string | null
  tags: string[]
  stage: Stage
  ownerId: number | null
  ownerName: string | null
  creditLimitFen: number
  paymentTermDays: number
  remark: string | null
  lastFollowUpAt: string | null
  primaryContact?: { name: string; mobile: string | null } | null
  createdAt: string
  createdById: number | null
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface Contact {
  id: number
  customerId: number
  name: string
  title: string | null
  mobile: string | null
  phone: string | null
  email: string | null
  wechat: string | null
  isPrimary: boolean
  version: number
  updatedAt: string
}

export interface ShippingAddress {
  id: number
  customerId: number
  receiver: string
  phone: string | null
  address: string
  isDefault: boolean
  version: number
  updatedAt: string
}

export interface FollowUp {
  id: number
  customerId: number
  customerName?: string
  type: FollowUpType
  content: string
  at: string
  nextFollowUpOn: string | null
  nextDone: boolean
  userId: number
  userName: string
}

export interface DueFollowUp extends FollowUp {
  customerName: string
  overdueDays: number
}

export interface Customer360 extends Customer {
  contacts: Contact[]
  addresses: ShippingAddress[]
  followUps: FollowUp[]
}

export interface DuplicateMatch {
  id: number
  code: string
  name: string
  ownerName: string | null
  visible: boolean
  reasons: DuplicateReason[]
}

/** The editable fields of a customer (customer.create / customer.update). */
export interface CustomerFields {
  code?: string | null
  name: string
  shortName?: string | null
  kind?: CustomerKind
  uscc?: string | null
  industry?: string | null
  size?: string | null
  province?: string | null
  city?: string | null
  district?: string | null
  address?: string | null
  phone?: string | null
  source?: string | null
  tags?: string[]
  stage?: Stage
  ownerId?: number | null
  creditLimitFen?: number
  paymentTermDays?: number
  remark?: string | null
}

export interface ContactInput {
  name: string
  title?: string | null
  mobile?: string | null
  phone?: string | null
  email?: string | null
  wechat?: string | null
  isPrimary?: boolean
}

export interface AddressInput {
  receiver: string
  phone?: string | null
  address: string
  isDefault?: boolean
}

/** customer.tags: a tag in use and on how many customers (within the caller's scope). */
export interface TagCount {
  tag: string
  count: number
}

export const CUSTOMER_SORTS = ['updatedAt', 'createdAt', 'name', 'code', 'lastFollowUpAt', 'creditLimitFen'] as const

export interface CustomerSearchIn extends PageParams {
  query?: string
  stage?: Stage
  ownerId?: number
  pool?: boolean
  tag?: string
  sort?: string
}

declare module '../../app/methods' {
  interface MethodMap {
    'customer.create': { in: CustomerFields & { contacts?: ContactInput[]; addresses?: AddressInput[]; confirmDuplicate?: boolean }; out: Customer }
    'customer.update': { in: Partial<CustomerFields> & { id: number; version: number; confirmDuplicate?: boolean }; out: Customer }
    'customer.get': { in: { id: number }; out: Customer360 }
    'customer.search': { in: CustomerSearchIn; out: Page<Customer> }
    'customer.checkDuplicates': { in: { name?: string | null; uscc?: string | null; phones?: (string | null)[]; excludeId?: number }; out: { items: DuplicateMatch[] } }
    'customer.tags': { in: Record<string, never>; out: { items: TagCount[] } }
    'customer.merge': { in: { targetId: number; sourceId: number }; out: { target: Customer; moved: Record<string, number> } }
    'customer.claim': { in: { id: number; version?: number }; out: Customer }
    'customer.release': { in: { id: number; reason?: string | null }; out: Customer }
    'customer.assign': { in: { ids: number[]; ownerId: number | null }; out: { count: number } }
    'contact.list': { in: { customerId: number }; out: Page<Contact> }
    'contact.create': { in: ContactInput & { customerId: number }; out: Contact }
    'contact.update': { in: Partial<ContactInput> & { id: number; version: number }; out: Contact }
    'contact.delete': { in: { id: number }; out: { ok: true } }
    'address.list': { in: { customerId: number }; out: Page<ShippingAddress> }
    'address.create': { in: AddressInput & { customerId: number }; out: ShippingAddress }
    'address.update': { in: Partial<AddressInput> & { id: number; version: number }; out: ShippingAddress }
    'address.delete': { in: { id: number }; out: { ok: true } }
    'followUp.create': { in: { customerId: number; type?: FollowUpType; content: string; at?: string; nextFollowUpOn?: string | null }; out: FollowUp }
    'followUp.list': { in: { customerId: number } & PageParams; out: Page<FollowUp> }
    'followUp.due': { in: PageParams; out: Page<DueFollowUp> }
  }
}

/** Everything a customer change can make stale. */
export const CUSTOMER_QUERIES = ['customer.', 'contact.', 'address.', 'followUp.', 'auditLog.'] as const
