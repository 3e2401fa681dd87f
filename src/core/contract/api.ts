/**
 * The contract as types, for callers outside the core (the renderer): per method name, the
 * `z.input` of its input schema (what a caller may send) and the `z.output` of its output
 * schema (what it gets back). Derived from the method definitions registered in ../methods.ts,
 * so a renamed field in a schema is a compile error in every caller.
 *
 * Import with `import type` only: nothing here may enter the browser bundle.
 */
import type { z } from 'zod'
import type { methodGroups } from '../methods'
import type { systemMethods } from '../system/system.contract'

type AnyDef = { name: string; input: z.ZodType; output: z.ZodType }

/** Every registered method definition, as a union. */
export type MethodDefs = (typeof methodGroups)[number][number] | ReturnType<typeof systemMethods>[number]

/** `{ 'order.get': { in: …; out: … }, … }` */
export type ContractMethods = {
  [D in MethodDefs as D extends AnyDef ? D['name'] : never]: D extends AnyDef ? { in: z.input<D['input']>; out: z.output<D['output']> } : never
}

export type ContractMethodName = keyof ContractMethods
