import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Generated from system.methods: every method that takes a record by id answers an id of a record outside the
 * caller's data scope exactly as it answers an id that does not exist (same code, same message) — so nobody can
 * tell another salesperson's records from missing ones. The caller is a salesperson; the records are a
 * colleague's customer and its documents.
 */
interface MethodInfo {
  name: string
  inputSchema: { properties?: Record<string, unknown>; required?: string[] }
}

let t: TestCore
let methods: MethodInfo[]
let sales: string
const ids: Record<string, number> = {}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  const admin = t.adminToken
  sales = (await t.user('sales', { displayName: '张三' })).token
  const other = await t.user('sales', { displayName: '李四' })
  const c = await t.call('customer.create', { name: '宁德海鲜批发行', contacts: [{ name: '林老板', mobile: '13700000000' }], addresses: [{ receiver: '林老板', address: '宁德市蕉城区' }] }, other.token)
  const full = await t.call('customer.get', { id: c.id }, admin)
  ids.customer = c.id
  ids.contact = full.contacts[0].id
  ids.address = full.addresses[0].id
  ids.product = (await t.call('product.create', { code: 'H1', name: '黄鱼', unit: '箱', salePrice: '100', initialStock: '100' }, admin)).id
  const o = await t.call('order.create', { customerId: c.id, lines: [{ productId: ids.product, quantity: '3' }] }, other.token)
  await t.call('order.submit', { id: o.id }, other.token)
  await t.call('order.approve', { id: o.id }, admin)
  ids.order = o.id
  const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '2' }] }, admin)
  ids.shipment = s.id
  ids.return = (await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '不新鲜' }, admin)).id
  ids.receipt = (await t.call('receipt.create', { customerId: c.id, amountFen: 1000, method: 'bank' }, admin)).id
  ids.invoice = (await t.call('invoice.create', { customerId: c.id, invoiceNo: 'FP100', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 1000, taxFen: 0, shipmentIds: [s.id] }, admin)).id
  ids.quote = (await t.call('quote.create', { customerId: c.id, lines: [{ productId: ids.product, quantity: '1' }] }, other.token)).id
  ids.opportunity = (await t.call('opportunity.create', { customerId: c.id, title: '春节备货' }, other.token)).id
  methods = (await t.call<{ items: MethodInfo[] }>('system.methods', {}, admin)).items
})
afterAll(() => t.close())

/** The record an `id` means, by the method's noun. */
const NOUN_ID: Record<string, string> = {
  customer: 'customer',
  contact: 'contact',
  address: 'address',
  order: 'order',
  quote: 'quote',
  shipment: 'shipment',
  return: 'return',
  receipt: 'receipt',
  invoice: 'invoice',
  opportunity: 'opportunity',
}
/** Fields that name a record of the colleague's customer. */
const REF_FIELDS: Record<string, string> = { customerId: 'customer', shipmentId: 'shipment', orderId: 'order', receiptId: 'receipt' }
/** Harmless values for the other required fields. */
const FILLERS: Record<string, unknown> = { version: 1, reason: '测试', content: '测试', productId: 0, from: '2026-11-01', to: '2026-11-30', deliveredOn: '2026-11-24', title: '测试', name: '测试', receiver: '测试', address: '测试' }

describe('an id outside the caller\'s scope answers like an unknown id (every method taking one)', () => {
  it('same code and message for the colleague\'s record and for a missing one', async () => {
    const checked: string[] = []
    const differ: string[] = []
    for (const m of methods) {
      const required = m.inputSchema.required ?? []
      const props = Object.keys(m.inputSchema.properties ?? {})
      const noun = m.name.split('.')[0]!
      const key = props.includes('id') && NOUN_ID[noun] ? 'id' : required.find((f) => REF_FIELDS[f])
      if (!key || m.name.startsWith('auth.') || m.name.startsWith('user.')) continue
      if (!required.every((f) => f === key || f in REF_FIELDS || f in FILLERS)) continue
      const input: Record<string, unknown> = {}
      for (const f of required) input[f] = f in REF_FIELDS ? ids[REF_FIELDS[f]!] : f === 'productId' ? ids.product : FILLERS[f]
      const record = key === 'id' ? NOUN_ID[noun]! : REF_FIELDS[key]!
      const real = await t.raw(m.name, { ...input, [key]: ids[record] }, sales)
      const unknown = await t.raw(m.name, { ...input, [key]: 999_999 }, sales)
      checked.push(m.name)
      const a = real.ok ? 'OK' : `${real.error.code} ${real.error.message}`
      const b = unknown.ok ? 'OK' : `${unknown.error.code} ${unknown.error.message}`
      if (a !== b || real.ok) differ.push(`${m.name}: ${a} | unknown: ${b}`)
    }
    expect(differ).toEqual([])
    expect(checked.length).toBeGreaterThan(40)
    // the generator reached the lookups it is about
    for (const name of ['customer.get', 'contact.update', 'contact.delete', 'address.update', 'order.get', 'order.cancel', 'quote.get', 'shipment.get', 'return.get', 'receipt.get', 'opportunity.get', 'print.deliveryNote', 'ar.statement', 'followUp.create', 'contact.list', 'invoice.void']) {
      expect(checked, name).toContain(name)
    }
  })
})
