/** The one error type of Kedan. Everything a caller can get wrong is an AppError with a code. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'BUSINESS_RULE',
  'PAYLOAD_TOO_LARGE',
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
  INTERNAL: 500,
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) }
  }
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  details?: unknown
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权查看`)
export const businessRule = (message: string, details?: unknown) => new AppError('BUSINESS_RULE', message, details)
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message)
export const validation = (message: string, details?: unknown) => new AppError('VALIDATION', message, details)

/** The conflict every versioned update answers when the caller's version is stale. */
export function staleConflict(entityLabel: string, current: { version: number; updatedAt: string; updatedByName?: string | null }) {
  const who = current.updatedByName ?? '其他用户'
  return new AppError('CONFLICT', `该记录已被他人修改（${who}，${formatTs(current.updatedAt)}），请刷新后再保存`, {
    entity: entityLabel,
    currentVersion: current.version,
    updatedBy: who,
    updatedAt: current.updatedAt,
  })
}

/** The time in a conflict message as people in the company read it: Beijing time. */
function formatTs(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const b = new Date(d.getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}`
}
