import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { skipOnPostgres } from '../../../tests/support/engine'
import { createCore, DatabaseDamagedError } from '../index'
import { networkShareProblem, parseNetUse } from '../db/network-path'

const open: TestCore[] = []
afterEach(async () => {
  while (open.length) await open.pop()!.close()
})

async function core(now?: string) {
  const t = await createTestCore(now ? { now } : {})
  open.push(t)
  return t
}

/** every table's rows in id order, hashed (sessions left out: a restore ends them) */
function checksums(file: string, skip = ['sessions']): Record<string, { rows: number; sha: string }> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)
    const out: Record<string, { rows: number; sha: string }> = {}
    for (const t of tables.filter((x) => !skip.includes(x))) {
      const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()
      out[t] = { rows: rows.length, sha: createHash('sha256').update(JSON.stringify(rows)).digest('hex') }
    }
    return out
  } finally {
    db.close()
  }
}

async function someData(t: TestCore) {
  const admin = t.adminToken
  const c1 = (await t.call('customer.create', { name: '青岛海滨啤酒经销有限公司', paymentTermDays: 30 }, admin)).id
  await t.call('customer.create', { name: '烟台苹果批发有限公司' }, admin)
  const p = (await t.call('product.create', { code: 'B-1', name: '原浆啤酒', unit: '箱', salePrice: '88', initialStock: '1000' }, admin)).id
  await t.call('order.create', { customerId: c1, lines: [{ productId: p, quantity: '12', unitPrice: '88' }] }, admin)
  await t.call('order.create', { customerId: c1, lines: [{ productId: p, quantity: '3', unitPrice: '90' }] }, admin)
}

