/**
 * The Windows installer cannot be built here (no Windows, no wine), so this checks electron-builder.yml
 * the way electron-builder 26 reads it: its own JSON-schema validation, its icon resolution and its
 * macro expansion, plus the fields Kedan's installer must have and the files it refers to.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { convertIcon } from 'app-builder-lib/out/util/iconConverter'
import { expandMacro } from 'app-builder-lib/out/util/macroExpander'
import type { Configuration } from 'app-builder-lib'

const ROOT = path.resolve(__dirname, '..', '..')
const config = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, any>

function pngSize(file: string) {
  const b = fs.readFileSync(file)
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
}

function icoSizes(file: string): number[] {
  const b = fs.readFileSync(file)
  expect([b.readUInt16LE(0), b.readUInt16LE(2)]).toEqual([0, 1])
  const sizes: number[] = []
  for (let i = 0; i < b.readUInt16LE(4); i++) sizes.push(b[6 + i * 16] || 256)
  return sizes
}

describe('electron-builder.yml', () => {
  it('passes electron-builder 26 own configuration schema', async () => {
    const logger = { isEnabled: false, add() {} } as never
    await expect(validateConfiguration(config as Configuration, logger)).resolves.toBeUndefined()
    // the check is real: a misspelt option or a wrong value is refused
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneclick: false } } as never, logger)).rejects.toThrow()
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, createDesktopShortcut: 'sometimes' } } as never, logger)).rejects.toThrow(/createDesktopShortcut/)
  })

  it('identifies the app', () => {
    expect(config.appId).toBe('com.kedan.app')
    expect(config.productName).toBe('Kedan 客单')
    expect(pkg.productName).toBe('Kedan 客单')
  })

  it('builds a 64-bit Windows NSIS installer with the icon that exists', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }])
    for (const icon of [config.win.icon, config.nsis.installerIcon, config.nsis.uninstallerIcon]) {
      expect(icon).toBe('resources/icon.ico')
      expect(fs.existsSync(path.join(ROOT, icon))).toBe(true)
    }
    expect(fs.statSync(path.join(ROOT, config.directories.buildResources)).isDirectory()).toBe(true)
  })

  it('installs per machine, lets IT choose the folder, in Chinese and English, with both shortcuts', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN', 'en_US'],
      multiLanguageInstaller: true,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      shortcutName: '客单 Kedan',
      deleteAppDataOnUninstall: false,
    })
  })

  it('packs the build output and package.json, and unpacks better-sqlite3 (native) from asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']))
    // main entry is inside what is packed
    expect(pkg.main).toBe('./out/main/index.js')
    expect(config.asar).not.toBe(false)
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**'])
    // it is a production dependency (electron-builder copies only those) with a native addon
    expect(pkg.dependencies['better-sqlite3']).toBeTruthy()
    expect(pkg.devDependencies?.['better-sqlite3']).toBeUndefined()
    expect(fs.existsSync(path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true)
    // electron-updater runs in main: must be packed too
    expect(pkg.dependencies['electron-updater']).toBeTruthy()
  })

  it('rebuilds native modules while packaging, not on npm install', () => {
    expect(config.npmRebuild).toBe(true)
    const scripts: Record<string, string> = pkg.scripts ?? {}
    for (const name of ['postinstall', 'install', 'preinstall']) expect(scripts[name] ?? '').not.toContain('install-app-deps')
    expect(scripts['dist:win']).toContain('--config electron-builder.yml')
  })

  it('publishes a generic feed whose URL is a placeholder (the real one is set at install/config time)', () => {
    expect(config.publish).toHaveLength(1)
    const feed = config.publish[0]
    expect(feed.provider).toBe('generic')
    // expanding it the way electron-builder does must not need any build-time environment variable
    const appInfo = { productName: config.productName, sanitizedProductName: 'Kedan', version: pkg.version, channel: null } as never
    expect(expandMacro(feed.url, 'x64', appInfo)).toBe(feed.url)
    const url = new URL(feed.url)
    expect(url.protocol).toBe('http:')
    expect(url.hostname.endsWith('.invalid')).toBe(true)
  })

  it('names the installer in ASCII (it appears in latest.yml and update URLs)', () => {
    const appInfo = { productName: config.productName, sanitizedProductName: 'Kedan 客单', version: '1.2.3', channel: null } as never
    expect(expandMacro(config.nsis.artifactName, 'x64', appInfo, { ext: 'exe' })).toBe('Kedan-Setup-1.2.3.exe')
    expect(config.win.executableName).toMatch(/^[A-Za-z0-9_-]+$/)
  })
})

describe('resources/icon', () => {
  it('icon.png is a PNG of at least 256×256', () => {
    const { width, height } = pngSize(path.join(ROOT, 'resources', 'icon.png'))
    expect(width).toBeGreaterThanOrEqual(256)
    expect(height).toBe(width)
  })

  it('icon.ico holds 16…256 px images and electron-builder takes it as is (no conversion download)', async () => {
    const file = path.join(ROOT, 'resources', 'icon.ico')
    expect(icoSizes(file)).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-icon-'))
    try {
      const r = await convertIcon({ sources: [config.win.icon], fallbackSources: [], roots: [path.join(ROOT, 'resources'), ROOT], format: 'ico', outDir })
      expect(r.error).toBeUndefined()
      expect(r.isFallback).toBe(false)
      expect(r.icons).toEqual([{ file: file, size: 256 }])
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true })
    }
  })
})
