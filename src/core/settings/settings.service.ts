import type { Ctx } from '../contract/method'
import { SettingEntity } from './settings.entity'
import { audit } from '../audit/audit.service'

export async function getSetting<T>(ctx: Pick<Ctx, 'em'>, key: string, fallback: T): Promise<T> {
  const row = await ctx.em.getRepository(SettingEntity).findOneBy({ key })
  if (!row) return fallback
  try {
    return JSON.parse(row.value) as T
  } catch {
    return fallback
  }
}

export async function putSetting(ctx: Ctx, key: string, value: unknown): Promise<void> {
  const repo = ctx.em.getRepository(SettingEntity)
  const before = await repo.findOneBy({ key })
  const now = ctx.now().toISOString()
  const json = JSON.stringify(value)
  if (before) {
    await repo.update({ key }, { value: json, updatedAt: now, updatedByName: ctx.user?.displayName ?? null, version: before.version + 1 })
  } else {
    await repo.insert({ key, value: json, updatedAt: now, updatedByName: ctx.user?.displayName ?? null, version: 1 })
  }
  await audit(ctx, {
    entity: 'setting',
    entityId: 0,
    action: 'update',
    summary: `设置 ${key}`,
    changes: [{ field: key, before: before ? JSON.parse(before.value) : null, after: value }],
  })
}

export const DEFAULT_SOURCES = ['官网', '老客户介绍', '展会', '电话营销', '阿里巴巴', '微信', '其他']
export const DEFAULT_INDUSTRIES = ['制造业', '批发零售', '建筑工程', '信息技术', '餐饮酒店', '医疗', '教育', '物流', '其他']
