import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startPostgres, type TestPostgres } from '../../tests/support/postgres'
import { createCore } from '../core'
import { moveSqliteToPostgres } from '../core/db/migrate-to-pg'
import { writePostgresSwitch } from '../core/database/database.move'
import { freshTestDatabase } from '../core/testing/test-core'
import { startBackend } from './backend'

/**
 * After a move (设置 › 数据库 writes <data>/kedan-postgres.json), the desktop backend opens PostgreSQL on its next
 * start; a write to SQLite after the copy keeps it on SQLite, with a notice saying why.
 */
let pg: TestPostgres | null = null
const dirs: string[] = []

afterAll(() => {
  pg?.stop()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

async function emptyDatabase(): Promise<string> {
  if (process.env.KEDAN_TEST_PG_URL) return freshTestDatabase()
  pg ??= await startPostgres()
  if (!pg) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set KEDAN_PG_URL)')
  return pg.createDatabase(`kedan_backend_${process.pid}_${Math.random().toString(36).slice(2, 8)}`)
}

async function login(dispatch: (m: string, i: unknown, meta: { token?: string }) => Promise<{ ok: boolean; data?: unknown }>) {
  const r = await dispatch('auth.login', { username: 'admin', password: 'admin-2026' }, {})
  return (r.data as { token: string }).token
}

describe('the desktop host after a move to PostgreSQL', () => {
  it('opens PostgreSQL on the next start; stays on SQLite (with a notice) once SQLite was written after the copy', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-backend-engine-'))
    dirs.push(dataDir)
    const c = await createCore({ dataDir, log: () => {} })
    await c.dispatch('auth.setup', { companyName: '青岛海川贸易有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    const token = await login(c.dispatch as never)
    await c.dispatch('customer.create', { name: '青岛崂山茶业有限公司' }, { token })
    const latest = ((await c.dispatch<{ latestId: number }>('auditLog.changesSince', { entity: 'customer', entityId: 1 }, { token })) as { data: { latestId: number } }).data.latestId
    await c.close()

    const url = await emptyDatabase()
    const moved = await moveSqliteToPostgres(path.join(dataDir, 'kedan.db'), url)
    writePostgresSwitch(dataDir, { url, movedAt: '2026-12-04T10:00:00.000Z', rows: moved.rows, auditLatestId: latest, backupFile: null })

    const b = await startBackend({ mode: 'standalone' }, { dataDir, log: () => {} })
    try {
      const t = await login(b.dispatch as never)
      const info = await b.dispatch('database.info', {}, { token: t })
      expect(info.ok && (info.data as { engine: string }).engine).toBe('postgres')
      expect(b.notice ?? null).toBeNull()
      const list = await b.dispatch('customer.search', {}, { token: t })
      expect(list.ok && (list.data as { items: { name: string }[] }).items.map((x) => x.name)).toEqual(['青岛崂山茶业有限公司'])
    } finally {
      await b.close()
    }

    // someone worked on SQLite after the copy: the switch is stale, the host stays on SQLite and says so
    const again = await createCore({ dataDir, log: () => {} })
    await again.dispatch('customer.create', { name: '青岛胶州湾物流有限公司' }, { token: await login(again.dispatch as never) })
    await again.close()
    const b2 = await startBackend({ mode: 'standalone' }, { dataDir, log: () => {} })
    try {
      const t = await login(b2.dispatch as never)
      const info = await b2.dispatch('database.info', {}, { token: t })
      expect(info.ok && (info.data as { engine: string }).engine).toBe('sqlite')
      expect(b2.notice).toContain('重新迁移')
    } finally {
      await b2.close()
    }
  }, 120_000)
})
