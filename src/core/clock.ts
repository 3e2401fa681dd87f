/** The company's calendar: dates are Beijing time whatever the machine's zone. */
export const COMPANY_TZ = 'Asia/Shanghai'

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: COMPANY_TZ, year: 'numeric', month: '2-digit', day: '2-digit' })

export function dateInCompanyTz(d: Date): string {
  return fmt.format(d)
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86400000
  return new Date(t).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000)
}

/**
 * Days from `from` to `to`, or null when either is not a real calendar day. Readers use it on stored
 * dates, so one bad date written before dates were checked (`9999-99-99`) shows as "no date", not a crash.
 */
export function daysBetweenOrNull(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!isCalendarDate(from) || !isCalendarDate(to)) return null
  return daysBetween(from, to)
}
function isCalendarDate(v: string | null | undefined): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
  const [y, m, d] = v.split('-').map(Number) as [number, number, number]
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}
