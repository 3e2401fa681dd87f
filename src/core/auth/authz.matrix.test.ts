import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { buildRegistry } from '../methods'
import { ROLES, type Role } from './roles'
import { CAPABILITIES, type TableCapability } from './permissions'

/**
 * The authorisation matrix: every method of `system.methods` × every role, expecting what DOMAIN.md's role table
 * ("What each role may change", CAPABILITIES in permissions.ts) says for the capability the method names —
 * not what the method's own access list says. A role the table gives the capability (any scope but "none", or
 * "see" only) passes the role check and gets as far as validating the input; any other role gets FORBIDDEN.
 * The probe input is a bare string, which no method accepts, so nothing runs.
 */
interface MethodInfo {
  name: string
  roles: string[] | 'public' | 'authenticated'
  capability: string | null
  alsoFor: string[]
  fields: Record<string, string>
}

/** From the table alone: the roles whose cell for any of the capabilities lets them change something. */
function tableRoles(capabilities: string[]): Role[] {
  return ROLES.filter((r) =>
    capabilities.some((c) => {
      // `see:<row>`: reading what the row guards — every role whose cell is not "none" (the owner's "see" too)
      const seeing = c.startsWith('see:')
      const cell = CAPABILITIES[(seeing ? c.slice(4) : c) as TableCapability]?.roles[r]
      return cell !== undefined && cell !== 'none' && (seeing || cell !== 'see')
    }),
  )
}

let t: TestCore
let methods: MethodInfo[]
const tokens = {} as Record<Role, string>

beforeAll(async () => {
  t = await createTestCore()
  tokens.admin = t.adminToken
  for (const role of ROLES) if (role !== 'admin') tokens[role] = (await t.user(role)).token
  methods = (await t.call<{ items: MethodInfo[] }>('system.methods', {}, t.adminToken)).items
})
afterAll(() => t.close())

describe('authorisation matrix (system.methods × roles)', () => {
  it('every method names the capability of the role table it exercises', () => {
    const known = new Set([...Object.keys(CAPABILITIES), ...Object.keys(CAPABILITIES).map((c) => `see:${c}`), 'read', 'self', 'public'])
    const missing = methods.filter((m) => !m.capability || !known.has(m.capability)).map((m) => m.name)
    expect(missing, 'annotate these with ...can(<capability>) from src/core/auth/permissions.ts').toEqual([])
    expect(methods.length).toBeGreaterThan(90)
  })

  it('a method that writes business data names a capability of the table (never plain read)', () => {
    const registry = buildRegistry()
    const writesAsRead = registry
      .list()
      .filter((m) => m.write && (m.capability === 'read' || m.capability === undefined || m.capability.startsWith('see:')))
      // printing is reading what one may see (it runs as a write only to render outside the write queue / log the print)
      .filter((m) => !m.name.startsWith('print.'))
      .map((m) => m.name)
    expect(writesAsRead).toEqual([])
    // only the signed-in user's own session and password are 'self'; before sign-in 'public'
    expect(methods.filter((m) => m.capability === 'self').map((m) => m.name).sort()).toEqual(['auth.changePassword', 'auth.logout', 'auth.me'])
    expect(methods.filter((m) => m.capability === 'public').map((m) => m.name).sort()).toEqual(['auth.login', 'auth.setup', 'auth.status'])
  })

  it('the roles each method declares are the roles the table gives its capability', () => {
    const wrong: string[] = []
    for (const m of methods) {
      if (!m.capability || ['read', 'self', 'public'].includes(m.capability)) {
        const want = m.capability === 'public' ? 'public' : 'authenticated'
        if (m.roles !== want) wrong.push(`${m.name}: ${JSON.stringify(m.roles)} ≠ ${want}`)
        continue
      }
      const want = tableRoles([m.capability, ...m.alsoFor])
      if (!Array.isArray(m.roles) || [...m.roles].sort().join() !== [...want].sort().join()) wrong.push(`${m.name}: ${JSON.stringify(m.roles)} ≠ ${JSON.stringify(want)}`)
    }
    expect(wrong).toEqual([])
  })

  it('every method × every role: the dispatcher lets exactly the table roles past the role check', async () => {
    const wrong: string[] = []
    for (const m of methods) {
      if (m.capability === 'public') continue
      const allowed = m.capability && !['read', 'self'].includes(m.capability) ? tableRoles([m.capability, ...m.alsoFor]) : [...ROLES]
      for (const role of ROLES) {
        const r = await t.raw(m.name, 'probe', tokens[role])
        const code = r.ok ? 'OK' : r.error.code
        const expected = allowed.includes(role) ? 'VALIDATION' : 'FORBIDDEN'
        if (code !== expected) wrong.push(`${m.name} as ${role}: ${code}, expected ${expected}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('the owner is read-only everywhere: every method the owner may call reads, or is the owner’s own session', () => {
    const ownerWrites = buildRegistry()
      .list()
      .filter((m) => m.write && m.capability !== 'read' && m.access !== 'public' && (m.access === 'authenticated' || m.access.includes('owner')))
      .map((m) => `${m.name} (${m.capability})`)
    expect(ownerWrites).toEqual(['auth.changePassword (self)', 'auth.logout (self)'])
  })

  it('methods that mix fields carry their field rules (credit, owner, salesperson)', () => {
    const fields = Object.fromEntries(methods.filter((m) => Object.keys(m.fields).length).map((m) => [m.name, m.fields]))
    expect(fields['customer.update']).toEqual({ creditLimitFen: 'credit', paymentTermDays: 'credit', ownerId: 'never' })
    expect(fields['customer.create']).toEqual({ creditLimitFen: 'credit', paymentTermDays: 'credit', ownerId: 'assignee' })
    expect(fields['order.create']).toEqual({ salespersonId: 'assignee', paymentTermDays: 'credit' })
    expect(fields['order.update']).toEqual({ salespersonId: 'assignee', paymentTermDays: 'credit' })
    expect(fields['opportunity.create']).toEqual({ ownerId: 'assignee' })
    expect(fields['opportunity.update']).toEqual({ ownerId: 'assignee' })
    expect(fields['shipment.create']).toEqual({ applyPrepayment: 'financeDocs' })
    // finance reaches customer.update for the credit fields only
    expect(methods.find((m) => m.name === 'customer.update')!.alsoFor).toEqual(['credit'])
  })

  it('every input field that is a business control (credit, payment terms, owner, salesperson) has a field rule', () => {
    const controls = ['creditLimitFen', 'paymentTermDays', 'ownerId', 'salespersonId']
    const allowedWithout: Record<string, string[]> = {
      // these are the methods whose very job is the control: the role table decides who calls them at all
      'customer.assign': ['ownerId'],
      // filters of reads, not changes
      'customer.search': ['ownerId'],
      'order.search': ['salespersonId', 'ownerId'],
      'opportunity.search': ['ownerId'],
    }
    const missing: string[] = []
    for (const m of buildRegistry().list()) {
      if (!m.write && !allowedWithout[m.name]) continue
      const shape = (m.input as unknown as { shape?: Record<string, unknown> }).shape ?? {}
      for (const f of controls) {
        if (!(f in shape)) continue
        if (allowedWithout[m.name]?.includes(f)) continue
        if (!m.fields?.[f]) missing.push(`${m.name}.${f}`)
      }
    }
    expect(missing).toEqual([])
  })
})
