import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..', '..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-start-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function start(env: Record<string, string>, args: string[] = ['--dry-run']) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
}

describe('npm start (scripts/start.mjs)', () => {
  it('without an Electron binary prints one clear line and exits 0 (and never tries to download one)', () => {
    const empty = path.join(tmp, 'empty')
    fs.mkdirSync(empty)
    // --dry-run is irrelevant here; without it the script must not try to launch anything either
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: empty }, [])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('Electron cannot run on this machine (no Electron binary); use "npm run serve" to run Kedan in a browser.\n')
    expect(r.stderr).not.toContain('Downloading Electron')
  })

  it('with an Electron binary runs electron-vite preview', () => {
    const dist = path.join(tmp, 'dist')
    fs.mkdirSync(dist)
    const pathTxt = path.join(ROOT, 'node_modules', 'electron', 'path.txt')
    const exe = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : 'electron'
    fs.writeFileSync(path.join(dist, exe), '')
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: dist })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('would run: ')
    expect(r.stdout).toContain(`${path.join('electron-vite', 'bin', 'electron-vite.js')} preview`)
    expect(r.stdout).toContain(`(Electron: ${path.join(dist, exe)})`)
  })
})
