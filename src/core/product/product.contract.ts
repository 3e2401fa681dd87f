import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { defineMethod, type Ctx } from '../contract/method'
import { can } from '../auth/permissions'
import { staleConflict } from '../contract/errors'
import { id, optionalText, pageOf, paging, priceStr, quantityStr, requiredText, version, trackedOut } from '../contract/types'
import { audit } from '../audit/audit.service'
import { fromMilli, toMilli } from '../money/money'
import { taxRate } from './product.schemas'
import { In } from 'typeorm'
import { ProductEntity, StockMoveEntity, type StockMove } from './product.entity'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { CustomerEntity } from '../customer/customer.entity'
import { SalesReturnEntity, ShipmentEntity } from '../shipment/shipment.entity'
import { PRODUCT_KINDS } from './product.entity'
import { createProduct, loadProduct, moveStock, searchProducts, toProductOut, updateProduct } from './product.service'

export { taxRate }

const nonNegQty = quantityStr.refine((v) => !v.startsWith('-'), issue('product.qtyNegative'))
const nonNegPrice = priceStr.refine((v) => !v.startsWith('-'), issue('product.priceNegative'))

const productFields = {
  code: z.string().trim().min(1, issue('product.codeRequired')).max(40).regex(/^[A-Za-z0-9_\-.]+$/, issue('product.codeChars')),
  name: requiredText('商品名称', 100),
  /** goods (库存商品) or service / fee (服务/费用): a service never touches stock */
  kind: z.enum(PRODUCT_KINDS),
  spec: optionalText(100),
  unit: requiredText('单位', 10),
  category: optionalText(50),
  barcode: optionalText(40),
  salePrice: nonNegPrice,
  priceIncludesTax: z.boolean(),
  taxRate,
  active: z.boolean(),
  lowStockThreshold: nonNegQty,
}

export const productOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  spec: z.string().nullable(),
  unit: z.string(),
  category: z.string().nullable(),
  barcode: z.string().nullable(),
  salePrice: z.string(),
  priceIncludesTax: z.boolean(),
  taxRate: z.number(),
  active: z.boolean(),
  lowStockThreshold: z.string(),
  onHand: z.string(),
  reserved: z.string(),
  available: z.string(),
  lowStock: z.boolean(),
  ...trackedOut,
})


