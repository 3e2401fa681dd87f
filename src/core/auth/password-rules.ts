import { z } from 'zod'

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
export function passwordProblem(password: string): string | null {
  if ([...password].length < 8) return '密码至少 8 位'
  if (new Set(password).size === 1) return '密码不能全是同一个字符'
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return '密码太常见，容易被猜到，请换一个'
  return null
}

/** A password being set (first run, new user, change, reset). */
export const newPassword = z
  .string({ error: '密码不能为空' })
  .max(128, '密码过长')
  .superRefine((v, c) => {
    const problem = passwordProblem(v)
    if (problem) c.addIssue({ code: 'custom', message: problem })
  })
