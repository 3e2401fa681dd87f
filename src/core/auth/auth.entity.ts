import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'
import type { Role } from '../contract/types'

export interface User {
  id: number
  username: string
  displayName: string
  role: Role
  managerId: number | null
  passwordHash: string
  passwordSalt: string
  disabled: boolean
  failedLogins: number
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  updatedAt: string
  version: number
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: col.pk(),
    username: col.str(50, { unique: true }),
    displayName: col.str(50),
    role: col.str(20),
    managerId: col.intNull(),
    passwordHash: col.str(200),
    passwordSalt: col.str(64),
    disabled: col.bool(false),
    failedLogins: col.int(),
    lockedUntil: col.tsNull(),
    lastLoginAt: col.tsNull(),
    createdAt: col.ts(),
    updatedAt: col.ts(),
    version: col.version(),
  },
  indices: [{ name: 'idx_users_manager', columns: ['managerId'] }],
})

export interface Session {
  id: number
  tokenHash: string
  userId: number
  createdAt: string
  lastSeenAt: string
}

export const SessionEntity = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: col.pk(),
    tokenHash: col.str(64, { unique: true }),
    userId: col.int(),
    createdAt: col.ts(),
    lastSeenAt: col.ts(),
  },
  indices: [{ name: 'idx_sessions_user', columns: ['userId'] }],
})
