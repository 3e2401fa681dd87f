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

/**
 * `%`, `_` and `\` typed by the user are text, not wildcards (codes and numbers hold `_`: `AB_12`,
 * `SO20261204_0001`). Always use with LIKE_ESCAPE after the pattern: SQLite has no default escape
 * character, PostgreSQL's default is the same backslash, so `LIKE :q ESCAPE '\'` means the same on both.
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}
export const LIKE_ESCAPE = `ESCAPE '\\'`
/** `%text%` with the text's wildcards escaped (use with LIKE_ESCAPE). */
export const likeContains = (s: string) => `%${escapeLike(s)}%`
