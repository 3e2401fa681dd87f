/**
 * Makes sure the system packages the tests need are there:
 *   chromium (e2e), fonts-noto-cjk (Chinese in screenshots and PDFs), poppler-utils (pdftotext, to read PDFs back).
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

/** The Debian packages that are missing, by what they provide. */
export function missingSystemPackages() {
  const missing = []
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium')
  if (!hasCjkFont()) missing.push('fonts-noto-cjk')
  if (!onPath('pdftotext')) missing.push('poppler-utils')
  return missing
}

/** Installs what is missing when it can; returns true when everything is there afterwards. */
export function ensureSystemDeps({ log = (l) => console.log(l) } = {}) {
  const missing = missingSystemPackages()
  if (!missing.length) return true
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (process.platform === 'linux' && isRoot && onPath('apt-get')) {
    log(`installing system packages: ${missing.join(' ')} (apt-get)`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0
    if (run(['update']) && run(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk', 'poppler-utils'])) {
      if (onPath('fc-cache')) spawnSync('fc-cache', ['-f'], { stdio: 'ignore' })
      const still = missingSystemPackages()
      if (!still.length) return true
      log(`still missing after apt-get: ${still.join(' ')}`)
      return false
    }
    log('apt-get failed: install chromium fonts-noto-cjk poppler-utils by hand')
    return false
  }
  log(
    `missing system packages for the tests: ${missing.join(' ')} — install them (Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-cjk poppler-utils; or set KEDAN_CHROMIUM to a Chromium binary) and run npm test again`,
  )
  return false
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(ensureSystemDeps() ? 0 : 1)
}
