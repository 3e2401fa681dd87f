import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { dateStr, isValidDate } from './types'
import type { Role } from './types'

/**
 * Issue 8: impossible dates are refused in every method. The date fields are found by walking every
 * method's input JSON Schema as `system.methods` answers it; every field that looks like a date by its
 * name must be a date (format date / date-time), and every date field refuses impossible and
 * out-of-range days with VALIDATION naming that field.
 */
const BAD_DAYS = ['2026-02-30', '2026-13-45', '0000-00-00', '9999-99-99', '2026-02-29', '1999-12-31', '2100-01-01', '2026-1-1', '20260101']
// case-sensitive on purpose: `receivedOn`, `validUntil`, `dateFrom`, `asOf`, `at` yes; `reason`, `wechat` no
const DATE_NAME = /(^date|Date$|[a-z]On$|Until$|^asOf$|^from$|^to$|[a-z]At$|^at$|^day$)/
const MONTH_NAME = /(^month$|Month$)/
const BAD_MONTHS = ['0000-01', '9999-12', '2026-13', '2026-00', '1999-12', '2100-01', '2026-1']

type Schema = { type?: string | string[]; format?: string; pattern?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; prefixItems?: Schema[] }
interface Field {
  method: string
  path: (string | number)[]
  format: string | undefined
  pattern: string | undefined
  looksLikeDate: boolean
  looksLikeMonth: boolean
  stringy: boolean
}

function walk(method: string, s: Schema | undefined, path: (string | number)[], out: Field[]) {
  if (!s || typeof s !== 'object') return
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(method, alt, path, out)
  if (s.properties) for (const [k, v] of Object.entries(s.properties)) walk(method, v, [...path, k], out)
  if (s.items) walk(method, s.items, [...path, 0], out)
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : []
  const last = path[path.length - 1]
  if (types.includes('string') && typeof last === 'string') {
    out.push({ method, path, format: s.format, pattern: s.pattern, looksLikeDate: DATE_NAME.test(last), looksLikeMonth: MONTH_NAME.test(last), stringy: true })
  }
}

/** `{a: {b: [{c: value}]}}` for the path a.b.0.c */
function inputAt(path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value
  const [head, ...rest] = path
  return typeof head === 'number' ? [inputAt(rest, value)] : { [head!]: inputAt(rest, value) }
}

let t: TestCore
let fields: Field[] = []
let rolesOf = new Map<string, Role[] | 'public' | 'authenticated'>()
const tokens = new Map<string, string>()

beforeAll(async () => {
  t = await createTestCore()
  const methods = (await t.call('system.methods', {}, t.adminToken)).items as { name: string; inputSchema: Schema; roles: Role[] | 'public' | 'authenticated' }[]
  rolesOf = new Map(methods.map((m) => [m.name, m.roles]))
  fields = []
  for (const m of methods) walk(m.name, m.inputSchema, [], fields)
})
afterAll(() => t.close())

async function tokenFor(method: string): Promise<string> {
  const roles = rolesOf.get(method)
  if (!Array.isArray(roles) || roles.includes('admin')) return t.adminToken
  const role = roles[0]!
  if (!tokens.has(role)) tokens.set(role, (await t.user(role)).token)
  return tokens.get(role)!
}

describe('the shared date type', () => {
  it('is a real calendar check within 2000-01-01 … 2099-12-31', () => {
    for (const ok of ['2024-02-29', '2000-01-01', '2099-12-31', '2026-12-31']) expect(dateStr.safeParse(ok).success, ok).toBe(true)
    for (const bad of BAD_DAYS) expect(dateStr.safeParse(bad).success, bad).toBe(false)
    expect(dateStr.safeParse('2026-02-30').error?.issues[0]?.message).toContain('日期无效')
    expect(dateStr.safeParse('1999-12-31').error?.issues[0]?.message).toContain('2000-01-01')
    expect(isValidDate('2026-02-28') && !isValidDate('2026-02-29')).toBe(true)
  })
})

describe('every date field of every method (generated from system.methods)', () => {
  it('finds the date fields, and every field named like a date is a date', () => {
    const dates = fields.filter((f) => f.format === 'date')
    // enough to know the walk works: orders, quotes, shipments, returns, invoices, receipts, receivables, tracking, follow-ups …
    expect(dates.length).toBeGreaterThanOrEqual(25)
    const named = fields.filter((f) => f.looksLikeDate && f.format !== 'date' && f.format !== 'date-time')
    expect(named.map((f) => `${f.method} ${f.path.join('.')}`)).toEqual([])
  })

  it('every month field (YYYY-MM) refuses impossible and out-of-range months', async () => {
    const failures: string[] = []
    for (const f of fields.filter((x) => x.looksLikeMonth)) {
      const token = await tokenFor(f.method)
      const key = f.path.join('.')
      for (const month of BAD_MONTHS) {
        const r = await t.raw(f.method, inputAt(f.path, month), token)
        const issues = !r.ok && r.error.code === 'VALIDATION' ? ((r.error.details as { issues?: { path: string }[] })?.issues ?? []) : []
        if (!issues.some((i) => i.path === key)) failures.push(`${f.method} ${key}=${month}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('refuses impossible and out-of-range days with VALIDATION naming the field', async () => {
    const failures: string[] = []
    for (const f of fields.filter((x) => x.format === 'date' || x.format === 'date-time')) {
      const token = await tokenFor(f.method)
      const key = f.path.join('.')
      for (const day of BAD_DAYS) {
        const value = f.format === 'date-time' ? `${day}T10:00:00+08:00` : day
        const r = await t.raw(f.method, inputAt(f.path, value), token)
        const issues = !r.ok && r.error.code === 'VALIDATION' ? ((r.error.details as { issues?: { path: string }[] })?.issues ?? []) : []
        if (!issues.some((i) => i.path === key)) failures.push(`${f.method} ${key}=${value}: ${JSON.stringify(r).slice(0, 160)}`)
      }
      // a real day in range is not what the schema complains about
      const good = f.format === 'date-time' ? '2024-02-29T10:00:00+08:00' : '2024-02-29'
      const r = await t.raw(f.method, inputAt(f.path, good), token)
      const issues = !r.ok && r.error.code === 'VALIDATION' ? ((r.error.details as { issues?: { path: string }[] })?.issues ?? []) : []
      if (issues.some((i) => i.path === key)) failures.push(`${f.method} ${key}=${good} refused`)
    }
    expect(failures).toEqual([])
  })
})
