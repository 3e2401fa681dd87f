import { execFileSync, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { freePort } from './server'
import type { TestCore } from '../../src/core/testing/test-core'

/**
 * A throwaway PostgreSQL for tests: KEDAN_PG_URL when set, otherwise a private cluster made with
 * Debian's initdb/pg_ctl in a temp folder (run as the `postgres` user when we are root), on a free port.
 * Returns null when no PostgreSQL is installed.
 */
export interface TestPostgres {
  url: string
  /** a fresh empty database for one test file */
  createDatabase(name: string): Promise<string>
  stop(): void
}

function pgBin(): string | null {
  const base = '/usr/lib/postgresql'
  if (!fs.existsSync(base)) return null
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions[0] ? path.join(base, versions[0], 'bin') : null
}

export async function startPostgres(): Promise<TestPostgres | null> {
  // npm test's PostgreSQL pass: the run's cluster (tests/support/pg-global-setup.ts), left running for the others
  const shared = process.env.KEDAN_TEST_PG_URL
  if (shared) return withUrl(shared, () => {})
  const external = process.env.KEDAN_PG_URL
  if (external) return withUrl(external, () => {})
  const bin = pgBin()
  if (!bin) return null
  const asRoot = process.getuid?.() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-pg-'))
  const sock = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-pgsock-'))
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args]
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`)
  }
  if (asRoot) {
    execFileSync('chown', ['postgres', dir, sock])
    fs.chmodSync(dir, 0o700)
  }
  run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const port = await freePort()
  run('pg_ctl', ['-D', dir, '-l', path.join(dir, 'log.txt'), '-w', '-o', `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`, 'start'])
  return withUrl(`postgres://postgres@127.0.0.1:${port}/postgres`, () => {
    try {
      run('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop'])
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true })
    fs.rmSync(sock, { recursive: true, force: true })
  })
}

async function withUrl(url: string, stop: () => void): Promise<TestPostgres> {
  const { Client } = await import('pg')
  return {
    url,
    async createDatabase(name: string) {
      const c = new Client({ connectionString: url })
      await c.connect()
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}"`)
        await c.query(`CREATE DATABASE "${name}" ENCODING 'UTF8'`)
      } finally {
        await c.end()
      }
      const u = new URL(url)
      u.pathname = `/${name}`
      return u.toString()
    },
    stop,
  }
}

let dbSeq = 0

/**
 * A test file that runs on PostgreSQL whatever KEDAN_TEST_ENGINE says: one cluster for the file (the run's own in
 * npm test's PostgreSQL pass, else a private one, stopped by close) and test cores on fresh databases of it.
 *   const pg = postgresFile('2026-03-20T10:00:00+08:00')
 *   beforeAll(async () => { t = await pg.core() }, 120_000)
 *   afterAll(() => pg.close())
 */
export interface PostgresFile {
  /** a test core on a fresh database (a copy of the run's migrated template when there is one), closed by close() */
  core(): Promise<TestCore>
  /** a fresh empty database (no schema) of the file's cluster */
  createDatabase(name: string): Promise<string>
  close(): Promise<void>
}

export function postgresFile(now: string): PostgresFile {
  let pg: Promise<TestPostgres> | undefined
  const cores: TestCore[] = []
  const cluster = () =>
    (pg ??= startPostgres().then((c) => {
      if (!c) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set KEDAN_PG_URL)')
      return c
    }))
  return {
    async core() {
      const c = await cluster()
      const { createTestCore, freshTestDatabase } = await import('../../src/core/testing/test-core')
      const url = process.env.KEDAN_TEST_PG_URL ? await freshTestDatabase() : await c.createDatabase(`kedan_file_${process.pid}_${++dbSeq}`)
      const t = await createTestCore({ now, postgresUrl: url })
      cores.push(t)
      return t
    },
    async createDatabase(name) {
      return (await cluster()).createDatabase(`${name}_${process.pid}_${++dbSeq}`)
    },
    async close() {
      for (const t of cores.splice(0)) await t.close()
      if (pg) (await pg.catch(() => null))?.stop()
    },
  }
}
