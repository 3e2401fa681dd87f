import { DEFAULT_LOCALE, entityRef, msgRef, renderMessage, type CoreMessageKey, type EntityLabel, type Locale, type MessageParams } from '../i18n/i18n'

/** The one error type of Kedan. Everything a caller can get wrong is an AppError with a code. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'BUSINESS_RULE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUSINESS_RULE: 422,
  PAYLOAD_TOO_LARGE: 413,
  /** the HTTP host takes `Content-Type: application/json` only (a cross-site "simple" POST is refused) */
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
}

/**
 * Every AppError carries a stable message `key` and its `params` besides the text, so the text can be
 * rendered in the caller's language (src/core/i18n). Build new ones with `appError(code, key, params)`;
 * `new AppError(code, '中文', details)` still works and travels as key `error.text` ({text}).
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  readonly key: string
  readonly params: MessageParams
  constructor(code: ErrorCode, message: string, details?: unknown, key?: string, params?: MessageParams) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
    this.key = key ?? 'error.text'
    this.params = params ?? (key ? {} : { text: message })
  }
  /**
   * The wire body with the message in `locale` (a legacy text stays as it was written); field issues in
   * `details.issues` that carry a key are rendered in `locale` too.
   */
  body(locale: Locale = DEFAULT_LOCALE): ErrorBody {
    const message = this.key === 'error.text' ? this.message : renderMessage(this.key, this.params, locale)
    return { code: this.code, message, key: this.key, params: this.params, ...(this.details === undefined ? {} : { details: localizeIssues(this.details, locale) }) }
  }
  toJSON(): ErrorBody {
    return this.body()
  }
}

/** A keyed error: `appError('BUSINESS_RULE', 'order.overShip', { product, open })`. */
export function appError(code: ErrorCode, key: CoreMessageKey, params?: MessageParams, details?: unknown): AppError {
  return new AppError(code, renderMessage(key, params, DEFAULT_LOCALE), details, key, params ?? {})
}

/** A field problem with a key: `fieldError('contactId', 'order.contactNotOfCustomer')` → VALIDATION `contactId: 联系人不属于该客户`. */
export function fieldError(path: string, key: CoreMessageKey, params?: MessageParams, code: ErrorCode = 'VALIDATION', details: Record<string, unknown> = {}): AppError {
  const issue = { path, message: renderMessage(key, params, DEFAULT_LOCALE), code: 'custom', key, ...(params ? { params } : {}) }
  return appError(code, 'validation.field', { path, message: msgRef(key, params) }, { ...details, issues: [issue] })
}

function localizeIssues(details: unknown, locale: Locale): unknown {
  const d = details as { issues?: unknown }
  if (locale === DEFAULT_LOCALE || !d || typeof d !== 'object' || !Array.isArray(d.issues)) return details
  const issues = d.issues.map((i: { key?: unknown; params?: MessageParams }) =>
    i && typeof i.key === 'string' ? { ...i, message: renderMessage(i.key, i.params, locale) } : i,
  )
  return { ...(details as object), issues }
}

export interface ErrorBody {
  code: ErrorCode
  /** the text in the caller's language */
  message: string
  /** stable message key (src/core/i18n/messages.*.ts) and its parameters; absent only on transport-made errors */
  key?: string
  params?: MessageParams
  details?: unknown
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** `notFound('客户')`: the noun is one of the `entity.*` texts (or a key), rendered in the caller's language. */
export const notFound = (what: EntityLabel | string = '记录') => appError('NOT_FOUND', 'error.notFound', { what: entityRef(what) })
export const businessRule = (message: string, details?: unknown) => new AppError('BUSINESS_RULE', message, details)
export const forbidden = (message?: string) => (message === undefined ? appError('FORBIDDEN', 'error.forbidden') : new AppError('FORBIDDEN', message))
export const validation = (message: string, details?: unknown) => new AppError('VALIDATION', message, details)

/** The conflict every versioned update answers when the caller's version is stale. */
export function staleConflict(entityLabel: string, current: { version: number; updatedAt: string; updatedByName?: string | null }) {
  return appError(
    'CONFLICT',
    'error.staleConflict',
    { who: current.updatedByName ?? msgRef('error.someone'), when: formatTs(current.updatedAt) },
    // no name: null, and the screen says "someone" in its own language
    { entity: entityLabel, currentVersion: current.version, updatedBy: current.updatedByName ?? null, updatedAt: current.updatedAt },
  )
}

/** The time in a conflict message as people in the company read it: Beijing time. */
function formatTs(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const b = new Date(d.getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}`
}
