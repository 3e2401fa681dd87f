#!/usr/bin/env node
/**
 * `npm start`: build and launch the desktop app with `electron-vite preview` when an Electron binary is
 * installed; otherwise say so in one line and exit 0 (e.g. on a server, or where the binary could not
 * be downloaded) — `npm run serve` runs the same app in a browser.
 *
 * The binary is looked up the way node_modules/electron/index.js does, but without its fallback of
 * downloading Electron (that would hang on a closed network): require('electron') is only called once
 * the file it will return is known to exist.
 *
 *   node scripts/start.mjs [--dry-run]   (--dry-run: print what would run instead of running it)
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const NO_ELECTRON = 'Electron cannot run on this machine (no Electron binary); use "npm run serve" to run Kedan in a browser.'

function electronBinary() {
  let pkgDir
  try {
    pkgDir = dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = join(pkgDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const candidate = override ? join(override, executable || 'electron') : executable ? join(pkgDir, 'dist', executable) : null
  if (!candidate || !existsSync(candidate)) return null
  try {
    const resolved = require('electron')
    return typeof resolved === 'string' && existsSync(resolved) ? resolved : null
  } catch {
    return null
  }
}

const binary = electronBinary()
if (!binary) {
  console.log(NO_ELECTRON)
  process.exit(0)
}

// electron-vite preview: builds main, preload and renderer into out/, then launches Electron on it
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
const args = [electronVite, 'preview', ...process.argv.slice(2).filter((a) => a !== '--dry-run')]
if (process.argv.includes('--dry-run')) {
  console.log(`would run: ${[process.execPath, ...args].join(' ')} (Electron: ${binary})`)
  process.exit(0)
}
const child = spawn(process.execPath, args, { stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
child.on('error', (e) => {
  console.error(`could not start electron-vite: ${e.message}`)
  process.exit(1)
})
