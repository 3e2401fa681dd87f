import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { INT4_MAX } from './types'

/**
 * Issue 8 (sibling of the money maximum): ids, versions and other whole numbers are INTEGER columns, int4 on
 * PostgreSQL, where `WHERE id = 2147483648` fails as a query (an INTERNAL error). Generated from
 * `system.methods`: every whole-number input (amounts in fen excepted: BIGINT, see MAX_FEN) has a maximum
 * within int4, and one beyond it is refused as VALIDATION.
 */
type Schema = { type?: string | string[]; maximum?: number; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] }
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
  if (s.type === 'integer' && path.length && !/Fen$/.test(String(path[path.length - 1]))) out.push({ method, path, schema: s })
}
function inputAt(path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value
  const [head, ...rest] = path
  return typeof head === 'number' ? [inputAt(rest, value)] : { [head!]: inputAt(rest, value) }
}

let t: TestCore
const fields: Field[] = []
beforeAll(async () => {
  t = await createTestCore()
  const methods = (await t.call('system.methods', {}, t.adminToken)).items as { name: string; inputSchema: Schema }[]
  for (const m of methods) walk(m.name, m.inputSchema, [], fields)
})
afterAll(() => t.close())

describe('whole numbers (generated from system.methods)', () => {
  it('every one has a maximum within int4, and one beyond it is refused before any query', async () => {
    expect(fields.filter((f) => f.path[f.path.length - 1] === 'id').length).toBeGreaterThanOrEqual(30)
    const failures: string[] = []
    for (const f of fields) {
      const key = `${f.method} ${f.path.join('.')}`
      if (f.schema.maximum === undefined || f.schema.maximum > INT4_MAX) {
        failures.push(`${key}: maximum ${f.schema.maximum}`)
        continue
      }
      const r = await t.raw(f.method, inputAt(f.path, INT4_MAX + 1), t.adminToken)
      const issues = !r.ok && r.error.code === 'VALIDATION' ? ((r.error.details as { issues?: { path: string }[] })?.issues ?? []) : []
      if (!issues.some((i) => i.path === f.path.join('.'))) failures.push(`${key}: ${INT4_MAX + 1} not refused`)
    }
    expect(failures).toEqual([])
  })
})
