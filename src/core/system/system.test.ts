import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { APP_VERSION } from '../version'

describe('system.methods and health', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('lists every registered method with its input as JSON Schema and its roles', async () => {
    const { items } = await t.call('system.methods', {}, t.adminToken)
    const registered = t.core.registry.list().map((m) => m.name)
    expect(items.map((m: { name: string }) => m.name)).toEqual(registered)
    for (const m of items) {
      expect(m.inputSchema, m.name).toBeTypeOf('object')
      expect(m.inputSchema.$schema ?? m.inputSchema.type ?? m.inputSchema.anyOf, m.name).toBeDefined()
      expect(JSON.stringify(m.inputSchema), m.name).not.toContain('"$ref"')
      expect(m.roles === 'public' || m.roles === 'authenticated' || Array.isArray(m.roles), m.name).toBe(true)
    }
    const byName = Object.fromEntries(items.map((m: { name: string }) => [m.name, m]))
    expect(byName['auth.login'].roles).toBe('public')
    expect(byName['customer.search'].roles).toBe('authenticated')
    expect(byName['user.create'].roles).toEqual(['admin'])
    expect(byName['customer.merge'].roles).toEqual(expect.arrayContaining(['admin', 'manager']))
    const create = byName['customer.create'].inputSchema
    expect(create.type).toBe('object')
    expect(create.required).toContain('name')
    expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['name', 'uscc', 'contacts', 'confirmDuplicate', 'creditLimitFen']))
    for (const name of ['auth.status', 'auth.setup', 'auth.login', 'auth.logout', 'auth.changePassword', 'user.create', 'user.list', 'user.update', 'user.disable', 'user.resetPassword',
      'customer.create', 'customer.update', 'customer.get', 'customer.search', 'customer.checkDuplicates', 'customer.merge', 'customer.claim', 'customer.release', 'customer.assign',
      'contact.create', 'contact.update', 'contact.delete', 'address.create', 'address.update', 'address.delete', 'followUp.create', 'followUp.list', 'followUp.due', 'auditLog.list', 'system.methods']) {
      expect(byName[name], name).toBeDefined()
    }
  })

  it('needs a session', async () => {
    expect(await t.raw('system.methods', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.raw('system.methods', {}, (await t.user('sales')).token)).toMatchObject({ ok: true })
  })

  it('reports version, engine and schema version', async () => {
    const h = await t.core.health()
    expect(h).toEqual({ version: APP_VERSION, engine: 'sqlite', schemaVersion: expect.stringMatching(/^\w+\d{13}$/) })
  })
})
