import type { z } from 'zod'
import type { EntityManager } from 'typeorm'
import type { Role } from './types'
import type { Capability, FieldRule, TableCapability } from '../auth/permissions'
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
  /** Where the call came from (HTTP: the peer's IP address; IPC: 'local'); login throttling counts per address. */
  clientAddress?: string
  /** Per-core memory for rate limits and throttles (lost on restart; never business data). */
  memory: Map<string, unknown>
  /**
   * Runs `job` in a write transaction: the call's own when the call is a write, otherwise one queued
   * through the single writer (awaited). For the few writes a read needs (a session's last-seen time).
   */
  inWriteTx<T>(job: (em: EntityManager) => Promise<T>): Promise<T>
}

export type Access = 'public' | 'authenticated' | readonly Role[]

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string, P = undefined> {
  /** `noun.verb`; kept as a literal type so the renderer's method map (contract/api.ts) is derived from these definitions. */
  name: N
  summary?: string
  input: I
  output: O
  access: Access
  /**
   * The capability of DOMAIN.md's role table this method exercises (src/core/auth/permissions.ts): spread
   * `...can('salesDocs')` to set it together with `access`, which is derived from the table.
   */
  capability?: Capability
  /** capabilities that admit more roles for some fields only (customer.update: finance sets the credit fields) */
  alsoFor?: readonly TableCapability[]
  /** per-field rules of a method that mixes fields (which role may change which field) */
  fields?: Readonly<Record<string, FieldRule>>
  /** Writes run in the single write queue, inside one transaction; reads run beside it on a read connection. */
  write: boolean
  /**
   * Writes only: the slow part (password hashing, rendering) run before the handler, OUTSIDE the write
   * queue, with the read connection in `ctx.em` (session and role already checked). Whatever it returns
   * is the handler's third argument; the handler re-checks in its transaction what it relies on.
   */
  prepare?: (ctx: Ctx, input: z.output<I>) => Promise<P>
  /**
   * PostgreSQL only: the isolation of this write's transaction (writes run at once on the pool there).
   * Default SERIALIZABLE, retried on a serialization failure. 'READ COMMITTED' only for a write whose shared
   * state is row-locked by its own UPDATEs (the numbering counter's `next = next + 1`) and versioned rows, so
   * that racers queue on the counter row instead of failing and starting over (order.create).
   */
  pgIsolation?: 'SERIALIZABLE' | 'READ COMMITTED'
  /**
   * A larger input than the HTTP default (1 MB) this method accepts, in bytes (import.*: a spreadsheet as base64).
   * The HTTP host gives the method's route this body limit; the dispatcher refuses a bigger input on every
   * transport (IPC included) with PAYLOAD_TOO_LARGE.
   */
  maxInputBytes?: number
  handler: (ctx: Ctx, input: z.output<I>, prepared: P) => Promise<z.input<O>> | z.input<O>
}

export function defineMethod<const N extends string, I extends z.ZodType, O extends z.ZodType, P = undefined>(def: MethodDef<I, O, N, P>): MethodDef<I, O, N, P> {
  if (!/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/.test(def.name)) throw new Error(`method name must be noun.verb: ${def.name}`)
  return def
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethod = MethodDef<z.ZodType, z.ZodType, string, any>
