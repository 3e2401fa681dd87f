/**
 * `npm test`: the whole check, as CI runs it.
 *   1. system packages (chromium, CJK fonts, pdftotext, PostgreSQL) — installed with apt-get when root, else one line says what to install
 *   2. typecheck (a failure counts as one failed test)
 *   3. renderer build when out/renderer is missing or older than src/renderer
 *   4. vitest: every project (unit, api, e2e) on SQLite, default reporter plus JSON to .tmp/vitest-results.json;
 *      with KEDAN_TEST_ENGINES=sqlite,postgres the unit and API projects a second time on PostgreSQL
 *      (KEDAN_TEST_ENGINE=postgres, one throwaway cluster, JSON to .tmp/vitest-results-postgres.json); both runs add
 *      up in the last line. (Both engines become the default once the whole PostgreSQL pass is green.)
 *   5. the last line: `N passed, N failed` (`, N skipped` when some were) — exit code 1 on any failure or when no test ran
 * Extra arguments go to vitest: `npm test -- --project unit`, `npm test -- src/core/customer`.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureSystemDeps } from './ensure-system-deps.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RESULTS = path.join(ROOT, '.tmp', 'vitest-results.json')
const SUMMARY = path.join(ROOT, '.tmp', 'test-summary.txt')
const isWin = process.platform === 'win32'
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', isWin ? `${name}.cmd` : name)
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: isWin, ...opts })

function newestMtime(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

/** What of the core the renderer bundles as values: its import-free enumerations, money and roles. */
const CORE_VALUES = /(\.enums\.ts|[\\/]money[\\/]money\.ts|[\\/]auth[\\/]roles\.ts)$/

function newestCoreValue(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestCoreValue(full))
    else if (CORE_VALUES.test(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

function rendererIsStale() {
  const index = path.join(ROOT, 'out', 'renderer', 'index.html')
  if (!fs.existsSync(index)) return true
  const sources = Math.max(newestMtime(path.join(ROOT, 'src', 'renderer')), newestCoreValue(path.join(ROOT, 'src', 'core')))
  return sources > fs.statSync(index).mtimeMs
}

function finish(passed, failed, skipped, why) {
  if (why) console.log(why)
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
  fs.mkdirSync(path.dirname(SUMMARY), { recursive: true })
  fs.writeFileSync(SUMMARY, `${line}\n`)
  console.log(line)
  process.exit(failed > 0 || passed === 0 ? 1 : 0)
}

// 1. system packages
const engines = (process.env.KEDAN_TEST_ENGINES ?? 'sqlite').split(',').map((e) => e.trim()).filter(Boolean)
if (!ensureSystemDeps({ postgres: engines.includes('postgres') })) process.exit(1)

// 2. typecheck
console.log('\n▶ typecheck')
const typecheckFailed = run(isWin ? 'npm.cmd' : 'npm', ['run', '--silent', 'typecheck']).status !== 0
if (typecheckFailed) console.log('typecheck failed (counted as 1 failed)')

// 3. renderer build
if (rendererIsStale()) {
  console.log('\n▶ building the renderer (electron-vite build)')
  if (run(bin('electron-vite'), ['build']).status !== 0) finish(0, 1 + (typecheckFailed ? 1 : 0), 0, 'electron-vite build failed')
}

// 4. vitest: every project on SQLite, then the unit and API projects again on PostgreSQL — KEDAN_TEST_ENGINE=postgres:
//    tests/support/pg-global-setup.ts starts one throwaway cluster, every test core gets a copy of a template database
//    migrated once — and both runs add up into the one count below
const userArgs = process.argv.slice(2)
const runs = []
for (const engine of engines) {
  const results = engine === 'sqlite' ? RESULTS : RESULTS.replace(/\.json$/, `-${engine}.json`)
  // the PostgreSQL run: unit and API only (e2e drives the same server through Chromium), unless projects were named
  // (a filter that names only e2e files leaves it nothing to run: that is not a failure of its own)
  const projects = engine === 'sqlite' || userArgs.includes('--project') ? [] : ['--project', 'unit', '--project', 'api', '--passWithNoTests']
  console.log(`\n▶ vitest (${engine})`)
  fs.mkdirSync(path.dirname(results), { recursive: true })
  fs.rmSync(results, { force: true })
  const started = Date.now()
  const vitest = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...projects, ...userArgs], {
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', KEDAN_TEST_ENGINE: engine },
  })
  const seconds = Math.round((Date.now() - started) / 1000)
  console.log(`vitest (${engine}) took ${Math.floor(seconds / 60)} min ${seconds % 60} s`)
  runs.push({ engine, results, status: vitest.status })
}

// 5. the count, over both runs
let passed = 0
let failed = typecheckFailed ? 1 : 0
let skipped = 0
const why = []
for (const { engine, results, status } of runs) {
  if (!fs.existsSync(results)) {
    failed++
    why.push(`vitest (${engine}) wrote no results (exit ${status})`)
    continue
  }
  const r = JSON.parse(fs.readFileSync(results, 'utf8'))
  // a file that failed to load (syntax error, failing beforeAll) has no failed test of its own: count it once
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'))
  for (const f of brokenFiles) console.log(`failed to run (${engine}): ${path.relative(ROOT, f.name)}${f.message ? ` — ${String(f.message).split('\n')[0]}` : ''}`)
  const runFailed = (r.numFailedTests ?? 0) + brokenFiles.length
  passed += r.numPassedTests ?? 0
  failed += runFailed
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  if (runs.length > 1) console.log(`${engine}: ${r.numPassedTests ?? 0} passed, ${runFailed} failed`)
  if (status !== 0 && runFailed === 0) {
    failed++
    why.push(`vitest (${engine}) exited with ${status}`)
  }
}
finish(passed, failed, skipped, why.length ? why.join('\n') : passed === 0 ? 'no test ran' : undefined)
