import { z } from 'zod'
import { ROLES, type Role } from '../auth/roles'
import { issue, labelRef, renderMessage, currentLocale, type CoreMessageKey, type FieldLabel } from '../i18n/i18n'

/** Shared zod building blocks of the contract. Amounts are integer fen; decimals travel as strings. */
/**
 * Ids, versions and other counters are INTEGER columns (int4 on PostgreSQL): a figure beyond 2 147 483 647 makes
 * the query itself fail there (an INTERNAL error), so it is refused as input first.
 */
export const INT4_MAX = 2_147_483_647
export const id = z.number().int().positive().max(INT4_MAX, issue('validation.numberTooLarge', { max: INT4_MAX }))
/**
 * The one maximum of every money amount (orders, quotes, receipts, invoices, credit limits, opportunities):
 * ¥10 000 000 000.00 (100 亿元) = 1e12 fen. Money columns are BIGINT on both engines (±9.2e18), so the
 * column is not the limit; the JavaScript number the column is read into is: any sum of up to 9 000 such
 * amounts (a customer's balance, a report total) stays below 2^53 and is therefore exact.
 */
export const MAX_FEN = 1_000_000_000_000
export const MAX_FEN_TEXT = '¥10,000,000,000.00'
export const fen = z
  .number()
  .int(issue('validation.moneyInteger'))
  .min(-MAX_FEN, issue('validation.moneyTooLarge', { max: MAX_FEN_TEXT }))
  .max(MAX_FEN, issue('validation.moneyTooLarge', { max: MAX_FEN_TEXT }))
export const nonNegFen = fen.min(0, issue('validation.moneyNegative'))
/** Every date Kedan accepts lies in this range: real business dates, and document numbers stay `SO2026…`. */
export const MIN_DATE = '2000-01-01'
export const MAX_DATE = '2099-12-31'
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/
/** A real calendar day (2024-02-29 yes, 2026-02-29 / 2026-02-30 / 2026-13-45 no) in MIN_DATE … MAX_DATE. */
export function isValidDate(v: unknown): v is string {
  return isCalendarDay(v) && v >= MIN_DATE && v <= MAX_DATE
}
function isCalendarDay(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE_SHAPE.test(v)) return false
  const [y, m, d] = v.split('-').map(Number) as [number, number, number]
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}
/**
 * The one date type of the contract: `YYYY-MM-DD`, a day that exists, between 2000-01-01 and 2099-12-31.
 * (z.iso.date checks the calendar and tells JSON Schema `format: date`; the refine adds the range.)
 */
export const dateStr = z.iso
  .date(issue('validation.date'))
  .refine((v) => !isCalendarDay(v) || isValidDate(v), issue('validation.dateRange', { min: MIN_DATE, max: MAX_DATE }))
/** A month `YYYY-MM` in 2000-01 … 2099-12 (reports); the pattern itself holds the range. */
export const monthStr = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, issue('validation.month', { min: '2000-01', max: '2099-12' }))
/** An ISO 8601 date-time with offset whose calendar day is valid and in range (follow-up times and the like). */
export const dateTimeStr = z.iso
  .datetime({ offset: true, ...issue('validation.dateTime') })
  .refine((v) => {
    const day = v.slice(0, 10)
    return !isCalendarDay(day) || isValidDate(day)
  }, issue('validation.dateTimeRange', { min: MIN_DATE, max: MAX_DATE }))
export const timestamp = z.string()
export const version = z.number().int().min(1).max(INT4_MAX, issue('validation.numberTooLarge', { max: INT4_MAX }))
/**
 * A decimal travelling as a string, checked against the range of the scaled integer it is stored as:
 * at most `maxIntDigits` digits before the point ("数值过大" beyond) and `scale` after it.
 */
