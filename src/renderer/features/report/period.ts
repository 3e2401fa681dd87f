import { todayStr } from '../../shared/dates'

/** The period picker's presets (本月 · 上月 · 本季 · 本年 · 自定义), all in Beijing dates. */
export const PERIODS = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear', 'custom'] as const
export type PeriodKey = (typeof PERIODS)[number]

const pad = (n: number) => String(n).padStart(2, '0')
/** the last day of a month (month 1…12) */
export const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
export const monthRange = (y: number, m: number) => ({ from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` })

/** from/to of a preset as of `today` (YYYY-MM-DD). */
export function periodRange(key: Exclude<PeriodKey, 'custom'>, today: string = todayStr()): { from: string; to: string } {
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  switch (key) {
    case 'thisMonth':
      return monthRange(y, m)
    case 'lastMonth':
      return m === 1 ? monthRange(y - 1, 12) : monthRange(y, m - 1)
    case 'thisQuarter': {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1
      return { from: monthRange(y, q0).from, to: monthRange(y, q0 + 2).to }
    }
    case 'thisYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` }
  }
}

/** The month `YYYY-MM` → its first and last day. */
export function monthBounds(month: string): { from: string; to: string } {
  return monthRange(Number(month.slice(0, 4)), Number(month.slice(5, 7)))
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
/** The period in the URL (`?period=…&from=…&to=…`); default `fallback`. */
export function readPeriod(params: URLSearchParams, fallback: Exclude<PeriodKey, 'custom'> = 'thisYear'): { key: PeriodKey; from: string; to: string } {
  const p = params.get('period') as PeriodKey | null
  if (p === 'custom') {
    const from = params.get('from') ?? ''
    const to = params.get('to') ?? ''
    if (DATE.test(from) && DATE.test(to) && from <= to) return { key: 'custom', from, to }
  }
  const key = p && p !== 'custom' && PERIODS.includes(p) ? p : fallback
  return { key, ...periodRange(key) }
}
