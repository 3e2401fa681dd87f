import { startPostgres, type TestPostgres } from './postgres'

/**
 * vitest globalSetup: with KEDAN_TEST_ENGINE=postgres one throwaway PostgreSQL is started for the whole run
 * and its URL handed to the test files (KEDAN_TEST_PG_URL); each test core then gets a fresh database of its
 * own, copied from a template migrated once (src/core/testing/test-core.ts). Without it, nothing runs.
 */
let pg: TestPostgres | null = null

export async function setup() {
  if (process.env.KEDAN_TEST_ENGINE !== 'postgres' || process.env.KEDAN_TEST_PG_URL) return
  pg = await startPostgres()
  if (!pg) throw new Error('KEDAN_TEST_ENGINE=postgres, but PostgreSQL is not installed: apt-get install -y postgresql (or set KEDAN_PG_URL)')
  const url = await pg.createDatabase('kedan_template')
  // the template gets the schema once; every test core's database is a copy of it (CREATE DATABASE … TEMPLATE)
  const { openDatabase } = await import('../../src/core/db/open')
  const { dataSource } = await openDatabase({ kind: 'postgres', url })
  await dataSource.destroy()
  process.env.KEDAN_TEST_PG_URL = pg.url
  process.env.KEDAN_TEST_PG_TEMPLATE = 'kedan_template'
}

export async function teardown() {
  pg?.stop()
}
