import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configPath, DEFAULT_PORT, loadConfig, normalizeHostUrl, normalizeUpdateUrl, saveConfig, validateConfig } from './config'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-config-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('normalizeHostUrl', () => {
  it('adds https:// (a LAN host speaks HTTPS) and the default port to a bare address', () => {
    expect(normalizeHostUrl('192.168.1.10')).toBe(`https://192.168.1.10:${DEFAULT_PORT}`)
    expect(normalizeHostUrl(' 192.168.1.10:8080/ ')).toBe('https://192.168.1.10:8080')
    expect(normalizeHostUrl('kedan-host')).toBe('https://kedan-host:4310')
  })
  it('respects an explicit scheme and keeps a path prefix, without the trailing slash', () => {
    expect(normalizeHostUrl('http://kedan.local')).toBe('http://kedan.local')
    expect(normalizeHostUrl('https://erp.example.cn/kedan/')).toBe('https://erp.example.cn/kedan')
    expect(normalizeHostUrl('HTTP://192.168.1.10:4310')).toBe('http://192.168.1.10:4310')
  })
  it('refuses what is not an http(s) host', () => {
    expect(normalizeHostUrl('')).toBeNull()
    expect(normalizeHostUrl('   ')).toBeNull()
    expect(normalizeHostUrl('ftp://host')).toBeNull()
    expect(normalizeHostUrl('file:///C:/x')).toBeNull()
    expect(normalizeHostUrl('http://user:pw@host')).toBeNull()
    expect(normalizeHostUrl('http://')).toBeNull()
  })
})

describe('normalizeUpdateUrl', () => {
  it('keeps one trailing slash for electron-updater', () => {
    expect(normalizeUpdateUrl('http://192.168.1.10:4310/updates')).toBe('http://192.168.1.10:4310/updates/')
    expect(normalizeUpdateUrl('https://dl.example.cn/kedan/')).toBe('https://dl.example.cn/kedan/')
    expect(normalizeUpdateUrl('not a url')).toBeNull()
    expect(normalizeUpdateUrl('file:///C:/updates')).toBeNull()
  })
})

describe('validateConfig', () => {
  it('accepts the three modes and drops fields that do not belong to the mode', () => {
    expect(validateConfig({ mode: 'standalone', hostUrl: 'http://x:1', port: 5000 })).toEqual({ ok: true, config: { mode: 'standalone' } })
    expect(validateConfig({ mode: 'lan-host' })).toEqual({ ok: true, config: { mode: 'lan-host', port: DEFAULT_PORT } })
    expect(validateConfig({ mode: 'lan-host', port: 8080 })).toEqual({ ok: true, config: { mode: 'lan-host', port: 8080 } })
    expect(validateConfig({ mode: 'lan-client', hostUrl: '192.168.1.10' })).toEqual({
      ok: true,
      config: { mode: 'lan-client', hostUrl: 'https://192.168.1.10:4310' },
    })
    // the pinned certificate fingerprint, kept in node's form (upper-case pairs joined by colons)
    expect(validateConfig({ mode: 'lan-client', hostUrl: '192.168.1.10', hostFingerprint: 'ab'.repeat(32) })).toEqual({
      ok: true,
      config: { mode: 'lan-client', hostUrl: 'https://192.168.1.10:4310', hostFingerprint: Array(32).fill('AB').join(':') },
    })
    expect(validateConfig({ mode: 'lan-client', hostUrl: '192.168.1.10', hostFingerprint: 'abc' })).toMatchObject({ ok: false, message: '主机证书指纹无效（应为 64 位十六进制的 SHA-256）' })
    expect(validateConfig({ mode: 'standalone', updateUrl: 'https://dl.example.cn/kedan' })).toEqual({
      ok: true,
      config: { mode: 'standalone', updateUrl: 'https://dl.example.cn/kedan/' },
    })
    expect(validateConfig({ mode: 'standalone', updateUrl: '', hostUrl: null })).toEqual({ ok: true, config: { mode: 'standalone' } })
  })
  it('refuses a bad mode, a client without host, a bad port or update URL, with a Chinese message', () => {
    const bad = (input: unknown) => {
      const r = validateConfig(input)
      expect(r.ok).toBe(false)
      return r.ok ? null : r
    }
    expect(bad({ mode: 'server' })!.message).toContain('运行模式')
    expect(bad({})!.issues[0]!.path).toBe('mode')
    expect(bad({ mode: 'lan-client' })!.message).toBe('局域网客户端需要填写主机地址')
    expect(bad({ mode: 'lan-client', hostUrl: 'ftp://x' })).toMatchObject({ message: '主机地址无效：ftp://x', issues: [{ path: 'hostUrl' }] })
    expect(bad({ mode: 'lan-host', port: 70000 })!.message).toContain('1–65535')
    expect(bad({ mode: 'lan-host', port: 43.1 })!.message).toContain('整数')
    expect(bad({ mode: 'lan-host', port: '4310' })!.message).toContain('数字')
    expect(bad({ mode: 'standalone', updateUrl: 'nope' })!.issues[0]!.path).toBe('updateUrl')
    expect(bad(null)).not.toBeNull()
    expect(bad('standalone')).not.toBeNull()
  })
})