export const decimalStr = (scale: number, maxIntDigits: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .superRefine((v, ctx) => {
      const m = /^-?(\d+)(?:\.(\d+))?$/.exec(v)
      const say = (key: CoreMessageKey, params: Record<string, string | number>) => renderMessage(key, params, currentLocale())
      if (!m) return void ctx.addIssue({ code: 'custom', message: say('validation.number', { scale }) })
      const intDigits = m[1]!.replace(/^0+(?=\d)/, '').length
      if (intDigits > maxIntDigits) ctx.addIssue({ code: 'custom', message: say('validation.numberTooLarge', { max: `${'9'.repeat(maxIntDigits)}.${'9'.repeat(scale)}` }) })
      else if ((m[2]?.length ?? 0) > scale) ctx.addIssue({ code: 'custom', message: say('validation.decimals', { scale }) })
    })
/** Quantities: below 1 000 000 000 with 3 decimals (stored × 1 000: below 1e12, exact in sums). */
export const quantityStr = decimalStr(3, 9)
/** Unit prices: below ¥10 000 000 000 (the money maximum) with 4 decimals (stored × 10 000: below 1e14). */
export const priceStr = decimalStr(4, 10)

/**
 * Text hygiene shared by every text field: lone surrogates (broken UTF-16, would be stored as U+FFFD) and
 * control characters (NUL breaks PostgreSQL) are refused; blank and invisible characters (U+200B–U+200D,
 * U+2060, U+FEFF, U+3000, NBSP, bidi marks …) are trimmed from both ends, so a name made only of them is empty.
 */
const EDGE_BLANKS = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
export const trimBlanks = (v: string) => v.replace(EDGE_BLANKS, '')
export function badTextKey(v: string): CoreMessageKey | null {
  if (LONE_SURROGATE.test(v)) return 'validation.loneSurrogate'
  if (CONTROL.test(v)) return 'validation.controlChar'
  return null
}
/** Why a text is refused, in the language of the request being validated; null when it is fine. */
export function badTextReason(v: string): string | null {
  const key = badTextKey(v)
  return key ? renderMessage(key, undefined, currentLocale()) : null
}
/** The first string anywhere in a request whose characters are refused (path and reason), or null. */
export function findBadText(value: unknown, path: string[] = [], depth = 0): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const reason = badTextReason(value)
    return reason ? { path: path.join('.'), message: reason } : null
  }
  if (depth > 20 || value === null || typeof value !== 'object') return null
  for (const [k, v] of Object.entries(value)) {
    const keyReason = badTextReason(k)
    if (keyReason) return { path: [...path, k].join('.'), message: keyReason }
    const hit = findBadText(v, [...path, k], depth + 1)
    if (hit) return hit
  }
  return null
}
const cleanText = () =>
  z
    .string()
    .refine((v) => badTextKey(v) === null, { error: (iss) => renderMessage(badTextKey(String(iss.input)) ?? 'validation.invalidChars', undefined, currentLocale()), abort: true })
    .overwrite(trimBlanks)
export const trimmed = (max: number) => cleanText().max(max, issue('validation.maxChars', { max }))
/**
 * A required text named in its messages: `requiredText('客户名称')`. The label is one of the `label.*` texts
 * of src/core/i18n/messages.zh-CN.ts (the compiler checks it), so the message reads 客户名称不能为空 or
 * "Customer name is required" as the caller's language asks. A new label: add `label.<key>` to both catalogs.
 */
export const requiredText = (label: FieldLabel, max = 100) => {
  const l = labelRef(label)
  return z
    .string(issue('validation.required', { label: l }))
    .refine((v) => badTextKey(v) === null, {
      error: (iss) =>
        renderMessage('validation.badChars', { label: l, reason: { key: badTextKey(String(iss.input)) ?? 'validation.invalidChars' } }, currentLocale()),
      abort: true,
    })
    .overwrite(trimBlanks)
    .min(1, issue('validation.required', { label: l }))
    .max(max, issue('validation.tooLong', { label: l, max }))
}
export const optionalText = (max = 200) => trimmed(max).nullish().transform((v) => (v === '' ? null : (v ?? null)))

/** The version and who/when fields every versioned record answers with. */
export const trackedOut = {
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  version: z.number(),
}

export const paging = {
  page: z.number().int().min(1).max(1_000_000, issue('validation.numberTooLarge', { max: 1_000_000 })).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
}
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() })
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })
export const empty = z.object({}).strict().optional().default({})
export const okOut = z.object({ ok: z.literal(true) })

export { ROLES, type Role }
export const role = z.enum(ROLES)
