import type { MethodOut } from '../../app/methods'

/** Names for the auth contract's types: aliases of the core's schemas (src/core/auth), never copies. */
export { ROLES, type Role } from '../../../core/auth/roles'
export type SessionUser = MethodOut<'auth.me'>
export type AuthStatus = MethodOut<'auth.status'>
export type LoginResult = MethodOut<'auth.login'>
