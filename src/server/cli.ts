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
  const server = await createHttpServer(core, { staticDir, updatesDir: args.updatesDir ?? path.join(args.dataDir, 'updates'), allowedHosts: args.allowedHosts })
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `port ${args.port} is already in use: choose another with --port` : `server error: ${e.message}`)
    process.exit(1)
  })
  server.listen(args.port, args.host, () => {
    const addr = server.address()
    const port = typeof addr === 'object' && addr ? addr.port : args.port
    console.log(`Kedan listening on http://${args.host}:${port}`)
    // first run from another PC needs this code (on this machine itself no code is asked)
    core
      .setupCode()
      .then((code) => code && console.log(`First-run setup code (for setting up from another computer) 初始化设置码：${code}`))
      .catch(() => undefined)
  })
  const stop = async () => {
    server.close()
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
