import type { MethodIn, MethodName, MethodOut } from './methods'
import { getLocale, translate } from './i18n/i18n'

/** Error codes of the core (src/core/contract/errors.ts) plus NETWORK for an unreachable host. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BUSINESS_RULE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL'
  | 'NETWORK'

/** A message parameter: text, a number, or another message (`{key, params}`, e.g. a noun). */
export type MessageParam = string | number | boolean | null | { key: string; params?: Record<string, MessageParam> }

export interface ErrorBody {
  code: ErrorCode
  /** the server's text, already in the language the call was made in */
  message: string
  /** stable message key (core: src/core/i18n/messages.*.ts) and its parameters */
  key?: string
  params?: Record<string, MessageParam>
  details?: unknown
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** `{ok:false}` turned into something you can throw and `instanceof`. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  readonly method: string
  readonly key: string | undefined
  readonly params: Record<string, MessageParam>
  constructor(method: string, body: ErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.code = body.code
    this.details = body.details
    this.method = method
    this.key = body.key
    this.params = body.params ?? {}
  }
}

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code)
}

declare global {
  interface Window {
    /** Exposed by src/preload in Electron; absent in a browser served by the headless host. */
    api?: { invoke: (method: string, params?: unknown, locale?: string) => Promise<unknown> }
  }
}

const TOKEN_KEY = 'kedan.token'

export const tokenStore = {
  get(): string | null {
    try {
      return localStorage.getItem(TOKEN_KEY)
    } catch {
      return null
    }
  },
  set(token: string) {
    localStorage.setItem(TOKEN_KEY, token)
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY)
  },
}

type Listener = (err: ApiError) => void
const unauthListeners = new Set<Listener>()

/** Called whenever any call answers UNAUTHENTICATED (session expired, user disabled …). */
export function onUnauthenticated(fn: Listener): () => void {
  unauthListeners.add(fn)
  return () => unauthListeners.delete(fn)
}

/** Methods whose UNAUTHENTICATED answer is a normal result (wrong password), not a lost session. */
const SESSIONLESS = new Set(['auth.login', 'auth.setup', 'auth.status'])

/**
 * One call into the core, returning the envelope as it is.
 * Electron: `window.api.invoke` over IPC; main keeps each window's session token itself (src/main/ipc-router.ts),
 * the third argument is the UI language only. Browser: `POST api/<method>` with the bearer token from localStorage
 * and the UI language in `X-Kedan-Locale`: the server answers messages in that language.
 */
export async function invokeRaw(method: string, params?: unknown): Promise<Envelope<unknown>> {
  const token = tokenStore.get()
  try {
    if (window.api?.invoke) {
      return (await window.api.invoke(method, params ?? {}, getLocale())) as Envelope<unknown>
    }
    const res = await fetch(`api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kedan-locale': getLocale(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(params ?? {}),
    })
    const text = await res.text()
    try {
      return JSON.parse(text) as Envelope<unknown>
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: translate('error.badResponse', { status: res.status }) } }
    }
  } catch (e) {
    return { ok: false, error: { code: 'NETWORK', message: translate('error.NETWORK'), details: { cause: String(e) } } }
  }
}

/** Typed call: the data on success, an ApiError thrown otherwise. */
export async function invoke<M extends MethodName>(method: M, params: MethodIn<M>): Promise<MethodOut<M>> {
  const env = await invokeRaw(method, params)
  if (env.ok) return env.data as MethodOut<M>
  const err = new ApiError(method, env.error)
  if (err.code === 'UNAUTHENTICATED' && !SESSIONLESS.has(method)) for (const fn of unauthListeners) fn(err)
  throw err
}
