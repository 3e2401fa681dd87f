import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * The renderer's calls are checked against the core's zod schemas (methods.ts ← src/core/contract/api.ts).
 * A small planted file is compiled by tsc with tsconfig.web.json's options: each wrong call must be a compile
 * error on its own line, and the right calls none.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'contract-probe-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const rel = path.relative(dir, path.join(ROOT, 'src/renderer/app')).split(path.sep).join('/')

/** line → the mistake planted there */
const WRONG = [
  `invoke('customer.get', { idd: 1 })`, // a field the input schema does not have
  `invoke('customer.get', {})`, // a required field left out
  `invoke('order.search', { sort: 'customerName' })`, // a sort key the core refuses
  `invoke('customer.gett', { id: 1 })`, // no such method
  `invoke('customer.get', { id: 1 }).then((c) => { const n: number = c.name; return n })`, // wrong output type
  `invoke('product.create', { code: 'A', name: 'B', taxRate: 7 })`, // not one of TAX_RATES
]
const RIGHT = [
  `invoke('customer.get', { id: 1 }).then((c) => c.contacts.map((x) => x.name))`,
  `invoke('order.search', { status: ['approved', 'partially_shipped'], sort: '-orderDate', page: 1 })`,
  `invoke('product.create', { code: 'A', name: 'B', taxRate: 13 })`,
  `invoke('settings.get', {}).then((s) => s.numbering.SO.prefix)`,
]

function compile(): { file: string; line: number; code: string; text: string }[] {
  const lines = [`import { invoke } from '${rel}/transport'`, 'export async function probe() {']
  for (const c of [...WRONG, ...RIGHT]) lines.push(`  await ${c}`)
  lines.push('}', '')
  fs.writeFileSync(path.join(dir, 'probe.ts'), lines.join('\n'))
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: path.join(ROOT, 'tsconfig.web.json'), compilerOptions: { composite: false, incremental: false, noEmit: true }, include: [], files: ['probe.ts'] }),
  )
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' })
  return r.stdout
    .split('\n')
    .map((l) => /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ file: path.resolve(ROOT, m[1]!), line: Number(m[2]), code: m[3]!, text: m[4]! }))
}

describe('renderer calls are typed by the core contract', () => {
  it('tsc fails on every planted mismatch and passes the right calls', { timeout: 240_000 }, () => {
    const errors = compile().filter((e) => e.file === path.join(dir, 'probe.ts'))
    const lineOf = (i: number) => i + 3 // line 1 import, line 2 function
    for (let i = 0; i < WRONG.length; i++) {
      expect(errors.filter((e) => e.line === lineOf(i)).map((e) => e.text), WRONG[i]).not.toEqual([])
    }
    expect(errors.find((e) => e.line === lineOf(0))?.text).toMatch(/'idd' does not exist/)
    for (let i = 0; i < RIGHT.length; i++) {
      expect(errors.filter((e) => e.line === lineOf(WRONG.length + i)).map((e) => `${e.code} ${e.text}`), RIGHT[i]).toEqual([])
    }
    expect(errors).toHaveLength(WRONG.length)
  })
})
