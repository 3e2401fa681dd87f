/**
 * Money in the renderer is integer fen, exactly as in the contract. Conversions go through strings,
 * never through binary floating point.
 */
export function formatFen(fen: number | null | undefined, opts: { symbol?: boolean } = {}): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const neg = fen < 0
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${opts.symbol === false ? '' : '¥'}${grouped}.${cents}`
}

/** Yuan as typed ("1,234.5", "¥ 12") → fen, or null when it is not a number with at most 2 decimals. */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  const s = String(input).replace(/[¥,\s]/g, '').trim()
  if (s === '') return null
  const m = /^(-)?(\d+)(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) return null
  return m[1] ? -fen : fen
}

/** fen → "1234.50" (no symbol, no grouping) for an input's value. */
export function fenToYuanString(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  return formatFen(fen, { symbol: false }).replace(/,/g, '')
}
