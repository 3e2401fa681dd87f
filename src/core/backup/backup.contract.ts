import { z } from 'zod'
import { defineMethod, type Ctx } from '../contract/method'
import { can } from '../auth/permissions'
import { appError } from '../contract/errors'
import { renderMessage } from '../i18n/i18n'
import { audit } from '../audit/audit.service'
import { BackupError, BackupManager, COUNTED_TABLES, type BackupCounts } from './backup.service'

/** where createCore leaves the core's BackupManager for the methods (ctx.memory) */
export const BACKUP_MANAGER_KEY = 'backup.manager'

function manager(ctx: Ctx): BackupManager {
  const m = ctx.memory.get(BACKUP_MANAGER_KEY) as BackupManager | undefined
  if (!m) throw appError('BUSINESS_RULE', 'backup.unavailableHere')
  return m
}

/** a BackupError in the caller's language (not found → NOT_FOUND, the rest → BUSINESS_RULE) */
async function mapped<T>(ctx: Ctx, job: () => Promise<T> | T): Promise<T> {
  try {
    return await job()
  } catch (e) {
    if (e instanceof BackupError) throw appError(e.kind === 'not-found' ? 'NOT_FOUND' : 'BUSINESS_RULE', e.key, e.params, { reason: e.kind })
    throw e
  }
}

const counts = z.object(Object.fromEntries(Object.keys(COUNTED_TABLES).map((k) => [k, z.number()])) as Record<keyof BackupCounts, z.ZodNumber>)
const item = z.object({
  id: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.string().nullable(),
  engine: z.enum(['sqlite', 'postgres']),
  /** manual / daily / close / before-migration / before-restore */
  label: z.string(),
  folder: z.enum(['primary', 'second']),
  counts,
})
const id = z.string().regex(/^kedan-[0-9A-Za-z-]+$/).max(100)
const settings = z.object({
  dailyTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .nullable(),
  keepDays: z.number().int().min(0).max(3650),
  keepCopies: z.number().int().min(1).max(1000),
  secondFolder: z.string().trim().max(500).nullable(),
  onClose: z.boolean(),
})

export const backupMethods = [
  defineMethod({
    name: 'backup.create',
    summary: 'Backs the database up now (checked with integrity_check once written).',
    ...can('administration'),
    // outside the write queue: the online backup API copies beside the writer and the readers
    write: false,
    input: z.object({}).optional(),
    output: z.object({ id: z.string(), fileName: z.string(), sizeBytes: z.number(), createdAt: z.string(), integrity: z.literal('ok') }),
    handler: (ctx) =>
      mapped(ctx, async () => {
        const b = await manager(ctx).create('manual')
        return { id: b.id, fileName: b.fileName, sizeBytes: b.sizeBytes, createdAt: b.createdAt, integrity: b.integrity }
      }),
  }),
  defineMethod({
    name: 'backup.list',
    summary: 'The backups, newest first, with time, size, app and schema version and row counts.',
    ...can('administration'),
    write: false,
    input: z.object({}).optional(),
    output: z.object({ items: z.array(item), backupDir: z.string() }),
    handler: (ctx) => {
      const m = manager(ctx)
      return { items: m.list(), backupDir: m.deps.backupDir }
    },
  }),
  defineMethod({
    name: 'backup.preview',
    summary: 'What a restore of the backup would bring back, or why it would be refused (newer schema, damaged).',
    ...can('administration'),
    write: false,
    input: z.object({ id }),
    output: z.object({ item, current: counts, refusal: z.string().nullable() }),
    handler: (ctx, input) =>
      mapped(ctx, async () => {
        const m = manager(ctx)
        const b = m.find(input.id)
        if (!b) throw new BackupError('backup.notFound', { id: input.id }, 'not-found')
        let refusal: string | null = null
        try {
          m.check(b)
        } catch (e) {
          if (!(e instanceof BackupError)) throw e
          refusal = renderMessage(e.key, e.params, ctx.locale)
        }
        const { file: _file, ...rest } = b
        return { item: rest, current: (await m.describeLive()).counts, refusal }
      }),
  }),
  defineMethod({
    name: 'backup.restore',
    summary: 'Restores a backup (a safety backup first); the database is reopened and every session ends.',
    ...can('administration'),
    // takes the write queue itself for the swap: both connections are closed and reopened
    write: false,
    input: z.object({ id }),
    output: z.object({ restoredId: z.string(), createdAt: z.string(), safetyBackupId: z.string(), signedOut: z.literal(true) }),
    handler: (ctx, input) =>
      mapped(ctx, async () => {
        const m = manager(ctx)
        const r = await m.restore(input.id)
        // the operation log of the restored database records who brought it back (the sessions are gone already)
        await m.deps.queue.run(() =>
          m.deps.dataSource.transaction((em) =>
            audit({ ...ctx, em }, { entity: 'backup', entityId: 0, action: 'restore', summary: { key: 'audit.backup.restore', params: { file: r.restored.fileName, createdAt: r.restored.createdAt } }, changes: { restored: r.restored.id, safetyBackup: r.safetyBackup.id } }),
          ),
        )
        return { restoredId: r.restored.id, createdAt: r.restored.createdAt, safetyBackupId: r.safetyBackup.id, signedOut: true as const }
      }),
  }),
  defineMethod({
    name: 'backup.getSettings',
    summary: 'Daily backup time, how many days / copies are kept, the second folder, backup on close.',
    ...can('administration'),
    write: false,
    input: z.object({}).optional(),
    output: settings,
    handler: (ctx) => manager(ctx).settings(),
  }),
  defineMethod({
    name: 'backup.updateSettings',
    summary: 'Changes the backup settings (kept on the machine that holds the data).',
    ...can('administration'),
    write: false,
    input: settings,
    output: settings,
    handler: (ctx, input) => {
      const m = manager(ctx)
      m.saveSettings({ ...input, secondFolder: input.secondFolder || null })
      return m.settings()
    },
  }),
]
