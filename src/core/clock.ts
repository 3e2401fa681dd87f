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
