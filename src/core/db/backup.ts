import * as fs from 'node:fs'
import * as path from 'node:path'
import type { DataSource } from 'typeorm'

/** A consistent copy of the SQLite database, taken through SQLite's online backup API. */
export async function backupSqlite(ds: DataSource, destDir: string, label: string): Promise<string> {
  fs.mkdirSync(destDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = path.join(destDir, `kedan-${stamp}-${label}.db`)
  const db = (ds.driver as unknown as { databaseConnection: { backup(dest: string): Promise<unknown> } }).databaseConnection
  await db.backup(file)
  return file
}
