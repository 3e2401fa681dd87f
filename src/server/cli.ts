/**
 * Headless host: `npm run serve -- --data <dir> --port <n> [--host <addr>] [--pg <url>]`.
 * Same core and renderer as the desktop app, over HTTP.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { spawnSync } from 'node:child_process'
import { createCore } from '../core'
import { createHttpServer } from './http'
import { parseServeArgs } from './args'
import { isLoopback } from './guard'
import { ensureHostCertificate } from './tls'
import { startDailyJobs } from '../core/customer/pool.jobs'

const ROOT = path.resolve(__dirname, '..', '..')

function ensureRendererBuild(staticDir: string) {
  if (fs.existsSync(path.join(staticDir, 'index.html'))) return
  console.log('renderer build missing: building it once (npm run build) …')
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) throw new Error('npm run build failed')
}

async function main() {
  const args = parseServeArgs(process.argv.slice(2))
  const staticDir = args.staticDir ? path.resolve(args.staticDir) : path.join(ROOT, 'out', 'renderer')
  if (!args.noBuild) ensureRendererBuild(staticDir)
  const core = await createCore({
    ...(args.postgresUrl ? { postgresUrl: args.postgresUrl } : { dataDir: args.dataDir }),
    backupDir: args.backupDir ?? path.join(args.dataDir, 'backups'),
    // the daily backup and the backup on close run on the host
    backups: true,
  })
  if (core.backupFile) console.log(`database backed up before migration: ${core.backupFile}`)
  // the daily 公海 sweep (settings.pool) runs on the host
  const stopDailyJobs = startDailyJobs(core, { log: (l) => console.log(l) })
  // off loopback the host speaks HTTPS only, with its own certificate from the data folder (made on first run)
  const useTls = args.tls || !(isLoopback(args.host) || args.host === 'localhost')
  const tls = useTls ? await ensureHostCertificate(args.dataDir) : undefined
  const server = await createHttpServer(core, { staticDir, updatesDir: args.updatesDir ?? path.join(args.dataDir, 'updates'), allowedHosts: args.allowedHosts, tls })
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `port ${args.port} is already in use: choose another with --port` : `server error: ${e.message}`)
    process.exit(1)
  })
  server.listen(args.port, args.host, () => {
    const addr = server.address()
    const port = typeof addr === 'object' && addr ? addr.port : args.port
    console.log(`Kedan listening on ${tls ? 'https' : 'http'}://${args.host}:${port}`)
    if (tls) {
      // what a desktop client shows on first connect: the person compares it before trusting this host
      console.log(`Host certificate pairing code 主机证书配对码：${tls.pairingCode}`)
      console.log(`Host certificate SHA-256 fingerprint 证书指纹：${tls.fingerprint256} (${tls.certFile})`)
    }
    // first run from another PC needs this code (on this machine itself no code is asked)
    core
      .setupCode()
      .then((code) => code && console.log(`First-run setup code (for setting up from another computer) 初始化设置码：${code}`))
      .catch(() => undefined)
  })
  const stop = async () => {
    server.close()
    stopDailyJobs()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  console.error(`Kedan could not start: ${(e as Error).message}`)
  process.exit(1)
})
