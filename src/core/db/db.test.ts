import { afterEach, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { EntitySchema } from 'typeorm'
import { schemaDiff } from './schema-diff'
import { createDataSource, type DbConfig } from './datasource'
import { openDatabase } from './open'
import { WriteQueue } from './write-queue'
import { ENTITIES } from '../entities'
import { SQLITE_MIGRATIONS } from './migrations/sqlite'
import { CustomerEntity } from '../customer/customer.entity'

const dirs: string[] = []
const tempDb = (): DbConfig => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-db-'))
  dirs.push(dir)
  return { kind: 'sqlite', file: path.join(dir, 'kedan.db') }
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('migrations (SQLite)', () => {
  it('the committed migrations produce exactly the schema of the entities', async () => {
    const { up } = await schemaDiff(tempDb())
    // if this fails: an entity changed without a migration. Run `npm run migration:generate -- <Name>` and commit it.
    expect(up, `schema drift — run: npm run migration:generate -- <Name>\n${up.join('\n')}`).toEqual([])
  })

  it('the drift check notices an entity changed without a migration', async () => {
    const opts = CustomerEntity.options
    const columns = { ...opts.columns, loyaltyPoints: { type: 'integer', nullable: true } } as typeof opts.columns
    const changed = new EntitySchema({ ...opts, columns })
    const ds = createDataSource(
      tempDb(),
      ENTITIES.map((e) => (e === CustomerEntity ? changed : e)) as EntitySchema[],
      SQLITE_MIGRATIONS,
    )
    await ds.initialize()
    try {
      await ds.runMigrations({ transaction: 'each' })
      const sql = await ds.driver.createSchemaBuilder().log()
      expect(sql.upQueries.map((q) => q.query).join('\n')).toContain('loyaltyPoints')
    } finally {
      await ds.destroy()
    }
  })

  it('every migration has a working down: all the way down and up again', async () => {
    const cfg = tempDb()
    const ds = createDataSource(cfg, ENTITIES as EntitySchema[], SQLITE_MIGRATIONS)
    await ds.initialize()
    try {
      await ds.runMigrations({ transaction: 'each' })
      for (let i = 0; i < SQLITE_MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' })
      const left = (await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'migrations'`)) as { name: string }[]
      expect(left).toEqual([])
      await ds.runMigrations({ transaction: 'each' })
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([])
    } finally {
      await ds.destroy()
    }
  })

  it('opens with WAL, migrates a new file without a backup, and migrates nothing the second time', async () => {
    const cfg = tempDb()
    const first = await openDatabase(cfg)
    expect(first.applied).toHaveLength(SQLITE_MIGRATIONS.length)
    expect(first.backupFile).toBeNull()
    expect((await first.dataSource.query('PRAGMA journal_mode'))[0].journal_mode).toBe('wal')
    await first.dataSource.destroy()
    const second = await openDatabase(cfg)
    expect(second.applied).toEqual([])
    expect(second.backupFile).toBeNull()
    await second.dataSource.destroy()
  })

  it.skipIf(SQLITE_MIGRATIONS.length < 2)('backs up a database holding data before migrating it', async () => {
    const cfg = tempDb() as { kind: 'sqlite'; file: string }
    const old = createDataSource(cfg, [], SQLITE_MIGRATIONS.slice(0, 1))
    await old.initialize()
    await old.runMigrations()
    await old.query(
      `INSERT INTO users ("username","displayName","role","passwordHash","passwordSalt","createdAt","updatedAt") VALUES ('admin','管理员','admin','x','x','2026-01-01','2026-01-01')`,
    )
    await old.destroy()
    const opened = await openDatabase(cfg)
    try {
      expect(opened.applied).toHaveLength(SQLITE_MIGRATIONS.length - 1)
      expect(opened.backupFile).toBeTruthy()
      expect(path.dirname(opened.backupFile!)).toBe(path.join(path.dirname(cfg.file), 'backups'))
      expect(fs.statSync(opened.backupFile!).size).toBeGreaterThan(0)
      const users = await opened.dataSource.query('SELECT username FROM users')
      expect(users).toEqual([{ username: 'admin' }])
    } finally {
      await opened.dataSource.destroy()
    }
  })
})

describe('write queue', () => {
  it('runs jobs one after the other, in order, and survives a failing job', async () => {
    const q = new WriteQueue()
    const events: string[] = []
    const job = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        events.push(`start ${name}`)
        setTimeout(() => {
          events.push(`end ${name}`)
          if (fail) reject(new Error(name))
          else resolve(name)
        }, ms)
      })
    const results = await Promise.allSettled([q.run(job('a', 20)), q.run(job('b', 1, true)), q.run(job('c', 5))])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
    expect(q.size).toBe(0)
    await q.idle()
  })
})
