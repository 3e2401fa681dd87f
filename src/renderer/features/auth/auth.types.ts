export const ROLES = ['admin', 'owner', 'manager', 'sales', 'clerk', 'finance'] as const
export type Role = (typeof ROLES)[number]

export interface SessionUser {
  id: number
  username: string
  displayName: string
  role: Role
  managerId: number | null
}

export interface AuthStatus {
  needsSetup: boolean
  companyName: string | null
}

export interface LoginResult {
  token: string
  user: SessionUser
}

declare module '../../app/methods' {
  interface MethodMap {
    'auth.status': { in: Record<string, never>; out: AuthStatus }
    'auth.setup': { in: { companyName: string; username: string; password: string; displayName: string }; out: LoginResult }
    'auth.login': { in: { username: string; password: string }; out: LoginResult }
    'auth.logout': { in: Record<string, never>; out: { ok: true } }
    'auth.me': { in: Record<string, never>; out: SessionUser }
    'auth.changePassword': { in: { oldPassword: string; newPassword: string }; out: { ok: true } }
  }
}
