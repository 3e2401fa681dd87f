/**
 * New customers of an import in bulk (issue 13, 10 000 customers < 10 s): the rows were validated by the
 * contract's schema and checked for duplicates in `prepare`; here they become multi-row INSERTs of customers,
 * their first contact and address, codes reserved in one block, and the operation log in bulk — the same rows
 * customer.create would write (searchText, nameKey, phoneKey, the create entry with its changes).
 */
import type { Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { buildSearchText, contactPhoneKey, normalizeName, normalizePhone, tagsToColumn } from '../customer/customer.rules'
import { CUSTOMER_AUDIT_FIELDS } from '../customer/customer.service'
import { diff } from '../audit/audit.service'
import { rawQuery } from '../db/sql'
import { auditRows, insertRows, numbersFor, type AuditRow } from './import.bulk'
import type { Tracker } from './import.progress'

interface ContactIn {
  name: string
  title?: string | null
  mobile?: string | null
  phone?: string | null
  email?: string | null
  wechat?: string | null
}
interface AddressIn {
  receiver: string
  phone?: string | null
  address: string
}
export interface NewCustomer {
  row: number
  input: Record<string, unknown> & { name: string; code?: string; contacts?: ContactIn[]; addresses?: AddressIn[] }
}

const CUSTOMER_COLS = [
  'code', 'name', 'shortName', 'kind', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone', 'source', 'tags', 'stage',
  'ownerId', 'creditLimitFen', 'paymentTermDays', 'remark', 'searchText', 'nameKey', 'phoneKey', 'mergedIntoId', 'lastFollowUpAt',
  'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
] as const

export async function bulkCreateCustomers(ctx: Ctx, rows: NewCustomer[], fileName: string, track?: Tracker, base = 0): Promise<number> {
  if (!rows.length) return 0
  const now = ctx.now().toISOString()
  const user = ctx.user
  // codes given in the file must still be free (someone may have taken one since the dry run)
  const given = rows.map((r) => r.input.code).filter((c): c is string => !!c)
  for (let i = 0; i < given.length; i += 500) {
    const chunk = given.slice(i, i + 500)
    const [hit] = await rawQuery<{ code: string }>(ctx, `SELECT "code" FROM customers WHERE "code" IN (${chunk.map(() => '?').join(', ')}) LIMIT 1`, chunk)
    if (hit) throw appError('CONFLICT', 'customer.codeTaken', { code: hit.code }, { field: 'code' })
  }
  const needCode = rows.filter((r) => !r.input.code)
  const codes = await numbersFor(ctx, 'customer', 'customers', needCode.map(() => ({ date: ctx.today() })), new Set(given), 'code')
  needCode.forEach((r, i) => (r.input.code = codes[i]))

  const records = rows.map((r) => {
    const c = r.input as Record<string, unknown> & { name: string; code: string; contacts?: ContactIn[]; addresses?: AddressIn[] }
    const contactPhones = (c.contacts ?? []).flatMap((x) => [x.mobile, x.phone]).filter((p): p is string => !!p)
    const s = (k: string) => (c[k] as string | null | undefined) ?? null
    return {
      code: c.code,
      name: c.name,
      shortName: s('shortName'),
      kind: (c.kind as string) ?? 'company',
      uscc: s('uscc'),
      industry: s('industry'),
      size: s('size'),
      province: s('province'),
      city: s('city'),
      district: s('district'),
      address: s('address'),
      phone: s('phone'),
      source: s('source'),
      tags: tagsToColumn(c.tags as string[] | undefined),
      stage: (c.stage as string) ?? 'lead',
      ownerId: (c.ownerId as number | null | undefined) ?? null,
      creditLimitFen: (c.creditLimitFen as number) ?? 0,
      paymentTermDays: (c.paymentTermDays as number) ?? 0,
      remark: s('remark'),
      searchText: buildSearchText({ name: c.name, shortName: s('shortName'), code: c.code, phone: s('phone'), contactPhones }),
      nameKey: normalizeName(c.name),
      phoneKey: normalizePhone(s('phone')),
      mergedIntoId: null,
      lastFollowUpAt: null,
      createdAt: now,
      createdById: user.id,
      updatedAt: now,
      updatedById: user.id,
      updatedByName: user.displayName,
      version: 1,
    }
  })
  const ids = new Map<string, number>()
  const inserted = await insertRows<{ id: number; code: string }>(ctx, 'customers', CUSTOMER_COLS, records.map((r) => CUSTOMER_COLS.map((k) => r[k])), ['id', 'code'], async (n) => track?.step(base + n))
  for (const r of inserted) ids.set(r.code, Number(r.id))

  const tracked = [now, user.id, now, user.id, user.displayName, 1]
  const contacts: unknown[][] = []
  const addresses: unknown[][] = []
  const log: AuditRow[] = []
  rows.forEach((r, i) => {
    const rec = records[i]!
    const id = ids.get(rec.code)!
    for (const [k, c] of (r.input.contacts ?? []).entries()) {
      contacts.push([id, c.name, c.title ?? null, c.mobile ?? null, c.phone ?? null, c.email ?? null, c.wechat ?? null, k === 0, contactPhoneKey(c.mobile, c.phone), ...tracked])
    }
    for (const [k, a] of (r.input.addresses ?? []).entries()) addresses.push([id, a.receiver, a.phone ?? null, a.address, k === 0, ...tracked])
    log.push({
      entity: 'customer',
      entityId: id,
      action: 'create',
      summary: { key: 'audit.customer.create', params: { code: rec.code, name: rec.name } },
      changes: diff(null, { ...rec, tags: (r.input.tags as string[] | undefined) ?? [] } as never, CUSTOMER_AUDIT_FIELDS),
    })
    log.push({ entity: 'customer', entityId: id, action: 'import', summary: { key: 'audit.import.created', params: { file: fileName, row: r.row } } })
  })
  const trackedCols = ['createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version']
  if (contacts.length) await insertRows(ctx, 'contacts', ['customerId', 'name', 'title', 'mobile', 'phone', 'email', 'wechat', 'isPrimary', 'phoneKey', ...trackedCols], contacts)
  if (addresses.length) await insertRows(ctx, 'shipping_addresses', ['customerId', 'receiver', 'phone', 'address', 'isDefault', ...trackedCols], addresses)
  track?.check()
  await auditRows(ctx, log)
  return rows.length
}
