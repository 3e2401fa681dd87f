/**
 * The desktop's "damaged database" path (issue 12): on open, a failing integrity_check (quick_check on big files)
 * stops the start with a clear message and the latest good backup to restore. Plain functions over the core's
 * checks: tests run them under Node on a corrupted copy of a database file.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createCore, DatabaseDamagedError } from '../core'
import { checkSqliteFile, latestGoodBackup, QUICK_CHECK_ABOVE_BYTES } from '../core/backup/backup.service'

export interface GoodBackup {
  id: string
  fileName: string
  createdAt: string
  appVersion: string
  counts: Record<string, number>
}

export interface DamageReport {
  file: string
  /** what SQLite said (integrity_check / quick_check, or why the file could not be read at all) */
  problem: string
  /** the newest backup that passes its own integrity check, or null (then: call IT, keep the folder) */
  latestGood: GoodBackup | null
  /** the full message, Chinese and English */
  message: string
}

export const backupDirOf = (dataDir: string) => path.join(dataDir, 'backups')

const good = (b: ReturnType<typeof latestGoodBackup>): GoodBackup | null =>
  b ? { id: b.id, fileName: b.fileName, createdAt: b.createdAt, appVersion: b.appVersion, counts: { ...b.counts } } : null

/** null when `<dataDir>/kedan.db` is absent, empty or sound; else what is wrong and which backup would help. */
export function checkDesktopDatabase(dataDir: string, backupDir = backupDirOf(dataDir)): DamageReport | null {
  const file = path.join(dataDir, 'kedan.db')
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return null
  const problem = checkSqliteFile(file, fs.statSync(file).size > QUICK_CHECK_ABOVE_BYTES ? 'quick' : 'integrity')
  if (problem === 'ok') return null
  return reportOf(new DatabaseDamagedError(file, problem, latestGoodBackup(backupDir)))
}

export function reportOf(e: DatabaseDamagedError): DamageReport {
  return { file: e.file, problem: e.problem, latestGood: good(e.latestGood as ReturnType<typeof latestGoodBackup>), message: e.message }
}

/**
 * Puts the latest good backup in place of the damaged file (kept beside it as kedan.db.damaged-<time>) through the
 * core's own open-with-restore, then closes. Throws DatabaseDamagedError when there is no good backup.
 */
export async function restoreLatestGoodBackup(dataDir: string, opts: { backupDir?: string; log?: (l: string) => void } = {}): Promise<{ restored: GoodBackup; damagedKeptAs: string | null }> {
  const backupDir = opts.backupDir ?? backupDirOf(dataDir)
  const b = good(latestGoodBackup(backupDir))
  const before = new Set(fs.readdirSync(dataDir))
  const core = await createCore({ dataDir, backupDir, restoreLatestOnDamage: true, log: opts.log })
  await core.close()
  if (!b) throw new Error('no good backup')
  const aside = fs.readdirSync(dataDir).find((f) => f.startsWith('kedan.db.damaged-') && !before.has(f)) ?? null
  return { restored: b, damagedKeptAs: aside ? path.join(dataDir, aside) : null }
}
