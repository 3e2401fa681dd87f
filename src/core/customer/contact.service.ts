import type { Ctx } from '../contract/method'
import { notFound, staleConflict } from '../contract/errors'
import { audit, diff } from '../audit/audit.service'
import { ContactEntity, ShippingAddressEntity, type Contact, type ShippingAddress } from './customer.entity'
import { contactPhoneKey } from './customer.rules'
import { loadVisible, refreshSearchText, stamp } from './customer.shared'
import { hideAs, requireScope } from '../auth/authorize'

const phoneKeyOf = (c: Pick<Contact, 'mobile' | 'phone'>) => contactPhoneKey(c.mobile, c.phone)

export type ContactInput = { name: string; title?: string | null; mobile?: string | null; phone?: string | null; email?: string | null; wechat?: string | null; isPrimary?: boolean }
export type AddressInput = { receiver: string; phone?: string | null; address: string; isDefault?: boolean }

// ---------- contacts and addresses (one primary contact, one default address per customer) ----------

export async function insertContact(ctx: Ctx, customerId: number, c: ContactInput) {
  const r = ctx.em.getRepository(ContactEntity)
  const { now, by } = stamp(ctx)
  const count = await r.countBy({ customerId })
  const isPrimary = count === 0 ? true : !!c.isPrimary
  if (isPrimary && count > 0) await r.update({ customerId }, { isPrimary: false })
  return r.save(
    r.create({
      customerId,
      name: c.name,
      title: c.title ?? null,
      mobile: c.mobile ?? null,
      phone: c.phone ?? null,
      email: c.email ?? null,
      wechat: c.wechat ?? null,
      isPrimary,
      phoneKey: phoneKeyOf({ mobile: c.mobile ?? null, phone: c.phone ?? null }),
      createdAt: now,
      createdById: ctx.user.id,
      ...by,
      version: 1,
    }),
  )
}

export async function insertAddress(ctx: Ctx, customerId: number, a: AddressInput) {
  const r = ctx.em.getRepository(ShippingAddressEntity)
  const { now, by } = stamp(ctx)
  const count = await r.countBy({ customerId })
  const isDefault = count === 0 ? true : !!a.isDefault
  if (isDefault && count > 0) await r.update({ customerId }, { isDefault: false })
  return r.save(
    r.create({ customerId, receiver: a.receiver, phone: a.phone ?? null, address: a.address, isDefault, createdAt: now, createdById: ctx.user.id, ...by, version: 1 }),
  )
}

/**
 * A contact of a customer the caller may see. Someone else's contact answers exactly like an unknown id
 * (联系人不存在或无权查看), never with the customer's message. Writers pass `cap` to check the contacts scope
 * (a salesperson edits own customers' contacts only).
 */
export async function loadContact(ctx: Ctx, id: number, cap?: 'contacts'): Promise<Contact> {
  const c = await ctx.em.getRepository(ContactEntity).findOneBy({ id })
  if (!c) throw notFound('联系人')
  const customer = await hideAs('联系人', loadVisible(ctx, c.customerId))
  if (cap) await requireScope(ctx, cap, customer.ownerId)
  return c
}

export async function loadAddress(ctx: Ctx, id: number, cap?: 'contacts'): Promise<ShippingAddress> {
  const a = await ctx.em.getRepository(ShippingAddressEntity).findOneBy({ id })
  if (!a) throw notFound('收货地址')
  const customer = await hideAs('收货地址', loadVisible(ctx, a.customerId))
  if (cap) await requireScope(ctx, cap, customer.ownerId)
  return a
}

export const CONTACT_FIELDS = ['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'isPrimary'] as const
export const ADDRESS_FIELDS = ['receiver', 'phone', 'address', 'isDefault'] as const

export async function updateContact(ctx: Ctx, input: { id: number; version: number } & Partial<ContactInput>) {
  const before = await loadContact(ctx, input.id, 'contacts')
  if (before.version !== input.version) throw staleConflict('contact', before)
  const r = ctx.em.getRepository(ContactEntity)
  const { id, version, ...fields } = input
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Contact>
  const merged = { ...before, ...changes }
  if (changes.isPrimary === true) await r.update({ customerId: before.customerId }, { isPrimary: false })
  if (changes.isPrimary === false && before.isPrimary) delete changes.isPrimary // there is always one primary
  const res = await r.update({ id, version }, { ...changes, phoneKey: phoneKeyOf(merged), ...stamp(ctx).by, version: version + 1 })
  if (!res.affected) throw staleConflict('contact', await r.findOneByOrFail({ id }))
  const after = await r.findOneByOrFail({ id })
  await refreshSearchText(ctx.em, before.customerId)
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'contact.update', summary: { key: 'audit.contact.update', params: { name: after.name } }, changes: diff(before, after, CONTACT_FIELDS) })
  return after
}

/** With `version`, a contact changed since the caller saw it answers CONFLICT instead of being deleted. */
export async function deleteContact(ctx: Ctx, id: number, version?: number) {
  const before = await loadContact(ctx, id, 'contacts')
  if (version !== undefined && before.version !== version) throw staleConflict('contact', before)
  const r = ctx.em.getRepository(ContactEntity)
  const res = await r.delete({ id, version: before.version })
  if (!res.affected) throw staleConflict('contact', await r.findOneByOrFail({ id }))
  if (before.isPrimary) {
    const next = await r.findOne({ where: { customerId: before.customerId }, order: { id: 'ASC' } })
    if (next) await r.update({ id: next.id }, { isPrimary: true })
  }
  await refreshSearchText(ctx.em, before.customerId)
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'contact.delete', summary: { key: 'audit.contact.delete', params: { name: before.name } }, changes: diff(before, null, CONTACT_FIELDS) })
}

export async function updateAddress(ctx: Ctx, input: { id: number; version: number } & Partial<AddressInput>) {
  const before = await loadAddress(ctx, input.id, 'contacts')
  if (before.version !== input.version) throw staleConflict('address', before)
  const r = ctx.em.getRepository(ShippingAddressEntity)
  const { id, version, ...fields } = input
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ShippingAddress>
  if (changes.isDefault === true) await r.update({ customerId: before.customerId }, { isDefault: false })
  if (changes.isDefault === false && before.isDefault) delete changes.isDefault
  const res = await r.update({ id, version }, { ...changes, ...stamp(ctx).by, version: version + 1 })
  if (!res.affected) throw staleConflict('address', await r.findOneByOrFail({ id }))
  const after = await r.findOneByOrFail({ id })
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'address.update', summary: { key: 'audit.address.update' }, changes: diff(before, after, ADDRESS_FIELDS) })
  return after
}

/** With `version`, an address changed since the caller saw it answers CONFLICT instead of being deleted. */
export async function deleteAddress(ctx: Ctx, id: number, version?: number) {
  const before = await loadAddress(ctx, id, 'contacts')
  if (version !== undefined && before.version !== version) throw staleConflict('address', before)
  const r = ctx.em.getRepository(ShippingAddressEntity)
  const res = await r.delete({ id, version: before.version })
  if (!res.affected) throw staleConflict('address', await r.findOneByOrFail({ id }))
  if (before.isDefault) {
    const next = await r.findOne({ where: { customerId: before.customerId }, order: { id: 'ASC' } })
    if (next) await r.update({ id: next.id }, { isDefault: true })
  }
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'address.delete', summary: { key: 'audit.address.delete', params: { address: before.address } }, changes: diff(before, null, ADDRESS_FIELDS) })
}

