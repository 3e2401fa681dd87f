import { makeUserRow } from '../../src/core/auth/auth.service'
import type { Role } from '../../src/core/contract/types'
import { buildSearchText, contactPhoneKey, normalizeName, normalizePhone, pinyinKeys, tagsToColumn, toHalfWidth } from '../../src/core/customer/customer.rules'
import { DEFAULT_PATTERNS } from '../../src/core/numbering/numbering.service'
import { DEFAULT_SOURCES } from '../../src/core/settings/settings.service'
import { DEFAULT_PROBABILITIES } from '../../src/core/opportunity/opportunity.entity'
import { lineMoney, proportionFen, toBp } from '../../src/core/money/money'
import { lineCostFen } from '../../src/core/product/product-cost.service'
import { inserter, type SeedContext, type SeedStep, type SeedUser } from './context'
import { address, companyName, landline, mobile, personName, uscc } from './customers'
import { SEED_ADMIN, SEED_COMPANY, SEED_PASSWORD } from './users'
import type { Rng } from './rng'
import * as W from './words'

/**
 * `--scale ten-year`: the reference data set of issue 10 — ten years of a company up to today: 10 users
 * (owner, two managers with three salespeople each, finance), 20 000 customers, 60 000 contacts, 2 000
 * products in 40 categories, 150 000 orders with about 1 000 000 lines (seasonal: busy before 春节 and in
 * Q4; every customer with its own rhythm; about 10 % of the regular customers going quiet in the last two
 * years), their shipments (delivered before or after the promised date), returns, receipts (per order, or
 * per month for 月结 customers, with realistic delays), 200 000 follow-ups, 30 000 opportunities through
 * the stages with sources, and monthly targets. Deterministic for a --seed; bulk inserts with prepared
 * statements in one transaction per part.
 */
export const TEN_YEAR = { customers: 20_000, contactsPer: 3, products: 2_000, categories: 40, orders: 150_000, followUps: 200_000, opportunities: 30_000 }

const DAY_MS = 86_400_000
const TEAMS: { manager: [string, string]; sales: [string, string][] }[] = [
  { manager: ['wangqiang', '王强'], sales: [['zhangwei', '张伟'], ['lina', '李娜'], ['zhaolei', '赵磊']] },
  { manager: ['liuyang', '刘洋'], sales: [['zhoujie', '周杰'], ['wuting', '吴婷'], ['zhenghao', '郑浩']] },
]
const OTHERS: [string, string, Role][] = [
  ['laoban', '钱老板', 'owner'],
  ['caiwu', '马会计', 'finance'],
]
const CATEGORY_NAMES = [
  '办公用品', '五金工具', '电子元件', '包装材料', '食品饮料', '劳保用品', '清洁用品', '照明灯具', '电线电缆', '水暖管件',
  '紧固件', '轴承', '液压气动', '仪器仪表', '安防监控', '网络设备', '电脑配件', '打印耗材', '文具纸品', '家具',
  '化工原料', '涂料油漆', '胶粘剂', '润滑油', '塑料制品', '橡胶制品', '玻璃制品', '陶瓷', '五金配件', '门窗配件',
  '建材', '厨房设备', '酒店用品', '日用百货', '纺织面料', '服装鞋帽', '体育用品', '医疗耗材', '实验耗材', '农资',
]
const NOUNS = ['标准件', '组件', '套装', '配件', '耗材', '器材', '模块', '工具', '材料', '用品']
const UNITS = ['个', '箱', '件', '套', '卷', '米', '包', '台', '桶', '盒']
/** month weight: busy before 春节 (Dec–Jan) and in Q4, quiet in February and summer */
const SEASON = [1.25, 0.6, 0.95, 1.0, 1.0, 0.9, 0.8, 0.85, 1.0, 1.15, 1.3, 1.4]
const SEASON_MAX = 1.4

interface Cust {
  id: number
  ownerId: number | null
  term: number
  monthly: boolean
  start: number
  end: number
  gap: number
  size: number
  cats: number[]
  buyer: boolean
  orders: number
}
interface Prod {
  id: number
  code: string
  name: string
  spec: string
  unit: string
  price4: number
  cost4: number
  taxRate: number
  cat: number
  reserved: number
}