skipOnPostgres('backups of the SQLite file (online backup API, PRAGMA integrity_check); PostgreSQL: backup.postgres.test.ts').describe('backup and restore (SQLite)', () => {
  it('backup.create writes a checked copy; backup.list describes it (size, versions, row counts)', async () => {
    const t = await core()
    await someData(t)
    const b = await t.call('backup.create', {}, t.adminToken)
    expect(b).toMatchObject({ integrity: 'ok', createdAt: '2026-11-23T02:00:00.000Z' })
    expect(b.fileName).toBe(`${b.id}.db`)
    const file = path.join(t.dir, 'backups', b.fileName)
    expect(fs.statSync(file).size).toBe(b.sizeBytes)
    const list = await t.call('backup.list', {}, t.adminToken)
    expect(list.items).toHaveLength(1)
    // 2 customers, 1 product, 2 orders (2 lines), 1 user (the admin) — as created above
    expect(list.items[0]).toMatchObject({ id: b.id, appVersion: '0.1.0', label: 'manual', folder: 'primary' })
    expect(list.items[0].counts).toMatchObject({ customers: 2, products: 1, orders: 2, orderLines: 2, users: 1 })
    expect(list.items[0].schemaVersion).toMatch(/\d{13}$/)
    // one self-contained file per backup (not left in WAL mode: no -wal / -shm beside it)
    expect(fs.readdirSync(path.join(t.dir, 'backups')).sort()).toEqual([b.fileName, `${b.id}.json`])
  })

  it('backup → restore in a fresh folder gives identical row counts and checksums; everyone signs in again', async () => {
    const a = await core()
    await someData(a)
    const b = await a.call('backup.create', {}, a.adminToken)
    const original = checksums(path.join(a.dir, 'backups', b.fileName))

    const fresh = await core()
    const sales = await fresh.user('sales')
    fs.mkdirSync(path.join(fresh.dir, 'backups'), { recursive: true })
    for (const f of [b.fileName, `${b.id}.json`]) fs.copyFileSync(path.join(a.dir, 'backups', f), path.join(fresh.dir, 'backups', f))

    const preview = await fresh.call('backup.preview', { id: b.id }, fresh.adminToken)
    expect(preview.refusal).toBeNull()
    expect(preview.item.counts).toMatchObject({ customers: 2, orders: 2 })
    expect(preview.current).toMatchObject({ customers: 0, orders: 0, users: 2 })

    const r = await fresh.call('backup.restore', { id: b.id }, fresh.adminToken)
    expect(r).toMatchObject({ restoredId: b.id, signedOut: true })
    // the live file equals the backup table by table; the operation log gains only the restore's own row
    const live = checksums(path.join(fresh.dir, 'kedan.db'), ['sessions', 'audit_log'])
    expect(live).toEqual(Object.fromEntries(Object.entries(original).filter(([k]) => k !== 'audit_log')))
    const logDb = new Database(path.join(fresh.dir, 'kedan.db'), { readonly: true })
    const logRows = logDb.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }
    const lastLog = logDb.prepare(`SELECT entity, action FROM audit_log ORDER BY id DESC LIMIT 1`).get()
    logDb.close()
    expect(logRows.n).toBe(original.audit_log!.rows + 1)
    expect(lastLog).toEqual({ entity: 'backup', action: 'restore' })
    // both tokens of the fresh folder are gone: the admin's and the salesperson's
    for (const token of [fresh.adminToken, sales.token]) {
      const e = await fresh.raw('auth.me', {}, token)
      expect(e.ok ? null : e.error.code).toBe('UNAUTHENTICATED')
    }
    // the restored database answers reads (the read-only connection was reopened) and writes (the writer too)
    const login = await fresh.call('auth.login', { username: 'admin', password: 'admin-2026' })
    const customers = await fresh.call('customer.search', {}, login.token)
    expect(customers.total).toBe(2)
    await fresh.call('customer.create', { name: '恢复后新建客户' }, login.token)
    // and the safety backup holds what the fresh folder had before (2 users, no customers)
    const list = await fresh.call('backup.list', {}, login.token)
    const safety = list.items.find((x: { id: string }) => x.id === r.safetyBackupId)
    expect(safety).toMatchObject({ label: 'before-restore', counts: { users: 2, customers: 0 } })
  })

  it('a restore brings back exactly the backed-up rows (checksums of every table but sessions and the log)', async () => {
    const t = await core()
    await someData(t)
    const b = await t.call('backup.create', {}, t.adminToken)
    const before = checksums(path.join(t.dir, 'backups', b.fileName), ['sessions', 'audit_log'])
    // changes after the backup are undone by the restore
    await t.call('customer.create', { name: '备份之后的客户' }, t.adminToken)
    await t.call('backup.restore', { id: b.id }, t.adminToken)
    await t.core.queue.idle()
    expect(checksums(path.join(t.dir, 'kedan.db'), ['sessions', 'audit_log'])).toEqual(before)
  })

  it('a backup from a newer schema is refused with a clear message (preview and restore)', async () => {
    const t = await core()
    const b = await t.call('backup.create', {}, t.adminToken)
    const file = path.join(t.dir, 'backups', b.fileName)
    const db = new Database(file)
    db.prepare(`INSERT INTO migrations (timestamp, name) VALUES (?, ?)`).run(9999999999999, 'FutureThing9999999999999')
    db.close()
    const preview = await t.call('backup.preview', { id: b.id }, t.adminToken)
    expect(preview.refusal).toContain('更新版本的客单')
    const r = await t.raw('backup.restore', { id: b.id }, t.adminToken)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('BUSINESS_RULE')
      expect(r.error.message).toContain('FutureThing9999999999999')
    }
    // nothing changed: the admin is still signed in
    expect((await t.raw('backup.list', {}, t.adminToken)).ok).toBe(true)
  })

  it('only the admin backs up and restores', async () => {
    const t = await core()
    for (const role of ['manager', 'sales', 'clerk', 'finance', 'owner'] as const) {
      const u = await t.user(role)
      for (const m of ['backup.create', 'backup.list', 'backup.restore']) {
        const r = await t.raw(m, m === 'backup.restore' ? { id: 'kedan-x' } : {}, u.token)
        expect(r.ok ? null : r.error.code).toBe('FORBIDDEN')
      }
    }
  })

  it('a damaged database is caught on open, names the latest good backup, and is replaced by it when asked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-damaged-'))
    try {
      const c = await createCore({ dataDir: dir, log: () => {} })
      await c.dispatch('auth.setup', { companyName: '测试', username: 'admin', password: 'admin-2026', displayName: '管理员' })
      const r = await c.dispatch<{ id: string }>('backup.create', {}, { token: ((await c.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })) as { data: { token: string } }).data.token })
      expect(r.ok).toBe(true)
      await c.close()
      // scribble over the pages after the first one
      const file = path.join(dir, 'kedan.db')
      const fd = fs.openSync(file, 'r+')
      const size = fs.fstatSync(fd).size
      fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096)
      fs.closeSync(fd)

      const err = await createCore({ dataDir: dir, log: () => {} }).catch((e) => e)
      expect(err).toBeInstanceOf(DatabaseDamagedError)
      expect((err as DatabaseDamagedError).latestGood?.id).toBe(r.ok ? r.data.id : '')
      expect((err as Error).message).toContain('数据库文件已损坏')

      const again = await createCore({ dataDir: dir, log: () => {}, restoreLatestOnDamage: true })
      const login = await again.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })
      expect(login.ok).toBe(true)
      await again.close()
      expect(fs.readdirSync(dir).some((f) => f.startsWith('kedan.db.damaged-'))).toBe(true)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the daily backup runs once a day after the set time (injected clock); old copies beyond keepCopies go', async () => {
    const t = await core()
    const m = t.core.backups
    await t.call('backup.updateSettings', { dailyTime: '18:00', keepDays: 30, keepCopies: 2, secondFolder: path.join(t.dir, 'usb'), onClose: true }, t.adminToken)
    t.clock.set(new Date(2026, 10, 23, 17, 59).toISOString())
    expect(await m.tick()).toBeNull()
    t.clock.set(new Date(2026, 10, 23, 18, 0).toISOString())
    expect((await m.tick())?.label).toBe('daily')
    t.clock.set(new Date(2026, 10, 23, 23, 0).toISOString())
    expect(await m.tick()).toBeNull()
    t.clock.set(new Date(2026, 10, 24, 18, 5).toISOString())
    expect((await m.tick())?.label).toBe('daily')
    t.clock.set(new Date(2026, 10, 25, 18, 5).toISOString())
    expect((await m.tick())?.label).toBe('daily')
    // three daily backups, two kept (in both folders)
    const list = { items: m.list() }
    expect(list.items.map((b: { createdAt: string }) => b.createdAt)).toEqual([new Date(2026, 10, 25, 18, 5).toISOString(), new Date(2026, 10, 24, 18, 5).toISOString()])
    expect(fs.readdirSync(path.join(t.dir, 'usb')).filter((f) => f.endsWith('.db'))).toHaveLength(2)
  })
})

