/**
 * Dates as the company sees them: Beijing time (the core's COMPANY_TZ), whatever the workstation's zone.
 * Dates travel as 'YYYY-MM-DD', timestamps as ISO 8601.
 */
export const COMPANY_TZ = 'Asia/Shanghai'

const dateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: COMPANY_TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: COMPANY_TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

export function todayStr(now: Date = new Date()): string {
  return dateFmt.format(now)
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** ISO timestamp → 'YYYY-MM-DD HH:mm' in company time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${dateFmt.format(d)} ${timeFmt.format(d)}`
}

/** ISO timestamp → 'YYYY-MM-DD' in company time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d)
}