export const tenYearStep: SeedStep = {
  name: 'ten-year',
  enabled: (o) => o.scale === 'ten-year',
  async run(ctx: SeedContext) {
    const { db, rng } = ctx
    const todayStr = new Date(ctx.now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    const today = Math.floor(Date.parse(`${todayStr}T00:00:00Z`) / DAY_MS)
    const first = today - 3652
    const dayStr: string[] = []
    const ds = (d: number) => dayStr[d - first + 400] ?? (dayStr[d - first + 400] = new Date(d * DAY_MS).toISOString().slice(0, 10))
    const month = (d: number) => Number(ds(d).slice(5, 7))
    const iso = (d: number, h = 2) => `${ds(d)}T${String(h).padStart(2, '0')}:00:00.000Z`
    const counts = { users: 0, customers: 0, contacts: 0, followUps: 0, products: 0, orders: 0, lines: 0, shipments: 0, cancelledShipments: 0, returns: 0, receipts: 0, opportunities: 0, targets: 0 }

    // ── users ──
    const status = await ctx.core.dispatch<{ needsSetup: boolean }>('auth.status')
    if (status.ok && status.data.needsSetup) {
      const r = await ctx.core.dispatch('auth.setup', { companyName: SEED_COMPANY, ...SEED_ADMIN })
      if (!r.ok) throw new Error(`setup failed: ${r.error.message}`)
    }
    const find = db.prepare('SELECT id, username, displayName, role, managerId FROM users WHERE username = ?')
    const insUser = inserter(db, 'users', ['username', 'displayName', 'role', 'managerId', 'passwordHash', 'passwordSalt', 'disabled', 'failedLogins', 'createdAt', 'updatedAt', 'version'])
    const ensure = async (username: string, displayName: string, role: Role, managerId: number | null): Promise<SeedUser> => {
      const found = find.get(username) as SeedUser | undefined
      if (found) return found
      counts.users++
      return { id: insUser(await makeUserRow(iso(first), { username, password: SEED_PASSWORD, displayName, role, managerId })), username, displayName, role, managerId }
    }
    const users: SeedUser[] = []
    const admin = db.prepare("SELECT id, username, displayName, role, managerId FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as SeedUser | undefined
    if (admin) users.push(admin)
    for (const team of TEAMS) {
      const m = await ensure(team.manager[0], team.manager[1], 'manager', null)
      users.push(m)
      for (const [u, d] of team.sales) users.push(await ensure(u, d, 'sales', m.id))
    }
    for (const [u, d, role] of OTHERS) users.push(await ensure(u, d, role, null))
    ctx.users = users
    const sellers = users.filter((u) => u.role === 'sales' || u.role === 'manager')
    const sales = users.filter((u) => u.role === 'sales')
    const name = new Map(users.map((u) => [u.id, u.displayName]))

    // ── products: 40 categories × 50 ──
    const products: Prod[] = []
    const byCat: Prod[][] = CATEGORY_NAMES.map(() => [])
    db.transaction(() => {
      const ins = inserter(db, 'products', ['code', 'name', 'spec', 'unit', 'category', 'barcode', 'salePrice4', 'costPrice4', 'priceIncludesTax', 'taxRate', 'active', 'lowStockThresholdMilli', 'onHandMilli', 'reservedMilli', 'searchText', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      for (let i = 0; i < TEN_YEAR.products; i++) {
        const cat = i % TEN_YEAR.categories
        const catName = CATEGORY_NAMES[cat]!
        const code = `P${String(i + 1).padStart(5, '0')}`
        const prodName = `${catName.slice(0, 2)}${rng.pick(W.TRADE_FIRST)}${rng.pick(NOUNS)}${Math.floor(i / TEN_YEAR.categories) + 1}号`
        const spec = `${rng.pick(['标准', '加厚', '经济', '工业', '精品'])}型 ${rng.int(1, 99)}${rng.pick(['mm', 'kg', 'L', 'W', 'm'])}`
        const unit = UNITS[cat % UNITS.length]!
        const price = Math.round(Math.exp(rng.next() * 7.5)) / 2 + 0.5
        const price4 = Math.round(price * 100) * 100
        const cost4 = Math.round((price4 * (0.55 + rng.next() * 0.25)) / 1.13 / 100) * 100
        const taxRate = catName === '食品饮料' || catName === '农资' ? 9 : 13
        const py = pinyinKeys(prodName)
        const p: Prod = { id: 0, code, name: prodName, spec, unit, price4, cost4, taxRate, cat, reserved: 0 }
        p.id = ins({
          code, name: prodName, spec, unit, category: catName, barcode: `69${rng.digits(11)}`, salePrice4: price4, costPrice4: cost4, priceIncludesTax: true, taxRate, active: true,
          lowStockThresholdMilli: 0, onHandMilli: 0, reservedMilli: 0, searchText: [code, prodName, spec, catName, py.full, py.initials].map((s) => toHalfWidth(s).toLowerCase()).join('|'),
          createdAt: iso(first), createdById: 1, updatedAt: iso(first), updatedById: 1, updatedByName: '演示数据', version: 1,
        })
        products.push(p)
        byCat[cat]!.push(p)
        counts.products++
      }
    })()

    // ── customers, contacts, addresses, follow-ups ──
    const custs: Cust[] = []
    const regionTaken = new Set<string>()
    const usccTaken = new Set<string>()
    db.transaction(() => {
      const insC = inserter(db, 'customers', [
        'code', 'name', 'shortName', 'kind', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone', 'source', 'tags', 'stage',
        'ownerId', 'creditLimitFen', 'paymentTermDays', 'remark', 'searchText', 'nameKey', 'phoneKey', 'mergedIntoId', 'lastFollowUpAt',
        'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
      ])
      const insContact = inserter(db, 'contacts', ['customerId', 'name', 'title', 'mobile', 'phone', 'email', 'wechat', 'isPrimary', 'phoneKey', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insAddr = inserter(db, 'shipping_addresses', ['customerId', 'receiver', 'phone', 'address', 'isDefault', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insF = inserter(db, 'follow_ups', ['customerId', 'type', 'content', 'at', 'nextFollowUpOn', 'nextDone', 'userId', 'userName', 'createdAt'])
      const pattern = DEFAULT_PATTERNS.customer!
      const followPer = TEN_YEAR.followUps / TEN_YEAR.customers
      for (let i = 0; i < TEN_YEAR.customers; i++) {
        const co = companyName(rng, regionTaken)
        const code = `${pattern.prefix}${String(i + 1).padStart(pattern.digits, '0')}`
        const owner = rng.chance(0.85) ? (rng.chance(0.88) ? rng.pick(sales) : rng.pick(sellers.filter((u) => u.role === 'manager'))) : null
        // more customers join in later years
        const start = first + Math.floor(3650 * Math.pow(rng.next(), 0.75))
        const buyer = rng.chance(0.72)
        const term = rng.pick([0, 0, 0, 15, 30, 30, 30, 45, 60, 90])
        const people = Array.from({ length: co.kind === 'person' ? 1 : rng.weighted([[1, 10], [2, 25], [3, 30], [4, 20], [5, 15]] as const) }, (_, k) => {
          const nm = co.kind === 'person' && k === 0 ? co.name.replace('（个体）', '') : personName(rng)
          return { name: nm, title: rng.chance(0.8) ? rng.pick(W.TITLES) : null, mobile: rng.chance(0.92) ? mobile(rng) : null, phone: rng.chance(0.2) ? landline(rng, co.city) : null, email: rng.chance(0.3) ? `${pinyinKeys(nm).initials}${rng.int(1, 999)}@qq.com` : null, wechat: null }
        })
        const phone = co.kind === 'company' && rng.chance(0.75) ? landline(rng, co.city) : null
        const nF = Math.max(0, Math.round(followPer * (0.3 + rng.next() * 1.4)))
        const fTimes = Array.from({ length: nF }, () => start + Math.floor(rng.next() * (today - start + 1))).sort((a, b) => a - b)
        const author = owner ?? rng.pick(sales)
        const created = iso(start, 1)
        const by = { createdAt: created, createdById: author.id, updatedAt: created, updatedById: author.id, updatedByName: author.displayName, version: 1 }
        const id = insC({
          code, name: co.name, shortName: co.shortName, kind: co.kind, uscc: co.kind === 'company' && rng.chance(0.6) ? uscc(rng, co.city, usccTaken) : null, industry: co.industry,
          size: co.kind === 'company' ? rng.pick(W.SIZES) : null, province: co.city.province, city: co.city.city, district: rng.pick(co.city.districts), address: address(rng, co.city), phone,
          source: rng.pick(DEFAULT_SOURCES), tags: tagsToColumn(term >= 30 ? ['月结'] : []), stage: buyer ? 'customer' : rng.pick(['lead', 'prospect', 'opportunity', 'lost']),
          ownerId: owner?.id ?? null, creditLimitFen: 0, paymentTermDays: term, remark: null,
          searchText: buildSearchText({ name: co.name, shortName: co.shortName, code, phone, contactPhones: people.flatMap((p) => [p.mobile, p.phone]).filter((p): p is string => !!p) }),
          nameKey: normalizeName(co.name), phoneKey: normalizePhone(phone), mergedIntoId: null, lastFollowUpAt: fTimes.length ? iso(fTimes[fTimes.length - 1]!, 3) : null, ...by,
        })
        people.forEach((p, k) => {
          insContact({ customerId: id, ...p, isPrimary: k === 0, phoneKey: contactPhoneKey(p.mobile, p.phone), ...by })
          counts.contacts++
        })
        insAddr({ customerId: id, receiver: people[0]!.name, phone: people[0]!.mobile, address: address(rng, co.city), isDefault: true, ...by })
        fTimes.forEach((t, k) => {
          const type = rng.weighted([['call', 40], ['wechat', 30], ['visit', 15], ['email', 10], ['meeting', 5]] as const)
          const last = k === fTimes.length - 1
          insF({ customerId: id, type, content: rng.pick(W.FOLLOW_UP_TEXTS[type]!), at: iso(t, 3), nextFollowUpOn: last && rng.chance(0.5) ? ds(Math.min(today + 30, t + rng.int(3, 30))) : null, nextDone: !last, userId: author.id, userName: author.displayName, createdAt: iso(t, 3) })
          counts.followUps++
        })
        // the rhythm: mean days between orders (log-uniform 12…240) and the order size (heavy-tailed)
        const gap = Math.exp(Math.log(12) + rng.next() * (Math.log(240) - Math.log(12)))
        const size = Math.min(12, Math.exp(rng.next() * rng.next() * 3.2))
        const cats = rng.sample(Array.from({ length: TEN_YEAR.categories }, (_, k) => k), rng.int(2, 5))
        custs.push({ id, ownerId: owner?.id ?? null, term, monthly: term >= 15, start, end: today, gap, size, cats, buyer, orders: 0 })
        counts.customers++
      }
      db.prepare('INSERT INTO doc_sequences ("key", "next") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "next" = MAX("next", excluded."next")').run('customer:', TEN_YEAR.customers + 1)
    })()

    // ── order dates: every buyer's rhythm, seasonal thinning, churn; scaled to the wanted total ──
    const buyers = custs.filter((c) => c.buyer)
    const expected = buyers.reduce((s, c) => s + (today - c.start) / c.gap, 0)
    const factor = expected / (TEN_YEAR.orders / (SEASON.reduce((s, w) => s + w, 0) / 12 / SEASON_MAX))
    for (const c of buyers) {
      c.gap *= factor
      // regular customers older than two years: about 10 % go quiet somewhere in the last two years
      if ((today - c.start) / c.gap >= 6 && c.start < today - 730 && rng.chance(0.1)) c.end = today - rng.int(60, 730)
    }
    const planned: { c: Cust; d: number }[] = []
    for (const c of buyers) {
      let d = c.start + Math.floor(rng.next() * c.gap)
      while (d <= c.end) {
        if (rng.next() < SEASON[month(d) - 1]! / SEASON_MAX) planned.push({ c, d })
        d += Math.max(1, Math.round((c.gap / SEASON_MAX) * (0.4 + rng.next() * 1.2)))
      }
    }
    planned.sort((a, b) => a.d - b.d || a.c.id - b.c.id)
    const keep = Math.min(1, TEN_YEAR.orders / planned.length)
    const take = planned.filter(() => rng.next() < keep)
    ctx.log(`ten-year: ${planned.length} order dates planned, ${take.length} kept`)

    // ── orders, lines, shipments, returns, per-order receipts ──
    const seqs = new Map<string, number>()
    const nextNo = (prefix: string, d: number) => {
      const key = `${prefix}:${ds(d).replace(/-/g, '')}`
      const nn = (seqs.get(key) ?? 0) + 1
      seqs.set(key, nn)
      return `${prefix}${key.slice(prefix.length + 1)}-${String(nn).padStart(4, '0')}`
    }
    const carriers = ['顺丰速运', '德邦物流', '中通快运', '跨越速运', '自提', '送货上门']
    const methods = ['bank', 'bank', 'bank', 'wechat', 'alipay', 'cash', 'acceptance_bill'] as const
    const stamp = (d: number, by: string) => ({ createdAt: iso(d), createdById: 1, updatedAt: iso(d), updatedById: 1, updatedByName: by, version: 1 })
    /** 月结 receivables waiting for their month's receipt: key customer|YYYY-MM */
    const monthly = new Map<string, { c: Cust; orders: { id: number; amount: number }[]; lastShip: number }>()
    const orderState = new Map<number, { shipped: number; returned: number; received: number; status: string; fullyShipped: boolean; paidOn: number | null }>()
    db.transaction(() => {
      const insO = inserter(db, 'sales_orders', ['number', 'customerId', 'contactId', 'addressId', 'salespersonId', 'orderDate', 'promisedDate', 'paymentTermDays', 'priceIncludesTax', 'status', 'totalFen', 'taxFen', 'netFen', 'shippedFen', 'returnedFen', 'receivedFen', 'invoicedFen', 'remark', 'quoteId', 'approvedAt', 'approvedByName', 'creditOverride', 'overrideReason', 'cancelReason', 'closeReason', 'completedAt', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insL = inserter(db, 'sales_order_lines', ['orderId', 'lineNo', 'productId', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'discountBp', 'amountFen', 'taxFen', 'netFen', 'shippedMilli', 'returnedMilli', 'remark'])
      const insS = inserter(db, 'shipments', ['number', 'orderId', 'customerId', 'shipDate', 'dueDate', 'carrier', 'trackingNo', 'addressId', 'receiver', 'receiverPhone', 'address', 'status', 'deliveredOn', 'signedBy', 'totalFen', 'netFen', 'costFen', 'returnedFen', 'invoicedFen', 'remark', 'cancelReason', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insSL = inserter(db, 'shipment_lines', ['shipmentId', 'orderLineId', 'productId', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'amountFen', 'netFen', 'costFen', 'returnedMilli', 'returnedFen'])
      const insR = inserter(db, 'sales_returns', ['number', 'shipmentId', 'orderId', 'customerId', 'returnedOn', 'reason', 'totalFen', 'netFen', 'costFen', 'status', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insRL = inserter(db, 'sales_return_lines', ['returnId', 'shipmentLineId', 'orderLineId', 'productId', 'productName', 'unit', 'qtyMilli', 'amountFen', 'netFen', 'costFen'])
      const insP = inserter(db, 'receipts', ['number', 'customerId', 'amountFen', 'allocatedFen', 'receivedOn', 'method', 'reference', 'remark', 'status', 'cancelReason', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insA = inserter(db, 'receipt_allocations', ['receiptId', 'orderId', 'amountFen', 'createdAt', 'userName'])
      const updS = db.prepare('UPDATE shipments SET "totalFen" = ?, "netFen" = ?, "costFen" = ? WHERE id = ?')
      const updSL = db.prepare('UPDATE shipment_lines SET "returnedMilli" = ?, "returnedFen" = ? WHERE id = ?')
      const updSR = db.prepare('UPDATE shipments SET "returnedFen" = ? WHERE id = ?')
      const updOL = db.prepare('UPDATE sales_order_lines SET "shippedMilli" = ?, "returnedMilli" = ? WHERE id = ?')

      for (const { c, d } of take) {
        const age = today - d
        const nLines = rng.weighted([[1, 8], [2, 9], [3, 10], [4, 10], [5, 10], [6, 10], [7, 9], [8, 9], [9, 8], [10, 7], [12, 5], [15, 3], [20, 2]] as const)
        const picked = new Set<Prod>()
        while (picked.size < nLines) picked.add(rng.pick(byCat[rng.pick(c.cats)]!))
        const lines = [...picked].map((p, i) => {
          const qtyMilli = Math.max(1, Math.round(rng.int(1, 40) * c.size)) * 1000
          const discountBp = rng.chance(0.15) ? toBp(rng.pick(['2', '5', '8'])) : 0
          return { p, lineNo: i + 1, qtyMilli, price4: p.price4, discountBp, ...lineMoney(qtyMilli, p.price4, p.taxRate, { discountBp }) }
        })
        const tot = lines.reduce((t, l) => ({ a: t.a + l.amountFen, t: t.t + l.taxFen, n: t.n + l.netFen }), { a: 0, t: 0, n: 0 })
        let status: string
        if (age < 3) status = rng.weighted([['draft', 20], ['pending', 30], ['approved', 50]] as const)
        else if (age < 20) status = rng.weighted([['cancelled', 3], ['approved', 15], ['partially_shipped', 20], ['shipped', 62]] as const)
        else status = rng.weighted([['cancelled', 3], ['closed', 2], ['shipped', 95]] as const)
        const sp = c.ownerId ?? rng.pick(sales).id
        const promised = d + rng.int(3, 15)
        const approved = !['draft', 'pending', 'cancelled'].includes(status)
        const orderId = insO({
          number: nextNo('SO', d), customerId: c.id, contactId: null, addressId: null, salespersonId: sp, orderDate: ds(d), promisedDate: rng.chance(0.85) ? ds(promised) : null,
          paymentTermDays: c.term, priceIncludesTax: true, status, totalFen: tot.a, taxFen: tot.t, netFen: tot.n, shippedFen: 0, returnedFen: 0, receivedFen: 0, invoicedFen: 0,
          remark: null, quoteId: null, approvedAt: approved ? iso(d, 3) : null, approvedByName: approved ? name.get(users.find((u) => u.id === sp)?.managerId ?? sp) ?? '王强' : null, creditOverride: false, overrideReason: null,
          cancelReason: status === 'cancelled' ? rng.pick(['客户取消', '重复下单', '价格未谈妥']) : null, closeReason: status === 'closed' ? '客户不再需要剩余数量' : null, completedAt: null,
          ...stamp(d, name.get(sp) ?? '演示数据'),
        })
        counts.orders++
        c.orders++
        const lineIds = lines.map((l) => {
          counts.lines++
          return insL({ orderId, lineNo: l.lineNo, productId: l.p.id, productCode: l.p.code, productName: l.p.name, spec: l.p.spec, unit: l.p.unit, qtyMilli: l.qtyMilli, price4: l.price4, taxRate: l.p.taxRate, discountBp: l.discountBp, amountFen: l.amountFen, taxFen: l.taxFen, netFen: l.netFen, shippedMilli: 0, returnedMilli: 0, remark: null })
        })
        const shipped = lines.map(() => 0)
        const returned = lines.map(() => 0)
        let shippedFen = 0
        let returnedFen = 0
        let lastShip = d
        const made: { id: number; d: number; lines: { id: number; i: number; q: number; a: number; n: number; cost: number }[] }[] = []
        const ship = (fractions: number[], cancelled = false) => {
          const sd = Math.min(today, d + rng.weighted([[0, 10], [1, 30], [2, 25], [3, 15], [5, 10], [8, 6], [12, 4]] as const))
          const delivered = !cancelled && sd + 3 <= today && rng.chance(0.96)
          const deliveredOn = delivered ? sd + rng.weighted([[0, 10], [1, 35], [2, 30], [3, 15], [5, 7], [9, 3]] as const) : null
          const sid = insS({
            number: nextNo('DN', sd), orderId, customerId: c.id, shipDate: ds(sd), dueDate: ds(sd + c.term), carrier: rng.pick(carriers), trackingNo: rng.chance(0.6) ? `SF${rng.digits(12)}` : null,
            addressId: null, receiver: null, receiverPhone: null, address: null, status: cancelled ? 'cancelled' : delivered ? 'delivered' : 'shipped', deliveredOn: deliveredOn === null ? null : ds(deliveredOn),
            signedBy: delivered ? '仓管' : null, totalFen: 0, netFen: 0, costFen: 0, returnedFen: 0, invoicedFen: 0, remark: null, cancelReason: cancelled ? '发错货，重新发货' : null, ...stamp(sd, '郭跟单'),
          })
          let a = 0
          let nn = 0
          let cost = 0
          const sl: (typeof made)[number]['lines'] = []
          lines.forEach((l, i) => {
            const q = Math.min(l.qtyMilli - shipped[i]!, Math.round((l.qtyMilli * fractions[i]!) / 1000) * 1000)
            if (q <= 0) return
            const amt = proportionFen(l.amountFen, shipped[i]! + q, l.qtyMilli) - proportionFen(l.amountFen, shipped[i]!, l.qtyMilli)
            const net = proportionFen(l.netFen, shipped[i]! + q, l.qtyMilli) - proportionFen(l.netFen, shipped[i]!, l.qtyMilli)
            const lc = lineCostFen(q, l.p.cost4)
            const slId = insSL({ shipmentId: sid, orderLineId: lineIds[i], productId: l.p.id, productCode: l.p.code, productName: l.p.name, spec: l.p.spec, unit: l.p.unit, qtyMilli: q, price4: l.price4, taxRate: l.p.taxRate, amountFen: amt, netFen: net, costFen: lc, returnedMilli: 0, returnedFen: 0 })
            if (!cancelled) shipped[i]! += q
            a += amt
            nn += net
            cost += lc
            sl.push({ id: slId, i, q, a: amt, n: net, cost: lc })
          })
          updS.run(a, nn, cost, sid)
          if (cancelled) {
            counts.cancelledShipments++
            return
          }
          shippedFen += a
          lastShip = sd
          counts.shipments++
          made.push({ id: sid, d: sd, lines: sl })
        }
        if (status === 'partially_shipped' || status === 'closed') ship(lines.map(() => rng.pick([0.3, 0.5, 0.7])))
        if (status === 'shipped') {
          if (rng.chance(0.01)) ship(lines.map(() => 1), true)
          if (rng.chance(0.01)) ship(lines.map(() => 0.5))
          ship(lines.map(() => 1))
        }
        // returns: now and then, some days after the first shipment
        const firstS = made[0]
        if (firstS && firstS.d + 10 <= today && rng.chance(0.036)) {
          const on = firstS.d + rng.int(3, 20)
          const l = firstS.lines[0]!
          const q = Math.max(1000, Math.round(l.q / 4 / 1000) * 1000)
          const qq = Math.min(q, l.q)
          const amt = proportionFen(l.a, qq, l.q)
          const net = proportionFen(l.n, qq, l.q)
          const cost = proportionFen(l.cost, qq, l.q)
          const rid = insR({ number: nextNo('RT', on), shipmentId: firstS.id, orderId, customerId: c.id, returnedOn: ds(on), reason: rng.pick(['质量问题', '运输破损', '型号不符', '客户多订']), totalFen: amt, netFen: net, costFen: cost, status: 'valid', ...stamp(on, '郭跟单') })
          insRL({ returnId: rid, shipmentLineId: l.id, orderLineId: lineIds[l.i], productId: lines[l.i]!.p.id, productName: lines[l.i]!.p.name, unit: lines[l.i]!.p.unit, qtyMilli: qq, amountFen: amt, netFen: net, costFen: cost })
          updSL.run(qq, amt, l.id)
          updSR.run(amt, firstS.id)
          returned[l.i]! += qq
          returnedFen += amt
          counts.returns++
        }
        lineIds.forEach((id, i) => updOL.run(shipped[i], returned[i], id))
        if (['approved', 'partially_shipped'].includes(status)) lines.forEach((l, i) => (l.p.reserved += l.qtyMilli - shipped[i]!))
        const st = { shipped: shippedFen, returned: returnedFen, received: 0, status, fullyShipped: status === 'shipped', paidOn: null as number | null }
        orderState.set(orderId, st)
        const receivable = shippedFen - returnedFen
        if (receivable <= 0) continue
        if (c.monthly) {
          const key = `${c.id}|${ds(lastShip).slice(0, 7)}`
          const m = monthly.get(key) ?? { c, orders: [], lastShip }
          m.orders.push({ id: orderId, amount: receivable })
          m.lastShip = Math.max(m.lastShip, lastShip)
          monthly.set(key, m)
          continue
        }
        // per order: paid around the due date, some late, a few part payments, a few never
        if (rng.chance(0.004)) continue
        let on = lastShip + c.term + rng.weighted([[-5, 15], [0, 30], [5, 20], [15, 15], [30, 10], [60, 7], [120, 3]] as const) + rng.int(0, 4)
        if (on < lastShip) on = lastShip
        if (on > today) continue
        const part = rng.chance(0.06) ? Math.round(receivable / 2) : receivable
        const pid = insP({ number: nextNo('RC', on), customerId: c.id, amountFen: part, allocatedFen: part, receivedOn: ds(on), method: rng.pick(methods), reference: rng.chance(0.5) ? `回单${rng.digits(8)}` : null, remark: null, status: 'valid', cancelReason: null, ...stamp(on, '马会计') })
        insA({ receiptId: pid, orderId, amountFen: part, createdAt: iso(on, 6), userName: '马会计' })
        counts.receipts++
        st.received = part
        st.paidOn = on
        const rest = on + rng.int(20, 60)
        if (part < receivable && rest <= today) {
          const pid2 = insP({ number: nextNo('RC', rest), customerId: c.id, amountFen: receivable - part, allocatedFen: receivable - part, receivedOn: ds(rest), method: rng.pick(methods), reference: null, remark: '尾款', status: 'valid', cancelReason: null, ...stamp(rest, '马会计') })
          insA({ receiptId: pid2, orderId, amountFen: receivable - part, createdAt: iso(rest, 6), userName: '马会计' })
          counts.receipts++
          st.received = receivable
          st.paidOn = rest
        }
      }

      // 月结: one receipt per customer and month, some weeks after the month's end plus the term
      for (const m of monthly.values()) {
        const [y, mo] = ds(m.lastShip).slice(0, 7).split('-').map(Number) as [number, number]
        const monthEndDay = Math.floor(Date.UTC(y, mo, 0) / DAY_MS)
        let on = monthEndDay + m.c.term + rng.weighted([[-3, 20], [3, 30], [10, 25], [25, 15], [50, 7], [100, 3]] as const)
        if (on < m.lastShip) on = m.lastShip
        if (on > today || rng.chance(0.003)) continue
        const amount = m.orders.reduce((s, o) => s + o.amount, 0)
        const pid = insP({ number: nextNo('RC', on), customerId: m.c.id, amountFen: amount, allocatedFen: amount, receivedOn: ds(on), method: rng.pick(methods), reference: `${ds(m.lastShip).slice(0, 7)} 月结`, remark: '月结货款', status: 'valid', cancelReason: null, ...stamp(on, '马会计') })
        counts.receipts++
        for (const o of m.orders) {
          insA({ receiptId: pid, orderId: o.id, amountFen: o.amount, createdAt: iso(on, 6), userName: '马会计' })
          const st = orderState.get(o.id)!
          st.received = o.amount
          st.paidOn = on
        }
      }
      const updO = db.prepare('UPDATE sales_orders SET "shippedFen" = ?, "returnedFen" = ?, "receivedFen" = ?, "status" = ?, "completedAt" = ? WHERE id = ?')
      for (const [id, st] of orderState) {
        const done = st.received > 0 && st.received >= st.shipped - st.returned && (st.status === 'shipped' || st.status === 'closed')
        updO.run(st.shipped, st.returned, st.received, done ? 'completed' : st.status, done && st.paidOn !== null ? iso(st.paidOn, 6) : null, id)
      }
      const setStock = db.prepare('UPDATE products SET "onHandMilli" = ?, "reservedMilli" = ? WHERE id = ?')
      for (const p of products) setStock.run(p.reserved + rng.int(100, 5000) * 1000, p.reserved, p.id)
      const upsert = db.prepare('INSERT INTO doc_sequences ("key", "next") VALUES (?, ?) ON CONFLICT("key") DO UPDATE SET "next" = MAX("next", excluded."next")')
      for (const [key, nn] of seqs) upsert.run(key, nn + 1)
    })()

    // ── opportunities: created over the years, moved through the stages ──
    db.transaction(() => {
      const ins = inserter(db, 'opportunities', ['customerId', 'title', 'amountFen', 'stage', 'probability', 'expectedCloseOn', 'ownerId', 'source', 'lostReason', 'remark', 'closedOn', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      for (let i = 0; i < TEN_YEAR.opportunities; i++) {
        const c = rng.pick(custs)
        const created = Math.max(c.start, first + Math.floor(3650 * Math.pow(rng.next(), 0.7)))
        if (created > today) continue
        const owner = c.ownerId ?? rng.pick(sales).id
        const cycle = rng.int(10, 150)
        const closes = created + cycle
        let stage: keyof typeof DEFAULT_PROBABILITIES
        if (closes <= today) stage = rng.weighted([['won', 38], ['lost', 47], ['negotiation', 5], ['proposal', 5], ['needs', 3], ['initial', 2]] as const)
        else stage = rng.weighted([['initial', 30], ['needs', 28], ['proposal', 24], ['negotiation', 18]] as const)
        const closed = stage === 'won' || stage === 'lost'
        const expected = closed ? closes : Math.max(today - 20, closes) + rng.int(-10, 60)
        ins({
          customerId: c.id, title: `${rng.pick(CATEGORY_NAMES)}采购项目`, amountFen: Math.round(Math.exp(8 + rng.next() * 6)) * 100, stage, probability: DEFAULT_PROBABILITIES[stage],
          expectedCloseOn: rng.chance(0.9) ? ds(expected) : null, ownerId: owner, source: rng.chance(0.92) ? rng.pick(DEFAULT_SOURCES) : null, lostReason: stage === 'lost' ? rng.pick(['价格太高', '选择了竞争对手', '项目取消', '交期不满足']) : null,
          remark: null, closedOn: closed ? ds(Math.min(today, closes)) : null, createdAt: iso(created, 2), createdById: owner, updatedAt: iso(closed ? Math.min(today, closes) : created, 2), updatedById: owner, updatedByName: name.get(owner) ?? null, version: 1,
        })
        counts.opportunities++
      }
    })()

    // ── monthly targets: last year's same month (shipped, per salesperson) + 10 %, rounded to ¥1 000; team targets their sum ──
    db.transaction(() => {
      const actual = db
        .prepare(
          `SELECT o."salespersonId" AS sp, substr(s."shipDate", 1, 7) AS m, SUM(s."totalFen") AS a FROM shipments s JOIN sales_orders o ON o."id" = s."orderId"
            WHERE s."status" <> 'cancelled' GROUP BY o."salespersonId", substr(s."shipDate", 1, 7)`,
        )
        .all() as { sp: number; m: string; a: number }[]
      const act = new Map(actual.map((r) => [`${r.sp}|${r.m}`, r.a]))
      const ins = inserter(db, 'sales_targets', ['year', 'month', 'salespersonId', 'teamManagerId', 'subject', 'amountFen', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const y0 = Number(ds(first).slice(0, 4)) + 1
      const y1 = Number(todayStr.slice(0, 4))
      for (let y = y0; y <= y1; y++)
        for (let m = 1; m <= 12; m++) {
          const mm = String(m).padStart(2, '0')
          const at = `${y}-${mm}-01T00:00:00.000Z`
          for (const team of sellers.filter((u) => u.role === 'manager')) {
            let teamSum = 0
            for (const u of sellers.filter((s) => s.managerId === team.id || s.id === team.id)) {
              const base = act.get(`${u.id}|${y - 1}-${mm}`) ?? 0
              const amount = Math.round((base * 1.1) / 100_000) * 100_000
              if (amount <= 0) continue
              teamSum += amount
              ins({ year: y, month: m, salespersonId: u.id, teamManagerId: null, subject: `u:${u.id}`, amountFen: amount, createdAt: at, createdById: team.id, updatedAt: at, updatedById: team.id, updatedByName: team.displayName, version: 1 })
              counts.targets++
            }
            if (teamSum > 0) {
              ins({ year: y, month: m, salespersonId: null, teamManagerId: team.id, subject: `t:${team.id}`, amountFen: teamSum, createdAt: at, createdById: 1, updatedAt: at, updatedById: 1, updatedByName: '钱老板', version: 1 })
              counts.targets++
            }
          }
        }
    })()
    db.exec('ANALYZE')
    const churned = custs.filter((c) => c.buyer && c.end < today).length
    return `${counts.users} users, ${counts.customers} customers, ${counts.contacts} contacts, ${counts.followUps} follow-ups, ${counts.products} products, ${counts.orders} orders (${counts.lines} lines), ${counts.shipments} shipments (+${counts.cancelledShipments} cancelled), ${counts.returns} returns, ${counts.receipts} receipts, ${counts.opportunities} opportunities, ${counts.targets} targets; ${churned} customers went quiet`
  },
}

export type { Rng }