describe('SQLite on a network share is refused', () => {
  it('UNC paths, mapped network drives; local paths and \\\\?\\C: long paths are fine', () => {
    expect(networkShareProblem('\\\\fileserver\\share\\kedan', { platform: 'win32', mappedDrives: [] })).toContain('主机模式')
    expect(networkShareProblem('//fileserver/share/kedan', { platform: 'linux' })).toContain('host mode')
    expect(networkShareProblem('\\\\?\\UNC\\fileserver\\share\\kedan', { platform: 'win32', mappedDrives: [] })).toContain('\\\\?\\UNC')
    expect(networkShareProblem('Z:\\Kedan\\data', { platform: 'win32', mappedDrives: ['Z'] })).toContain('(Z:)')
    expect(networkShareProblem('z:/Kedan/data', { platform: 'win32', mappedDrives: ['Z:'] })).not.toBeNull()
    expect(networkShareProblem('C:\\Users\\li\\AppData\\Roaming\\Kedan', { platform: 'win32', mappedDrives: ['Z'] })).toBeNull()
    expect(networkShareProblem('\\\\?\\C:\\Kedan\\data', { platform: 'win32', mappedDrives: [] })).toBeNull()
    expect(networkShareProblem('/home/li/kedan', { platform: 'linux' })).toBeNull()
  })

  it('reads the mapped drives from `net use` output', () => {
    const out = [
      'New connections will be remembered.',
      '',
      'Status       Local     Remote                    Network',
      '-------------------------------------------------------------------------------',
      'OK           Z:        \\\\fileserver\\share        Microsoft Windows Network',
      'Disconnected Y:        \\\\nas\\backup              Microsoft Windows Network',
      'OK                     \\\\printserver\\ipc$        Microsoft Windows Network',
      'The command completed successfully.',
    ].join('\r\n')
    expect(parseNetUse(out).sort()).toEqual(['Y', 'Z'])
  })

  it('createCore refuses a data folder on a UNC path', async () => {
    await expect(createCore({ dataDir: '//fileserver/share/kedan', log: () => {} })).rejects.toThrow(/network share/)
  })
})
