import type { Ctx } from '../contract/method'
import { DocSequenceEntity } from './numbering.entity'
import { getSetting } from '../settings/settings.service'
import type { DocType } from '../settings/settings.enums'

export interface NumberPattern {
  prefix: string
  /** date part: 'YYYYMMDD' | 'YYYYMM' | 'YYMMDD' | '' */
  datePart: string
  separator: string
  digits: number
}

/** One pattern per DOC_TYPES entry (settings.get answers exactly these). */
export const DEFAULT_PATTERNS: Record<DocType, NumberPattern> = {
  customer: { prefix: 'C', datePart: '', separator: '', digits: 6 },
  SO: { prefix: 'SO', datePart: 'YYYYMMDD', separator: '-', digits: 4 },
  QT: { prefix: 'QT', datePart: 'YYYYMMDD', separator: '-', digits: 4 },
  DN: { prefix: 'DN', datePart: 'YYYYMMDD', separator: '-', digits: 4 },
  RT: { prefix: 'RT', datePart: 'YYYYMMDD', separator: '-', digits: 4 },
  RC: { prefix: 'RC', datePart: 'YYYYMMDD', separator: '-', digits: 4 },
}

function datePart(pattern: string, today: string): string {
  const [y, m, d] = today.split('-')
  switch (pattern) {
    case 'YYYYMMDD':
      return `${y}${m}${d}`
    case 'YYYYMM':
      return `${y}${m}`
    case 'YYMMDD':
      return `${y!.slice(2)}${m}${d}`
    default:
      return ''
  }
}

export async function patternFor(ctx: Ctx, docType: string): Promise<NumberPattern> {
  const custom = await getSetting<Record<string, Partial<NumberPattern>>>(ctx, 'numbering', {})
  return { ...DEFAULT_PATTERNS[docType as DocType]!, ...(custom[docType] ?? {}) }
}

/**
 * Reserves the next number of a document type inside the caller's transaction.
 * `taken` lets callers skip numbers already used by hand (e.g. an edited customer code).
 */
export async function nextNumber(
  ctx: Ctx,
  docType: string,
  opts: { date?: string; taken?: (candidate: string) => Promise<boolean> } = {},
): Promise<string> {
  const p = await patternFor(ctx, docType)
  const dp = datePart(p.datePart, opts.date ?? ctx.today())
  const key = `${docType}:${dp}`
  const repo = ctx.em.getRepository(DocSequenceEntity)
  for (let guard = 0; guard < 10000; guard++) {
    // an atomic increment: the row is created once, then only ever counted up
    await ctx.em.query(
      ctx.engine === 'postgres'
        ? 'INSERT INTO doc_sequences ("key", "next") VALUES ($1, 1) ON CONFLICT ("key") DO NOTHING'
        : 'INSERT OR IGNORE INTO doc_sequences ("key", "next") VALUES (?, 1)',
      [key],
    )
    await ctx.em.query(
      ctx.engine === 'postgres'
        ? 'UPDATE doc_sequences SET "next" = "next" + 1 WHERE "key" = $1'
        : 'UPDATE doc_sequences SET "next" = "next" + 1 WHERE "key" = ?',
      [key],
    )
    const row = await repo.findOneByOrFail({ key })
    const seq = row.next - 1
    const number = `${p.prefix}${dp}${dp ? p.separator : ''}${String(seq).padStart(p.digits, '0')}`
    if (!opts.taken || !(await opts.taken(number))) return number
  }
  throw new Error(`numbering exhausted for ${docType}`)
}
