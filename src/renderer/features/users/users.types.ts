import type { Page } from '../../app/methods'
import type { Role } from '../auth/auth.types'

export interface User {
  id: number
  username: string
  displayName: string
  role: Role
  managerId: number | null
  disabled: boolean
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  version: number
}

declare module '../../app/methods' {
  interface MethodMap {
    'user.list': { in: { includeDisabled?: boolean }; out: Page<User> }
    'user.create': { in: { username: string; password: string; displayName: string; role: Role; managerId?: number | null }; out: User }
    'user.update': { in: { id: number; version: number; displayName?: string; role?: Role; managerId?: number | null }; out: User }
    'user.disable': { in: { id: number; disabled: boolean }; out: User }
    'user.resetPassword': { in: { id: number; password: string }; out: { ok: true } }
  }
}
