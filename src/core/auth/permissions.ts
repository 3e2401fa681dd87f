/**
 * DOMAIN.md's table "What each role may change", as data. Every contract method names the capability it
 * exercises (`...can('salesDocs')`); its roles are derived from this table, and the authorisation matrix test
 * (authz.matrix.test.ts) checks every method × every role against it. Import-free apart from the roles, so the
 * renderer imports it as a value to hide what a role may not do (the core stays the judge).
 *
 * A scope says on which records the role may use the capability ("own" = customers the user owns and the
 * documents of those customers; "team" = the manager's and their team's; "pool" = customers without an owner).
 * The data scope for reading still applies on top: a manager's "all" reaches what the team sees.
 */
import { ROLES, type Role } from './roles'

export type Scope = 'all' | 'team+pool' | 'own+pool' | 'team' | 'own' | 'pool' | 'see' | 'none'

interface CapabilityRow {
  /** the row of DOMAIN.md's table, as it is written there */
  row: string
  /** what the refusal names: "只能处理自己名下客户的<what>" */
  what: string
  roles: Record<Role, Scope>
}

const row = (r: string, what: string, admin: Scope, manager: Scope, sales: Scope, clerk: Scope, finance: Scope, owner: Scope): CapabilityRow => ({
  row: r,
  what,
  roles: { admin, manager, sales, clerk, finance, owner },
})

//                                   DOMAIN.md row                                        refusal noun            admin  manager      sales       clerk   finance owner
export const CAPABILITIES = {
  customerEdit: row('create customers; edit their basic data', '客户资料', 'all', 'team+pool', 'own+pool', 'none', 'none', 'none'),
  contacts: row('contacts, shipping addresses', '联系人和收货地址', 'all', 'team+pool', 'own', 'all', 'none', 'none'),
  followUps: row('follow-ups (跟进, 回访, 催款)', '跟进记录', 'all', 'all', 'own', 'all', 'all', 'none'),
  credit: row('credit limit, payment terms', '信用额度和账期', 'all', 'all', 'none', 'none', 'all', 'none'),
  // "customer owner: assign / claim / release — ✓ | team | claim from pool, release own": one row, three methods
  // 撞单: a customer whose name another salesperson's customer has, after confirming with a reason (logged)
  customerDuplicate: row('create a customer another salesperson owns by name (撞单, with a reason)', '重名客户', 'all', 'all', 'none', 'none', 'none', 'none'),
  ownerAssign: row('customer owner: assign', '客户分配', 'all', 'team', 'none', 'none', 'none', 'none'),
  ownerClaim: row('customer owner: claim', '领取客户', 'all', 'pool', 'pool', 'none', 'none', 'none'),
  ownerRelease: row('customer owner: release', '释放客户', 'all', 'team', 'own', 'none', 'none', 'none'),
  salesDocs: row('opportunities, quotes, orders (salesperson = self for sales)', '商机、报价和订单', 'all', 'team', 'own', 'all', 'none', 'none'),
  approve: row('approve / unapprove / send back (驳回) orders', '订单审核', 'all', 'team', 'none', 'none', 'none', 'none'),
  shipping: row('shipments, returns, confirm delivery', '发货、退货和签收', 'all', 'all', 'own', 'all', 'none', 'none'),
  financeDocs: row('receipts, allocation, invoice records', '收款、核销和开票', 'all', 'all', 'none', 'none', 'all', 'none'),
  products: row('products, stock adjustments', '商品和库存', 'all', 'all', 'none', 'all', 'none', 'none'),
  costPrice: row('product cost price (see and change)', '成本价', 'all', 'all', 'none', 'none', 'all', 'see'),
  targets: row('targets', '销售目标', 'all', 'team', 'none', 'none', 'none', 'none'),
  administration: row('settings, users, print templates, backups, imports', '系统设置', 'all', 'none', 'none', 'none', 'none', 'none'),
  exports: row('exports', '导出', 'all', 'all', 'own', 'all', 'all', 'all'),
} as const satisfies Record<string, CapabilityRow>

export type TableCapability = keyof typeof CAPABILITIES
/**
 * Besides the table: `read` — reading what the data scope shows (everyone); `self` — one's own session and
 * password (everyone, the owner included); `public` — before sign-in (login, first-run setup).
 */
export type Capability = TableCapability | SeeCapability | 'read' | 'self' | 'public'
/** Seeing what a row of the table guards, where seeing is itself restricted (`see:costPrice`: the owner sees cost prices). */
export type SeeCapability = `see:${TableCapability}`

