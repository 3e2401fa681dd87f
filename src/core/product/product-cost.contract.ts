import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { In } from 'typeorm'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { fieldError, notFound, staleConflict } from '../contract/errors'
import { id, paging, priceStr, version } from '../contract/types'
import { audit } from '../audit/audit.service'
import { price4Str, toPrice4 } from '../money/money'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { ProductEntity } from './product.entity'

const costOut = z.object({ productId: z.number(), code: z.string(), name: z.string(), category: z.string().nullable(), unit: z.string(), salePrice: z.string(), taxRate: z.number(), costPrice: z.string(), version: z.number() })

/**
 * 成本价 (unit cost excl. tax, 4 decimals): read by admin, manager, finance and the owner, changed by admin,
 * manager and finance; kept apart from product.get/search so the other roles never receive it. Every change
 * is logged (operation log entity `productCost`, readable by the same roles). Shipments keep the cost of
 * the day on their lines, so a change never rewrites past margins.
 */
export const productCostMethods = [
  defineMethod({
    name: 'product.costs',
    summary: '成本价 of products (by ids, or a page by code/name)',
    ...can('see:costPrice'),
    write: false,
    input: z.object({ ids: z.array(id).max(500).optional(), query: z.string().max(100).optional(), page: paging.page, pageSize: z.number().int().min(1).max(200).default(50) }),
    output: z.object({ items: z.array(costOut), total: z.number() }),
    async handler(ctx, input) {
      const qb = ctx.em.getRepository(ProductEntity).createQueryBuilder('p')
      if (input.ids) qb.andWhere({ id: In(input.ids.length ? input.ids : [0]) })
      if (input.query?.trim()) qb.andWhere(`p.searchText LIKE :q ${LIKE_ESCAPE}`, { q: likeContains(input.query.trim().toLowerCase()) })
      const [rows, total] = await qb.orderBy('p.code').skip((input.page - 1) * input.pageSize).take(input.pageSize).getManyAndCount()
      return { items: rows.map((p) => ({ productId: p.id, code: p.code, name: p.name, category: p.category, unit: p.unit, salePrice: price4Str(p.salePrice4), taxRate: p.taxRate, costPrice: price4Str(p.costPrice4), version: p.version })), total }
    },
  }),
  defineMethod({
    name: 'product.setCost',
    summary: '改成本价 (admin, manager, finance); logged; later shipments carry the new cost',
    ...can('costPrice'),
    write: true,
    input: z.object({ id, version, costPrice: priceStr.refine((v) => !v.startsWith('-'), issue('product.costNegative')) }),
    output: costOut,
    async handler(ctx, input) {
      const repo = ctx.em.getRepository(ProductEntity)
      const p = await repo.findOneBy({ id: input.id })
      if (!p) throw notFound('商品')
      if (p.version !== input.version) throw staleConflict('product', p)
      const cost4 = toPrice4(input.costPrice)
      if (cost4 > 1e14) throw fieldError('costPrice', 'product.costTooLarge')
      const now = ctx.now().toISOString()
      const res = await repo.update({ id: p.id, version: p.version }, { costPrice4: cost4, updatedAt: now, updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: p.version + 1 })
      if (!res.affected) throw staleConflict('product', await repo.findOneByOrFail({ id: p.id }))
      await audit(ctx, {
        entity: 'productCost',
        entityId: p.id,
        action: 'update',
        summary: { key: 'audit.product.cost', params: { code: p.code, name: p.name, before: price4Str(p.costPrice4), after: price4Str(cost4) } },
        changes: [{ field: 'costPrice', before: price4Str(p.costPrice4), after: price4Str(cost4) }],
      })
      const after = await repo.findOneByOrFail({ id: p.id })
      return { productId: after.id, code: after.code, name: after.name, category: after.category, unit: after.unit, salePrice: price4Str(after.salePrice4), taxRate: after.taxRate, costPrice: price4Str(after.costPrice4), version: after.version }
    },
  }),
] as const
