import Decimal from 'decimal.js'

/**
 * The one money module. Amounts are integer fen; unit prices keep 4 decimals and quantities 3,
 * stored as scaled integers (price × 10 000, quantity × 1 000) and computed with decimal.js.
 * A line amount is rounded half-up to the fen once; totals are sums of line amounts.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })

export const QTY_SCALE = 1000
export const PRICE_SCALE = 10000
export const TAX_RATES = [13, 9, 6, 3, 1, 0] as const
export type TaxRate = (typeof TAX_RATES)[number]

export function toMilli(q: string): number {
  return new D(q).mul(QTY_SCALE).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}
export function fromMilli(m: number): string {
  return new D(m).div(QTY_SCALE).toFixed()
}
/** quantity as shown: up to 3 decimals, trailing zeros trimmed ("3", "2.5") */
export const qtyStr = fromMilli

export function toPrice4(p: string): number {
  return new D(p).mul(PRICE_SCALE).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}
/** unit price with its 4 decimals ("12.5000") */
export function price4Str(p4: number): string {
  return new D(p4).div(PRICE_SCALE).toFixed(4)
}

/** percentage with 2 decimals → basis points (5.5 % → 550) */
export function toBp(pct: string | number | null | undefined): number {
  if (pct === null || pct === undefined || pct === '') return 0
  return new D(pct).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}
export function bpStr(bp: number): string {
  return new D(bp).div(100).toFixed()
}

export interface LineMoney {
  amountFen: number
  taxFen: number
  netFen: number
}

/**
 * quantity × unit price × (1 − discount), rounded half-up to the fen once.
 * Tax-inclusive prices: amount is the gross, net = amount ÷ (1 + rate) rounded, tax = amount − net.
 * Tax-exclusive prices: the product is the net, tax = net × rate rounded, amount = net + tax.
 */
export function lineMoney(qtyMilli: number, price4: number, taxRate: number, opts: { discountBp?: number; priceIncludesTax?: boolean } = {}): LineMoney {
  const factor = new D(10000 - (opts.discountBp ?? 0)).div(10000)
  // qty (÷1000) × price (÷10000) × 100 fen
  const raw = new D(qtyMilli).mul(price4).mul(factor).div(QTY_SCALE * PRICE_SCALE).mul(100)
  const base = raw.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
  const rate = new D(taxRate).div(100)
  if (opts.priceIncludesTax ?? true) {
    const net = new D(base).div(rate.add(1)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
    return { amountFen: base, netFen: net, taxFen: base - net }
  }
  const tax = new D(base).mul(rate).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
  return { amountFen: base + tax, netFen: base, taxFen: tax }
}

/** a share of a line's amount for part of its quantity (open or shipped part), rounded half-up */
export function proportionFen(amountFen: number, partMilli: number, wholeMilli: number): number {
  if (wholeMilli === 0) return 0
  if (partMilli === wholeMilli) return amountFen
  return new D(amountFen).mul(partMilli).div(wholeMilli).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}

export function formatFen(fen: number, symbol = '¥'): string {
  const neg = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${neg ? '-' : ''}${symbol}${yuan.toLocaleString('en-US')}.${cents}`
}

export function fenToYuanStr(fen: number): string {
  return new D(fen).div(100).toFixed(2)
}

export function yuanToFen(yuan: string | number): number {
  return new D(yuan).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const SMALL_UNITS = ['', '拾', '佰', '仟']
const BIG_UNITS = ['', '万', '亿', '万亿']

/** 人民币大写, by DOMAIN.md's rules (壹拾 always carries its digit; one 零 per run of zeros; 整 only after 元). */
export function amountInWords(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error('amount must be integer fen')
  if (fen === 0) return '零元整'
  if (fen < 0) return `负${amountInWords(-fen)}`
  const yuan = Math.floor(fen / 100)
  const jiao = Math.floor((fen % 100) / 10)
  const fenDigit = fen % 10
  let out = ''
  if (yuan > 0) out += `${integerWords(yuan)}元`
  if (jiao === 0 && fenDigit === 0) return `${out}整`
  if (jiao > 0) out += `${DIGITS[jiao]}角`
  if (fenDigit > 0) out += `${yuan > 0 && jiao === 0 ? '零' : ''}${DIGITS[fenDigit]}分`
  return out
}

function integerWords(n: number): string {
  const groups: number[] = []
  while (n > 0) {
    groups.push(n % 10000)
    n = Math.floor(n / 10000)
  }
  let out = ''
  let pendingZero = false
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g]!
    if (group === 0) {
      pendingZero = out.length > 0
      continue
    }
    if (out && (group < 1000 || pendingZero)) out += '零'
    pendingZero = false
    out += groupWords(group) + BIG_UNITS[g]
  }
  return out
}

function groupWords(n: number): string {
  let out = ''
  let zero = false
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10
    if (d === 0) {
      zero = out.length > 0
      continue
    }
    if (zero) out += '零'
    zero = false
    out += DIGITS[d]! + SMALL_UNITS[i]!
  }
  return out
}
