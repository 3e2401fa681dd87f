import type { TestCore } from './test-core'

/**
 * The owner's reports on a small fixed data set, every figure worked out by hand below, on SQLite and
 * PostgreSQL. Tax: 办公 P1 ¥113.00 incl. 13 % (net ¥100.00, cost ¥60.00), 五金 P2 ¥10.90 incl. 9 % (net ¥10.00,
 * cost ¥5.00, then ¥6.00). Team of manager 王经理: 张三 (S1) and 李四 (S2).
 *
 *  C1 浙江 (S1):  O1 2025-03-10 P1×10 = 1130.00, shipped 03-12, delivered 03-14 (promised 03-15, on time), paid 2025-04-10
 *                 O3 2026-03-05 P2×50 = 545.00 (no promised date): shipped 03-06 and cancelled; shipped again 03-08 at cost 6.00, paid 03-18
 *                 O5 2026-03-19 draft (never counts)
 *  C2 江苏 (S2):  O7 2026-01-10 P1×3 = 339.00, promised 01-20, shipped 01-15, delivered 01-18; unpaid
 *                 O2 2026-03-02 P1×10 + P2×100 = 2220.00, promised 03-05, shipped 03-03, delivered 03-06 (late);
 *                    return 03-10 P2×20 = 218.00; paid 1000.00 on 03-15 (partial)
 *                 O4 2026-03-18 P1×5 = 565.00 approved, not shipped
 *  C3 江苏 (S1):  O6 2025-03-20 P1×2 = 226.00, promised 03-25, shipped 03-21, delivered 03-30 (late); prepayment 300.00 on 2026-02-10
 *  C4 江苏 (S2):  three approved orders 2024-10-05, 11-05, 12-05 (P1×1 each, never shipped): the churn warning
 */
export const TODAY = '2026-03-20T10:00:00+08:00'

export interface World {
  t: TestCore
  owner: string
  s1: { id: number; token: string }
  s2: { id: number; token: string }
  m: { id: number; token: string }
  clerk: string
  finance: string
  c: Record<'c1' | 'c2' | 'c3' | 'c4', number>
  p1: number
  p2: number
}

