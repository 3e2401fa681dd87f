/**
 * The desktop's own configuration: userData/kedan-config.json.
 * Chosen once per PC (first-run screen or by IT), never stored in the business database.
 * Plain functions: no electron import, so tests run them under Node.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { mainText } from './messages'

export const CONFIG_FILE_NAME = 'kedan-config.json'
/** Port a LAN host listens on unless IT chooses another. */
export const DEFAULT_PORT = 4310
export const MODES = ['standalone', 'lan-host', 'lan-client'] as const
export type DesktopMode = (typeof MODES)[number]

export interface DesktopConfig {
  mode: DesktopMode
  /** lan-client: the host, e.g. http://192.168.1.10:4310 */
  hostUrl?: string
  /** lan-host: port to listen on (default 4310) */
  port?: number
  /** electron-updater generic feed; when absent a LAN client uses `<hostUrl>/updates/` and a host its own folder */
  updateUrl?: string
  /** lan-client over https: the host certificate's SHA-256 fingerprint pinned on first connect (src/main/pinning.ts) */
  hostFingerprint?: string
}

/**
 * Turns what a person types into a base URL without a trailing slash.
 * `192.168.1.10` → `https://192.168.1.10:4310` (a LAN host speaks HTTPS); an explicit scheme is respected as typed
 * (`http://kedan.local` stays on port 80). Only http and https. Returns null when not a URL.
 */
export function normalizeHostUrl(input: string, defaultPort = DEFAULT_PORT): string | null {
  const raw = input.trim()
  if (!raw) return null
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw)
  let url: URL
  try {
    url = new URL(hasScheme ? raw : `https://${raw}`)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (!url.hostname || url.username || url.password) return null
  if (!hasScheme && url.port === '') url.port = String(defaultPort)
  const pathname = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${pathname}`
}

/** An update feed URL: http(s), kept with a trailing slash (electron-updater joins file names to it). */
export function normalizeUpdateUrl(input: string): string | null {
  const raw = input.trim()
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  const pathname = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`
  return `${url.protocol}//${url.host}${pathname}`
}

const optionalText = z
  .string()
  .optional()
  .nullable()
  .transform((v) => (v == null || v.trim() === '' ? undefined : v))

export const desktopConfigSchema = z
  .object({
    mode: z.enum(MODES, { error: () => mainText('config.mode') }),
    hostUrl: optionalText,
    port: z
      .number({ error: () => mainText('config.portNumber') })
      .int({ error: () => mainText('config.portInteger') })
      .min(1, { error: () => mainText('config.portRange') })
      .max(65535, { error: () => mainText('config.portRange') })
      .optional()
      .nullable()
      .transform((v) => v ?? undefined),
    updateUrl: optionalText,
    hostFingerprint: optionalText,
  })
  .transform((c, ctx): DesktopConfig => {
    const out: DesktopConfig = { mode: c.mode }
    if (c.mode === 'lan-client') {
      const hostUrl = c.hostUrl === undefined ? null : normalizeHostUrl(c.hostUrl)
      if (!hostUrl) {
        ctx.addIssue({ code: 'custom', path: ['hostUrl'], message: c.hostUrl ? mainText('config.hostInvalid', { host: c.hostUrl }) : mainText('config.hostRequired') })
        return z.NEVER
      }
      out.hostUrl = hostUrl
      if (c.hostFingerprint !== undefined) {
        const hex = c.hostFingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase()
        if (hex.length !== 64) {
          ctx.addIssue({ code: 'custom', path: ['hostFingerprint'], message: mainText('config.fingerprint') })
          return z.NEVER
        }
        out.hostFingerprint = hex.match(/.{2}/g)!.join(':')
      }
    }
    if (c.mode === 'lan-host') out.port = c.port ?? DEFAULT_PORT
    if (c.updateUrl !== undefined) {
      const updateUrl = normalizeUpdateUrl(c.updateUrl)
      if (!updateUrl) {
        ctx.addIssue({ code: 'custom', path: ['updateUrl'], message: mainText('config.updateUrl', { url: c.updateUrl }) })
        return z.NEVER
      }
      out.updateUrl = updateUrl
    }
    return out
  })

export type ValidateResult = { ok: true; config: DesktopConfig } | { ok: false; message: string; issues: { path: string; message: string }[] }

/** Validates and normalises a config (fields that do not belong to the mode are dropped). */
export function validateConfig(input: unknown): ValidateResult {
  const r = desktopConfigSchema.safeParse(input)
  if (r.success) return { ok: true, config: r.data }
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
  return { ok: false, message: issues[0]?.message ?? mainText('config.invalid'), issues }
}

export type LoadConfigResult =
  | { status: 'missing' }
  | { status: 'ok'; config: DesktopConfig }
  | { status: 'invalid'; message: string }

export function configPath(userDataDir: string): string {
  return path.join(userDataDir, CONFIG_FILE_NAME)
}

/** Reads the config; a missing file means "first run", a broken one is reported, never thrown. */
export function loadConfig(file: string): LoadConfigResult {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' }
    return { status: 'invalid', message: mainText('config.cannotRead', { file, message: (e as Error).message }) }
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { status: 'invalid', message: mainText('config.notJson', { file }) }
  }
  const v = validateConfig(json)
  return v.ok ? { status: 'ok', config: v.config } : { status: 'invalid', message: mainText('config.invalidFile', { file, message: v.message }) }
}

/** Validates, then writes atomically (temp file + rename), so a crash never leaves half a file. */
export function saveConfig(file: string, input: unknown): DesktopConfig {
  const v = validateConfig(input)
  if (!v.ok) throw new Error(v.message)
  writeJsonAtomic(file, v.config)
  return v.config
}

export function writeJsonAtomic(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, 'utf8')
  // on Windows a virus scanner may hold the old file for a moment: retry briefly
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(tmp, file)
      return
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) {
        fs.rmSync(tmp, { force: true })
        throw e
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * (attempt + 1))
    }
  }
}

/** The port a lan-host listens on. */
export function hostPort(config: DesktopConfig): number {
  return config.port ?? DEFAULT_PORT
}
