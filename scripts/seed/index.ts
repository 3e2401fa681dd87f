import type { Database } from 'better-sqlite3'
import { createCore } from '../../src/core'
import type { SeedContext, SeedOptions, SeedStep } from './context'
import { Rng } from './rng'
import { usersStep } from './users'
import { customersStep } from './customers'
import { sellingStep } from './selling'
import { tenYearStep } from './ten-year'
import { rebuildSalesSummary } from '../../src/core/report/summary.service'
import { rebuildFacts } from '../../src/core/report/facts.service'

export type { SeedOptions, SeedStep, SeedContext } from './context'

/**
 * The generators, in order. A later one may use what an earlier one made (ctx.users, …).
 * To add one (e.g. products, orders, shipments for `--orders N`): write a SeedStep in its own file
 * that reads `ctx.opts.counts.<name>`, and append it here.
 */
export const SEED_STEPS: SeedStep[] = [usersStep, customersStep, sellingStep, tenYearStep]

/** Names of the counts some step understands (`--customers N`, …). */
export const KNOWN_COUNTS = ['customers', 'products', 'orders']

export class SeedRefused extends Error {}

export interface SeedResult {
  file: string
  lines: string[]
  ms: number
}

/**
 * Opens (creating and migrating) the database through createCore, then runs the steps one after the
 * other, each bulk-inserting with prepared statements in one transaction.
 */
export async function seedDatabase(opts: SeedOptions): Promise<SeedResult> {
  const t0 = Date.now()
  const log = opts.log ?? ((l: string) => console.log(l))
  const core = await createCore({ dataDir: opts.dataDir, log: (l) => console.error(l) })
  try {
    if (core.engine !== 'sqlite') throw new Error('the seed writes SQLite only')
    const db = (core.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection
    const existing = (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n
    if (existing > 0 && !opts.append) {
      throw new SeedRefused(
        `${opts.dataDir} already holds ${existing} customers: nothing was changed. Use --append to add more, or --data <an empty folder>.`,
      )
    }
    if (existing > 0) log(`appending to ${existing} existing customers`)
    const ctx: SeedContext = { core, db, rng: new Rng(opts.seed + existing), now: opts.now ?? new Date(), opts, users: [], log }
    const lines: string[] = []
    for (const step of SEED_STEPS) {
      // --scale ten-year makes its own users, customers and documents (scripts/seed/ten-year.ts)
      if (opts.scale === 'ten-year' ? step !== tenYearStep : step === tenYearStep) continue
      if (step.enabled && !step.enabled(opts)) continue
      const s0 = Date.now()
      // not inside core.queue: a step may call core.dispatch (which queues itself); nothing else uses this core meanwhile
      const summary = await step.run(ctx)
      const line = `${step.name}: ${summary} (${Date.now() - s0} ms)`
      lines.push(line)
      log(line)
    }
    // the reports' month summary is kept by the services; bulk-inserted documents get it in one statement
    await rebuildSalesSummary(core.dataSource)
    // and the report facts (order rhythm, shipment and order facts, balances): one pass over the documents
    const f0 = Date.now()
    await rebuildFacts(core.dataSource)
    log(`report facts filled (${Date.now() - f0} ms)`)
    return { file: `${opts.dataDir}/kedan.db`, lines, ms: Date.now() - t0 }
  } finally {
    await core.close()
  }
}
