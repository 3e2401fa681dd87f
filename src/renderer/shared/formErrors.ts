import { isApiError } from '../app/transport'

export interface FieldIssue {
  path: string
  message: string
}

/**
 * The field-level problems an error carries:
 * - VALIDATION with `details.issues = [{path, message}]` (zod paths joined with '.': `contacts.0.name`);
 * - a VALIDATION/CONFLICT whose message is `field: text` or whose details name a `field`.
 */
export function fieldIssues(err: unknown): FieldIssue[] {
  if (!isApiError(err)) return []
  const details = (err.details ?? {}) as { issues?: { path?: unknown; message?: unknown }[]; field?: unknown }
  if (Array.isArray(details.issues) && details.issues.length) {
    return details.issues
      .filter((i) => typeof i?.path === 'string' && i.path !== '')
      .map((i) => ({ path: String(i.path), message: String(i.message ?? '') }))
  }
  if (typeof details.field === 'string') return [{ path: details.field, message: err.message }]
  if (err.code === 'VALIDATION') {
    const m = /^([A-Za-z][\w.]*):\s*(.+)$/.exec(err.message)
    if (m) return [{ path: m[1]!, message: m[2]! }]
  }
  return []
}

export interface FormLike {
  setFieldError: (path: never, error: React.ReactNode) => void
}

/**
 * Puts the server's field errors on the form. `map` renames server paths to form paths
 * (return null to leave one unmapped). Returns the issues it could NOT place, so the caller can show them.
 */
export function applyServerErrors(
  form: FormLike,
  err: unknown,
  opts: { fields?: readonly string[]; map?: (path: string) => string | null } = {},
): { placed: number; unplaced: FieldIssue[] } {
  const issues = fieldIssues(err)
  let placed = 0
  const unplaced: FieldIssue[] = []
  const setError = form.setFieldError as (path: string, error: React.ReactNode) => void
  for (const issue of issues) {
    const target = opts.map ? opts.map(issue.path) : issue.path
    if (target && (!opts.fields || opts.fields.includes(target))) {
      setError(target, issue.message)
      placed++
    } else unplaced.push(issue)
  }
  return { placed, unplaced }
}

/** Focuses the first input the form marks as invalid (keyboard users land on the problem). */
export function focusFirstError(root: HTMLElement | null = document.body) {
  // the errors were just set: the form may draw them a frame or two later, so look again for a moment
  let tries = 0
  const attempt = () => {
    const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]')
    if (el) el.focus()
    else if (++tries < 20) setTimeout(() => requestAnimationFrame(attempt), 25)
  }
  requestAnimationFrame(attempt)
}
