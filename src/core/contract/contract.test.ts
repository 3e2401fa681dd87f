import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createTestCore, type TestCore } from '../testing/test-core'
import { defineMethod, type AnyMethod } from './method'
import { Registry } from './registry'
import { createDispatcher } from './dispatcher'
import { AppError, ERROR_CODES, HTTP_STATUS } from './errors'
import { resolveSession } from '../auth/auth.service'
import { buildRegistry } from '../methods'
import { rawQuery } from '../db/sql'

const noop = (name: string) =>
  defineMethod({ name, access: 'public', write: false, input: z.object({}).optional(), output: z.object({}), handler: () => ({}) })

describe('registry', () => {
  it('refuses a second method with the same name', () => {
    const r = new Registry()
    r.add(noop('thing.get') as AnyMethod)
    expect(() => r.add(noop('thing.get') as AnyMethod)).toThrow(/duplicate method name: thing\.get/)
  })

  it('refuses a name that is not noun.verb', () => {
    expect(() => noop('thing')).toThrow(/noun\.verb/)
    expect(() => noop('Thing.get')).toThrow(/noun\.verb/)
  })

  it('the real registry builds without duplicates and lists methods sorted', () => {
    const names = buildRegistry()
      .list()
      .map((m) => m.name)
    expect(names.length).toBeGreaterThan(20)
    expect(new Set(names).size).toBe(names.length)
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names)
  })

  it('every error code has an HTTP status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400)
  })
})

describe('dispatcher', () => {
  let t: TestCore
  let logged: string[]
  let dispatch: ReturnType<typeof createDispatcher>

  beforeAll(async () => {
    t = await createTestCore()
    logged = []
    // a registry of probe methods over the same database, queue and sessions as the real core
    const registry = new Registry().add(
      defineMethod({
        name: 'probe.drift',
        access: 'authenticated',
        write: false,
        input: z.object({}).optional(),
        output: z.object({ count: z.number() }),
        handler: () => ({ count: 'not a number' }) as never,
      }) as AnyMethod,
      defineMethod({
        name: 'probe.crash',
        access: 'authenticated',
        write: true,
        input: z.object({}).optional(),
        output: z.object({}),
        handler: () => {
          throw new Error('boom: secret internals')
        },
      }) as AnyMethod,
      defineMethod({
        name: 'probe.rollback',
        access: 'authenticated',
        write: true,
        input: z.object({ key: z.string() }),
        output: z.object({}),
        async handler(ctx, input) {
          await rawQuery(ctx, `INSERT INTO settings ("key", "value", "updatedAt", "version") VALUES (?, '1', '2026-01-01', 1)`, [input.key])
          throw new AppError('BUSINESS_RULE', 'refused after a write')
        },
      }) as AnyMethod,
      defineMethod({
        name: 'probe.unique',
        access: 'authenticated',
        write: true,
        input: z.object({}).optional(),
        output: z.object({}),
        async handler(ctx) {
          await ctx.em.query(`INSERT INTO users ("username","displayName","role","passwordHash","passwordSalt","createdAt","updatedAt") VALUES ('admin','x','admin','x','x','x','x')`)
          return {}
        },
      }) as AnyMethod,
    )
    dispatch = createDispatcher({
      registry,
      dataSource: t.core.dataSource,
      queue: t.core.queue,
      engine: t.core.engine,
      now: () => t.clock.now,
      today: () => '2026-11-23',
      resolveSession,
      log: (l) => logged.push(l),
    })
  })
  afterAll(() => t.close())

  it('answers an unknown method with NOT_FOUND', async () => {
    const r = await t.raw('nothing.here', {}, t.adminToken)
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    if (!r.ok) expect(r.error.message).toContain('nothing.here')
  })

  it('answers an unknown method with NOT_FOUND also without a token', async () => {
    expect(await t.raw('nothing.here')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('turns zod errors into VALIDATION with the field path', async () => {
    const r = await t.raw('customer.create', { name: '', creditLimitFen: -5 }, t.adminToken)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('VALIDATION')
    const issues = (r.error.details as { issues: { path: string; message: string }[] }).issues
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'creditLimitFen']))
    expect(r.error.message).toMatch(/^name: /)
  })

  it('names nested paths', async () => {
    const r = await t.raw('customer.create', { name: '某某公司', contacts: [{ name: '张三', email: 'not-an-email' }] }, t.adminToken)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('VALIDATION')
    expect((r.error.details as { issues: { path: string }[] }).issues[0]!.path).toBe('contacts.0.email')
  })

  it('checks the session before the input: a caller without a valid token learns nothing about the schema', async () => {
    for (const token of [undefined, 'forged-token']) {
      const r = await t.raw('customer.get', { id: 'x' }, token)
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      expect(JSON.stringify(r)).not.toMatch(/issues|id:/)
    }
    // a role that may not call the method is refused before its input is read
    const fin = await t.user('finance')
    expect(await t.raw('user.create', { username: 1 }, fin.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // with a session the same input is a validation error naming the field; public methods validate right away
    expect(await t.raw('customer.get', { id: 'x' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'id' }] } } })
    expect(await t.raw('auth.login', { username: 5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('needs a session for non-public methods', async () => {
    expect(await t.raw('customer.search', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.raw('customer.search', {}, 'forged-token')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('refuses a role that is not allowed with FORBIDDEN', async () => {
    const sales = await t.user('sales')
    const r = await t.raw('user.create', { username: 'x1', password: 'pass1234', displayName: 'x', role: 'sales' }, sales.token)
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('answers output drift with INTERNAL, a request id and no stack', async () => {
    const r = await dispatch('probe.drift', {}, { token: t.adminToken })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('INTERNAL')
    expect(r.error.message).toMatch(/请求号 [0-9a-f]{8}/)
    expect(JSON.stringify(r)).not.toMatch(/at .*\.ts|stack|ZodError/)
    expect(logged.some((l) => l.includes('probe.drift') && l.includes('does not match'))).toBe(true)
  })

  it('answers an unexpected exception with INTERNAL, logs it, and leaks nothing', async () => {
    const r = await dispatch('probe.crash', {}, { token: t.adminToken })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('INTERNAL')
    expect(JSON.stringify(r)).not.toContain('boom')
    expect(JSON.stringify(r)).not.toContain('.ts:')
    const requestId = (r.error.details as { requestId: string }).requestId
    expect(logged.some((l) => l.includes(requestId) && l.includes('boom'))).toBe(true)
  })

  it('rolls back the writes of a failed write method', async () => {
    const r = await dispatch('probe.rollback', { key: 'probe-rollback' }, { token: t.adminToken })
    expect(r).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    const rows = await t.core.dataSource.query(`SELECT * FROM settings WHERE "key" = 'probe-rollback'`)
    expect(rows).toHaveLength(0)
  })

  it('maps a unique-constraint violation that a service did not pre-check to CONFLICT', async () => {
    const r = await dispatch('probe.unique', {}, { token: t.adminToken })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('treats null input like an empty object', async () => {
    expect(await t.raw('auth.status', null)).toMatchObject({ ok: true, data: { needsSetup: false } })
  })

  it('serialises writes: parallel writes never interleave', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.raw('customer.create', { name: `并发写入测试${i}号公司`, confirmDuplicate: true }, t.adminToken)),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    const codes = results.map((r) => (r.ok ? (r.data as { code: string }).code : ''))
    expect(new Set(codes).size).toBe(20)
  })
})
