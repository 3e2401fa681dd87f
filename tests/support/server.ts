import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { freshTestDatabase, testEngine } from '../../src/core/testing/test-core'

export const ROOT = path.resolve(__dirname, '..', '..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface RunningServer {
  url: string
  port: number
  dataDir: string
  proc: ChildProcess
  output: () => string
  stop(): Promise<void>
}

/**
 * Starts `npm run serve` (the real CLI: tsx src/server/cli.ts) on a free port and a fresh data folder,
 * and resolves once it prints "Kedan listening on …". The renderer must already be built (`npm run build`).
 */
export async function startServer(opts: { dataDir?: string; extraArgs?: string[]; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-srv-'))
  const tsx = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx')
  const extra = [...(opts.extraArgs ?? [])]
  // npm test's PostgreSQL run: the server gets a fresh database of its own on the run's cluster
  if (testEngine() === 'postgres' && !extra.includes('--pg')) extra.push('--pg', await freshTestDatabase())
  const proc = spawn(tsx, ['src/server/cli.ts', '--data', dataDir, '--port', String(port), ...extra], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d.toString()))
  proc.stderr!.on('data', (d) => (out += d.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${out}`)), 120_000)
    const check = () => {
      if (/Kedan listening on https?:\/\//.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    }
    proc.stdout!.on('data', check)
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${out}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null) return
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve())
        proc.kill('SIGTERM')
        setTimeout(() => proc.kill('SIGKILL'), 5000)
      })
    },
  }
}

/** POST /api/<method> with an optional bearer token; returns status and parsed body. */
export async function api(base: string, method: string, input?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: input === undefined ? undefined : JSON.stringify(input),
  })
  return { status: res.status, body: await res.json() }
}
