import { lineMoney, proportionFen, toBp } from '../../src/core/money/money'
import { pinyinKeys, toHalfWidth } from '../../src/core/customer/customer.rules'
import { addDays } from '../../src/core/clock'
import { DAY, inserter, iso, type SeedContext, type SeedStep } from './context'
import type { Rng } from './rng'

/**
 * Products, then `--orders N` sales orders over the last three years with the shipments, deliveries,
 * returns and receipts (allocated, partly paid, prepaid) that such a history has. Everything is
 * bulk-inserted and kept consistent the way the services keep it: order totals and shipped/returned/
 * received amounts, line quantities, stock on hand and reserved, document number counters.
 */
const CATALOG: { category: string; unit: string; items: [string, string, number, number][] }[] = [
  { category: '办公用品', unit: '箱', items: [['A4复印纸', '70g 500张×5包', 120, 180], ['中性笔', '0.5mm 黑色 12支', 18, 30], ['文件夹', 'A4 蓝色', 6, 15], ['订书机', '12号', 20, 45], ['便利贴', '76×76mm', 8, 20]] },
  { category: '五金工具', unit: '个', items: [['不锈钢合页', '4寸 304', 8, 25], ['门把手', '锌合金', 25, 80], ['膨胀螺丝', 'M8×80', 0.5, 1.2], ['电钻', '650W', 180, 360], ['卷尺', '5m', 12, 30]] },
  { category: '电子元件', unit: '个', items: [['电源模块', '12V 5A', 35, 90], ['继电器', '24V DC', 6, 18], ['LED灯珠', '5730 白光', 0.08, 0.3], ['接线端子', '2.5mm²', 0.4, 1.5], ['开关电源', '24V 10A', 90, 220]] },
  { category: '包装材料', unit: '卷', items: [['封箱胶带', '48mm×100m', 4, 9], ['缠绕膜', '50cm 3kg', 28, 55], ['气泡膜', '1m×50m', 35, 70], ['纸箱', '五层 60×40×40', 3, 8], ['打包带', 'PP 15mm', 40, 80]] },
  { category: '食品饮料', unit: '箱', items: [['矿泉水', '550ml×24', 22, 36], ['豆瓣酱', '500g×12', 60, 110], ['绿茶', '250g×20', 180, 320], ['方便面', '五连包×6', 55, 85], ['食用油', '5L×4', 190, 280]] },
  { category: '劳保用品', unit: '双', items: [['劳保手套', '棉纱 12双', 12, 24], ['安全帽', 'ABS 国标', 18, 40], ['反光背心', '荧光黄', 8, 18], ['防护眼镜', '防冲击', 6, 15], ['工作服', '涤棉 夏款', 45, 95]] },
]

interface P {
  id: number
  price4: number
  taxRate: number
  code: string
  name: string
  spec: string
  unit: string
  onHand: number
  reserved: number
}

function buildProducts(ctx: SeedContext, count: number): P[] {
  const existing = ctx.db.prepare('SELECT id, code, name, spec, unit, salePrice4 AS price4, taxRate, onHandMilli AS onHand, reservedMilli AS reserved FROM products').all() as P[]
  if (existing.length >= count) return existing
  const insert = inserter(ctx.db, 'products', [
    'code', 'name', 'spec', 'unit', 'category', 'barcode', 'salePrice4', 'priceIncludesTax', 'taxRate', 'active', 'lowStockThresholdMilli', 'onHandMilli', 'reservedMilli', 'searchText', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
  ])
  const out = [...existing]
  const now = iso(ctx.now)
  const taken = new Set(existing.map((p) => p.code))
  for (let i = existing.length; i < count; i++) {
    const cat = CATALOG[i % CATALOG.length]!
    const [base, spec, lo, hi] = ctx.rng.pick(cat.items)
    const series = Math.floor(i / CATALOG.length) + 1
    const name = series > 1 ? `${base}（${String.fromCharCode(64 + ((series - 1) % 26) + 1)}款）` : base
    let code = `P${String(i + 1).padStart(5, '0')}`
    while (taken.has(code)) code += 'X'
    taken.add(code)
    const price = lo + ctx.rng.next() * (hi - lo)
    const price4 = Math.round(price * 100) * 100
    const taxRate = cat.category === '食品饮料' ? 9 : 13
    const py = pinyinKeys(name)
    const p: P = { id: 0, code, name, spec, unit: cat.unit, price4, taxRate, onHand: ctx.rng.int(2000, 20000) * 1000, reserved: 0 }
    p.id = insert({
      code, name, spec, unit: cat.unit, category: cat.category, barcode: `69${ctx.rng.digits(11)}`, salePrice4: price4, priceIncludesTax: true, taxRate, active: true,
      lowStockThresholdMilli: ctx.rng.pick([0, 0, 50_000, 100_000]), onHandMilli: 0, reservedMilli: 0,
      searchText: [code, name, spec, cat.category, py.full, py.initials].map((s) => toHalfWidth(s).toLowerCase()).join('|'),
      createdAt: now, createdById: 1, updatedAt: now, updatedById: 1, updatedByName: '演示数据', version: 1,
    })
    out.push(p)
  }
  return out
}

