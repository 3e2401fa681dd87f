/**
 * Makes sure the system packages the tests need are there:
 *   chromium (e2e), fonts-noto-cjk (Chinese in screenshots and PDFs), poppler-utils (pdftotext, to read PDFs back),
 *   postgresql (npm test's PostgreSQL pass starts a throwaway cluster with its initdb/pg_ctl; not needed with KEDAN_PG_URL).
 * Missing ones are installed with apt-get when running as root on Debian/Ubuntu; otherwise one line says what to install.
 *   node scripts/ensure-system-deps.mjs        (exit 0 when everything is there)
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

export const CHROMIUM = process.env.KEDAN_CHROMIUM ?? '/usr/bin/chromium'

function onPath(cmd) {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => exts.some((e) => dir && fs.existsSync(path.join(dir, cmd + e))))
}

function hasCjkFont() {
  if (process.env.KEDAN_SKIP_FONT_CHECK === '1') return true
  if (!onPath('fc-list')) return false
  const r = spawnSync('fc-list', [], { encoding: 'utf8' })
  return r.status === 0 && /Noto Sans CJK/i.test(r.stdout)
}

/** PostgreSQL's server binaries as Debian installs them (tests/support/postgres.ts looks in the same place) */
function hasPostgres() {
  if (process.env.KEDAN_PG_URL) return true
  const base = '/usr/lib/postgresql'
  return fs.existsSync(base) && fs.readdirSync(base).some((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
}

/** The Debian packages that are missing, by what they provide. */
export function missingSystemPackages({ postgres = false } = {}) {
  const missing = []
  if (postgres && !hasPostgres()) missing.push('postgresql')
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium')
  if (!hasCjkFont()) missing.push('fonts-noto-cjk')
  if (!onPath('pdftotext')) missing.push('poppler-utils')
  return missing
}

/** Installs what is missing when it can; returns true when everything is there afterwards. */
export function ensureSystemDeps({ log = (l) => console.log(l), postgres = false } = {}) {
  const missing = missingSystemPackages({ postgres })
  if (!missing.length) return true
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (process.platform === 'linux' && isRoot && onPath('apt-get')) {
    log(`installing system packages: ${missing.join(' ')} (apt-get)`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0
    if (run(['update']) && run(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk', 'poppler-utils', ...(postgres ? ['postgresql'] : [])])) {
      if (onPath('fc-cache')) spawnSync('fc-cache', ['-f'], { stdio: 'ignore' })
      const still = missingSystemPackages({ postgres })
      if (!still.length) return true
      log(`still missing after apt-get: ${still.join(' ')}`)
      return false
    }
    log(`apt-get failed: install ${missing.join(' ')} by hand`)
    return false
  }
  log(
    `missing system packages for the tests: ${missing.join(' ')} — install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}; or set KEDAN_CHROMIUM to a Chromium binary, KEDAN_PG_URL to a PostgreSQL server, KEDAN_TEST_ENGINES=sqlite to test SQLite only) and run npm test again`,
  )
  return false
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(ensureSystemDeps() ? 0 : 1)
}
