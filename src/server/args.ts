import * as path from 'node:path'

export interface ServeArgs {
  dataDir: string
  port: number
  host: string
  postgresUrl?: string
  staticDir?: string
  updatesDir?: string
  /** `--backup-dir <dir>`: where backups go (default <data>/backups) */
  backupDir?: string
  /** host names to accept besides this machine's own (`--allow-host name`, repeatable; KEDAN_ALLOWED_HOSTS=a,b) */
  allowedHosts: string[]
  noBuild: boolean
  /** `--tls`: HTTPS also on loopback (off loopback it always is) */
  tls: boolean
}

/** `--data <dir> --port <n> --host <addr> [--pg <url>] [--allow-host <name>]…`; defaults ./data, 4310, 127.0.0.1. */
export function parseServeArgs(argv: string[], cwd = process.cwd()): ServeArgs {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    if (i >= 0) return argv[i + 1]
    const eq = argv.find((a) => a.startsWith(`--${name}=`))
    return eq ? eq.slice(name.length + 3) : undefined
  }
  const port = Number(get('port') ?? process.env.KEDAN_PORT ?? 4310)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${get('port')}`)
  return {
    dataDir: path.resolve(cwd, get('data') ?? process.env.KEDAN_DATA ?? 'data'),
    port,
    host: get('host') ?? '127.0.0.1',
    postgresUrl: get('pg') ?? process.env.KEDAN_PG_URL,
    staticDir: get('static'),
    updatesDir: get('updates'),
    backupDir: get('backup-dir') ? path.resolve(cwd, get('backup-dir')!) : undefined,
    allowedHosts: [
      ...argv.flatMap((a, i) => (a === '--allow-host' && argv[i + 1] ? [argv[i + 1]!] : a.startsWith('--allow-host=') ? [a.slice('--allow-host='.length)] : [])),
      ...(process.env.KEDAN_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    ],
    noBuild: argv.includes('--no-build'),
    tls: argv.includes('--tls'),
  }
}
