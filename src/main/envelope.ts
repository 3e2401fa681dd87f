import type { ErrorCode as CoreErrorCode } from '../core/contract/errors'

/**
 * The core's error codes plus NETWORK: a LAN client could not reach its host. The renderer's transport
 * uses the same code for an unreachable server (src/renderer/app/transport.ts), so it retries and
 * words it the same way in the browser and in Electron.
 */
export type ErrorCode = CoreErrorCode | 'NETWORK'

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** the core's stable message key and parameters (src/core/i18n) */
  key?: string
  params?: Record<string, unknown>
  details?: unknown
}

/** The contract's envelope (the core's answers fit it unchanged). */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** What every transport calls: the core's dispatcher, or the same contract forwarded to a LAN host. */
export type DispatchFn = (method: string, input: unknown, meta: { token?: string; locale?: string; clientAddress?: string }) => Promise<Envelope<unknown>>

export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data })

export function fail(code: ErrorCode, message: string, details?: unknown): Envelope<never> {
  return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } }
}

/** True when a value has the envelope shape `{ok:true,data}` or `{ok:false,error:{code,message}}`. */
export function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (!v || typeof v !== 'object') return false
  const e = v as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } }
  if (e.ok === true) return 'data' in e
  if (e.ok === false) return !!e.error && typeof e.error.code === 'string' && typeof e.error.message === 'string'
  return false
}