/** The scope a role has for a capability ('read'/'self' are everyone's, within their data scope). */
export function scopeOf(cap: Capability, role: Role): Scope {
  if (cap === 'read' || cap === 'self' || cap === 'public') return 'all'
  if (cap.startsWith('see:')) return CAPABILITIES[cap.slice(4) as TableCapability].roles[role] === 'none' ? 'none' : 'all'
  return CAPABILITIES[cap as TableCapability].roles[role]
}

/** Roles that may change something with the capability (a "see" cell reads only). */
export function rolesFor(cap: TableCapability): Role[] {
  return ROLES.filter((r) => {
    const s = scopeOf(cap, r)
    return s !== 'none' && s !== 'see'
  })
}

export function hasCapability(role: Role, cap: Capability): boolean {
  const s = scopeOf(cap, role)
  return s !== 'none' && s !== 'see'
}

/**
 * A field of a method that mixes fields and needs more than the method's capability:
 * - a capability: only roles having it may change the field (`creditLimitFen: 'credit'`);
 * - 'never': the field is not changed through this method at all (`ownerId` on customer.update: assign / claim / release);
 * - 'assignee': the value is a person the caller may book the record under, by the scope of the method's
 *   capability: own → only oneself, team → oneself or one's team, all → anyone (order.salespersonId).
 */
export type FieldRule = TableCapability | 'never' | 'assignee'

/** A method declares what it does with a row of the table. `can('see:costPrice')` reads what only some roles see. */

/** What a method declares about authorisation: spread into defineMethod as `...can('credit')`. */
export interface Permission {
  capability: Capability
  /** capabilities that admit more roles for some fields only (customer.update: finance sets credit fields) */
  alsoFor?: readonly TableCapability[]
  access: 'public' | 'authenticated' | readonly Role[]
  fields?: Readonly<Record<string, FieldRule>>
}

/**
 * The method's capability and the roles derived from it. `alsoFor` adds the roles of capabilities that some of
 * its fields need: such a role may change those fields and nothing else (the field rules check it).
 */
export function can(cap: Capability, fields?: Readonly<Record<string, FieldRule>>, alsoFor: readonly TableCapability[] = []): Permission {
  const extra = { ...(fields ? { fields } : {}), ...(alsoFor.length ? { alsoFor } : {}) }
  if (cap === 'public') return { capability: cap, access: 'public', ...extra }
  if (cap === 'read' || cap === 'self') return { capability: cap, access: 'authenticated', ...extra }
  return { capability: cap, access: ROLES.filter((r) => hasCapability(r, cap) || alsoFor.some((c) => hasCapability(r, c))), ...extra }
}

/** The roles a permission admits, from the table alone (what the matrix test expects). */
/** The Chinese name of a field in refusals. */
export const FIELD_LABELS: Record<string, string> = {
  creditLimitFen: '信用额度',
  paymentTermDays: '账期',
  ownerId: '负责人',
  salespersonId: '业务员',
  customerId: '客户',
  teamManagerId: '团队',
  name: '客户名称',
  shortName: '简称',
  code: '客户编码',
  stage: '客户阶段',
  tags: '标签',
  remark: '备注',
  applyPrepayment: '用预收款核销',
}

/** The field rules of the methods that mix fields (also shown by system.methods and checked by the tests). */
export const CUSTOMER_CREATE_FIELDS = { creditLimitFen: 'credit', paymentTermDays: 'credit', ownerId: 'assignee' } as const satisfies Record<string, FieldRule>
export const CUSTOMER_UPDATE_FIELDS = { creditLimitFen: 'credit', paymentTermDays: 'credit', ownerId: 'never' } as const satisfies Record<string, FieldRule>
export const ORDER_FIELDS = { salespersonId: 'assignee', paymentTermDays: 'credit' } as const satisfies Record<string, FieldRule>
export const OPPORTUNITY_FIELDS = { ownerId: 'assignee' } as const satisfies Record<string, FieldRule>
export const TARGET_FIELDS = { salespersonId: 'assignee', teamManagerId: 'assignee' } as const satisfies Record<string, FieldRule>
/** Applying prepayments while shipping is an allocation (核销): finance's, not the shipper's. */
export const SHIPMENT_CREATE_FIELDS = { applyPrepayment: 'financeDocs' } as const satisfies Record<string, FieldRule>
