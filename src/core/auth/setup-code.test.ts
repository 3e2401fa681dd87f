import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createCore, type Core } from '../index'
import { isLocalCaller } from './setup-code'

/** First-run setup makes its caller the administrator: only the machine itself, or another one with the host's code. */
describe('auth.setup: from this machine, or with the one-time setup code', () => {
  let dir: string
  let core: Core
  const input = { companyName: '初始化测试有限公司', username: 'admin', password: 'Kedan-2026!', displayName: '管理员' }
  const LAN = { clientAddress: '192.168.1.23' }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-setup-'))
    core = await createCore({ dataDir: dir, log: () => {} })
  })
  afterEach(async () => {
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('loopback, IPC and in-process callers are this machine; LAN addresses are not', () => {
    for (const a of [undefined, 'local', '127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLocalCaller(a), String(a)).toBe(true)
    for (const a of ['192.168.1.23', '10.0.0.1', '::ffff:192.168.1.23', 'fe80::1', '0.0.0.0', '128.0.0.1']) expect(isLocalCaller(a), a).toBe(false)
  })

  it('auth.status tells another machine that a code is needed, and this machine that it is not', async () => {
    expect(await core.dispatch('auth.status', {}, LAN)).toEqual({ ok: true, data: { needsSetup: true, companyName: null, setupCodeRequired: true } })
    expect(await core.dispatch('auth.status', {}, { clientAddress: '127.0.0.1' })).toEqual({ ok: true, data: { needsSetup: true, companyName: null, setupCodeRequired: false } })
    expect(await core.dispatch('auth.status', {}, { clientAddress: 'local' })).toMatchObject({ ok: true, data: { setupCodeRequired: false } })
  })

  it('another machine without the code, or with a wrong one, is refused and nothing is created', async () => {
    const code = await core.setupCode()
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    // asking again gives the same code (it is printed once at start, and stays valid until setup)
    expect(await core.setupCode()).toBe(code)

    const none = await core.dispatch('auth.setup', input, LAN)
    expect(none).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'auth.setupCodeNeeded', details: { reason: 'SETUP_CODE_REQUIRED' } } })
    const wrong = await core.dispatch('auth.setup', { ...input, setupCode: 'AAAA-BBBB-CCCC' }, LAN)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'auth.setupCodeWrong' } })
    expect(await core.dispatch('auth.setup', { ...input, setupCode: '' }, LAN)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.dispatch('auth.status', {}, LAN)).toMatchObject({ ok: true, data: { needsSetup: true } })
  })

  it('with the code (any case, spaces or dashes) another machine sets up once; the code is then gone', async () => {
    const code = (await core.setupCode())!
    const typed = code.toLowerCase().replace(/-/g, ' ')
    const r = await core.dispatch<{ user: { username: string; role: string } }>('auth.setup', { ...input, setupCode: typed }, LAN)
    expect(r).toMatchObject({ ok: true, data: { user: { username: 'admin', role: 'admin' } } })
    expect(await core.setupCode()).toBeNull()
    expect(await core.dispatch('auth.status', {}, LAN)).toEqual({ ok: true, data: { needsSetup: false, companyName: '初始化测试有限公司', setupCodeRequired: false } })
    // a second setup is the business rule, whoever asks and with whatever code
    expect(await core.dispatch('auth.setup', { ...input, username: 'again', setupCode: code }, LAN)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
  })

  it('when no code was ever issued (the desktop window set up nothing yet), a remote caller cannot guess one', async () => {
    expect(await core.dispatch('auth.setup', { ...input, setupCode: 'ABCD-EFGH-JKMN' }, LAN)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'auth.setupCodeWrong' } })
  })

  it('this machine needs no code', async () => {
    expect(await core.dispatch('auth.setup', input, { clientAddress: '::1' })).toMatchObject({ ok: true })
  })
})
