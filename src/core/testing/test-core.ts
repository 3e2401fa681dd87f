import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createCore, type Core } from '../index'
import type { Envelope } from '../contract/errors'
import type { Role } from '../contract/types'

/**
 * A fresh core on a real SQLite file in a temp folder, created through the migrations.
 * `clock.set('2026-03-20T09:00:00+08:00')` moves "now" for aging and due-date tests.
 * KEDAN_TEST_LOG=1 prints the core's log (an INTERNAL error's cause and stack).
 */
export interface TestCore {
  core: Core
  dir: string
  clock: { now: Date; set(iso: string): void; advanceMinutes(m: number): void }
  adminToken: string
  /** calls a method and returns the data; throws with the error envelope when it fails */
  call<T = any>(method: string, input?: unknown, token?: string): Promise<T>
  /** calls a method and returns the whole envelope */
  raw<T = any>(method: string, input?: unknown, token?: string): Promise<Envelope<T>>
  /** creates a user of a role (optionally under a manager) and returns its id and token */
  user(role: Role, opts?: { username?: string; displayName?: string; managerId?: number }): Promise<{ id: number; token: string; username: string }>
  close(): Promise<void>
}

let seq = 0

/** the engine the suite runs on: `KEDAN_TEST_ENGINE=postgres` (npm test's second run) or SQLite */
export function testEngine(): 'sqlite' | 'postgres' {
  return process.env.KEDAN_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite'
}

let dbSeq = 0

/**
 * A fresh, empty PostgreSQL database on the run's throwaway cluster (tests/support/pg-global-setup.ts):
 * a copy of the template that was migrated once, so a test core costs a file copy, not the migrations.
 */
export async function freshTestDatabase(): Promise<string> {
  const base = process.env.KEDAN_TEST_PG_URL
  if (!base) throw new Error('KEDAN_TEST_ENGINE=postgres needs the vitest globalSetup tests/support/pg-global-setup.ts (KEDAN_TEST_PG_URL)')
  const template = process.env.KEDAN_TEST_PG_TEMPLATE
  const name = `kedan_t${process.pid}_${++dbSeq}_${Math.random().toString(36).slice(2, 8)}`
  const { Client } = await import('pg')
  const c = new Client({ connectionString: base })
  await c.connect()
  try {
    await c.query(`CREATE DATABASE "${name}" ENCODING 'UTF8'${template ? ` TEMPLATE "${template}"` : ''}`)
  } finally {
    await c.end()
  }
  const u = new URL(base)
  u.pathname = `/${name}`
  return u.toString()
}

/** the first admin's password in every test core (user `admin`) */
export const TEST_ADMIN_PASSWORD = 'admin-2026'

export async function createTestCore(opts: { now?: string; postgresUrl?: string; /** SQLite whatever KEDAN_TEST_ENGINE says */ sqlite?: boolean } = {}): Promise<TestCore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-test-'))
  const clock = {
    now: new Date(opts.now ?? '2026-11-23T10:00:00+08:00'),
    set(iso: string) {
      clock.now = new Date(iso)
    },
    advanceMinutes(m: number) {
      clock.now = new Date(clock.now.getTime() + m * 60000)
    },
  }
  const postgresUrl = opts.postgresUrl ?? (testEngine() === 'postgres' && !opts.sqlite ? await freshTestDatabase() : undefined)
  const core = await createCore({ ...(postgresUrl ? { postgresUrl } : { dataDir: dir }), backupDir: path.join(dir, 'backups'), now: () => clock.now, log: process.env.KEDAN_TEST_LOG ? (l) => console.log(l) : () => {} })
  const raw = <T>(method: string, input?: unknown, token?: string) => core.dispatch<T>(method, input, { token })
  const call = async <T>(method: string, input?: unknown, token?: string): Promise<T> => {
    const r = await raw<T>(method, input, token)
    if (!r.ok) {
      const e = new Error(`${method} failed: ${r.error.code} ${r.error.message}`) as Error & { envelope: unknown }
      e.envelope = r
      throw e
    }
    return r.data
  }
  const setup = await call<{ token: string }>('auth.setup', { companyName: '测试贸易有限公司', username: 'admin', password: TEST_ADMIN_PASSWORD, displayName: '管理员' })
  const tc: TestCore = {
    core,
    dir,
    clock,
    adminToken: setup.token,
    call,
    raw,
    async user(role, o = {}) {
      const username = o.username ?? `${role}${++seq}`
      const u = await call<{ id: number }>(
        'user.create',
        { username, password: 'pass1234', displayName: o.displayName ?? username, role, managerId: o.managerId },
        setup.token,
      )
      const { token } = await call<{ token: string }>('auth.login', { username, password: 'pass1234' })
      return { id: u.id, token, username }
    },
    async close() {
      await core.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return tc
}
