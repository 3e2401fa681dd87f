import { z } from 'zod'
import { dateStr, dateTimeStr, id, nonNegFen, optionalText, requiredText, version } from '../contract/types'
import { CUSTOMER_STAGES, FOLLOW_UP_TYPES, MANUAL_FOLLOW_UP_TYPES } from './customer.enums'
import { isValidUscc } from './customer.rules'
import { issue, labelRef } from '../i18n/i18n'

export const stage = z.enum(CUSTOMER_STAGES)
export const followUpType = z.enum(FOLLOW_UP_TYPES)

const phone = z
  .string()
  .trim()
  .max(40, issue('validation.tooLong', { label: labelRef('电话'), max: 40 }))
  .regex(/^[0-9+\-\s()（）转,]*$/, issue('customer.phoneChars'))
  .nullish()
  .transform((v) => (v ? v : null))

export const uscc = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => v === '' || isValidUscc(v), issue('customer.usccInvalid'))
  .nullish()
  .transform((v) => (v ? v : null))

export const contactIn = z.object({
  name: requiredText('联系人姓名', 50),
  title: optionalText(50),
  mobile: phone,
  phone,
  email: z
    .string()
    .trim()
    .max(100)
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), issue('customer.emailInvalid'))
    .nullish()
    .transform((v) => (v ? v : null)),
  wechat: optionalText(50),
  isPrimary: z.boolean().optional(),
})

export const addressIn = z.object({
  receiver: requiredText('收货人', 50),
  phone,
  address: requiredText('收货地址', 300),
  isDefault: z.boolean().optional(),
})

export const customerFields = {
  code: z
    .string()
    .trim()
    .max(30, issue('validation.tooLong', { label: labelRef('客户编码'), max: 30 }))
    .regex(/^[A-Za-z0-9_\-]*$/, issue('customer.codeChars'))
    .nullish()
    .transform((v) => (v ? v : null)),
  name: requiredText('客户名称', 100),
  shortName: optionalText(50),
  kind: z.enum(['company', 'person']),
  uscc,
  industry: optionalText(50),
  size: optionalText(30),
  province: optionalText(30),
  city: optionalText(30),
  district: optionalText(30),
  address: optionalText(200),
  phone,
  source: optionalText(50),
  tags: z.array(requiredText('标签', 20)).max(20, issue('customer.tagsMax', { max: 20 })),
  stage,
  ownerId: id.nullable(),
  creditLimitFen: nonNegFen,
  paymentTermDays: z.number().int().min(0, issue('customer.termNegative')).max(3650, issue('customer.termTooLong', { max: 3650 })),
  remark: optionalText(1000),
}

/** why a manager / admin creates a customer despite another salesperson's customer of that name (撞单, logged) */
const duplicateReason = z.string().trim().max(200).nullish()

export const customerCreateIn = z.object({
  ...customerFields,
  kind: customerFields.kind.default('company'),
  tags: customerFields.tags.default([]),
  stage: customerFields.stage.default('lead'),
  ownerId: customerFields.ownerId.optional(),
  /** left out: the company's default limit for new customers (settings.credit.defaultLimitFen) */
  creditLimitFen: customerFields.creditLimitFen.optional(),
  paymentTermDays: customerFields.paymentTermDays.default(0),
  contacts: z.array(contactIn).max(50).default([]),
  addresses: z.array(addressIn).max(50).default([]),
  confirmDuplicate: z.boolean().default(false),
  duplicateReason,
})

export const customerUpdateIn = z.object(customerFields).partial().extend({ id, version, confirmDuplicate: z.boolean().default(false), duplicateReason })

export const contactOut = z.object({
  id: z.number(),
  customerId: z.number(),
  name: z.string(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  isPrimary: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
})

export const addressOut = z.object({
  id: z.number(),
  customerId: z.number(),
  receiver: z.string(),
  phone: z.string().nullable(),
  address: z.string(),
  isDefault: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
})

export const followUpOut = z.object({
  id: z.number(),
  customerId: z.number(),
  customerName: z.string().optional(),
  type: followUpType,
  content: z.string(),
  at: z.string(),
  nextFollowUpOn: z.string().nullable(),
  nextDone: z.boolean(),
  userId: z.number(),
  userName: z.string(),
})

export const customerOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(['company', 'person']),
  uscc: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  stage,
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  creditLimitFen: z.number(),
  paymentTermDays: z.number(),
  remark: z.string().nullable(),
  lastFollowUpAt: z.string().nullable(),
  primaryContact: z.object({ name: z.string(), mobile: z.string().nullable() }).nullable().optional(),
  createdAt: z.string(),
  createdById: z.number().nullable(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  version: z.number(),
})

export const customer360Out = customerOut.extend({
  contacts: z.array(contactOut),
  addresses: z.array(addressOut),
  followUps: z.array(followUpOut),
})

const duplicateReasons = z.array(z.enum(['name', 'uscc', 'phone']))
/**
 * A possible duplicate. One the caller may see comes with id, code and name; one outside the caller's data scope
 * only with its owner (`message`: 已存在于 <owner> 名下) — no id, code, name or contact data.
 */
export const duplicateItem = z.discriminatedUnion('visible', [
  z.object({ visible: z.literal(true), id: z.number(), code: z.string(), name: z.string(), ownerName: z.string().nullable(), reasons: duplicateReasons, message: z.string() }),
  z.object({ visible: z.literal(false), id: z.null(), code: z.null(), name: z.null(), ownerName: z.string().nullable(), reasons: duplicateReasons, message: z.string() }),
])
export const duplicateOut = z.object({ items: z.array(duplicateItem) })

export const followUpCreateIn = z.object({
  customerId: id,
  type: z.enum(MANUAL_FOLLOW_UP_TYPES).default('call'),
  content: requiredText('跟进内容', 2000),
  at: dateTimeStr.optional(),
  nextFollowUpOn: dateStr.nullish(),
})
