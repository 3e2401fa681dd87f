import * as fs from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../core'
import { APP_VERSION } from '../core/version'
import { createHttpServer } from '../server/http'
import { createDesktopMethods } from './desktop-methods'
import type { DispatchFn } from './envelope'
import { createIpcRouter, TokenStore, type IpcRouter } from './ipc-router'
import { createPinnedFetch } from './pinning'
import { createDesktopRuntime, type DesktopRuntime, type ModeInfo } from './runtime'
import { setAppLocale } from './messages'

const SETUP = { companyName: '华星贸易有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' }
const WIN = 1 // webContents id of the window
const OTHER = 2 // another webContents

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

const tmpDirs: string[] = []
function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tmpDirs.push(d)
  return d
}
// a call in English makes main speak English from then on (messages.ts): each test starts in Chinese
afterEach(() => {
  setAppLocale('zh-CN')
})
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true })
})

interface Desktop {
  userData: string
  runtime: DesktopRuntime
  router: IpcRouter
  tokens: TokenStore
  /** every call the router passed to the backend, with its meta */
  seen: { method: string; token?: string }[]
}

/** The desktop as main wires it (runtime + desktop methods + router), minus Electron. */
function desktop(userData = tmp('kedan-desktop-')): Desktop {
  const runtime = createDesktopRuntime({ userDataDir: userData, appVersion: APP_VERSION, listenHost: '127.0.0.1', log: () => {} })
  const tokens = new TokenStore()
  const seen: Desktop['seen'] = []
  const router = createIpcRouter({
    getDispatch: () => {
      const d = runtime.getDispatch()
      if (!d) return null
      const recording: DispatchFn = (method, input, meta) => {
        seen.push({ method, token: meta.token })
        return d(method, input, meta)
      }
      return recording
    },
    desktop: createDesktopMethods(runtime, { appVersion: APP_VERSION }),
    tokens,
    log: () => {},
  })
  return { userData, runtime, router, tokens, seen }
}

