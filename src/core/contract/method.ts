import type { z } from 'zod'
import type { EntityManager } from 'typeorm'
import type { Role } from './types'
import type { Locale } from '../i18n/locale'

export interface SessionUser {
  id: number
  username: string
  displayName: string
  role: Role
  managerId: number | null
}

export interface Ctx {
  /** The signed-in user; undefined only inside public methods. */
  user: SessionUser
  /** The entity manager of this call: inside the call's transaction for writes. */
  em: EntityManager
  /** Injected clock. */
  now(): Date
  /** today as YYYY-MM-DD in the company's time zone. */
  today(): string
  /** The session token of this call (for logout). */
  token?: string
  engine: 'sqlite' | 'postgres'
  requestId: string
  /** The caller's language (zh-CN unless asked otherwise): for labels and texts a service builds itself. */
  locale: Locale
}

export type Access = 'public' | 'authenticated' | readonly Role[]

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string> {
  /** `noun.verb`; kept as a literal type so the renderer's method map (contract/api.ts) is derived from these definitions. */
  name: N
  summary?: string
  input: I
  output: O
  access: Access
  /** Writes run in the single write queue, inside one transaction. */
  write: boolean
  handler: (ctx: Ctx, input: z.output<I>) => Promise<z.input<O>> | z.input<O>
}

export function defineMethod<const N extends string, I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O, N>): MethodDef<I, O, N> {
  if (!/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/.test(def.name)) throw new Error(`method name must be noun.verb: ${def.name}`)
  return def
}

export type AnyMethod = MethodDef<z.ZodType, z.ZodType>
