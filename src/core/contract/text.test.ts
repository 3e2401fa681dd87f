import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import type { Role } from './types'

/**
 * Issue 8: a name made only of blank or invisible characters is empty, and broken text (lone UTF-16
 * surrogates, control characters) is refused instead of being stored as U+FFFD. Generated from
 * `system.methods`: every required text field (minLength ≥ 1) of every method.
 */
const INVISIBLE = ['\u200B', '\u200C\u200D', '\uFEFF', '\u3000', '\u00A0', ' \u200B\u3000\u00A0\uFEFF ', '\u2060\u200E']
const BROKEN = ['名\uD800称', '\uDC00', 'a\u0000b', '\u0007']

type Schema = { type?: string | string[]; minLength?: number; pattern?: string; format?: string; enum?: unknown[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] }
interface Field {
  method: string
  path: (string | number)[]
  schema: Schema
}
function walk(method: string, s: Schema | undefined, path: (string | number)[], out: Field[]) {
  if (!s || typeof s !== 'object') return
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(method, alt, path, out)
  if (s.properties) for (const [k, v] of Object.entries(s.properties)) walk(method, v, [...path, k], out)
  if (s.items) walk(method, s.items, [...path, 0], out)
  if (s.type === 'string' && !s.enum && !s.format && path.length) out.push({ method, path, schema: s })
}
function inputAt(path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value
  const [head, ...rest] = path
  return typeof head === 'number' ? [inputAt(rest, value)] : { [head!]: inputAt(rest, value) }
}

let t: TestCore
let admin: string
let fields: Field[] = []
let rolesOf = new Map<string, Role[] | 'public' | 'authenticated'>()
const tokens = new Map<string, string>()
async function tokenFor(method: string): Promise<string | undefined> {
  const roles = rolesOf.get(method)
  if (roles === 'public') return undefined
  if (!Array.isArray(roles) || roles.includes('admin')) return admin
  const role = roles[0]!
  if (!tokens.has(role)) tokens.set(role, (await t.user(role)).token)
  return tokens.get(role)!
}
async function issuesAt(method: string, path: (string | number)[], value: unknown) {
  const r = await t.raw(method, inputAt(path, value), await tokenFor(method))
  const issues = !r.ok && r.error.code === 'VALIDATION' ? ((r.error.details as { issues?: { path: string; message: string }[] })?.issues ?? []) : []
  return issues.filter((i) => i.path === path.join('.'))
}

beforeAll(async () => {
  t = await createTestCore()
  admin = t.adminToken
  const methods = (await t.call('system.methods', {}, admin)).items as { name: string; inputSchema: Schema; roles: Role[] | 'public' | 'authenticated' }[]
  rolesOf = new Map(methods.map((m) => [m.name, m.roles]))
  for (const m of methods) walk(m.name, m.inputSchema, [], fields)
})
afterAll(() => t.close())

describe('text fields (generated from system.methods)', () => {
  it('every required text field refuses a value made only of blank or zero-width characters', async () => {
    // passwords are secrets, not names: any character counts there; a login's user name is compared, never stored
    const required = fields.filter((f) => (f.schema.minLength ?? 0) >= 1 && !/password/i.test(String(f.path[f.path.length - 1])) && f.method !== 'auth.login')
    expect(required.length).toBeGreaterThanOrEqual(20)
    const failures: string[] = []
    for (const f of required) {
      for (const v of INVISIBLE) if (!(await issuesAt(f.method, f.path, v)).length) failures.push(`${f.method} ${f.path.join('.')} accepts ${JSON.stringify(v)}`)
    }
    expect(failures).toEqual([])
  })

  it('every text field refuses lone surrogates and control characters', async () => {
    expect(fields.length).toBeGreaterThanOrEqual(60)
    const failures: string[] = []
    for (const f of fields) {
      for (const v of BROKEN) {
        const issues = await issuesAt(f.method, f.path, v)
        if (!issues.length) failures.push(`${f.method} ${f.path.join('.')} accepts ${JSON.stringify(v)}`)
      }
    }
    expect(failures).toEqual([])
  })
})

describe('names as stored', () => {
  it('invisible edges are trimmed, a name of only invisible characters is empty, broken text never becomes U+FFFD', async () => {
    const blank = await t.raw('customer.create', { name: '\u200B\u200C\u200D\uFEFF\u3000\u00A0' }, admin)
    expect(blank).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'name' }] } } })
    if (!blank.ok) expect(blank.error.message).toContain('不能为空')
    const c = await t.call('customer.create', { name: '\u200B\u3000杭州西溪贸易有限公司\uFEFF ' }, admin)
    expect(c.name).toBe('杭州西溪贸易有限公司')
    const broken = await t.raw('customer.create', { name: '杭州\uD800贸易' }, admin)
    expect(broken).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'name' }] } } })
    const found = await t.call('customer.search', { query: '杭州' }, admin)
    expect(found.items.map((x: { name: string }) => x.name)).toEqual(['杭州西溪贸易有限公司'])
    // an emoji joined by U+200D inside a text stays as typed
    const p = await t.call('product.create', { code: 'E-1', name: '礼盒👨‍👩‍👧', unit: '盒' }, admin)
    expect(p.name).toBe('礼盒👨‍👩‍👧')
  })

  it('a credit override (特批) needs a reason one can read: zero-width characters are no reason', async () => {
    const c = (await t.call('customer.create', { name: '温州鹿城鞋业有限公司', creditLimitFen: 100 }, admin)).id
    const p = (await t.call('product.create', { code: 'E-2', name: '皮鞋', unit: '双', initialStock: '5' }, admin)).id
    const o = await t.call('order.create', { customerId: c, lines: [{ productId: p, quantity: '1', unitPrice: '10' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const blank = await t.raw('order.approve', { id: o.id, override: true, reason: '\u200B\u3000\uFEFF' }, admin)
    expect(blank.ok).toBe(false)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('pending')
    const ok = await t.call('order.approve', { id: o.id, override: true, reason: '\u200B老客户，月底结清' }, admin)
    expect(ok).toMatchObject({ status: 'approved', overrideReason: '老客户，月底结清' })
  })
})
