import type { Ctx } from '../contract/method'
import { AppError, appError, notFound } from '../contract/errors'
import { hasCoreMessage, msgRef, renderMessage, type CoreMessageKey, type MessageParams, type MessageRef, type ParamValue } from '../i18n/i18n'
import { UserEntity } from './auth.entity'
import { CustomerEntity } from '../customer/customer.entity'
import { CAPABILITIES, FIELD_LABELS, hasCapability, scopeOf, type Capability, type FieldRule, type Scope, type TableCapability } from './permissions'

/**
 * The checks of permissions.ts at run time: whether the caller may use a capability on a record (by the owner
 * of its customer), and the per-field rules of methods that mix fields. Refusals are FORBIDDEN and name what is
 * refused; records the caller cannot see at all stay NOT_FOUND (the loaders check that first).
 */

/** The caller and, for a manager, the team (the users whose manager they are). */
export async function teamOf(ctx: Ctx): Promise<number[]> {
  if (ctx.user.role !== 'manager') return [ctx.user.id]
  const team = await ctx.em.getRepository(UserEntity).find({ where: { managerId: ctx.user.id }, select: { id: true } })
  return [ctx.user.id, ...team.map((u) => u.id)]
}

export function scopeAllows(scope: Scope, ownerId: number | null, me: number, team: number[]): boolean {
  switch (scope) {
    case 'all':
      return true
    case 'team+pool':
      return ownerId === null || team.includes(ownerId)
    case 'own+pool':
      return ownerId === null || ownerId === me
    case 'team':
      return ownerId !== null && team.includes(ownerId)
    case 'own':
      return ownerId === me
    case 'pool':
      return ownerId === null
    default:
      return false
  }
}

function capabilityName(cap: Capability): MessageRef {
  if (cap === 'read' || cap === 'self' || cap === 'public') return msgRef('capability.this')
  const name = (cap.startsWith('see:') ? cap.slice(4) : cap) as TableCapability
  return hasCoreMessage(`capability.${name}`) ? msgRef(`capability.${name}` as CoreMessageKey) : { key: 'error.text', params: { text: CAPABILITIES[name].what } }
}

/** A field named in a refusal: its label as a message when it has one, else its name. */
const fieldLabel = (field: string): ParamValue => (FIELD_LABELS[field] && hasCoreMessage(`fieldLabel.${field}`) ? msgRef(`fieldLabel.${field}` as CoreMessageKey) : (FIELD_LABELS[field] ?? field))

/** FORBIDDEN naming a field: `top` for the whole error, `issue` under the field. */
function fieldRefusal(field: string, top: CoreMessageKey, topParams: MessageParams, issueKey: CoreMessageKey, issueParams: MessageParams, details: Record<string, unknown> = {}) {
  const issue = { path: field, message: renderMessage(issueKey, issueParams), code: 'custom', key: issueKey, params: issueParams }
  return appError('FORBIDDEN', top, topParams, { field, ...details, issues: [issue] })
}

/**
 * The caller may use `cap` on a record whose customer is owned by `ownerId` (null: the public pool).
 * The record must already be visible to the caller (loaded through the scoped loaders).
 */
export async function requireScope(ctx: Ctx, cap: Capability, ownerId: number | null): Promise<void> {
  const scope = scopeOf(cap, ctx.user.role)
  if (scope === 'none' || scope === 'see') throw appError('FORBIDDEN', 'auth.noCapability', { what: capabilityName(cap) }, { capability: cap })
  if (scope === 'all') return
  if (scopeAllows(scope, ownerId, ctx.user.id, await teamOf(ctx))) return
  const hint = ownerId === null && (scope === 'own' || scope === 'team') ? msgRef('auth.poolHint') : ''
  throw appError('FORBIDDEN', 'auth.scopeOnly', { scope: msgRef(`scope.${scope}` as CoreMessageKey), what: capabilityName(cap), hint }, { capability: cap, scope })
}

/** `requireScope` for a document by its customer (the caller has already loaded the document through its scoped loader). */
export async function requireCustomerScope(ctx: Ctx, cap: Capability, customerId: number): Promise<void> {
  const c = await ctx.em.getRepository(CustomerEntity).findOne({ where: { id: customerId }, select: { id: true, ownerId: true } })
  await requireScope(ctx, cap, c?.ownerId ?? null)
}

/**
 * The person a record is booked under (order.salespersonId, opportunity.ownerId, a new customer's ownerId) by
 * the scope of `cap`: own → only oneself; own+pool → oneself or nobody (the pool); team / team+pool → oneself,
 * the team or nobody; all → anyone.
 */
export async function requireAssignee(ctx: Ctx, cap: Capability, field: string, userId: number | null): Promise<void> {
  const scope = scopeOf(cap, ctx.user.role)
  if (scope === 'all') return
  const label = fieldLabel(field)
  if (scope === 'own' || scope === 'own+pool') {
    if (userId === ctx.user.id || (scope === 'own+pool' && userId === null)) return
    const may: CoreMessageKey = scope === 'own' ? 'auth.assigneeSelf' : 'auth.assigneeSelfOrPool'
    throw fieldRefusal(field, 'auth.notForOthers', { message: msgRef(may, { label }), field }, may, { label })
  }
  if (userId === null || (await teamOf(ctx)).includes(userId)) return
  throw fieldRefusal(field, 'auth.withField', { message: msgRef('auth.assigneeTeam', { label }), field }, 'auth.assigneeTeam', { label })
}

/**
 * The per-field rules of a method for the fields a call actually changes (a field sent with the value it already
 * has is no change): a field needing a capability the role lacks, or a 'never' field, is FORBIDDEN naming it.
 * Fields without a rule need the method's own capability (a role admitted only for some fields changes nothing else).
 * 'assignee' fields are checked by `requireAssignee` where the value is known.
 */
export function requireFields(
  ctx: Ctx,
  perm: { capability: Capability; fields?: Readonly<Record<string, FieldRule>> },
  changed: Record<string, unknown>,
): void {
  const role = ctx.user.role
  for (const field of Object.keys(changed)) {
    if (changed[field] === undefined) continue
    const rule = perm.fields?.[field]
    const label = fieldLabel(field)
    if (rule === 'never') {
      const how = msgRef(field === 'ownerId' ? 'auth.howOwner' : 'auth.howElse')
      throw fieldRefusal(field, 'auth.fieldNotHereHow', { label, how, field }, 'auth.fieldNotHere', { label })
    }
    const need: Capability = rule && rule !== 'assignee' ? (rule as TableCapability) : perm.capability
    if (!hasCapability(role, need)) {
      throw fieldRefusal(field, 'auth.fieldNeeds', { label, field, what: capabilityName(need) }, 'auth.fieldNoRight', { label }, { capability: need })
    }
  }
}

/** The fields of `input` whose value differs from `before` (undefined = not sent). */
export function changedFields<T extends object>(before: T | null, input: Record<string, unknown>, defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue
    const was = before ? (before as Record<string, unknown>)[k] : defaults[k]
    if (JSON.stringify(was) !== JSON.stringify(v)) out[k] = v
  }
  return out
}

/**
 * Loads a parent record (`loadVisible(customerId)`, `loadShipment(…)`) for a child looked up by id, answering
 * NOT_FOUND in the child's words whatever the parent said: an id of someone else's record and an unknown id get
 * the same answer.
 */
export async function hideAs<T>(what: string, parent: Promise<T>): Promise<T> {
  try {
    return await parent
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound(what)
    throw e
  }
}
