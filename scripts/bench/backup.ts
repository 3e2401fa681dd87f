/**
 * Backup / restore times and the cost of `synchronous = FULL` per order save.
 *   npx tsx scripts/bench/backup.ts --data <dir with kedan.db>   (works on a COPY: backs up and restores in place)
 *   npx tsx scripts/bench/backup.ts --sync [--orders 300]        (order.create on a fresh folder, FULL vs NORMAL)
 * Prints one JSON object per line.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { execFileSync } from 'node:child_process'
import { createCore } from '../../src/core'
import { checkSqliteFile } from '../../src/core/backup/backup.service'

const arg = (n: string) => {
  const i = process.argv.indexOf(`--${n}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const ms = (t: number) => Math.round(performance.now() - t)

async function backupTimes(dataDir: string) {
  const say = (o: object) => console.log(JSON.stringify({ ...o, load: os.loadavg().map((x) => x.toFixed(1)).join(' ') }))
  let t = performance.now()
  const core = await createCore({ dataDir, log: () => {} })
  say({ name: 'backup/open (quick_check or integrity_check, migrations)', ms: ms(t) })
  const m = core.backups
  t = performance.now()
  const b = await m.create('manual')
  say({ name: 'backup/create (online backup + integrity_check + counts)', ms: ms(t), sizeMB: +(b.sizeBytes / 2 ** 20).toFixed(1), orders: b.counts.orders })
  t = performance.now()
  checkSqliteFile(path.join(dataDir, 'backups', b.fileName))
  say({ name: 'backup/integrity_check of the copy alone', ms: ms(t) })
  t = performance.now()
  await m.restore(b.id)
  say({ name: 'backup/restore (check + safety backup + swap + reopen)', ms: ms(t) })
  await core.close()
}

async function syncCost(orders: number) {
  for (const mode of ['NORMAL', 'FULL']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-sync-'))
    const script = `
      process.env.KEDAN_SQLITE_SYNC = ${JSON.stringify(mode)}
      const { createCore } = require(${JSON.stringify(path.resolve(__dirname, '../../src/core'))})
      ;(async () => {
        const core = await createCore({ dataDir: ${JSON.stringify(dir)}, log: () => {} })
        const d = (m, i, token) => core.dispatch(m, i, { token }).then((r) => { if (!r.ok) throw new Error(m + ' ' + r.error.message); return r.data })
        const { token } = await d('auth.setup', { companyName: 'bench', username: 'admin', password: 'admin-2026', displayName: 'admin' })
        const c = await d('customer.create', { name: '基准测试客户' }, token)
        const p = await d('product.create', { code: 'B-1', name: '商品', unit: '个', salePrice: '10', initialStock: '100000' }, token)
        const lines = Array.from({ length: 10 }, () => ({ productId: p.id, quantity: '1', unitPrice: '10' }))
        for (let i = 0; i < 20; i++) await d('order.create', { customerId: c.id, lines }, token)
        const times = []
        for (let i = 0; i < ${orders}; i++) { const t = performance.now(); await d('order.create', { customerId: c.id, lines }, token); times.push(performance.now() - t) }
        times.sort((a, b) => a - b)
        console.log(JSON.stringify({ name: 'order.create/10 lines', synchronous: ${JSON.stringify(mode)}, orders: ${orders}, meanMs: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2), p50Ms: +times[Math.floor(times.length / 2)].toFixed(2), p95Ms: +times[Math.floor(times.length * 0.95)].toFixed(2) }))
        await core.close()
      })()`
    process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }))
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv.includes('--sync')) void syncCost(Number(arg('orders') ?? 300))
else void backupTimes(path.resolve(arg('data') ?? 'data'))
