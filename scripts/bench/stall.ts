import type Database from 'better-sqlite3'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Core } from '../../src/core'

type Db = Database.Database

/**
 * "One slow call must not stall the office": one user's `auth.me`, called one after the other,
 * while 20 logins (scrypt) and 10 delivery-note PDFs (pdfmake) run concurrently, `rounds` times over.
 * Returns the auth.me latencies (ms, sorted) measured while the load was running, and how long the load took.
 */
export async function measureStall(
  core: Core,
  db: Db,
  opts: { token: string; username: string; password: string; logins?: number; pdfs?: number; rounds?: number },
): Promise<{ times: number[]; loadMs: number; logins: number; pdfs: number; loopDelayP99Ms: number; loopDelayMaxMs: number } | null> {
  const ship = db.prepare(`SELECT id FROM shipments WHERE "status" <> 'cancelled' ORDER BY id DESC LIMIT 1`).get() as { id: number } | undefined
  if (!ship) return null
  const loginCount = opts.logins ?? 20
  const pdfCount = opts.pdfs ?? 10
  const rounds = opts.rounds ?? 3
  const must = async (p: Promise<{ ok: boolean; error?: { message: string } }>, what: string) => {
    const r = await p
    if (!r.ok) throw new Error(`stall bench: ${what} failed: ${r.error?.message}`)
  }
  // warm up: fonts loaded, statements prepared
  await must(core.dispatch('print.deliveryNote', { shipmentId: ship.id, paper: 'A4' }, { token: opts.token }), 'print.deliveryNote')
  await must(core.dispatch('auth.me', {}, { token: opts.token }), 'auth.me')

  let running = true
  // how long the main thread was busy (or not scheduled) between turns of the event loop
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const t0 = performance.now()
  const load = (async () => {
    for (let r = 0; r < rounds; r++) {
      await Promise.all([
        ...Array.from({ length: loginCount }, () =>
          must(core.dispatch('auth.login', { username: opts.username, password: opts.password }, { clientAddress: '127.0.0.1' } as never), 'auth.login'),
        ),
        ...Array.from({ length: pdfCount }, () =>
          must(core.dispatch('print.deliveryNote', { shipmentId: ship.id, paper: 'A4' }, { token: opts.token }), 'print.deliveryNote'),
        ),
      ])
    }
  })().finally(() => {
    running = false
  })
  // auth.me every 20 ms by the wall clock; each call's time counts from when it was due, so a call that
  // could not even start (the event loop busy rendering) counts its wait too, as a client over HTTP would see it
  const times: number[] = []
  for (let i = 1; running; i++) {
    const due = t0 + i * 20
    const now = performance.now()
    if (due > now) await new Promise((res) => setTimeout(res, due - now))
    await must(core.dispatch('auth.me', {}, { token: opts.token }), 'auth.me')
    times.push(performance.now() - Math.min(due, performance.now()))
  }
  await load
  const loadMs = performance.now() - t0
  loop.disable()
  times.sort((a, b) => a - b)
  return { times, loadMs, logins: loginCount * rounds, pdfs: pdfCount * rounds, loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6 }
}
