import type { Ctx } from '../contract/method'
import { staleConflict } from '../contract/errors'
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
    summary: { key: 'audit.setting.update', params: { key } },
    changes: [{ field: key, before: before ? JSON.parse(before.value) : null, after: value }],
  })
}

/**
 * The settings as a whole carry one version (a row of its own, key `_version`): settings.get answers it,
 * settings.update compares it (`UPDATE … WHERE version = ?`, 0 rows → CONFLICT with who and when) and raises it.
 */
const VERSION_KEY = '_version'

export async function settingsVersion(ctx: Pick<Ctx, 'em'>): Promise<{ version: number; updatedAt: string; updatedByName: string | null }> {
  const row = await ctx.em.getRepository(SettingEntity).findOneBy({ key: VERSION_KEY })
  return row ? { version: row.version, updatedAt: row.updatedAt, updatedByName: row.updatedByName } : { version: 0, updatedAt: '', updatedByName: null }
}

/** Claims the next settings version; `expected` left out means "whatever is current" (scripts, setup). */
export async function bumpSettingsVersion(ctx: Ctx, expected?: number): Promise<void> {
  const repo = ctx.em.getRepository(SettingEntity)
  const current = await settingsVersion(ctx)
  const v = expected ?? current.version
  const by = { updatedAt: ctx.now().toISOString(), updatedByName: ctx.user?.displayName ?? null }
  if (v === 0 && current.version === 0) {
    // the first save ever: a concurrent first save fails on the primary key, which answers CONFLICT too
    await repo.insert({ key: VERSION_KEY, value: '{}', ...by, version: 1 })
    return
  }
  const res = await repo.update({ key: VERSION_KEY, version: v }, { ...by, version: v + 1 })
  if (!res.affected) throw staleConflict('settings', current)
}

export const DEFAULT_SOURCES = ['官网', '老客户介绍', '展会', '电话营销', '阿里巴巴', '微信', '其他']
export const DEFAULT_INDUSTRIES = ['制造业', '批发零售', '建筑工程', '信息技术', '餐饮酒店', '医疗', '教育', '物流', '其他']
