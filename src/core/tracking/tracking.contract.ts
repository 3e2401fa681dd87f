import { z } from 'zod'
import { In } from 'typeorm'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { dateStr } from '../contract/types'
import { ownerScope } from '../auth/scope'
import { addDays, dateInCompanyTz, daysBetweenOrNull } from '../clock'
import { CustomerEntity } from '../customer/customer.entity'
import { fromMilli } from '../money/money'
import { ProductEntity } from '../product/product.entity'
import { SalesOrderEntity, SalesOrderLineEntity } from '../order/order.entity'
import { renderMessage } from '../i18n/i18n'
import { SalesReturnEntity, ShipmentEntity } from '../shipment/shipment.entity'

const LIMIT = 300

/** The UTC instant a company day (Beijing, UTC+8, no daylight saving) begins, as stored timestamps are written. */
const dayStartUtc = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()

export const trackingMethods = [
  defineMethod({
    name: 'tracking.board',
    summary: '跟单看板: open orders by promised date with late/at-risk flags and stock shortfalls, undelivered shipments, recent exceptions',
    ...can('read'),
    write: false,
    input: z.object({ asOf: dateStr.optional(), riskDays: z.number().int().min(0).max(30).default(2) }).optional().default({ riskDays: 2 }),
    output: z.object({
      asOf: z.string(),
      openOrders: z.array(
        z.object({
          id: z.number(),
          number: z.string(),
          customerId: z.number(),
          customerName: z.string(),
          status: z.string(),
          statusLabel: z.string(),
          orderDate: z.string(),
          promisedDate: z.string().nullable(),
          flag: z.enum(['late', 'at_risk', 'ok', 'no_date']),
          daysLeft: z.number().nullable(),
          totalFen: z.number(),
          shippedFen: z.number(),
          hasShortfall: z.boolean(),
          lines: z.array(z.object({ orderLineId: z.number(), productId: z.number(), productName: z.string(), unit: z.string(), open: z.string(), onHand: z.string(), shortfall: z.string() })),
        }),
      ),
      openOrdersTotal: z.number(),
      undelivered: z.array(
        z.object({ id: z.number(), number: z.string(), orderId: z.number(), orderNumber: z.string(), customerName: z.string(), shipDate: z.string(), carrier: z.string().nullable(), trackingNo: z.string().nullable(), daysSinceShip: z.number(), version: z.number() }),
      ),
      exceptions: z.array(z.object({ kind: z.enum(['return', 'shipment_cancelled']), id: z.number(), number: z.string(), date: z.string(), customerName: z.string(), reason: z.string().nullable(), amountFen: z.number() })),
    }),
    async handler(ctx, input) {
      const asOf = input.asOf ?? ctx.today()
      const scope = await ownerScope(ctx)
      const inScope = <T extends { andWhere: (s: string, p?: object) => T }>(qb: T) => (scope === null ? qb : qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope }))
      const oqb = inScope(ctx.em.getRepository(SalesOrderEntity).createQueryBuilder('o').innerJoin('Customer', 'c', 'c.id = o.customerId').where("o.status IN ('approved', 'partially_shipped')"))
      const openOrdersTotal = await oqb.getCount()
      // NULL promised dates last on both engines
      const orders = await oqb.orderBy('CASE WHEN o.promisedDate IS NULL THEN 1 ELSE 0 END', 'ASC').addOrderBy('o.promisedDate', 'ASC').addOrderBy('o.id', 'ASC').limit(LIMIT).getMany()
      const ids = orders.map((o) => o.id)
      const lines = ids.length ? await ctx.em.getRepository(SalesOrderLineEntity).find({ where: { orderId: In(ids) }, order: { lineNo: 'ASC' } }) : []
      const pids = [...new Set(lines.map((l) => l.productId))]
      const products = pids.length ? await ctx.em.getRepository(ProductEntity).find({ where: { id: In(pids) }, select: { id: true, onHandMilli: true, kind: true } }) : []
      const remaining = new Map(products.map((p) => [p.id, p.onHandMilli]))
      // a service line (安装调试, 运费) is never short of stock
      const services = new Set(products.filter((p) => p.kind === 'service').map((p) => p.id))
      const cids = [...new Set(orders.map((o) => o.customerId))]
      const customers = cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, name: true } }) : []
      const cn = new Map(customers.map((c) => [c.id, c.name]))
      const openOrders = orders.map((o) => {
        const ls = lines
          .filter((l) => l.orderId === o.id && l.qtyMilli > l.shippedMilli)
          .map((l) => {
            const open = l.qtyMilli - l.shippedMilli
            const onHand = remaining.get(l.productId) ?? 0
            const shortfall = services.has(l.productId) ? 0 : Math.max(0, open - Math.max(0, onHand))
            // earlier promised orders take the stock first
            remaining.set(l.productId, onHand - open)
            return { orderLineId: l.id, productId: l.productId, productName: l.productName, unit: l.unit, open: fromMilli(open), onHand: fromMilli(Math.max(0, onHand)), shortfall: fromMilli(shortfall) }
          })
        // a stored date that is no real day (written before dates were checked) counts as no date
        const daysLeft = daysBetweenOrNull(asOf, o.promisedDate)
        const flag = daysLeft === null ? ('no_date' as const) : daysLeft < 0 ? ('late' as const) : daysLeft <= input.riskDays ? ('at_risk' as const) : ('ok' as const)
        return {
          id: o.id,
          number: o.number,
          customerId: o.customerId,
          customerName: cn.get(o.customerId) ?? '',
          status: o.status,
          statusLabel: renderMessage(`enum.orderStatus.${o.status}`, undefined, ctx.locale),
          orderDate: o.orderDate,
          promisedDate: o.promisedDate,
          flag,
          daysLeft,
          totalFen: o.totalFen,
          shippedFen: o.shippedFen,
          hasShortfall: ls.some((l) => l.shortfall !== '0'),
          lines: ls,
        }
      })

      const sqb = inScope(ctx.em.getRepository(ShipmentEntity).createQueryBuilder('s').innerJoin('Customer', 'c', 'c.id = s.customerId').where("s.status = 'shipped'"))
      const ships = await sqb.orderBy('s.shipDate', 'ASC').addOrderBy('s.id', 'ASC').limit(LIMIT).getMany()
      const sOrderIds = [...new Set(ships.map((s) => s.orderId))]
      const sOrders = sOrderIds.length ? await ctx.em.getRepository(SalesOrderEntity).find({ where: { id: In(sOrderIds) }, select: { id: true, number: true } }) : []
      const son = new Map(sOrders.map((o) => [o.id, o.number]))
      const sc = [...new Set(ships.map((s) => s.customerId))]
      const sCustomers = sc.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(sc) }, select: { id: true, name: true } }) : []
      const scn = new Map(sCustomers.map((c) => [c.id, c.name]))
      const undelivered = ships.map((s) => ({
        id: s.id,
        number: s.number,
        orderId: s.orderId,
        orderNumber: son.get(s.orderId) ?? '',
        customerName: scn.get(s.customerId) ?? '',
        shipDate: s.shipDate,
        carrier: s.carrier,
        trackingNo: s.trackingNo,
        daysSinceShip: daysBetweenOrNull(s.shipDate, asOf) ?? 0,
        version: s.version,
      }))

      const since = addDays(asOf, -30)
      const rets = await inScope(ctx.em.getRepository(SalesReturnEntity).createQueryBuilder('r').innerJoin('Customer', 'c', 'c.id = r.customerId').where("r.status = 'valid' AND r.returnedOn >= :since AND r.returnedOn <= :asOf", { since, asOf }))
        .orderBy('r.returnedOn', 'DESC')
        .limit(LIMIT)
        .getMany()
      const cancelled = await inScope(
        ctx.em
          .getRepository(ShipmentEntity)
          .createQueryBuilder('s')
          .innerJoin('Customer', 'c', 'c.id = s.customerId')
          // updatedAt is a UTC instant: the window is the company's days since … asOf (Beijing time)
          .where("s.status = 'cancelled' AND s.updatedAt >= :fromTs AND s.updatedAt < :toTs", { fromTs: dayStartUtc(since), toTs: dayStartUtc(addDays(asOf, 1)) }),
      )
        .orderBy('s.updatedAt', 'DESC')
        .limit(LIMIT)
        .getMany()
      const ec = [...new Set([...rets.map((r) => r.customerId), ...cancelled.map((s) => s.customerId)])]
      const eCustomers = ec.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(ec) }, select: { id: true, name: true } }) : []
      const ecn = new Map(eCustomers.map((c) => [c.id, c.name]))
      const exceptions = [
        ...rets.map((r) => ({ kind: 'return' as const, id: r.id, number: r.number, date: r.returnedOn, customerName: ecn.get(r.customerId) ?? '', reason: r.reason, amountFen: r.totalFen })),
        ...cancelled.map((s) => ({ kind: 'shipment_cancelled' as const, id: s.id, number: s.number, date: dateInCompanyTz(new Date(s.updatedAt)), customerName: ecn.get(s.customerId) ?? '', reason: s.cancelReason, amountFen: s.totalFen })),
      ].sort((a, b) => b.date.localeCompare(a.date))

      return { asOf, openOrders, openOrdersTotal, undelivered, exceptions }
    },
  }),
]