describe('loadConfig / saveConfig', () => {
  it('reports a missing file as first run', () => {
    expect(loadConfig(configPath(dir))).toEqual({ status: 'missing' })
  })
  it('round-trips through userData/kedan-config.json, normalised and pretty', () => {
    const file = configPath(dir)
    expect(file).toBe(path.join(dir, 'kedan-config.json'))
    const saved = saveConfig(file, { mode: 'lan-client', hostUrl: '192.168.1.10', updateUrl: 'http://192.168.1.10:4310/updates' })
    expect(saved).toEqual({ mode: 'lan-client', hostUrl: 'https://192.168.1.10:4310', updateUrl: 'http://192.168.1.10:4310/updates/' })
    expect(loadConfig(file)).toEqual({ status: 'ok', config: saved })
    expect(fs.readFileSync(file, 'utf8')).toContain('\n  "mode": "lan-client"')
    // nothing left behind by the atomic write
    expect(fs.readdirSync(dir)).toEqual(['kedan-config.json'])
  })
  it('creates the folder, overwrites an existing file', () => {
    const file = configPath(path.join(dir, 'nested', 'userData'))
    saveConfig(file, { mode: 'standalone' })
    saveConfig(file, { mode: 'lan-host', port: 5000 })
    expect(loadConfig(file)).toEqual({ status: 'ok', config: { mode: 'lan-host', port: 5000 } })
  })
  it('refuses to save an invalid config and leaves the old file alone', () => {
    const file = configPath(dir)
    saveConfig(file, { mode: 'standalone' })
    expect(() => saveConfig(file, { mode: 'lan-client' })).toThrow('局域网客户端需要填写主机地址')
    expect(loadConfig(file)).toEqual({ status: 'ok', config: { mode: 'standalone' } })
  })
  it('reports broken JSON and invalid content without throwing; accepts a BOM (Notepad)', () => {
    const file = configPath(dir)
    fs.writeFileSync(file, '{ mode: standalone')
    expect(loadConfig(file)).toMatchObject({ status: 'invalid', message: expect.stringContaining('不是有效的 JSON') })
    fs.writeFileSync(file, JSON.stringify({ mode: 'lan-client' }))
    expect(loadConfig(file)).toMatchObject({ status: 'invalid', message: expect.stringContaining('局域网客户端需要填写主机地址') })
    fs.writeFileSync(file, '\uFEFF{"mode":"standalone"}')
    expect(loadConfig(file)).toEqual({ status: 'ok', config: { mode: 'standalone' } })
  })
})
