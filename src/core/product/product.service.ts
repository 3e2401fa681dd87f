import type { EntityManager } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError, fieldError, notFound, staleConflict } from '../contract/errors'
import { audit, diff } from '../audit/audit.service'
import { getSetting } from '../settings/settings.service'
import { normalizeQuery, pinyinKeys, toHalfWidth } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { fromMilli, price4Str, toMilli, toPrice4 } from '../money/money'
import { ProductEntity, StockMoveEntity, type Product, type ProductKind, type StockMoveKind } from './product.entity'

export const PRODUCT_AUDIT_FIELDS = ['code', 'name', 'kind', 'spec', 'unit', 'category', 'barcode', 'salePrice4', 'priceIncludesTax', 'taxRate', 'active', 'lowStockThresholdMilli'] as const

export function productSearchText(p: Pick<Product, 'code' | 'name' | 'spec' | 'barcode' | 'category'>): string {
  const py = pinyinKeys(p.name)
  return [p.code, p.name, p.spec ?? '', p.barcode ?? '', p.category ?? '', py.full, py.initials]
    .map((s) => toHalfWidth(s).toLowerCase())
    .filter(Boolean)
    .join('|')
}

export function toProductOut(p: Product) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    kind: p.kind,
    spec: p.spec,
    unit: p.unit,
    category: p.category,
    barcode: p.barcode,
    salePrice: price4Str(p.salePrice4),
    priceIncludesTax: p.priceIncludesTax,
    taxRate: p.taxRate,
    active: p.active,
    lowStockThreshold: fromMilli(p.lowStockThresholdMilli),
    onHand: fromMilli(p.onHandMilli),
    reserved: fromMilli(p.reservedMilli),
    available: fromMilli(p.onHandMilli - p.reservedMilli),
    lowStock: p.onHandMilli - p.reservedMilli <= p.lowStockThresholdMilli && p.lowStockThresholdMilli > 0,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    updatedByName: p.updatedByName,
    version: p.version,
  }
}

export interface ProductInput {
  code: string
  name: string
  kind?: ProductKind
  spec?: string | null
  unit: string
  category?: string | null
  barcode?: string | null
  salePrice: string
  priceIncludesTax: boolean
  taxRate: number
  active: boolean
  lowStockThreshold: string
}

const repo = (em: EntityManager) => em.getRepository(ProductEntity)

export async function loadProduct(ctx: Ctx, id: number): Promise<Product> {
  const p = await repo(ctx.em).findOneBy({ id })
  if (!p) throw notFound('商品')
  return p
}

async function assertCodeFree(ctx: Ctx, code: string, exceptId?: number) {
  const other = await repo(ctx.em).findOneBy({ code })
  if (other && other.id !== exceptId) throw appError('CONFLICT', 'product.codeTakenBy', { code, name: other.name }, { field: 'code', existingId: other.id })
}

export async function createProduct(ctx: Ctx, input: ProductInput) {
  await assertCodeFree(ctx, input.code)
  const now = ctx.now().toISOString()
  const row = {
    code: input.code,
    name: input.name,
    kind: input.kind ?? 'goods',
    spec: input.spec ?? null,
    unit: input.unit,
    category: input.category ?? null,
    barcode: input.barcode ?? null,
    salePrice4: toPrice4(input.salePrice),
    priceIncludesTax: input.priceIncludesTax,
    taxRate: input.taxRate,
    active: input.active,
    lowStockThresholdMilli: toMilli(input.lowStockThreshold),
    onHandMilli: 0,
    reservedMilli: 0,
    searchText: '',
    createdAt: now,
    createdById: ctx.user.id,
    updatedAt: now,
    updatedById: ctx.user.id,
    updatedByName: ctx.user.displayName,
    version: 1,
  }
  row.searchText = productSearchText(row)
  const saved = await repo(ctx.em).save(repo(ctx.em).create(row))
  await audit(ctx, { entity: 'product', entityId: saved.id, action: 'create', summary: { key: 'audit.product.create', params: { code: saved.code, name: saved.name } }, changes: diff(null, saved, PRODUCT_AUDIT_FIELDS) })
  return saved
}

