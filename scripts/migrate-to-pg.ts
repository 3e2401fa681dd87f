/**
 * `npm run migrate-to-pg -- --data <dir> --pg <url>`: copies the SQLite database of a data folder (kedan.db) into an
 * empty PostgreSQL database, then checks row counts and money totals per table. The host then runs with `--pg <url>`.
 */
import * as path from 'node:path'
import * as fs from 'node:fs'
import { moveSqliteToPostgres } from '../src/core/db/migrate-to-pg'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main() {
  const data = arg('data')
  const pg = arg('pg') ?? process.env.KEDAN_PG_URL
  if (!data || !pg) {
    console.error('usage: npm run migrate-to-pg -- --data <data folder> --pg postgres://user:password@host:5432/kedan')
    process.exit(2)
  }
  const file = path.join(data, 'kedan.db')
  if (!fs.existsSync(file)) {
    console.error(`no database at ${file}`)
    process.exit(2)
  }
  const started = Date.now()
  const r = await moveSqliteToPostgres(file, pg, (l) => console.log(l))
  console.log(`copied ${r.rows} rows in ${r.tables.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; row counts and money totals match`)
}

main().catch((e) => {
  console.error(`migrate-to-pg failed: ${(e as Error).message}`)
  process.exit(1)
})
