/**
 * The renderer's typed view of the core contract, derived at compile time from the method
 * definitions themselves (src/core/contract/api.ts: `z.input` of each input schema, `z.output`
 * of each output schema). `import type` only: nothing of the core enters the browser bundle.
 *
 *   invoke('order.get', { id })          // checked against the real zod schemas
 *   type Order = MethodOut<'order.get'>  // a screen's named type is an alias, never a copy
 */
import type { ContractMethods } from '../../core/contract/api'

/**
 * Legacy hand-written entries (`declare module '../../app/methods' { interface MethodMap … }`)
 * still win over the derived ones while they exist; they are being deleted (issue 9).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MethodMap {}

export type MethodName = keyof ContractMethods | keyof MethodMap
type Entry<M extends MethodName> = M extends keyof MethodMap
  ? MethodMap[M] extends { in: infer I; out: infer O }
    ? { in: I; out: O }
    : never
  : M extends keyof ContractMethods
    ? ContractMethods[M]
    : never
export type MethodIn<M extends MethodName> = Entry<M>['in']
export type MethodOut<M extends MethodName> = Entry<M>['out']
/** The element type of a method's `items` list. */
export type ItemOf<M extends MethodName> = MethodOut<M> extends { items: (infer T)[] } ? T : never

/** `{items, total}`: every list the core answers is server-paged. */
export interface Page<T> {
  items: T[]
  total: number
}

export interface PageParams {
  page?: number
  pageSize?: number
}
