import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { appError, fieldError } from '../contract/errors'
import { issue, labelRef } from '../i18n/i18n'
import { okOut, requiredText, role } from '../contract/types'
import { SessionEntity, UserEntity } from './auth.entity'
import { hashPassword, hashToken, verifyPassword } from './password'
import { checkLogin, finishLogin, openSession, userRowFromHash } from './auth.service'
import { newPassword } from './password-rules'
import { putSetting } from '../settings/settings.service'
import { checkSetupCaller, forgetSetupCode, isLocalCaller } from './setup-code'
import { audit } from '../audit/audit.service'

export const sessionUserOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role,
  managerId: z.number().nullable(),
})

const username = z
  .string(issue('validation.required', { label: labelRef('用户名') }))
  .trim()
  .min(2, issue('auth.usernameMin', { min: 2 }))
  .max(50, issue('validation.tooLong', { label: labelRef('用户名'), max: 50 }))
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, issue('auth.usernameChars'))

export const authMethods = [
  defineMethod({
    name: 'auth.status',
    summary: 'Whether first-run setup is still needed',
    ...can('public'),
    write: false,
    input: z.object({}).optional(),
    output: z.object({
      needsSetup: z.boolean(),
      companyName: z.string().nullable(),
      /** setup is still to be done and this caller is another machine: auth.setup needs the host's setup code */
      setupCodeRequired: z.boolean().optional(),
    }),
    async handler(ctx) {
      const count = await ctx.em.getRepository(UserEntity).count()
      const row = await ctx.em.query(`SELECT value FROM settings WHERE ${ctx.engine === 'postgres' ? '"key" = $1' : '"key" = ?'}`, ['company'])
      const company = row[0] ? (JSON.parse(row[0].value) as { name?: string }) : null
      return { needsSetup: count === 0, companyName: company?.name ?? null, setupCodeRequired: count === 0 && !isLocalCaller(ctx.clientAddress) }
    },
  }),
  defineMethod({
    name: 'auth.setup',
    summary: 'First run: create the company and the first admin (only while there is no user)',
    ...can('public'),
    write: true,
    input: z.object({
      companyName: requiredText('公司名称', 100),
      username,
      password: newPassword,
      displayName: requiredText('姓名', 50),
      /** from another machine only: the one-time code the host printed when it started (src/core/auth/setup-code.ts) */
      setupCode: z.string().max(64).optional(),
    }),
    output: z.object({ token: z.string(), user: sessionUserOut }),
    // who may set up is checked first; hashing is slow: done before the write queue
    async prepare(ctx, input) {
      if ((await ctx.em.getRepository(UserEntity).count()) > 0) throw appError('BUSINESS_RULE', 'auth.alreadySetUp')
      checkSetupCaller(ctx, input.setupCode)
      return hashPassword(input.password)
    },
    async handler(ctx, input, hashed) {
      checkSetupCaller(ctx, input.setupCode)
      const users = ctx.em.getRepository(UserEntity)
      if ((await users.count()) > 0) throw appError('BUSINESS_RULE', 'auth.alreadySetUp')
      const now = ctx.now().toISOString()
      const created = await users.save(users.create(userRowFromHash(now, { ...input, role: 'admin' }, hashed)))
      const withUser = { ...ctx, user: { id: created.id, username: created.username, displayName: created.displayName, role: 'admin' as const, managerId: null } }
      await putSetting(withUser, 'company', { name: input.companyName, address: '', phone: '', bankName: '', bankAccount: '', taxId: '', logo: null })
      await audit(withUser, { entity: 'user', entityId: created.id, action: 'create', summary: { key: 'audit.user.setup', params: { username: created.username } } })
      const session = await openSession(withUser, created)
      forgetSetupCode(ctx.memory)
      return session
    },
  }),
  defineMethod({
    name: 'auth.login',
    ...can('public'),
    write: true,
    input: z.object({ username: z.string(issue('auth.enterUsername')).min(1, issue('auth.enterUsername')), password: z.string(issue('auth.enterPassword')).min(1, issue('auth.enterPassword')) }),
    output: z.object({ token: z.string(), user: sessionUserOut }),
    // scrypt runs before the write queue on the read connection; the queue only counts the failure or opens the session
    prepare: (ctx, input) => checkLogin(ctx, input.username, input.password),
    handler: (ctx, input, check) => finishLogin(ctx, input.username, check),
  }),
  defineMethod({
    name: 'auth.logout',
    ...can('self'),
    write: true,
    input: z.object({}).optional(),
    output: okOut,
    async handler(ctx) {
      if (ctx.token) await ctx.em.getRepository(SessionEntity).delete({ tokenHash: hashToken(ctx.token) })
      return { ok: true as const }
    },
  }),
  defineMethod({
    name: 'auth.me',
    ...can('self'),
    write: false,
    input: z.object({}).optional(),
    output: sessionUserOut,
    handler: (ctx) => ctx.user,
  }),
  defineMethod({
    name: 'auth.changePassword',
    ...can('self'),
    write: true,
    input: z.object({ oldPassword: z.string().min(1, issue('auth.enterOldPassword')), newPassword }),
    output: okOut,
    // verifying the old password and hashing the new one happen before the write queue
    async prepare(ctx, input) {
      const u = await ctx.em.getRepository(UserEntity).findOneByOrFail({ id: ctx.user.id })
      if (!(await verifyPassword(input.oldPassword, u.passwordHash, u.passwordSalt))) {
        throw fieldError('oldPassword', 'auth.oldPasswordWrong')
      }
      return { checkedHash: u.passwordHash, ...(await hashPassword(input.newPassword)) }
    },
    async handler(ctx, input, { checkedHash, hash, salt }) {
      const users = ctx.em.getRepository(UserEntity)
      const u = await users.findOneByOrFail({ id: ctx.user.id })
      // the password changed since the old one was checked (another window, an admin reset)
      if (u.passwordHash !== checkedHash) throw appError('CONFLICT', 'auth.passwordJustChanged')
      await users.update({ id: u.id }, { passwordHash: hash, passwordSalt: salt, updatedAt: ctx.now().toISOString(), version: u.version + 1 })
      // other sessions of this user end; this one stays
      const sessions = await ctx.em.getRepository(SessionEntity).findBy({ userId: u.id })
      const mine = ctx.token ? hashToken(ctx.token) : ''
      for (const s of sessions) if (s.tokenHash !== mine) await ctx.em.getRepository(SessionEntity).delete({ id: s.id })
      await audit(ctx, { entity: 'user', entityId: u.id, action: 'changePassword', summary: { key: 'audit.user.changePassword' } })
      return { ok: true as const }
    },
  }),
]
