import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'
import { CUSTOMER_STAGES, FOLLOW_UP_TYPES, type CustomerStage, type FollowUpType } from './customer.enums'
export { CUSTOMER_STAGES, FOLLOW_UP_TYPES, type CustomerStage, type FollowUpType }

export interface Customer extends Tracked {
  id: number
  code: string
  name: string
  shortName: string | null
  kind: 'company' | 'person'
  uscc: string | null
  industry: string | null
  size: string | null
  province: string | null
  city: string | null
  district: string | null
  address: string | null
  phone: string | null
  source: string | null
  /** tags as `,tag1,tag2,` so one LIKE finds a tag */
  tags: string
  stage: CustomerStage
  ownerId: number | null
  creditLimitFen: number
  paymentTermDays: number
  remark: string | null
  /** precomputed lower-case haystack: name, short name, code, phones, pinyin full and initials */
  searchText: string
  /** normalised name for duplicate checks */
  nameKey: string
  /** the customer's own phone, normalised */
  phoneKey: string
  /** set when this customer was merged into another; merged customers are hidden */
  mergedIntoId: number | null
  lastFollowUpAt: string | null
}

export const CustomerEntity = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customers',
  columns: {
    id: col.pk(),
    code: col.str(30, { unique: true }),
    name: col.str(100),
    shortName: col.strNull(50),
    kind: col.str(10, { default: 'company' }),
    uscc: col.strNull(18),
    industry: col.strNull(50),
    size: col.strNull(30),
    province: col.strNull(30),
    city: col.strNull(30),
    district: col.strNull(30),
    address: col.strNull(200),
    phone: col.strNull(40),
    source: col.strNull(50),
    tags: col.str(500, { default: '' }),
    stage: col.str(20, { default: 'lead' }),
    ownerId: col.intNull(),
    creditLimitFen: col.fen(),
    paymentTermDays: col.int(),
    remark: col.strNull(1000),
    searchText: col.text({ default: '' }),
    nameKey: col.str(100, { default: '' }),
    phoneKey: col.str(40, { default: '' }),
    mergedIntoId: col.intNull(),
    lastFollowUpAt: col.tsNull(),
    ...tracked,
  },
  indices: [
    { name: 'idx_customers_owner', columns: ['ownerId'] },
    { name: 'idx_customers_namekey', columns: ['nameKey'] },
    { name: 'idx_customers_uscc', columns: ['uscc'] },
    { name: 'idx_customers_stage', columns: ['stage'] },
    { name: 'idx_customers_phonekey', columns: ['phoneKey'] },
    // covering index for the search scan: LIKE '%…%' cannot seek, but scanning this is cheaper than the table
    { name: 'idx_customers_search', columns: ['mergedIntoId', 'searchText', 'updatedAt'] },
  ],
})

export interface Contact extends Tracked {
  id: number
  customerId: number
  name: string
  title: string | null
  mobile: string | null
  phone: string | null
  email: string | null
  wechat: string | null
  isPrimary: boolean
  /** mobile and phone, normalised (+86, spaces and dashes removed), comma-joined */
  phoneKey: string
}

export const ContactEntity = new EntitySchema<Contact>({
  name: 'Contact',
  tableName: 'contacts',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    name: col.str(50),
    title: col.strNull(50),
    mobile: col.strNull(40),
    phone: col.strNull(40),
    email: col.strNull(100),
    wechat: col.strNull(50),
    isPrimary: col.bool(false),
    phoneKey: col.str(100, { default: '' }),
    ...tracked,
  },
  indices: [
    { name: 'idx_contacts_customer', columns: ['customerId'] },
    { name: 'idx_contacts_phonekey', columns: ['phoneKey'] },
  ],
})

export interface ShippingAddress extends Tracked {
  id: number
  customerId: number
  receiver: string
  phone: string | null
  address: string
  isDefault: boolean
}

export const ShippingAddressEntity = new EntitySchema<ShippingAddress>({
  name: 'ShippingAddress',
  tableName: 'shipping_addresses',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    receiver: col.str(50),
    phone: col.strNull(40),
    address: col.str(300),
    isDefault: col.bool(false),
    ...tracked,
  },
  indices: [{ name: 'idx_addresses_customer', columns: ['customerId'] }],
})

export interface FollowUp {
  id: number
  customerId: number
  type: FollowUpType
  content: string
  at: string
  nextFollowUpOn: string | null
  /** the next follow-up this one asked for has been done (a later follow-up on the same customer) */
  nextDone: boolean
  userId: number
  userName: string
  createdAt: string
}

export const FollowUpEntity = new EntitySchema<FollowUp>({
  name: 'FollowUp',
  tableName: 'follow_ups',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    type: col.str(20),
    content: col.str(2000),
    at: col.ts(),
    nextFollowUpOn: col.dateNull(),
    nextDone: col.bool(false),
    userId: col.int(),
    userName: col.str(50),
    createdAt: col.ts(),
  },
  indices: [
    { name: 'idx_followups_customer', columns: ['customerId', 'at'] },
    { name: 'idx_followups_due', columns: ['userId', 'nextDone', 'nextFollowUpOn'] },
  ],
})
