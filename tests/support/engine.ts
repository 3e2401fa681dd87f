import { describe, it, type TestFunction } from 'vitest'
import { testEngine } from '../../src/core/testing/test-core'

/**
 * The one place that skips tests on npm test's PostgreSQL pass (KEDAN_TEST_ENGINE=postgres), the reason in the
 * skipped test's name. Tests that are SQLite by nature — the database file, PRAGMAs, WAL, the online backup API, the single writer
 * queue, a killed process holding the file — and PostgreSQL copies of a SQLite describe (in that pass the
 * describe itself runs on PostgreSQL):
 *   skipOnPostgres('PRAGMA integrity_check of the backup file').describe('backup and restore', () => { … })
 *   skipOnPostgres('the WAL file').it('…', async () => { … })
 */
export function skipOnPostgres(reason: string) {
  const skip = testEngine() === 'postgres'
  const name = (n: string) => (skip ? `${n} — skipped on PostgreSQL: ${reason}` : n)
  return {
    describe: (n: string, fn: () => void) => describe.skipIf(skip)(name(n), fn),
    it: (n: string, fn: TestFunction, timeout?: number) => it.skipIf(skip)(name(n), fn, timeout),
  }
}
