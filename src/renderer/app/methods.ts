/**
 * The renderer's typed view of the core contract, derived at compile time from the method
 * definitions themselves (src/core/contract/api.ts: `z.input` of each input schema, `z.output`
 * of each output schema). `import type` only: nothing of the core enters the browser bundle.
 *
 *   invoke('order.get', { id })          // checked against the real zod schemas
 *   type Order = MethodOut<'order.get'>  // a screen's named type is an alias, never a copy
 */
import type { ContractMethods } from '../../core/contract/api'
import type { DesktopMethods } from '../../main/desktop-methods'

/** Every method the renderer can call: the core's contract, and the `desktop.*` methods Electron's main answers. */
export type MethodMap = ContractMethods & DesktopMethods
export type MethodName = keyof MethodMap
export type MethodIn<M extends MethodName> = MethodMap[M]['in']
export type MethodOut<M extends MethodName> = MethodMap[M]['out']
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
