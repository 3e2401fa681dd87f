import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { defineMethod } from '../contract/method'
import { id, okOut, optionalText, pageOf, paging, version } from '../contract/types'
import { ContactEntity, CustomerEntity, FollowUpEntity, ShippingAddressEntity } from './customer.entity'
import { ownerScope } from '../auth/scope'
import { can } from '../auth/permissions'
import { requireScope } from '../auth/authorize'
import { rateLimit } from '../auth/rate-limit'
import { tagsFromColumn } from './customer.rules'
import { audit, diff } from '../audit/audit.service'
import {
  addressIn,
  addressOut,
  contactIn,
  contactOut,
  customer360Out,
  customerCreateIn,
  customerOut,
  customerUpdateIn,
  duplicateOut,
  followUpCreateIn,
  followUpOut,
  stage,
} from './customer.schemas'
import * as svc from './customer.service'
import * as contacts from './contact.service'
import * as ownership from './ownership.service'
import * as followUps from './followup.service'
import { sweepPool } from './pool.service'
import { drillFilterShape } from '../report/drill-filters'

export const customerMethods = [
  defineMethod({
    name: 'customer.create',
    ...svc.CUSTOMER_CREATE_PERMISSION,
    write: true,
    input: customerCreateIn,
    output: customerOut,
    async handler(ctx, input) {
      const c = await svc.createCustomer(ctx, input)
      return (await svc.toCustomerOut(ctx, [c]))[0]!
    },
  }),
  defineMethod({
    name: 'customer.update',
    ...svc.CUSTOMER_UPDATE_PERMISSION,
    write: true,
    input: customerUpdateIn,
    output: customerOut,
    async handler(ctx, input) {
      const c = await svc.updateCustomer(ctx, input)
      return (await svc.toCustomerOut(ctx, [c]))[0]!
    },
  }),
  defineMethod({
    name: 'customer.get',
    summary: 'The 360° view of one customer',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: customer360Out,
    handler: (ctx, input) => svc.getCustomer360(ctx, input.id),
  }),
  defineMethod({
    name: 'customer.search',
    ...can('read'),
    write: false,
    input: z.object({
      query: z.string().max(100).optional(),
      stage: stage.optional(),
      ownerId: id.optional(),
      pool: z.boolean().optional(),
      tag: z.string().max(20).optional(),
      province: drillFilterShape.province,
      sort: z.enum(['updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'name', '-name', 'code', '-code', 'lastFollowUpAt', '-lastFollowUpAt', 'creditLimitFen', '-creditLimitFen']).optional(),
      ...paging,
    }),
    output: pageOf(customerOut),
    handler: (ctx, input) => svc.searchCustomers(ctx, input),
  }),
  defineMethod({
    name: 'customer.checkDuplicates',
    ...can('read'),
    write: false,
    input: z.object({
      name: z.string().max(100).nullish(),
      uscc: z.string().max(18).nullish(),
      phones: z.array(z.string().max(40).nullish()).max(50).optional(),
      excludeId: id.optional(),
    }),
    output: duplicateOut,
    async handler(ctx, input) {
      rateLimit(ctx, 'customer.duplicates', svc.DUPLICATE_LOOKUPS_PER_MINUTE, 60_000, '查重')
      return { items: await svc.findDuplicates(ctx, input) }
    },
  }),
  defineMethod({
    name: 'customer.merge',
    summary: 'Merge source into target: contacts, addresses, follow-ups and documents move; the source is retired',
    ...can('ownerAssign'),
    write: true,
    // the versions the user saw of both: either changed since answers CONFLICT and nothing moves
    input: z.object({ targetId: id, sourceId: id, targetVersion: version.optional(), sourceVersion: version.optional() }),
    output: z.object({ target: customerOut, moved: z.record(z.string(), z.number()) }),
    async handler(ctx, input) {
      const { target, moved } = await ownership.mergeCustomers(ctx, input.targetId, input.sourceId, { target: input.targetVersion, source: input.sourceVersion })
      return { target: (await svc.toCustomerOut(ctx, [target]))[0]!, moved }
    },
  }),
  defineMethod({
    name: 'customer.claim',
    summary: 'Take a customer from the public pool (公海)',
    ...can('ownerClaim'),
    write: true,
    input: z.object({ id, version: version.optional() }),
    output: customerOut,
    async handler(ctx, input) {
      return (await svc.toCustomerOut(ctx, [await ownership.claimCustomer(ctx, input.id, input.version)]))[0]!
    },
  }),
  defineMethod({
    name: 'customer.release',
    summary: 'Put a customer back into the public pool',
    ...can('ownerRelease'),
    write: true,
    input: z.object({ id, version: version.optional(), reason: optionalText(200) }),
    output: customerOut,
    async handler(ctx, input) {
      return (await svc.toCustomerOut(ctx, [await ownership.releaseCustomer(ctx, input.id, input.reason, input.version)]))[0]!
    },
  }),
  defineMethod({
    name: 'customer.assign',
    summary: "Hand customers to another owner (e.g. a departing salesperson's)",
    ...can('ownerAssign'),
    write: true,
    input: z.object({
      ids: z.array(id).min(1, issue('customer.selectCustomers')).max(5000),
      ownerId: id.nullable(),
      /** id → the version the caller saw; a customer changed since answers CONFLICT and nothing is assigned */
      versions: z.record(z.string().regex(/^\d+$/), version).optional(),
    }),
    output: z.object({ count: z.number() }),
    handler: (ctx, input) => ownership.assignCustomers(ctx, input.ids, input.ownerId, input.versions),
  }),
  defineMethod({
    name: 'customer.poolSweep',
    summary: '公海 sweep now (the host runs it daily): idle customers back to the pool, owners reminded before (settings.pool)',
    ...can('administration'),
    write: true,
    input: z.object({}).optional(),
    output: z.object({ returned: z.number(), warned: z.number() }),
    handler: (ctx) => sweepPool(ctx),
  }),

  defineMethod({
    name: 'customer.tags',
    summary: 'Tags in use on the customers the caller can see, most used first (for the tag filter)',
    ...can('read'),
    write: false,
    input: z.object({}).optional(),
    output: z.object({ items: z.array(z.object({ tag: z.string(), count: z.number() })) }),
    async handler(ctx) {
      const scope = await ownerScope(ctx)
      const qb = ctx.em.getRepository(CustomerEntity).createQueryBuilder('c').select('c.tags', 'tags').where("c.mergedIntoId IS NULL AND c.tags <> ''")
      if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
      const counts = new Map<string, number>()
      for (const r of (await qb.getRawMany()) as { tags: string }[]) for (const t of tagsFromColumn(r.tags)) counts.set(t, (counts.get(t) ?? 0) + 1)
      return { items: [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, 'zh-CN')).slice(0, 200) }
    },
  }),

  // ----- contacts -----
  defineMethod({
    name: 'contact.list',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id }),
    output: z.object({ items: z.array(contactOut), total: z.number() }),
    async handler(ctx, input) {
      await svc.loadVisible(ctx, input.customerId)
      const items = await ctx.em.getRepository(ContactEntity).find({ where: { customerId: input.customerId }, order: { isPrimary: 'DESC', id: 'ASC' } })
      return { items, total: items.length }
    },
  }),
  defineMethod({
    name: 'contact.create',
    ...can('contacts'),
    write: true,
    input: contactIn.extend({ customerId: id }),
    output: contactOut,
    async handler(ctx, input) {
      await requireScope(ctx, 'contacts', (await svc.loadVisible(ctx, input.customerId)).ownerId)
      const c = await contacts.insertContact(ctx, input.customerId, input)
      await svc.refreshSearchText(ctx.em, input.customerId)
      await audit(ctx, { entity: 'customer', entityId: input.customerId, action: 'contact.create', summary: { key: 'audit.contact.create', params: { name: c.name } }, changes: diff(null, c, contacts.CONTACT_FIELDS) })
      return c
    },
  }),
  defineMethod({
    name: 'contact.update',
    ...can('contacts'),
    write: true,
    input: contactIn.partial().extend({ id, version }),
    output: contactOut,
    handler: (ctx, input) => contacts.updateContact(ctx, input),
  }),
  defineMethod({
    name: 'contact.delete',
    ...can('contacts'),
    write: true,
    input: z.object({ id, version: version.optional() }),
    output: okOut,
    async handler(ctx, input) {
      await contacts.deleteContact(ctx, input.id, input.version)
      return { ok: true as const }
    },
  }),

  // ----- shipping addresses -----
  defineMethod({
    name: 'address.list',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id }),
    output: z.object({ items: z.array(addressOut), total: z.number() }),
    async handler(ctx, input) {
      await svc.loadVisible(ctx, input.customerId)
      const items = await ctx.em.getRepository(ShippingAddressEntity).find({ where: { customerId: input.customerId }, order: { isDefault: 'DESC', id: 'ASC' } })
      return { items, total: items.length }
    },
  }),
  defineMethod({
    name: 'address.create',
    ...can('contacts'),
    write: true,
    input: addressIn.extend({ customerId: id }),
    output: addressOut,
    async handler(ctx, input) {
      await requireScope(ctx, 'contacts', (await svc.loadVisible(ctx, input.customerId)).ownerId)
      const a = await contacts.insertAddress(ctx, input.customerId, input)
      await audit(ctx, { entity: 'customer', entityId: input.customerId, action: 'address.create', summary: { key: 'audit.address.create', params: { address: a.address } }, changes: diff(null, a, contacts.ADDRESS_FIELDS) })
      return a
    },
  }),
  defineMethod({
    name: 'address.update',
    ...can('contacts'),
    write: true,
    input: addressIn.partial().extend({ id, version }),
    output: addressOut,
    handler: (ctx, input) => contacts.updateAddress(ctx, input),
  }),
  defineMethod({
    name: 'address.delete',
    ...can('contacts'),
    write: true,
    input: z.object({ id, version: version.optional() }),
    output: okOut,
    async handler(ctx, input) {
      await contacts.deleteAddress(ctx, input.id, input.version)
      return { ok: true as const }
    },
  }),

  // ----- follow-ups -----
  defineMethod({
    name: 'followUp.create',
    ...can('followUps'),
    write: true,
    input: followUpCreateIn,
    output: followUpOut,
    async handler(ctx, input) {
      // a salesperson logs follow-ups of own customers (claim a pool customer first)
      await requireScope(ctx, 'followUps', (await svc.loadVisible(ctx, input.customerId)).ownerId)
      return followUps.createFollowUp(ctx, input)
    },
  }),
  defineMethod({
    name: 'followUp.list',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id, ...paging }),
    output: pageOf(followUpOut),
    async handler(ctx, input) {
      await svc.loadVisible(ctx, input.customerId)
      const [items, total] = await ctx.em.getRepository(FollowUpEntity).findAndCount({
        where: { customerId: input.customerId },
        order: { at: 'DESC', id: 'DESC' },
        skip: (input.page - 1) * input.pageSize,
        take: input.pageSize,
      })
      return { items, total }
    },
  }),
  defineMethod({
    name: 'followUp.due',
    summary: 'My follow-ups due today or overdue (我的待跟进)',
    ...can('read'),
    write: false,
    input: z.object({ ...paging }).optional().default({ page: 1, pageSize: 20 }),
    output: pageOf(followUpOut.extend({ customerName: z.string(), overdueDays: z.number() })),
    handler: (ctx, input) => followUps.dueFollowUps(ctx, input),
  }),
]
