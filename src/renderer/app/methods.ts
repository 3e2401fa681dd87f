/**
 * The renderer's typed view of the core contract (src/core/**.contract.ts).
 *
 * Each feature augments `MethodMap` from its own `<feature>.types.ts`:
 *
 *   declare module '../../app/methods' {
 *     interface MethodMap { 'order.get': { in: { id: number }; out: Order } }
 *   }
 *
 * so `invoke('order.get', { id })` is checked against the contract without the renderer
 * importing server code (typeorm, node:*) into the browser bundle.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MethodMap {}

export type MethodName = keyof MethodMap
type Entry<M extends MethodName> = MethodMap[M] extends { in: infer I; out: infer O } ? { in: I; out: O } : never
export type MethodIn<M extends MethodName> = Entry<M>['in']
export type MethodOut<M extends MethodName> = Entry<M>['out']

/** `{items, total}`: every list the core answers is server-paged. */
export interface Page<T> {
  items: T[]
  total: number
}

export interface PageParams {
  page?: number
  pageSize?: number
}
