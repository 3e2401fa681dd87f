/** Turning what a spreadsheet cell holds into the value a contract field takes (numbers, money, dates, enumerations). */
import Decimal from 'decimal.js'
import type { CellValue } from './excel.read'
import { rowMessage, type RowMessageKey } from './import.messages'

/** A cell that cannot be read as its field's type: a row message (key + params), rendered in the caller's language. */
export class CellProblem extends Error {
  constructor(
    readonly key: RowMessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(rowMessage('zh-CN', key, params))
  }
}

export function asText(v: CellValue): string | null {
  if (v === null) return null
  if (v instanceof Date) return isoDate(v)
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : new Decimal(v).toString()
  const s = String(v).trim()
  return s === '' ? null : s
}

/** 1,234.50 · ¥1,234.50 · ￥1234 · 1 234,00? (no: comma is a thousands separator) · 12.5元 → "1234.50" */
export function asDecimal(v: CellValue): string | null {
  if (v === null) return null
  if (typeof v === 'number') return new Decimal(v).toString()
  if (typeof v === 'boolean' || v instanceof Date) throw new CellProblem('cellNotNumber')
  const s = String(v).replace(/[¥￥,，\s]|元|RMB|CNY/gi, '')
  if (s === '') return null
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) throw new CellProblem('cellNotNumberValue', { value: String(v) })
  return new Decimal(s).toString()
}

export function asInt(v: CellValue): number | null {
  const d = asDecimal(v)
  if (d === null) return null
  if (!new Decimal(d).isInteger()) throw new CellProblem('cellNotInteger', { value: String(v) })
  return Number(d)
}

/** a percentage: 13 · 13% · 0.13 (a cell formatted as percent) → 13 */
export function asPercent(v: CellValue): number | null {
  if (v === null) return null
  if (typeof v === 'number') return v > 0 && v < 1 ? new Decimal(v).mul(100).toNumber() : v
  const s = String(v).replace(/[%％\s]/g, '')
  if (s === '') return null
  const d = asDecimal(s)
  return d === null ? null : Number(d)
}

const pad = (n: number) => String(n).padStart(2, '0')
const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

/** Excel serials (days since 1899-12-30), dates, and text such as 2026/1/5, 2026-01-05, 2026.1.5, 2026年1月5日 → YYYY-MM-DD */
export function asDate(v: CellValue): string | null {
  if (v === null) return null
  if (v instanceof Date) return isoDate(v)
  if (typeof v === 'number') {
    if (v < 1 || v > 2958465) throw new CellProblem('cellNotDate', { value: v })
    return isoDate(new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86400000))
  }
  const s = String(v).trim()
  if (s === '') return null
  if (/^\d{5}(\.\d+)?$/.test(s)) return asDate(Number(s))
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(s)
  if (!m) throw new CellProblem('cellDateFormat', { value: s })
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const dt = new Date(Date.UTC(y, mo - 1, d))
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) throw new CellProblem('cellBadDate', { value: s })
  return isoDate(dt)
}

export function asBool(v: CellValue): boolean | null {
  if (v === null) return null
  if (typeof v === 'boolean') return v
  const s = String(v).trim().toLowerCase()
  if (s === '') return null
  if (['是', 'y', 'yes', 'true', '1', '√', '✓', '含税', '启用', '有效'].includes(s)) return true
  if (['否', 'n', 'no', 'false', '0', '×', '不含税', '停用', '无效'].includes(s)) return false
  throw new CellProblem('cellYesNo', { value: String(v) })
}

/** an enumeration given by its value or by its label (线索 → lead) */
export function asEnum(v: CellValue, options: readonly { value: string; label: string }[]): string | null {
  const s = asText(v)
  if (s === null) return null
  const hit = options.find((o) => o.value === s || o.label === s || o.value.toLowerCase() === s.toLowerCase())
  if (!hit) throw new CellProblem('cellOption', { value: s, options: options.map((o) => o.label).join('、') })
  return hit.value
}

/** Header names compared without spaces, punctuation, brackets and case: 手机号（必填） ≈ 手机号 */
export function headerKey(h: string): string {
  return h
    .replace(/[（(【\[].*?[）)】\]]/g, '')
    .replace(/[\s*＊:：_\-·./]/g, '')
    .toLowerCase()
}
