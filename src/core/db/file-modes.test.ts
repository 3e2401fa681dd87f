import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../index'
import { backupSqlite } from './backup'

const mode = (p: string) => fs.statSync(p).mode & 0o777
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-modes-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

// Windows has no owner-only modes: the data lives in the user's profile, protected by its ACL
describe.skipIf(process.platform === 'win32')('files only their owner can read', () => {
  it('creates the data folder 0700, the database (and its WAL) 0600, and backups 0600 in a 0700 folder, whatever the umask', async () => {
    const old = process.umask(0o022) // the usual umask would give 0755 folders and 0644 files
    try {
      const dataDir = path.join(root, 'profile', 'data')
      const core = await createCore({ dataDir, log: () => {} })
      try {
        await core.dispatch('auth.status')
        expect(mode(dataDir)).toBe(0o700)
        expect(mode(path.join(dataDir, 'kedan.db'))).toBe(0o600)
        expect(mode(path.join(dataDir, 'kedan.db-wal'))).toBe(0o600)
        const file = await backupSqlite(core.dataSource, path.join(dataDir, 'backups'), 'test')
        expect(mode(path.join(dataDir, 'backups'))).toBe(0o700)
        expect(mode(file)).toBe(0o600)
        expect(fs.statSync(file).size).toBeGreaterThan(4096)
      } finally {
        await core.close()
      }
    } finally {
      process.umask(old)
    }
  })
})