export async function updateProduct(ctx: Ctx, input: { id: number; version: number } & Partial<ProductInput>) {
  const before = await loadProduct(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('product', before)
  const changes: Partial<Product> = {}
  const { id, version, salePrice, lowStockThreshold, ...rest } = input
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (changes as Record<string, unknown>)[k] = v
  if (salePrice !== undefined) changes.salePrice4 = toPrice4(salePrice)
  if (lowStockThreshold !== undefined) changes.lowStockThresholdMilli = toMilli(lowStockThreshold)
  if (changes.code && changes.code !== before.code) await assertCodeFree(ctx, changes.code, id)
  // goods with stock on hand or reserved cannot become a service (the stock would be lost from view)
  if (changes.kind && changes.kind !== before.kind && (before.onHandMilli !== 0 || before.reservedMilli !== 0)) {
    throw fieldError('kind', 'product.kindHasStock', { onHand: fromMilli(before.onHandMilli), reserved: fromMilli(before.reservedMilli), unit: before.unit })
  }
  changes.searchText = productSearchText({ ...before, ...changes })
  const res = await repo(ctx.em).update(
    { id, version },
    { ...changes, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: version + 1 },
  )
  if (!res.affected) throw staleConflict('product', await loadProduct(ctx, id))
  const after = await loadProduct(ctx, id)
  await audit(ctx, { entity: 'product', entityId: id, action: 'update', summary: { key: 'audit.product.update', params: { name: after.name } }, changes: diff(before, after, PRODUCT_AUDIT_FIELDS) })
  return after
}

export async function searchProducts(
  ctx: Ctx,
  input: { query?: string; category?: string; active?: boolean; lowStock?: boolean; page: number; pageSize: number },
) {
  const qb = repo(ctx.em).createQueryBuilder('p')
  const q = input.query ? normalizeQuery(input.query) : ''
  if (q) qb.andWhere(`p.searchText LIKE :q ${LIKE_ESCAPE}`, { q: likeContains(q) })
  if (input.category) qb.andWhere('p.category = :cat', { cat: input.category })
  if (input.active !== undefined) qb.andWhere('p.active = :active', { active: input.active })
  if (input.lowStock) qb.andWhere('p.lowStockThresholdMilli > 0 AND (p.onHandMilli - p.reservedMilli) <= p.lowStockThresholdMilli')
  qb.orderBy('p.code', 'ASC')
  const [rows, total] = await qb
    .skip((input.page - 1) * input.pageSize)
    .take(input.pageSize)
    .getManyAndCount()
  return { items: rows.map(toProductOut), total }
}

export async function allowNegativeStock(ctx: Ctx): Promise<boolean> {
  const inv = await getSetting<{ allowNegativeStock?: boolean }>(ctx, 'inventory', {})
  return !!inv.allowNegativeStock
}

/** Changes on-hand stock by a signed quantity, writing the stock ledger; refuses to go below zero unless allowed. */
export async function moveStock(
  ctx: Ctx,
  productId: number,
  qtyMilli: number,
  kind: StockMoveKind,
  ref: { refType?: string; refId?: number; reason?: string | null } = {},
) {
  const p = await loadProduct(ctx, productId)
  // a service / fee (安装调试, 运费) has no stock: it ships, returns and adjusts without a stock move
  if (p.kind === 'service') return p.onHandMilli
  const after = p.onHandMilli + qtyMilli
  if (after < 0 && qtyMilli < 0 && !(await allowNegativeStock(ctx))) {
    throw appError('BUSINESS_RULE', 'product.stockShort', { product: p.name, onHand: fromMilli(p.onHandMilli), need: fromMilli(-qtyMilli), unit: p.unit }, {
      productId,
      productName: p.name,
      onHand: fromMilli(p.onHandMilli),
      required: fromMilli(-qtyMilli),
    })
  }
  await ctx.em
    .createQueryBuilder()
    .update('Product')
    .set({ onHandMilli: () => `"onHandMilli" + ${Math.trunc(qtyMilli)}` })
    .where('id = :id', { id: productId })
    .execute()
  await ctx.em.getRepository(StockMoveEntity).insert({
    productId,
    qtyMilli,
    kind,
    refType: ref.refType ?? null,
    refId: ref.refId ?? null,
    reason: ref.reason ?? null,
    onHandAfterMilli: after,
    at: ctx.now().toISOString(),
    userName: ctx.user?.displayName ?? null,
  })
  return after
}

/** Adds to (or, negative, takes from) the reserved quantity. */
export async function reserveStock(ctx: Ctx, productId: number, qtyMilli: number) {
  await ctx.em
    .createQueryBuilder()
    .update('Product')
    .set({ reservedMilli: () => `"reservedMilli" + ${Math.trunc(qtyMilli)}` })
    // services are never reserved
    .where('id = :id AND kind = :goods', { id: productId, goods: 'goods' })
    .execute()
}