export const productMethods = [
  defineMethod({
    name: 'product.create',
    ...can('products'),
    write: true,
    input: z.object({
      ...productFields,
      kind: productFields.kind.default('goods'),
      unit: productFields.unit.default('个'),
      salePrice: productFields.salePrice.default('0'),
      priceIncludesTax: productFields.priceIncludesTax.default(true),
      taxRate: productFields.taxRate.default(13),
      active: productFields.active.default(true),
      lowStockThreshold: productFields.lowStockThreshold.default('0'),
      initialStock: nonNegQty.optional(),
    }),
    output: productOut,
    async handler(ctx, input) {
      const p = await createProduct(ctx, input)
      if (input.kind === 'goods' && input.initialStock && toMilli(input.initialStock) > 0) {
        await moveStock(ctx, p.id, toMilli(input.initialStock), 'adjust', { reason: '期初库存' })
        await audit(ctx, { entity: 'product', entityId: p.id, action: 'stock.adjust', summary: { key: 'audit.product.openingStock', params: { qty: input.initialStock, unit: p.unit } }, changes: [{ field: 'onHand', before: '0', after: fromMilli(toMilli(input.initialStock)) }] })
      }
      return toProductOut(await loadProduct(ctx, p.id))
    },
  }),
  defineMethod({
    name: 'product.update',
    ...can('products'),
    write: true,
    input: z.object(productFields).partial().extend({ id, version }),
    output: productOut,
    handler: async (ctx, input) => toProductOut(await updateProduct(ctx, input)),
  }),
  defineMethod({
    name: 'product.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: productOut,
    handler: async (ctx, input) => toProductOut(await loadProduct(ctx, input.id)),
  }),
  defineMethod({
    name: 'product.search',
    summary: 'Products by any part of code, name, spec, barcode or pinyin',
    ...can('read'),
    write: false,
    input: z.object({ query: z.string().max(100).optional(), category: z.string().optional(), active: z.boolean().optional(), lowStock: z.boolean().optional(), ...paging }),
    output: pageOf(productOut),
    handler: (ctx, input) => searchProducts(ctx, input),
  }),
  defineMethod({
    name: 'product.categories',
    ...can('read'),
    write: false,
    input: z.object({}).optional(),
    output: z.object({ items: z.array(z.string()) }),
    async handler(ctx) {
      const rows = (await ctx.em.getRepository(ProductEntity).createQueryBuilder('p').select('DISTINCT p.category', 'category').where('p.category IS NOT NULL').orderBy('p.category').getRawMany()) as { category: string }[]
      return { items: rows.map((r) => r.category) }
    },
  }),
  defineMethod({
    name: 'stock.list',
    ...can('read'),
    write: false,
    input: z.object({ query: z.string().max(100).optional(), lowStock: z.boolean().optional(), ...paging }),
    output: pageOf(productOut),
    handler: (ctx, input) => searchProducts(ctx, { ...input, active: true }),
  }),
  defineMethod({
    name: 'stock.adjust',
    summary: 'Signed stock adjustment with a reason (盘点/入库/报损)',
    ...can('products'),
    write: true,
    input: z.object({
      productId: id,
      quantity: quantityStr.refine((v) => Number(v) !== 0, issue('product.adjustZero')),
      reason: requiredText('调整原因', 200),
      version: version.optional(),
    }),
    output: productOut,
    async handler(ctx, input) {
      const before = await loadProduct(ctx, input.productId)
      if (input.version !== undefined && input.version !== before.version) throw staleConflict('product', before)
      const q = toMilli(input.quantity)
      const after = await moveStock(ctx, before.id, q, 'adjust', { reason: input.reason })
      await audit(ctx, {
        entity: 'product',
        entityId: before.id,
        action: 'stock.adjust',
        summary: { key: 'audit.product.stockAdjust', params: { qty: `${q > 0 ? '+' : ''}${fromMilli(q)}`, unit: before.unit, reason: input.reason } },
        changes: [{ field: 'onHand', before: fromMilli(before.onHandMilli), after: fromMilli(after) }],
      })
      return toProductOut(await loadProduct(ctx, before.id))
    },
  }),
  defineMethod({
    name: 'stock.moves',
    ...can('read'),
    write: false,
    input: z.object({ productId: id, ...paging }),
    output: pageOf(
      z.object({ id: z.number(), kind: z.string(), quantity: z.string(), onHandAfter: z.string(), refType: z.string().nullable(), refId: z.number().nullable(), reason: z.string().nullable(), at: z.string(), userName: z.string().nullable() }),
    ),
    async handler(ctx, input) {
      const [rows, total] = await ctx.em.getRepository(StockMoveEntity).findAndCount({
        where: { productId: input.productId },
        order: { id: 'DESC' },
        skip: (input.page - 1) * input.pageSize,
        take: input.pageSize,
      })
      const hidden = await outOfScopeRefs(ctx, rows)
      return {
        items: rows.map((r) => {
          const out = { ...r, quantity: fromMilli(r.qtyMilli), onHandAfter: fromMilli(r.onHandAfterMilli) }
          // the stock ledger is everyone's, but which document of which customer (and a return's reason) only
          // within the caller's data scope: another salesperson's customer's moves show as quantities only
          return hidden.has(`${r.refType}:${r.refId}`) ? { ...out, refType: null, refId: null, reason: null } : out
        }),
        total,
      }
    },
  }),
]

/** The `refType:refId` of moves whose shipment or return belongs to a customer outside the caller's data scope. */
async function outOfScopeRefs(ctx: Ctx, rows: StockMove[]): Promise<Set<string>> {
  const scope = await ownerScope(ctx)
  if (scope === null) return new Set()
  const ids = (type: string) => [...new Set(rows.filter((r) => r.refType === type && r.refId != null).map((r) => r.refId!))]
  const shipIds = ids('shipment')
  const returnIds = ids('return')
  const docs = [
    ...(shipIds.length ? (await ctx.em.getRepository(ShipmentEntity).find({ where: { id: In(shipIds) }, select: { id: true, customerId: true } })).map((d) => ({ key: `shipment:${d.id}`, customerId: d.customerId })) : []),
    ...(returnIds.length ? (await ctx.em.getRepository(SalesReturnEntity).find({ where: { id: In(returnIds) }, select: { id: true, customerId: true } })).map((d) => ({ key: `return:${d.id}`, customerId: d.customerId })) : []),
  ]
  const cids = [...new Set(docs.map((d) => d.customerId))]
  const owners = new Map((cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, ownerId: true } }) : []).map((c) => [c.id, c.ownerId]))
  const hidden = new Set(docs.filter((d) => !canSeeOwner(scope, owners.get(d.customerId) ?? null)).map((d) => d.key))
  // a move whose document is gone (never expected) is hidden too
  for (const r of rows) if (r.refType && r.refId != null && !docs.some((d) => d.key === `${r.refType}:${r.refId}`)) hidden.add(`${r.refType}:${r.refId}`)
  return hidden
}