const ymd = (d: string) => d.replace(/-/g, '')

export const sellingStep: SeedStep = {
  name: 'orders',
  enabled: (opts) => (opts.counts.orders ?? 0) > 0 || (opts.counts.products ?? 0) > 0,
  run(ctx: SeedContext) {
    const rng: Rng = ctx.rng
    const today = new Date(ctx.now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    const nOrders = ctx.opts.counts.orders ?? 0
    const stats = { products: 0, orders: 0, lines: 0, shipments: 0, returns: 0, receipts: 0 }
    const seqs = new Map<string, number>()
    const nextNo = (prefix: string, date: string) => {
      const key = `${prefix}:${ymd(date)}`
      if (!seqs.has(key)) {
        const row = ctx.db.prepare('SELECT "next" FROM doc_sequences WHERE "key" = ?').get(key) as { next: number } | undefined
        seqs.set(key, row ? row.next - 1 : 0)
      }
      const n = seqs.get(key)! + 1
      seqs.set(key, n)
      return `${prefix}${ymd(date)}-${String(n).padStart(4, '0')}`
    }
    ctx.db.transaction(() => {
      const products = buildProducts(ctx, ctx.opts.counts.products ?? Math.max(300, CATALOG.length))
      stats.products = products.length
      if (!nOrders) return
      const customers = ctx.db.prepare('SELECT id, ownerId, paymentTermDays FROM customers WHERE mergedIntoId IS NULL ORDER BY id').all() as { id: number; ownerId: number | null; paymentTermDays: number }[]
      if (!customers.length) throw new Error('--orders needs customers: add --customers N')
      // a third of the customers buy; a few of them buy a lot
      const buyers = rng.sample(customers, Math.max(1, Math.ceil(customers.length / 3)))
      const weights = buyers.map((c, i) => [c, i < buyers.length / 20 ? 20 : i < buyers.length / 4 ? 5 : 1] as const)
      const addresses = new Map<number, { id: number; receiver: string; phone: string | null; address: string }>()
      for (const a of ctx.db.prepare('SELECT id, customerId, receiver, phone, address FROM shipping_addresses WHERE isDefault = 1').all() as { id: number; customerId: number; receiver: string; phone: string | null; address: string }[]) addresses.set(a.customerId, a)
      const userName = new Map(ctx.users.map((u) => [u.id, u.displayName]))

      const insOrder = inserter(ctx.db, 'sales_orders', [
        'number', 'customerId', 'contactId', 'addressId', 'salespersonId', 'orderDate', 'promisedDate', 'paymentTermDays', 'priceIncludesTax', 'status', 'totalFen', 'taxFen', 'netFen', 'shippedFen', 'returnedFen', 'receivedFen', 'invoicedFen', 'remark', 'quoteId', 'approvedAt', 'approvedByName', 'creditOverride', 'overrideReason', 'cancelReason', 'closeReason', 'completedAt', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
      ])
      const insLine = inserter(ctx.db, 'sales_order_lines', ['orderId', 'lineNo', 'productId', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'discountBp', 'amountFen', 'taxFen', 'netFen', 'shippedMilli', 'returnedMilli', 'remark'])
      const insShip = inserter(ctx.db, 'shipments', [
        'number', 'orderId', 'customerId', 'shipDate', 'dueDate', 'carrier', 'trackingNo', 'addressId', 'receiver', 'receiverPhone', 'address', 'status', 'deliveredOn', 'signedBy', 'totalFen', 'returnedFen', 'invoicedFen', 'remark', 'cancelReason', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
      ])
      const insShipLine = inserter(ctx.db, 'shipment_lines', ['shipmentId', 'orderLineId', 'productId', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'amountFen', 'returnedMilli', 'returnedFen'])
      const insReturn = inserter(ctx.db, 'sales_returns', ['number', 'shipmentId', 'orderId', 'customerId', 'returnedOn', 'reason', 'totalFen', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insReturnLine = inserter(ctx.db, 'sales_return_lines', ['returnId', 'shipmentLineId', 'orderLineId', 'productId', 'productName', 'unit', 'qtyMilli', 'amountFen'])
      const insReceipt = inserter(ctx.db, 'receipts', ['number', 'customerId', 'amountFen', 'allocatedFen', 'receivedOn', 'method', 'reference', 'remark', 'status', 'cancelReason', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version'])
      const insAlloc = inserter(ctx.db, 'receipt_allocations', ['receiptId', 'orderId', 'amountFen', 'createdAt', 'userName'])

      const dates = Array.from({ length: nOrders }, () => addDays(today, -rng.int(0, 3 * 365))).sort()
      const carriers = ['顺丰速运', '德邦物流', '中通快运', '跨越速运', '自提', '送货上门']
      const methods = ['bank', 'bank', 'bank', 'wechat', 'alipay', 'cash', 'acceptance_bill'] as const
      const stamp = (date: string, by = '演示数据') => ({ createdAt: `${date}T02:00:00.000Z`, createdById: 1, updatedAt: `${date}T02:00:00.000Z`, updatedById: 1, updatedByName: by, version: 1 })

      for (const orderDate of dates) {
        const c = rng.weighted(weights)
        const age = Math.round((Date.parse(today) - Date.parse(orderDate)) / DAY)
        const term = c.paymentTermDays
        const lines = rng.sample(products, rng.int(1, 6)).map((p, i) => {
          const qtyMilli = rng.int(1, 200) * 1000
          const discountBp = rng.chance(0.2) ? toBp(rng.pick(['2', '5', '8', '10'])) : 0
          const price4 = rng.chance(0.3) ? Math.round((p.price4 * (0.9 + rng.next() * 0.15)) / 100) * 100 : p.price4
          return { p, lineNo: i + 1, qtyMilli, price4, discountBp, ...lineMoney(qtyMilli, price4, p.taxRate, { discountBp }) }
        })
        const totals = lines.reduce((t, l) => ({ a: t.a + l.amountFen, t: t.t + l.taxFen, n: t.n + l.netFen }), { a: 0, t: 0, n: 0 })
        let status: string
        if (age < 3) status = rng.weighted([['draft', 25], ['pending', 30], ['approved', 45]])
        else if (age < 20) status = rng.weighted([['cancelled', 3], ['approved', 12], ['partially_shipped', 25], ['shipped', 60]])
        else status = rng.weighted([['cancelled', 4], ['closed', 3], ['shipped', 93]])
        const sp = c.ownerId
        const promisedDate = addDays(orderDate, rng.int(3, 20))
        const approved = !['draft', 'pending', 'cancelled'].includes(status)
        const order = {
          number: nextNo('SO', orderDate), customerId: c.id, contactId: null, addressId: addresses.get(c.id)?.id ?? null, salespersonId: sp, orderDate, promisedDate,
          paymentTermDays: term, priceIncludesTax: true, status, totalFen: totals.a, taxFen: totals.t, netFen: totals.n, shippedFen: 0, returnedFen: 0, receivedFen: 0, invoicedFen: 0,
          remark: null, quoteId: null, approvedAt: approved ? `${orderDate}T03:00:00.000Z` : null, approvedByName: approved ? '王强' : null, creditOverride: false, overrideReason: null,
          cancelReason: status === 'cancelled' ? rng.pick(['客户取消', '重复下单', '价格未谈妥']) : null, closeReason: status === 'closed' ? '客户不再需要剩余数量' : null, completedAt: null as string | null,
          ...stamp(orderDate, sp ? (userName.get(sp) ?? '演示数据') : '演示数据'),
        }
        const orderId = insOrder(order)
        stats.orders++
        const lineIds = lines.map((l) => {
          stats.lines++
          return insLine({ orderId, lineNo: l.lineNo, productId: l.p.id, productCode: l.p.code, productName: l.p.name, spec: l.p.spec, unit: l.p.unit, qtyMilli: l.qtyMilli, price4: l.price4, taxRate: l.p.taxRate, discountBp: l.discountBp, amountFen: l.amountFen, taxFen: l.taxFen, netFen: l.netFen, shippedMilli: 0, returnedMilli: 0, remark: null })
        })
        const shipped = lines.map(() => 0)
        const returned = lines.map(() => 0)
        let shippedFen = 0
        let returnedFen = 0
        const shipmentsMade: { id: number; shipDate: string; dueDate: string; total: number }[] = []
        const ship = (fractions: number[]) => {
          const shipDate = addDays(orderDate, rng.int(1, 6)) > today ? today : addDays(orderDate, rng.int(1, 6))
          const dueDate = addDays(shipDate, term)
          const delivered = addDays(shipDate, 3) <= today && rng.chance(0.95)
          const a = addresses.get(c.id)
          const sid = insShip({
            number: nextNo('DN', shipDate), orderId, customerId: c.id, shipDate, dueDate, carrier: rng.pick(carriers), trackingNo: rng.chance(0.7) ? `SF${rng.digits(12)}` : null,
            addressId: a?.id ?? null, receiver: a?.receiver ?? null, receiverPhone: a?.phone ?? null, address: a?.address ?? null, status: delivered ? 'delivered' : 'shipped',
            deliveredOn: delivered ? addDays(shipDate, rng.int(1, 3)) : null, signedBy: delivered ? '仓管' : null, totalFen: 0, returnedFen: 0, invoicedFen: 0, remark: null, cancelReason: null, ...stamp(shipDate, '郭跟单'),
          })
          let total = 0
          lines.forEach((l, i) => {
            const q = Math.min(l.qtyMilli - shipped[i]!, Math.round((l.qtyMilli * fractions[i]!) / 1000) * 1000)
            if (q <= 0) return
            const amountFen = proportionFen(l.amountFen, shipped[i]! + q, l.qtyMilli) - proportionFen(l.amountFen, shipped[i]!, l.qtyMilli)
            insShipLine({ shipmentId: sid, orderLineId: lineIds[i], productId: l.p.id, productCode: l.p.code, productName: l.p.name, spec: l.p.spec, unit: l.p.unit, qtyMilli: q, price4: l.price4, taxRate: l.p.taxRate, amountFen, returnedMilli: 0, returnedFen: 0 })
            shipped[i]! += q
            l.p.onHand -= q
            total += amountFen
          })
          ctx.db.prepare('UPDATE shipments SET totalFen = ? WHERE id = ?').run(total, sid)
          shippedFen += total
          stats.shipments++
          shipmentsMade.push({ id: sid, shipDate, dueDate, total })
        }
        if (status === 'partially_shipped' || status === 'closed') ship(lines.map(() => rng.pick([0.3, 0.5, 0.7])))
        if (status === 'shipped') {
          if (rng.chance(0.2)) ship(lines.map(() => 0.5))
          ship(lines.map(() => 1))
        }
        // returns against an older shipment now and then
        const first = shipmentsMade[0]
        if (first && addDays(first.shipDate, 10) <= today && rng.chance(0.03)) {
          const returnedOn = addDays(first.shipDate, rng.int(3, 10))
          const sl = ctx.db.prepare('SELECT id, orderLineId, productId, productName, unit, qtyMilli, amountFen FROM shipment_lines WHERE shipmentId = ? ORDER BY id LIMIT 1').get(first.id) as { id: number; orderLineId: number; productId: number; productName: string; unit: string; qtyMilli: number; amountFen: number }
          const q = Math.max(1000, Math.round(sl.qtyMilli / 10 / 1000) * 1000)
          const amountFen = proportionFen(sl.amountFen, q, sl.qtyMilli)
          const rid = insReturn({ number: nextNo('RT', returnedOn), shipmentId: first.id, orderId, customerId: c.id, returnedOn, reason: rng.pick(['质量问题', '运输破损', '型号不符']), totalFen: amountFen, ...stamp(returnedOn, '郭跟单') })
          insReturnLine({ returnId: rid, shipmentLineId: sl.id, orderLineId: sl.orderLineId, productId: sl.productId, productName: sl.productName, unit: sl.unit, qtyMilli: q, amountFen })
          ctx.db.prepare('UPDATE shipment_lines SET returnedMilli = ?, returnedFen = ? WHERE id = ?').run(q, amountFen, sl.id)
          ctx.db.prepare('UPDATE shipments SET returnedFen = ? WHERE id = ?').run(amountFen, first.id)
          const idx = lineIds.indexOf(sl.orderLineId)
          returned[idx]! += q
          products.find((p) => p.id === sl.productId)!.onHand += q
          returnedFen += amountFen
          stats.returns++
        }
        // money comes in around the due date; recent or unlucky ones stay open
        let receivedFen = 0
        const last = shipmentsMade[shipmentsMade.length - 1]
        if (last && shippedFen - returnedFen > 0) {
          const receivable = shippedFen - returnedFen
          const overdueBy = Math.round((Date.parse(today) - Date.parse(last.dueDate)) / DAY)
          const pays = overdueBy > 45 ? rng.chance(0.985) : overdueBy > 0 ? rng.chance(0.6) : rng.chance(0.25)
          if (pays) {
            let on = addDays(last.dueDate, rng.int(-20, 40))
            if (on > today) on = today
            if (on < last.shipDate) on = last.shipDate
            const amount = rng.chance(0.1) ? Math.round(receivable / 2) : receivable
            const rid = insReceipt({ number: nextNo('RC', on), customerId: c.id, amountFen: amount, allocatedFen: amount, receivedOn: on, method: rng.pick(methods), reference: rng.chance(0.6) ? `回单${rng.digits(8)}` : null, remark: null, status: 'valid', cancelReason: null, ...stamp(on, '马会计') })
            insAlloc({ orderId, receiptId: rid, amountFen: amount, createdAt: `${on}T06:00:00.000Z`, userName: '马会计' })
            receivedFen = amount
            stats.receipts++
            // a part payment of an old order is followed by the rest a month or two later
            const restOn = addDays(on, rng.int(30, 60))
            if (amount < receivable && restOn <= today && rng.chance(0.9)) {
              const rest = receivable - amount
              const rid2 = insReceipt({ number: nextNo('RC', restOn), customerId: c.id, amountFen: rest, allocatedFen: rest, receivedOn: restOn, method: rng.pick(methods), reference: null, remark: '尾款', status: 'valid', cancelReason: null, ...stamp(restOn, '马会计') })
              insAlloc({ orderId, receiptId: rid2, amountFen: rest, createdAt: `${restOn}T06:00:00.000Z`, userName: '马会计' })
              receivedFen = receivable
              on = restOn
              stats.receipts++
            }
            if (receivedFen === receivable && (status === 'shipped' || status === 'closed')) {
              order.status = 'completed'
              order.completedAt = `${on}T06:00:00.000Z`
            }
          }
        }
        if (['approved', 'partially_shipped'].includes(status)) lines.forEach((l, i) => (l.p.reserved += l.qtyMilli - shipped[i]!))
        lineIds.forEach((id, i) => ctx.db.prepare('UPDATE sales_order_lines SET shippedMilli = ?, returnedMilli = ? WHERE id = ?').run(shipped[i], returned[i], id))
        ctx.db.prepare('UPDATE sales_orders SET shippedFen = ?, returnedFen = ?, receivedFen = ?, status = ?, completedAt = ? WHERE id = ?').run(shippedFen, returnedFen, receivedFen, order.status, order.completedAt, orderId)
      }
      // a few prepayments not yet matched to any order (预收款)
      for (const c of rng.sample(buyers, Math.ceil(buyers.length / 30))) {
        const on = addDays(today, -rng.int(0, 60))
        insReceipt({ number: nextNo('RC', on), customerId: c.id, amountFen: rng.int(10, 500) * 10000, allocatedFen: 0, receivedOn: on, method: 'bank', reference: '预付款', remark: '预收款', status: 'valid', cancelReason: null, ...stamp(on, '马会计') })
        stats.receipts++
      }
      const setStock = ctx.db.prepare('UPDATE products SET onHandMilli = ?, reservedMilli = ? WHERE id = ?')
      const move = inserter(ctx.db, 'stock_moves', ['productId', 'qtyMilli', 'kind', 'refType', 'refId', 'reason', 'onHandAfterMilli', 'at', 'userName'])
      for (const p of products) {
        // purchasing is outside Kedan: today's stock is what the warehouse counts, enough for most open orders
        p.onHand = p.reserved + rng.int(0, 3000) * 1000 - (rng.chance(0.05) ? p.reserved : 0)
        setStock.run(p.onHand, p.reserved, p.id)
        move({ productId: p.id, qtyMilli: p.onHand, kind: 'adjust', refType: null, refId: null, reason: '期初库存（演示数据，已扣除历史发货）', onHandAfterMilli: p.onHand, at: iso(ctx.now), userName: '演示数据' })
      }
      const upsert = ctx.db.prepare('INSERT INTO doc_sequences ("key", "next") VALUES (?, ?) ON CONFLICT("key") DO UPDATE SET "next" = MAX("next", excluded."next")')
      for (const [key, n] of seqs) upsert.run(key, n + 1)
    })()
    return `${stats.products} products, ${stats.orders} orders (${stats.lines} lines), ${stats.shipments} shipments, ${stats.returns} returns, ${stats.receipts} receipts`
  },
}
