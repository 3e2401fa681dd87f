/**
 * Issue 13 bench: export/order-lines-1m — export.start {list: 'orderLines'} of one million order lines as a
 * background job (streamed xlsx), until export.status says done; wall time, rows/s, file size and the process's
 * peak RSS (sampled every 50 ms), and the CPU time it took (wall time means little on a shared machine).
 * Goal: < 60 s, < 300 MB.
 *   npx tsx scripts/bench/export.ts --db /tmp/h10/ty/kedan.db [--lines 1000000] [--user admin --password admin-2026]
 * The database is copied into a temp folder first (migrations run on open; the original is never touched); when it
 * holds fewer lines than asked, the copy gets more (copies of existing lines) before the core opens it.
 * Prints one JSON line.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import Database from 'better-sqlite3'
import { createCore } from '../../src/core'

const argv = process.argv.slice(2)
const arg = (n: string) => (argv.indexOf(`--${n}`) >= 0 ? argv[argv.indexOf(`--${n}`) + 1] : undefined)
const source = arg('db')
const want = Number(arg('lines') ?? 1_000_000)
let peak = 0
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50)
const mb = (b: number) => Math.round(b / 1024 / 1024)

async function main() {
  if (!source || !fs.existsSync(source)) throw new Error('say which database: --db <kedan.db> (the ten-year data set)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-bench-export-'))
  try {
    fs.copyFileSync(source, path.join(dir, 'kedan.db'))
    const raw = new Database(path.join(dir, 'kedan.db'))
    const have = (raw.prepare('SELECT COUNT(*) AS n FROM sales_order_lines').get() as { n: number }).n
    if (have < want) {
      // more lines: copies of existing ones on the same orders (line numbers after the order's own)
      raw.prepare(
        `INSERT INTO sales_order_lines ("orderId","lineNo","productId","productCode","productName","spec","unit","qtyMilli","price4","taxRate","discountBp","amountFen","taxFen","netFen","shippedMilli","returnedMilli","remark")
         SELECT "orderId","lineNo"+100,"productId","productCode","productName","spec","unit","qtyMilli","price4","taxRate","discountBp","amountFen","taxFen","netFen","shippedMilli","returnedMilli","remark" FROM sales_order_lines ORDER BY id LIMIT ?`,
      ).run(want - have)
    }
    raw.close()
    const core = await createCore({ dataDir: dir, log: () => {} })
    try {
      const login = await core.dispatch<{ token: string }>('auth.login', { username: arg('user') ?? 'admin', password: arg('password') ?? 'admin-2026' }, {})
      if (!login.ok) throw new Error(login.error.message)
      const token = login.data.token
      peak = process.memoryUsage.rss()
      const before = mb(peak)
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      const started = await core.dispatch<{ jobId: string; total: number }>('export.start', { list: 'orderLines' }, { token })
      if (!started.ok) throw new Error(started.error.message)
      const tStarted = performance.now()
      let st: { done: boolean; rows: number; total: number; error: string | null }
      let polls = 0
      let slowestPollMs = 0
      for (;;) {
        await new Promise((r) => setTimeout(r, 250))
        const p0 = performance.now()
        const r = await core.dispatch<typeof st>('export.status', { jobId: started.data.jobId }, { token })
        slowestPollMs = Math.max(slowestPollMs, performance.now() - p0)
        polls++
        if (!r.ok) throw new Error(r.error.message)
        st = r.data
        if (st.done) break
      }
      const t1 = performance.now()
      const cpu = process.cpuUsage(cpu0)
      if (st.error) throw new Error(st.error)
      const file = await core.exportDownload(started.data.jobId, { token })
      if (!file.ok) throw new Error(file.error.message)
      console.log(
        JSON.stringify({
          name: `export/order-lines-${Math.round(st.rows / 1_000_000)}m`,
          rows: st.rows,
          ms: Math.round(t1 - t0),
          startMs: Math.round(tStarted - t0),
          /** CPU time of this process (main thread + zlib): the machine may be shared, wall time then says little */
          cpuMs: Math.round((cpu.user + cpu.system) / 1000),
          loadAvg: os.loadavg()[0]!.toFixed(1),
          rowsPerSec: Math.round(st.rows / ((t1 - t0) / 1000)),
          fileMb: Math.round(file.data.size / 1024 / 1024),
          /** the process before the export (node + tsx's compiler ≈ 200 MB, the open core) */
          rssBeforeMb: before,
          peakRssMb: mb(peak),
          /** what the export itself adds at its peak */
          exportRssMb: mb(peak) - before,
          goalMs: 60_000,
          goalRssMb: 300,
          statusPolls: polls,
          slowestStatusMs: Math.round(slowestPollMs),
        }),
      )
      fs.rmSync(file.data.file, { force: true })
    } finally {
      await core.close()
    }
  } finally {
    clearInterval(sample)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
