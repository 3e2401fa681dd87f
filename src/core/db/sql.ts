import type { Ctx } from '../contract/method'

/** Runs raw SQL written with `?` placeholders on either engine (PostgreSQL gets $1, $2 …). */
export async function rawQuery<T = Record<string, unknown>>(ctx: Pick<Ctx, 'em' | 'engine'>, sql: string, params: unknown[] = []): Promise<T[]> {
  let text = sql
  if (ctx.engine === 'postgres') {
    let i = 0
    text = sql.replace(/\?/g, () => `$${++i}`)
  }
  return (await ctx.em.query(text, params)) as T[]
}
