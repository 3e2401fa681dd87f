import type { TFunction } from '../../app/i18n/i18n'
import { isApiError } from '../../app/transport'
import { fieldIssues } from '../../shared/formErrors'
import { discountError, isBlank, priceError, quantityError, type DraftLine } from './lineDraft'

/**
 * The grid's own check before saving: `${row}.${field}` → message, and the grid rows that will be sent
 * (blank lines are skipped, so the server's `lines.N` is the N-th of these rows).
 */
export function checkLines(lines: DraftLine[], t: TFunction): { errors: Record<string, string>; rows: number[] } {
  const errors: Record<string, string> = {}
  const rows: number[] = []
  lines.forEach((l, i) => {
    if (isBlank(l)) return
    rows.push(i)
    if (!l.product) errors[`${i}.product`] = t('grid.error.product')
    const q = quantityError(l.quantity)
    if (q) errors[`${i}.quantity`] = t(`grid.error.quantity.${q}`)
    const p = priceError(l.unitPrice)
    if (p) errors[`${i}.unitPrice`] = t(`grid.error.price.${p}`)
    if (discountError(l.discountPct)) errors[`${i}.discountPct`] = t('grid.error.discount')
  })
  return { errors, rows }
}

/** The server's field issues split into grid cells (`lines.N.field`) and header fields. */
export function splitIssues(err: unknown, rows: number[]): { lines: Record<string, string>; header: Record<string, string> } {
  const lines: Record<string, string> = {}
  const header: Record<string, string> = {}
  for (const i of fieldIssues(err)) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(i.path)
    if (m) {
      const row = rows[Number(m[1])]
      if (row !== undefined) lines[`${row}.${m[2] === 'productId' ? 'product' : m[2]}`] = i.message
    } else header[i.path] = i.message
  }
  return { lines, header }
}

/** A BUSINESS_RULE about one line (`details.line`, 1-based among the sent lines, e.g. a product switched off) as a cell error. */
export function lineRuleError(err: unknown, rows: number[]): Record<string, string> | null {
  if (!isApiError(err, 'BUSINESS_RULE')) return null
  const line = (err.details as { line?: unknown } | undefined)?.line
  if (typeof line !== 'number') return null
  const row = rows[line - 1]
  return row === undefined ? null : { [`${row}.product`]: err.message }
}
