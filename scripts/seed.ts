/**
 * Fills a database with realistic data for trying Kedan out and for the benchmark.
 *   npm run seed -- --data <dir> [--customers 20000] [--orders N] [--seed 1] [--append]
 *   npm run seed -- --data <dir> --scale ten-year [--seed N]   (issue 10's reference set: ten years up to today)
 * Refuses a database that already holds customers unless --append is given.
 */
import * as path from 'node:path'
import { KNOWN_COUNTS, SeedRefused, seedDatabase } from './seed/index'
import { SEED_ADMIN, SEED_PASSWORD } from './seed/users'

function parse(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const counts: Record<string, number> = {}
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z][a-zA-Z]*)$/.exec(argv[i]!)
    if (!m || ['data', 'seed', 'now'].includes(m[1]!) || argv[i + 1] === undefined || !/^\d+$/.test(argv[i + 1]!)) continue
    counts[m[1]!] = Number(argv[i + 1])
  }
  const scale = get('scale')
  if (scale !== undefined && scale !== 'ten-year') throw new Error(`unknown --scale ${scale} (known: ten-year)`)
  if (counts.customers === undefined && !scale) counts.customers = 20000
  const unknown = Object.keys(counts).filter((k) => !KNOWN_COUNTS.includes(k))
  if (unknown.length) throw new Error(`no generator for --${unknown.join(', --')} yet (known: --${KNOWN_COUNTS.join(', --')})`)
  return {
    dataDir: path.resolve(get('data') ?? 'data'),
    counts,
    seed: Number(get('seed') ?? 1),
    append: argv.includes('--append'),
    scale: scale as 'ten-year' | undefined,
    now: get('now') ? new Date(get('now')!) : undefined,
  }
}

async function main() {
  const opts = parse(process.argv.slice(2))
  console.log(`seeding ${path.join(opts.dataDir, 'kedan.db')} …`)
  const r = await seedDatabase(opts)
  console.log(`done in ${(r.ms / 1000).toFixed(1)} s — sign in as ${SEED_ADMIN.username}/${SEED_ADMIN.password} (or any seeded user with ${SEED_PASSWORD})`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof SeedRefused ? e.message : `seed failed: ${(e as Error).stack ?? e}`)
    process.exit(e instanceof SeedRefused ? 2 : 1)
  },
)
