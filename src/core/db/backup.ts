import * as fs from 'node:fs'
import * as path from 'node:path'
import type { DataSource } from 'typeorm'
import { ownerOnly } from './datasource'

/** A consistent copy of the SQLite database, taken through SQLite's online backup API. */
export async function backupSqlite(ds: DataSource, destDir: string, label: string): Promise<string> {
  if (!fs.existsSync(destDir)) {
    fs.mkdirSync(destDir, { recursive: true, mode: 0o700 })
    if (ownerOnly) fs.chmodSync(destDir, 0o700)
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = path.join(destDir, `kedan-${stamp}-${label}.db`)
  const db = (ds.driver as unknown as { databaseConnection: { backup(dest: string): Promise<unknown> } }).databaseConnection
  // a backup holds everything the database does: created owner-only before anything is written into it
  fs.closeSync(fs.openSync(file, 'wx', 0o600))
  if (ownerOnly) fs.chmodSync(file, 0o600)
  await db.backup(file)
  return file
}
