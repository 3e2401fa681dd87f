import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { createCore } from '../index'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { passwordProblem } from './password-rules'

describe('password rules', () => {
  it('wants 8 characters, not one character repeated, not a common password', () => {
    expect(passwordProblem('abc1234')).toBe('密码至少 8 位')
    expect(passwordProblem('中文密码七个字')).toBe('密码至少 8 位')
    expect(passwordProblem('aaaaaaaa')).toBe('密码不能全是同一个字符')
    expect(passwordProblem('88888888')).toBe('密码不能全是同一个字符')
    for (const common of ['12345678', 'password', 'Password', 'admin123', 'qwerty123', '1qaz2wsx', 'woaini1314']) {
      expect(passwordProblem(common), common).toBe('密码太常见，容易被猜到，请换一个')
    }
    for (const fine of ['kedan-2026', '杭州明达五金2026', 'Xh7#pq2m', 'aaaaaaab']) expect(passwordProblem(fine), fine).toBeNull()
  })

  describe('through the contract', () => {
    let t: TestCore
    beforeAll(async () => {
      t = await createTestCore()
    })
    afterAll(() => t.close())

    const issue = (r: { ok: boolean; error?: { code: string; details?: unknown } }) => {
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
      return (r.error!.details as { issues: { path: string; message: string }[] }).issues[0]!
    }

    it('refuses weak passwords on user.create, user.resetPassword and auth.changePassword, naming the field', async () => {
      expect(issue(await t.raw('user.create', { username: 'weak', password: 'admin123', displayName: '弱', role: 'sales' }, t.adminToken))).toEqual(
        expect.objectContaining({ path: 'password', message: '密码太常见，容易被猜到，请换一个' }),
      )
      expect(issue(await t.raw('user.create', { username: 'weak', password: '11111111', displayName: '弱', role: 'sales' }, t.adminToken))).toEqual(
        expect.objectContaining({ path: 'password', message: '密码不能全是同一个字符' }),
      )
      const u = await t.user('sales', { username: 'strong' })
      expect(issue(await t.raw('user.resetPassword', { id: u.id, password: 'abc123' }, t.adminToken))).toEqual(
        expect.objectContaining({ path: 'password', message: '密码至少 8 位' }),
      )
      expect(issue(await t.raw('auth.changePassword', { oldPassword: 'pass1234', newPassword: 'password' }, u.token))).toEqual(
        expect.objectContaining({ path: 'newPassword', message: '密码太常见，容易被猜到，请换一个' }),
      )
      // a good one passes everywhere
      expect(await t.raw('auth.changePassword', { oldPassword: 'pass1234', newPassword: 'Lu-2026-kedan' }, u.token)).toMatchObject({ ok: true })
      expect(await t.raw('auth.login', { username: 'strong', password: 'Lu-2026-kedan' })).toMatchObject({ ok: true })
    })

    it('refuses a weak first admin password at setup', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-pw-'))
      const core = await createCore({ dataDir: dir, log: () => {} })
      try {
        const r = await core.dispatch('auth.setup', { companyName: '公司', username: 'boss', password: '123456789', displayName: '老板' })
        expect(issue(r as never)).toEqual(expect.objectContaining({ path: 'password', message: '密码太常见，容易被猜到，请换一个' }))
        expect(await core.dispatch('auth.status')).toMatchObject({ ok: true, data: { needsSetup: true } })
      } finally {
        await core.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })
  })
})