export async function build(t: TestCore): Promise<World> {
  const admin = t.adminToken
  const m = await t.user('manager', { displayName: '王经理' })
  const s1 = await t.user('sales', { displayName: '张三', managerId: m.id })
  const s2 = await t.user('sales', { displayName: '李四', managerId: m.id })
  const owner = (await t.user('owner', { displayName: '钱老板' })).token
  const finance = (await t.user('finance')).token
  const clerk = (await t.user('clerk')).token
  const cust = async (name: string, province: string, ownerId: number) => (await t.call('customer.create', { name, province, ownerId, paymentTermDays: 0 }, admin)).id as number
  const c = { c1: await cust('杭州一号贸易有限公司', '浙江省', s1.id), c2: await cust('南京二号科技有限公司', '江苏省', s2.id), c3: await cust('苏州三号五金有限公司', '江苏省', s1.id), c4: await cust('无锡四号机电有限公司', '江苏省', s2.id) }
  const prod = async (code: string, name: string, category: string, salePrice: string, taxRate: number, cost: string) => {
    const p = await t.call('product.create', { code, name, category, unit: '个', salePrice, taxRate, priceIncludesTax: true, initialStock: '1000' }, admin)
    await t.call('product.setCost', { id: p.id, version: p.version, costPrice: cost }, finance)
    return p.id as number
  }
  const p1 = await prod('P1', '复印纸', '办公', '113', 13, '60')
  const p2 = await prod('P2', '合页', '五金', '10.9', 9, '5')
  const order = async (customerId: number, salespersonId: number, orderDate: string, promisedDate: string | null, lines: [number, string][], approve = true) => {
    const o = await t.call('order.create', { customerId, salespersonId, orderDate, promisedDate, lines: lines.map(([productId, quantity]) => ({ productId, quantity })) }, admin)
    if (!approve) return o
    const s = await t.call('order.submit', { id: o.id }, admin)
    return t.call('order.approve', { id: s.id }, admin)
  }
  const ship = async (o: { id: number; lines: { id: number; quantity: string }[] }, shipDate: string, deliveredOn?: string) => {
    const s = await t.call('shipment.create', { orderId: o.id, shipDate, lines: o.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) }, admin)
    if (deliveredOn) await t.call('shipment.confirmDelivered', { id: s.id, deliveredOn }, admin)
    return s
  }
  const pay = (customerId: number, amountFen: number, receivedOn: string, orderId?: number) =>
    t.call('receipt.create', { customerId, amountFen, receivedOn, method: 'bank', allocations: orderId ? [{ orderId, amountFen }] : [] }, finance)

  const o1 = await order(c.c1, s1.id, '2025-03-10', '2025-03-15', [[p1, '10']])
  await ship(o1, '2025-03-12', '2025-03-14')
  await pay(c.c1, 113000, '2025-04-10', o1.id)
  const o6 = await order(c.c3, s1.id, '2025-03-20', '2025-03-25', [[p1, '2']])
  await ship(o6, '2025-03-21', '2025-03-30')
  for (const d of ['2024-10-05', '2024-11-05', '2024-12-05']) await order(c.c4, s2.id, d, null, [[p1, '1']])
  const o7 = await order(c.c2, s2.id, '2026-01-10', '2026-01-20', [[p1, '3']])
  await ship(o7, '2026-01-15', '2026-01-18')
  await pay(c.c3, 30000, '2026-02-10')
  const o2 = await order(c.c2, s2.id, '2026-03-02', '2026-03-05', [[p1, '10'], [p2, '100']])
  const sb = await ship(o2, '2026-03-03', '2026-03-06')
  const p2Line = sb.lines.find((l: { productId: number }) => l.productId === p2)
  await t.call('return.create', { shipmentId: sb.id, returnedOn: '2026-03-10', reason: '质量问题', lines: [{ shipmentLineId: p2Line.id, quantity: '20' }] }, admin)
  await pay(c.c2, 100000, '2026-03-15', o2.id)
  const o3 = await order(c.c1, s1.id, '2026-03-05', null, [[p2, '50']])
  const sc = await ship(o3, '2026-03-06')
  await t.call('shipment.cancel', { id: sc.id, reason: '地址错误' }, admin)
  const p2now = await t.call('product.costs', { ids: [p2] }, finance)
  await t.call('product.setCost', { id: p2, version: p2now.items[0].version, costPrice: '6' }, admin)
  await ship(await t.call('order.get', { id: o3.id }, admin), '2026-03-08', '2026-03-09')
  await pay(c.c1, 54500, '2026-03-18', o3.id)
  await order(c.c2, s2.id, '2026-03-18', null, [[p1, '5']])
  await order(c.c1, s1.id, '2026-03-19', null, [[p1, '1']], false)

  // opportunities created on 2026-03-02: A won on 03-12, B lost on 03-10, C at 方案/报价, D at 需求确认
  t.clock.set('2026-03-02T10:00:00+08:00')
  const opp = (customerId: number, ownerId: number, title: string, amountFen: number, source: string | null, expectedCloseOn: string | null) =>
    t.call('opportunity.create', { customerId, ownerId, title, amountFen, source, expectedCloseOn }, admin)
  const a = await opp(c.c1, s1.id, '商机A', 100000, '展会', '2026-03-31')
  const b = await opp(c.c2, s2.id, '商机B', 200000, '官网', '2026-03-31')
  const cc = await opp(c.c1, s1.id, '商机C', 50000, '展会', '2026-04-15')
  const d = await opp(c.c2, s2.id, '商机D', 80000, null, null)
  await t.call('opportunity.moveStage', { id: cc.id, stage: 'proposal' }, admin)
  await t.call('opportunity.moveStage', { id: d.id, stage: 'needs' }, admin)
  t.clock.set('2026-03-10T10:00:00+08:00')
  await t.call('opportunity.moveStage', { id: b.id, stage: 'lost', lostReason: '价格' }, admin)
  t.clock.set('2026-03-12T10:00:00+08:00')
  await t.call('opportunity.moveStage', { id: a.id, stage: 'won' }, admin)
  t.clock.set(TODAY)
  return { t, owner, s1, s2, m, clerk, finance, c, p1, p2 }
}

export const MARCH = { from: '2026-03-01', to: '2026-03-31' }