async function data<T = any>(p: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`)
  return r.data as T
}

describe('standalone: IPC into the local core, session token kept in main', () => {
  let d: Desktop
  beforeEach(() => {
    d = desktop()
  })
  afterEach(async () => {
    await d.runtime.close()
  })

  it('before a mode is chosen only desktop.* answers; the core is not opened', async () => {
    await d.runtime.init()
    const mode = await data<ModeInfo>(d.router.invoke(WIN, 'desktop.getMode', undefined))
    expect(mode).toMatchObject({ configured: false, mode: null, startupError: null, saved: null, defaultPort: 4310, appVersion: APP_VERSION })
    const r = await d.router.invoke(WIN, 'auth.status', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE', details: { reason: 'MODE_NOT_SET' } } })
    expect(fs.existsSync(path.join(d.userData, 'data'))).toBe(false)
  })

  it('desktop.setMode standalone opens userData/data/kedan.db and saves kedan-config.json', async () => {
    await d.runtime.init()
    const info = await data<ModeInfo>(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))
    expect(info).toMatchObject({ configured: true, mode: 'standalone', modeLabel: '单机版', lanUrls: [] })
    expect(fs.existsSync(path.join(d.userData, 'data', 'kedan.db'))).toBe(true)
    expect(JSON.parse(fs.readFileSync(path.join(d.userData, 'kedan-config.json'), 'utf8'))).toEqual({ mode: 'standalone' })
    expect(await data(d.router.invoke(WIN, 'auth.status', undefined))).toMatchObject({ needsSetup: true })
  })

  it('remembers the token after auth.setup / auth.login, sends it as meta.token, forgets it on auth.logout', async () => {
    await d.runtime.init()
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))

    const setup = await data<{ token: string }>(d.router.invoke(WIN, 'auth.setup', SETUP))
    expect(d.tokens.get(WIN)).toBe(setup.token)

    // the renderer sends no token: main adds it
    expect(await data(d.router.invoke(WIN, 'auth.me', {}))).toMatchObject({ username: 'admin', role: 'admin' })
    expect(d.seen.at(-1)).toEqual({ method: 'auth.me', token: setup.token })

    // another window has its own (empty) session
    expect(await d.router.invoke(OTHER, 'auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(d.seen.at(-1)).toEqual({ method: 'auth.me', token: undefined })

    expect(await data(d.router.invoke(WIN, 'auth.logout', {}))).toEqual({ ok: true })
    expect(d.seen.at(-1)).toEqual({ method: 'auth.logout', token: setup.token })
    expect(d.tokens.get(WIN)).toBeUndefined()
    expect(await d.router.invoke(WIN, 'auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    // a wrong password leaves no token; the right one stores the new token
    expect(await d.router.invoke(WIN, 'auth.login', { username: 'admin', password: 'wrong-one' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(d.tokens.get(WIN)).toBeUndefined()
    const login = await data<{ token: string }>(d.router.invoke(WIN, 'auth.login', { username: 'admin', password: 'admin-2026' }))
    expect(login.token).not.toBe(setup.token)
    expect(d.tokens.get(WIN)).toBe(login.token)
    const created = await data<{ id: number; code: string }>(d.router.invoke(WIN, 'customer.create', { name: '北京华星科技有限公司' }))
    expect(created.code).toMatch(/^C\d{6}$/)
    expect(await data(d.router.invoke(WIN, 'customer.get', { id: created.id }))).toMatchObject({ name: '北京华星科技有限公司' })
  })

  it('answers bad method names, unknown desktop methods and contract errors as envelopes', async () => {
    await d.runtime.init()
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))
    expect(await d.router.invoke(WIN, 42, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await d.router.invoke(WIN, '../etc/passwd', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await d.router.invoke(WIN, 'desktop.nope', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '未知的方法：desktop.nope' } })
    expect(await d.router.invoke(WIN, 'desktop.toString', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await d.router.invoke(WIN, 'nothing.here', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await d.router.invoke(WIN, 'auth.setup', { companyName: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-client' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '局域网客户端需要填写主机地址' },
    })
  })

  it('the next start reads kedan-config.json and opens the same database', async () => {
    await d.runtime.init()
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))
    await data(d.router.invoke(WIN, 'auth.setup', SETUP))
    await d.runtime.close()

    const again = desktop(d.userData)
    await again.runtime.init()
    expect(again.runtime.info()).toMatchObject({ configured: true, mode: 'standalone' })
    expect(await data(again.router.invoke(WIN, 'auth.status', {}))).toMatchObject({ needsSetup: false, companyName: '华星贸易有限公司' })
    await again.runtime.close()
  })

  it('a broken kedan-config.json is reported on the mode screen instead of crashing', async () => {
    fs.writeFileSync(path.join(d.userData, 'kedan-config.json'), '{"mode":"lan-client"}')
    await d.runtime.init()
    const info = await data<ModeInfo>(d.router.invoke(WIN, 'desktop.getMode', {}))
    expect(info.configured).toBe(false)
    expect(info.startupError).toContain('局域网客户端需要填写主机地址')
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))
    expect(d.runtime.info()).toMatchObject({ configured: true, startupError: null })
  })
})

describe('token bookkeeping around the dispatcher', () => {
  it('drops a token the backend no longer accepts, and maps a thrown error to INTERNAL', async () => {
    const tokens = new TokenStore()
    let answer: 'expired' | 'throw' = 'expired'
    const dispatch: DispatchFn = async () => {
      if (answer === 'throw') throw new Error('boom')
      return { ok: false, error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' } }
    }
    const logged: string[] = []
    const router = createIpcRouter({ getDispatch: () => dispatch, desktop: {}, tokens, log: (l) => logged.push(l) })
    tokens.set(WIN, 'old-token')
    expect(await router.invoke(WIN, 'customer.search', { page: 1, pageSize: 20 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(tokens.get(WIN)).toBeUndefined()
    answer = 'throw'
    expect(await router.invoke(WIN, 'customer.search', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: '内部错误' } })
    expect(logged.join('\n')).toContain('boom')
  })
})

describe('lan-client: forwarded to a real host (createCore + createHttpServer on a free port)', () => {
  let host: Core
  let server: http.Server
  let hostUrl: string
  let d: Desktop

  beforeAll(async () => {
    host = await createCore({ dataDir: tmp('kedan-host-'), log: () => {} })
    server = await createHttpServer(host, { log: () => {} })
    hostUrl = `http://127.0.0.1:${await listen(server)}`
  })
  afterAll(async () => {
    await closeServer(server)
    await host.close()
  })
  beforeEach(async () => {
    d = desktop()
    await d.runtime.init()
  })
  afterEach(async () => {
    await d.runtime.close()
  })

  it('desktop.testHost reaches the host and compares versions; a dead address gets a clear message', async () => {
    const ok = await data(d.router.invoke(WIN, 'desktop.testHost', { hostUrl: `${hostUrl}/` }))
    expect(ok).toEqual({
      hostUrl,
      version: APP_VERSION,
      engine: 'sqlite',
      schemaVersion: expect.any(String),
      sameVersion: true,
      versionCheck: 'same',
      versionMessage: null,
      certificate: null,
    })

    const deadPort = await freePort()
    const dead = await d.router.invoke(WIN, 'desktop.testHost', { hostUrl: `127.0.0.1:${deadPort}` })
    expect(dead).toMatchObject({ ok: false, error: { code: 'NETWORK', details: { reason: 'HOST_UNREACHABLE' } } })
    // a bare address means https (a LAN host speaks HTTPS)
    expect(!dead.ok && dead.error.message).toBe(`无法连接到主机 https://127.0.0.1:${deadPort}（主机拒绝连接，请确认主机上的客单已启动）`)

    expect(await d.router.invoke(WIN, 'desktop.testHost', { hostUrl: 'ftp://x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await d.router.invoke(WIN, 'desktop.testHost', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请填写主机地址' } })
  })

  it('forwards every call with the remembered token as Authorization, and creates no local database', async () => {
    const info = await data<ModeInfo>(d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-client', hostUrl }))
    expect(info).toMatchObject({ configured: true, mode: 'lan-client', hostUrl, modeLabel: '局域网客户端' })
    expect(fs.existsSync(path.join(d.userData, 'data'))).toBe(false)

    const status = await data<{ needsSetup: boolean }>(d.router.invoke(WIN, 'auth.status', {}))
    const session = status.needsSetup
      ? await data<{ token: string }>(d.router.invoke(WIN, 'auth.setup', SETUP))
      : await data<{ token: string }>(d.router.invoke(WIN, 'auth.login', { username: SETUP.username, password: SETUP.password }))
    expect(d.tokens.get(WIN)).toBe(session.token)

    const created = await data<{ id: number }>(d.router.invoke(WIN, 'customer.create', { name: '上海远航物流有限公司', phone: '021-5555 0101' }))
    // the row is on the host, reachable with the same token straight through the host's dispatcher
    expect(await host.dispatch('customer.get', { id: created.id }, { token: session.token })).toMatchObject({ ok: true, data: { name: '上海远航物流有限公司' } })

    // errors come back as the host's envelopes
    expect(await d.router.invoke(WIN, 'customer.get', { id: 999999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在或无权查看' } })
    // the UI language travels IPC field → X-Kedan-Locale header → the host's dispatcher, and the message comes back in it
    expect(await d.router.invoke(WIN, 'customer.get', { id: 999999 }, 'en-US')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', key: 'error.notFound', message: 'Customer not found, or you may not view it' },
    })
    expect(await d.router.invoke(WIN, 'customer.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await d.router.invoke(OTHER, 'customer.get', { id: created.id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    await data(d.router.invoke(WIN, 'auth.logout', {}))
    expect(d.tokens.get(WIN)).toBeUndefined()
    // the host ended the session too
    expect(await host.dispatch('auth.me', {}, { token: session.token })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('a host that is down or is not Kedan gives a clear envelope, not a crash', async () => {
    const deadPort = await freePort()
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-client', hostUrl: `http://127.0.0.1:${deadPort}` }))
    const r = await d.router.invoke(WIN, 'auth.status', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK', details: { reason: 'HOST_UNREACHABLE', hostUrl: `http://127.0.0.1:${deadPort}` } } })
    expect(!r.ok && r.error.message).toContain(`无法连接到主机 http://127.0.0.1:${deadPort}`)

    const notKedan = http.createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html>Bad Gateway</html>')
    })
    const port = await listen(notKedan)
    try {
      await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-client', hostUrl: `http://127.0.0.1:${port}` }))
      expect(await d.router.invoke(WIN, 'auth.status', {})).toMatchObject({
        ok: false,
        error: { code: 'INTERNAL', message: expect.stringContaining('HTTP 502'), details: { reason: 'HOST_BAD_RESPONSE' } },
      })
      expect(await d.router.invoke(WIN, 'desktop.testHost', { hostUrl: `http://127.0.0.1:${port}` })).toMatchObject({
        ok: false,
        error: { details: { reason: 'HOST_BAD_RESPONSE' } },
      })
    } finally {
      await closeServer(notKedan)
    }
  })
})

describe('lan-host: local core plus the HTTP host for the other PCs', () => {
  let d: Desktop
  beforeEach(async () => {
    d = desktop()
    await d.runtime.init()
  })
  afterEach(async () => {
    await d.runtime.close()
  })

  it('serves the same database over HTTPS (its own pinned certificate) while the host window uses IPC', async () => {
    const port = await freePort()
    const info = await data<ModeInfo>(d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-host', port }))
    expect(info).toMatchObject({ configured: true, mode: 'lan-host', port, modeLabel: '局域网主机' })
    expect(Array.isArray(info.lanUrls)).toBe(true)
    for (const u of info.lanUrls) expect(u).toMatch(new RegExp(`^https://\\d+\\.\\d+\\.\\d+\\.\\d+:${port}$`))
    expect(JSON.parse(fs.readFileSync(path.join(d.userData, 'kedan-config.json'), 'utf8'))).toEqual({ mode: 'lan-host', port })
    // the certificate made on first run, kept in the data folder; its pairing code is 4 groups of 4 hex digits
    expect(fs.existsSync(path.join(d.userData, 'data', 'tls', 'kedan-host.crt'))).toBe(true)
    const cert = info.certificate!
    expect(cert.pairingCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/)
    expect(cert.fingerprint256.replace(/:/g, '').startsWith(cert.pairingCode.replace(/-/g, ''))).toBe(true)
    const pinned = createPinnedFetch(cert.fingerprint256)

    await data(d.router.invoke(WIN, 'auth.setup', SETUP))
    const health = await (await pinned(`https://127.0.0.1:${port}/api/health`)).json()
    expect(health).toMatchObject({ ok: true, data: { version: APP_VERSION, engine: 'sqlite' } })

    // a second desktop as LAN client: testHost shows the host's pairing code, the person compares, setMode pins it
    const client = desktop()
    await client.runtime.init()
    const tested = await data<{ certificate: { pairingCode: string; fingerprint256: string } }>(
      client.router.invoke(WIN, 'desktop.testHost', { hostUrl: `127.0.0.1:${port}` }),
    )
    expect(tested.certificate).toEqual({ pairingCode: cert.pairingCode, fingerprint256: cert.fingerprint256 })
    // without the confirmed fingerprint an https host is not used
    expect(await client.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-client', hostUrl: `127.0.0.1:${port}` })).toMatchObject({
      ok: false,
      error: { message: `连接 https://127.0.0.1:${port} 前需要核对并确认主机证书的配对码` },
    })
    const clientInfo = await data<ModeInfo>(
      client.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-client', hostUrl: `127.0.0.1:${port}`, hostFingerprint: tested.certificate.fingerprint256 }),
    )
    expect(clientInfo.certificate).toEqual({ pairingCode: cert.pairingCode, fingerprint256: cert.fingerprint256 })
    expect(clientInfo.notice).toBeNull()
    expect(await data(client.router.invoke(WIN, 'auth.status', {}))).toMatchObject({ needsSetup: false, companyName: '华星贸易有限公司' })
    await client.runtime.close()

    // the host's update folder is served at /updates/
    fs.mkdirSync(d.runtime.updatesDir, { recursive: true })
    fs.writeFileSync(path.join(d.runtime.updatesDir, 'latest.yml'), 'version: 9.9.9\n')
    expect(await (await pinned(`https://127.0.0.1:${port}/updates/latest.yml`)).text()).toBe('version: 9.9.9\n')
  })

  it('a busy port is refused with a clear message and the previous mode keeps running', async () => {
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))
    await data(d.router.invoke(WIN, 'auth.setup', SETUP))
    expect(d.tokens.get(WIN)).toBeDefined()

    const blocker = http.createServer()
    const busy = await listen(blocker)
    try {
      const r = await d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-host', port: busy })
      expect(r).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE', message: `端口 ${busy} 已被占用，请换一个端口，或关闭占用它的程序` } })
      expect(d.runtime.info()).toMatchObject({ configured: true, mode: 'standalone' })
      expect(JSON.parse(fs.readFileSync(path.join(d.userData, 'kedan-config.json'), 'utf8'))).toEqual({ mode: 'standalone' })
      // the failed switch did not log the window out
      expect(await data(d.router.invoke(WIN, 'auth.me', {}))).toMatchObject({ username: 'admin' })
    } finally {
      await closeServer(blocker)
    }
  })

  it('switching back to standalone stops the HTTP host; a mode change ends the window sessions', async () => {
    const port = await freePort()
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-host', port }))
    await data(d.router.invoke(WIN, 'auth.setup', SETUP))
    expect(d.tokens.size).toBe(1)
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'standalone' }))
    expect(d.tokens.size).toBe(0)
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow()
    // same database
    expect(await data(d.router.invoke(WIN, 'auth.status', {}))).toMatchObject({ needsSetup: false })
  })

  it('at the next start a busy port is reported on the mode screen (configured: false), with the saved config', async () => {
    const port = await freePort()
    await data(d.router.invoke(WIN, 'desktop.setMode', { mode: 'lan-host', port }))
    await d.runtime.close()

    const blocker = http.createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()))
    const again = desktop(d.userData)
    try {
      await again.runtime.init()
      const info = await data<ModeInfo>(again.router.invoke(WIN, 'desktop.getMode', {}))
      expect(info).toMatchObject({ configured: false, saved: { mode: 'lan-host', port } })
      expect(info.startupError).toContain(`端口 ${port} 已被占用`)
    } finally {
      await again.runtime.close()
      await closeServer(blocker)
    }
  })
})
