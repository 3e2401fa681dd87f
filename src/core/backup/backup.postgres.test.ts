import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres'
import { createCore, type Core } from '../index'

/** PostgreSQL: backup.create through pg_dump -Fc, backup.restore through pg_restore; the sessions end. */
let pg: TestPostgres | null
let core: Core
let dir: string

beforeAll(async () => {
  pg = await startPostgres()
  if (!pg) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set KEDAN_PG_URL)')
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-pgbackup-'))
  core = await createCore({ postgresUrl: await pg.createDatabase('kedan_backup'), backupDir: path.join(dir, 'backups'), log: () => {} })
}, 120_000)

afterAll(async () => {
  await core?.close()
  pg?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('PostgreSQL backups', () => {
  it('pg_dump backup, a change, pg_restore: the change is gone and everyone signs in again', async () => {
    const call = async (m: string, input: unknown, token?: string) => {
      const r = await core.dispatch<any>(m, input, { token })
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return r.data
    }
    const { token } = await call('auth.setup', { companyName: '测试', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    await call('customer.create', { name: '青岛海滨啤酒经销有限公司' }, token)
    const b = await call('backup.create', {}, token)
    expect(b.fileName).toMatch(/\.pgdump$/)
    expect(b.integrity).toBe('ok')
    const [item] = (await call('backup.list', {}, token)).items
    expect(item).toMatchObject({ engine: 'postgres', counts: { customers: 1, users: 1 } })
    await call('customer.create', { name: '备份之后的客户' }, token)
    await call('backup.restore', { id: b.id }, token)
    const me = await core.dispatch('auth.me', {}, { token })
    expect(me.ok ? null : me.error.code).toBe('UNAUTHENTICATED')
    const again = await call('auth.login', { username: 'admin', password: 'admin-2026' })
    const customers = await call('customer.search', {}, again.token)
    expect(customers.items.map((c: { name: string }) => c.name)).toEqual(['青岛海滨啤酒经销有限公司'])
  }, 120_000)
})
