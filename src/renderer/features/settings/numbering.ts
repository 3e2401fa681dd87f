import type { DatePart } from './settings.api'

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

export interface NumberParts {
  prefix: string
  date: string
  separator: string
  serial: string
}

/**
 * The parts of a number of this pattern on `day` with serial `seq` (1: the shape of the first one):
 * prefix + date part + separator (only after a date part) + the serial padded to `digits`.
 * Null while the pattern is incomplete (no prefix, digits out of 1–12).
 */
export function numberParts(p: { prefix: string; datePart: string; separator: string; digits: number | string }, day: string, seq = 1): NumberParts | null {
  const prefix = p.prefix.trim()
  const digits = typeof p.digits === 'number' ? p.digits : Number(p.digits)
  if (!prefix || p.digits === '' || !Number.isInteger(digits) || digits < 1 || digits > 12) return null
  const date = datePartOf(p.datePart, day)
  return { prefix, date, separator: date ? p.separator : '', serial: String(seq).padStart(digits, '0') }
}

/** The number as text ('' while the pattern is incomplete), e.g. SO20261123-0001. */
export function previewNumber(p: Parameters<typeof numberParts>[0], day: string, seq = 1): string {
  const n = numberParts(p, day, seq)
  return n ? `${n.prefix}${n.date}${n.separator}${n.serial}` : ''
}
