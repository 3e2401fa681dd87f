import { buildSearchText, contactPhoneKey, normalizeName, normalizePhone, pinyinKeys, tagsToColumn, usccCheckChar } from '../../src/core/customer/customer.rules'
import { CUSTOMER_STAGES, FOLLOW_UP_TYPES } from '../../src/core/customer/customer.entity'
import { DEFAULT_PATTERNS } from '../../src/core/numbering/numbering.service'
import { DEFAULT_SOURCES } from '../../src/core/settings/settings.service'
import { addMs, DAY, inserter, iso, type SeedContext, type SeedStep, type SeedUser } from './context'
import type { Rng } from './rng'
import * as W from './words'

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('')

export function personName(rng: Rng): string {
  return rng.pick(W.SURNAMES) + rng.pick(W.GIVEN) + (rng.chance(0.6) ? rng.pick(W.GIVEN) : '')
}

export function mobile(rng: Rng): string {
  const raw = rng.pick(W.MOBILE_PREFIXES) + rng.digits(8)
  // typed the way people type them
  return rng.weighted([
    [raw, 60],
    [`${raw.slice(0, 3)}-${raw.slice(3, 7)}-${raw.slice(7)}`, 15],
    [`${raw.slice(0, 3)} ${raw.slice(3, 7)} ${raw.slice(7)}`, 15],
    [`+86 ${raw}`, 10],
  ])
}

export function landline(rng: Rng, city: W.City): string {
  const n = rng.int(2, 8) + rng.digits(7)
  return rng.weighted([
    [`${city.areaCode}-${n}`, 60],
    [`${city.areaCode} ${n.slice(0, 4)} ${n.slice(4)}`, 20],
    [`(${city.areaCode})${n}`, 10],
    [`${city.areaCode}${n}`, 10],
  ])
}

export function uscc(rng: Rng, city: W.City, taken: Set<string>): string {
  for (;;) {
    const org = rng.chance(0.7) ? `MA${Array.from({ length: 7 }, () => rng.pick(USCC_ALPHABET)).join('')}` : rng.digits(9)
    const body = `91${city.division}${org}`
    const code = body + usccCheckChar(body)!
    if (!taken.has(code)) {
      taken.add(code)
      return code
    }
  }
}

export interface CompanyName {
  name: string
  shortName: string | null
  city: W.City
  industry: string
  kind: 'company' | 'person'
}

/** City + trade name + line of business + company form, e.g. 杭州华星科技有限公司; now and then a person. */
export function companyName(rng: Rng, taken: Set<string>): CompanyName {
  for (let attempt = 0; ; attempt++) {
    const city = rng.pick(W.CITIES)
    if (rng.chance(0.04)) {
      const n = personName(rng)
      const name = rng.chance(0.5) ? n : `${n}（个体）`
      if (taken.has(name) && attempt < 20) continue
      taken.add(name)
      return { name, shortName: null, city, industry: '批发零售', kind: 'person' }
    }
    const trade = rng.pick(W.TRADE_FIRST) + rng.pick(W.TRADE_SECOND)
    const [business, industry] = rng.pick(W.BUSINESS)
    const form = rng.weighted(W.COMPANY_FORMS)
    const name = rng.weighted([
      [`${city.short}${trade}${business}${form}`, 75],
      [`${city.short}市${trade}${business}${form}`, 10],
      [`${trade}（${city.short}）${business}${form}`, 8],
      [`${trade}${business}${form}`, 7],
    ])
    if (taken.has(normalizeName(name))) continue
    taken.add(normalizeName(name))
    return { name, shortName: rng.chance(0.6) ? `${trade}${business.slice(0, 2)}` : null, city, industry, kind: 'company' }
  }
}

export function address(rng: Rng, city: W.City): string {
  const district = rng.pick(city.districts)
  return rng.chance(0.6)
    ? `${city.province === city.city ? '' : city.province}${city.city}${district}${rng.pick(W.ROADS)}${rng.int(1, 999)}号`
    : `${city.city}${district}${rng.pick(W.ROADS)}${rng.int(1, 300)}号${rng.pick(W.TRADE_FIRST)}${rng.pick(W.TRADE_SECOND)}${rng.pick(W.BUILDINGS)}${rng.int(1, 30)}楼`
}

