import type { DatePart } from './settings.types'

/** The date part of a number for a 'YYYY-MM-DD' day, as the core builds it (numbering.service.ts). */
export function datePartOf(pattern: DatePart | string, day: string): string {
  const [y = '', m = '', d = ''] = day.split('-')
  switch (pattern) {
    case 'YYYYMMDD':
      return `${y}${m}${d}`
    case 'YYYYMM':
      return `${y}${m}`
    case 'YYMMDD':
      return `${y.slice(2)}${m}${d}`
    default:
      return ''
  }
}

/**
 * What a number of this pattern looks like on `day` with serial `seq` (1: the shape of the first one):
 * prefix + date part + separator (only after a date part) + the serial padded to `digits`.
 * Returns '' while the pattern is incomplete (no prefix, digits out of 1–12).
 */
export function previewNumber(p: { prefix: string; datePart: string; separator: string; digits: number | string }, day: string, seq = 1): string {
  const prefix = p.prefix.trim()
  const digits = typeof p.digits === 'number' ? p.digits : Number(p.digits)
  if (!prefix || !Number.isInteger(digits) || digits < 1 || digits > 12) return ''
  const dp = datePartOf(p.datePart, day)
  return `${prefix}${dp}${dp ? p.separator : ''}${String(seq).padStart(digits, '0')}`
}
