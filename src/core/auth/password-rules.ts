import { z } from 'zod'
import { currentLocale, issue, renderMessage, type CoreMessageKey } from '../i18n/i18n'

/** Passwords people pick first; refused whatever their length (compared case-insensitively). */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', '1234567', '12345678', '123456789', '1234567890', '0123456789', '987654321', '87654321',
  '12341234', '11223344', '123123123', '147258369', '123qwe', '123qweasd', 'qwe123', 'qweasd123',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass123456',
  'qwerty', 'qwerty123', 'qwertyui', 'qwertyuiop', '1qaz2wsx', '1q2w3e4r', '1q2w3e4r5t', 'zaq12wsx', 'asdfghjkl', 'asdf1234',
  'admin', 'admin123', 'admin1234', 'admin888', 'admin666', 'administrator', 'root1234', 'test1234', 'abc123', 'abc12345',
  'abcd1234', 'abcdefgh', 'a1234567', 'a12345678', 'aa123456', 'iloveyou', 'letmein1', 'welcome1', 'sunshine', 'football',
  '5201314', '52013140', 'woaini1314', 'woaini520', '13145200', 'zxcvbnm1', 'zxcvbnm123', 'qq123456', 'a123456789',
])

/** Why a new password is refused, or null when it passes: at least 8 characters, not one character repeated, not a common one. */
export function passwordProblemKey(password: string): CoreMessageKey | null {
  if ([...password].length < 8) return 'password.tooShort'
  if (new Set(password).size === 1) return 'password.oneChar'
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password.common'
  return null
}
/** The same, as text in the language of the request being validated (Chinese outside a request). */
export function passwordProblem(password: string): string | null {
  const key = passwordProblemKey(password)
  return key ? renderMessage(key, undefined, currentLocale()) : null
}

/** A password being set (first run, new user, change, reset). */
export const newPassword = z
  .string(issue('password.required'))
  .max(128, issue('password.tooLong'))
  .superRefine((v, c) => {
    const problem = passwordProblem(v)
    if (problem) c.addIssue({ code: 'custom', message: problem })
  })