/** Customers with contacts, shipping addresses, follow-ups and a create entry in the operation log. */
export const customersStep: SeedStep = {
  name: 'customers',
  enabled: (o) => (o.counts.customers ?? 0) > 0,
  run(ctx: SeedContext) {
    const { db, rng, now } = ctx
    const count = ctx.opts.counts.customers!
    const sales = ctx.users.filter((u) => u.role === 'sales')
    const managers = ctx.users.filter((u) => u.role === 'manager')
    const admin = ctx.users.find((u) => u.role === 'admin') ?? sales[0]!
    if (!sales.length) throw new Error('customers step needs sales users: run the users step first')

    const pattern = DEFAULT_PATTERNS.customer!
    const seqKey = 'customer:'
    const seqRow = db.prepare('SELECT "next" FROM doc_sequences WHERE "key" = ?').get(seqKey) as { next: number } | undefined
    let seq = seqRow?.next ?? 1
    const codesTaken = new Set((db.prepare('SELECT code FROM customers').all() as { code: string }[]).map((r) => r.code))
    const namesTaken = new Set((db.prepare('SELECT nameKey FROM customers').all() as { nameKey: string }[]).map((r) => r.nameKey))
    const usccTaken = new Set((db.prepare('SELECT uscc FROM customers WHERE uscc IS NOT NULL').all() as { uscc: string }[]).map((r) => r.uscc))
    const nextCode = () => {
      for (;;) {
        const code = `${pattern.prefix}${String(seq++).padStart(pattern.digits, '0')}`
        if (!codesTaken.has(code)) return code
      }
    }

    const insCustomer = inserter(db, 'customers', [
      'code', 'name', 'shortName', 'kind', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone', 'source', 'tags', 'stage',
      'ownerId', 'creditLimitFen', 'paymentTermDays', 'remark', 'searchText', 'nameKey', 'phoneKey', 'mergedIntoId', 'lastFollowUpAt',
      'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
    ])
    const insContact = inserter(db, 'contacts', [
      'customerId', 'name', 'title', 'mobile', 'phone', 'email', 'wechat', 'isPrimary', 'phoneKey', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
    ])
    const insAddress = inserter(db, 'shipping_addresses', [
      'customerId', 'receiver', 'phone', 'address', 'isDefault', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
    ])
    const insFollowUp = inserter(db, 'follow_ups', ['customerId', 'type', 'content', 'at', 'nextFollowUpOn', 'nextDone', 'userId', 'userName', 'createdAt'])
    const insAudit = inserter(db, 'audit_log', ['entity', 'entityId', 'action', 'summary', 'changes', 'userId', 'userName', 'at'])

    const today = now.toISOString().slice(0, 10)
    const dateAfter = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
    let contacts = 0
    let addresses = 0
    let followUps = 0

    const one = () => {
      const co = companyName(rng, namesTaken)
      const code = nextCode()
      const ownerKind = rng.weighted([['sales', 65], ['manager', 10], ['pool', 25]] as const)
      const owner: SeedUser | null = ownerKind === 'sales' ? rng.pick(sales) : ownerKind === 'manager' && managers.length ? rng.pick(managers) : null
      const creator = owner ?? (rng.chance(0.5) ? rng.pick(sales) : admin)
      const createdAt = addMs(now, -rng.int(1, 730) * DAY - rng.int(0, DAY))
      const stage = rng.weighted([['lead', 30], ['prospect', 22], ['opportunity', 15], ['customer', 28], ['lost', 5]] as const)
      const phone = co.kind === 'company' && rng.chance(0.75) ? landline(rng, co.city) : null

      const people = Array.from({ length: co.kind === 'person' ? 1 : rng.weighted([[1, 45], [2, 35], [3, 15], [4, 5]] as const) }, (_, i) => {
        const name = co.kind === 'person' && i === 0 ? co.name.replace('（个体）', '') : personName(rng)
        return {
          name,
          title: co.kind === 'person' ? '老板' : rng.chance(0.8) ? rng.pick(W.TITLES) : null,
          mobile: rng.chance(0.92) ? mobile(rng) : null,
          phone: rng.chance(0.2) ? landline(rng, co.city) : null,
          email: rng.chance(0.3) ? `${pinyinKeys(name).full}${rng.int(1, 99)}@${rng.pick(['163.com', 'qq.com', '126.com', 'sina.com', 'foxmail.com'])}` : null,
          wechat: rng.chance(0.4) ? `wx_${pinyinKeys(name).initials}${rng.digits(4)}` : null,
        }
      })
      const contactPhones = people.flatMap((p) => [p.mobile, p.phone]).filter((p): p is string => !!p)

      // follow-ups: oldest first; every one but the last has had its next step done
      const nFollow = rng.weighted([[0, 20], [1, 25], [2, 20], [3, 15], [4, 10], [6, 7], [10, 3]] as const)
      const span = now.getTime() - createdAt.getTime()
      const times = Array.from({ length: nFollow }, () => createdAt.getTime() + Math.floor(rng.next() * span)).sort((a, b) => a - b)
      const author = owner ?? rng.pick(sales)
      const follows = times.map((t, i) => {
        const type = rng.weighted([['call', 40], ['wechat', 30], ['visit', 15], ['email', 10], ['meeting', 5]] as const)
        const last = i === times.length - 1
        const at = new Date(t)
        const atDate = at.toISOString().slice(0, 10)
        const next = last
          ? rng.chance(0.6)
            ? dateAfter(rng.int(-10, 30))
            : null
          : rng.chance(0.5)
            ? new Date(Date.parse(`${atDate}T00:00:00Z`) + rng.int(1, 14) * DAY).toISOString().slice(0, 10)
            : null
        return { type, content: rng.pick(W.FOLLOW_UP_TEXTS[type]!), at: iso(at), nextFollowUpOn: next, nextDone: !last, userId: author.id, userName: author.displayName, createdAt: iso(at) }
      })
      const lastFollowUpAt = follows.length ? follows[follows.length - 1]!.at : null
      const updatedAt = lastFollowUpAt && rng.chance(0.5) ? lastFollowUpAt : iso(createdAt)
      const by = { createdAt: iso(createdAt), createdById: creator.id, updatedAt, updatedById: creator.id, updatedByName: creator.displayName, version: 1 }

      const id = insCustomer({
        code,
        name: co.name,
        shortName: co.shortName,
        kind: co.kind,
        uscc: co.kind === 'company' && rng.chance(0.6) ? uscc(rng, co.city, usccTaken) : null,
        industry: co.industry,
        size: co.kind === 'company' && rng.chance(0.7) ? rng.pick(W.SIZES) : null,
        province: co.city.province,
        city: co.city.city,
        district: rng.pick(co.city.districts),
        address: rng.chance(0.8) ? address(rng, co.city) : null,
        phone,
        source: rng.pick(DEFAULT_SOURCES),
        tags: tagsToColumn(rng.sample(W.TAGS, rng.weighted([[0, 50], [1, 35], [2, 15]] as const))),
        stage,
        ownerId: owner?.id ?? null,
        creditLimitFen: stage === 'customer' ? rng.pick([0, 50_000, 100_000, 200_000, 500_000, 1_000_000]) * 100 : 0,
        paymentTermDays: stage === 'customer' ? rng.pick([0, 0, 15, 30, 30, 45, 60, 90]) : 0,
        remark: rng.chance(0.1) ? rng.pick(['年底有采购计划', '老板比较看重价格', '需要开专票', '只接受月结', '对交期要求高']) : null,
        searchText: buildSearchText({ name: co.name, shortName: co.shortName, code, phone, contactPhones }),
        nameKey: normalizeName(co.name),
        phoneKey: normalizePhone(phone),
        mergedIntoId: null,
        lastFollowUpAt,
        ...by,
      })
      people.forEach((p, i) => {
        insContact({ customerId: id, ...p, isPrimary: i === 0, phoneKey: contactPhoneKey(p.mobile, p.phone), ...by })
        contacts++
      })
      const nAddr = co.kind === 'person' ? rng.int(0, 1) : rng.weighted([[0, 25], [1, 55], [2, 20]] as const)
      for (let i = 0; i < nAddr; i++) {
        const p = people[i % people.length]!
        insAddress({ customerId: id, receiver: i === 0 ? p.name : rng.pick(['仓库', '收货部', p.name]), phone: p.mobile, address: address(rng, co.city), isDefault: i === 0, ...by })
        addresses++
      }
      for (const f of follows) insFollowUp({ customerId: id, ...f })
      followUps += follows.length
      insAudit({ entity: 'customer', entityId: id, action: 'create', summary: `导入客户 ${code} ${co.name}`, changes: null, userId: creator.id, userName: creator.displayName, at: iso(createdAt) })
    }

    db.transaction(() => {
      for (let i = 0; i < count; i++) one()
      db.prepare('INSERT INTO doc_sequences ("key", "next") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "next" = MAX("next", excluded."next")').run(seqKey, seq)
    })()
    return `${count} customers, ${contacts} contacts, ${addresses} addresses, ${followUps} follow-ups`
  },
}

// keep the stage and follow-up type lists honest: the generator only uses values the entity knows
const STAGES_USED = ['lead', 'prospect', 'opportunity', 'customer', 'lost'] as const
const TYPES_USED = ['call', 'visit', 'wechat', 'email', 'meeting'] as const
STAGES_USED.forEach((s) => {
  if (!(CUSTOMER_STAGES as readonly string[]).includes(s)) throw new Error(`unknown stage ${s}`)
})
TYPES_USED.forEach((s) => {
  if (!(FOLLOW_UP_TYPES as readonly string[]).includes(s)) throw new Error(`unknown follow-up type ${s}`)
})
