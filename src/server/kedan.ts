/**
 * Commands for IT (scripts, scheduled tasks):
 *
 *   npm run kedan -- backup  --data <dir> [--backup-dir <dir>] [--pg <url>]
 *   npm run kedan -- list    --data <dir> [--backup-dir <dir>] [--pg <url>]
 *   npm run kedan -- restore --data <dir> (--latest | --id <backup id>) [--backup-dir <dir>] [--pg <url>]
 *
 * Stop the app / `serve` on that data folder before `restore`. A restore takes a safety backup of the current data
 * first, refuses a backup from a newer Kedan, and ends every session (everyone signs in again). `restore --latest`
 * also works on a damaged database (it is kept beside as kedan.db.damaged-<time>). Exit code 0 = done, 1 = failed.
 */
import * as path from 'node:path'
import { createCore, DatabaseDamagedError } from '../core'
import { BackupError } from '../core/backup/backup.service'

function get(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`)
  if (i >= 0) return argv[i + 1]
  const eq = argv.find((a) => a.startsWith(`--${name}=`))
  return eq ? eq.slice(name.length + 3) : undefined
}

const fmtSize = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`)

export async function kedanCli(argv: string[], out: (l: string) => void = console.log): Promise<number> {
  const [command] = argv
  const dataDir = path.resolve(get(argv, 'data') ?? process.env.KEDAN_DATA ?? 'data')
  const pg = get(argv, 'pg') ?? process.env.KEDAN_PG_URL
  const backupDir = path.resolve(get(argv, 'backup-dir') ?? path.join(dataDir, 'backups'))
  if (!command || !['backup', 'list', 'restore'].includes(command)) {
    out('usage: npm run kedan -- (backup | list | restore (--latest | --id <id>)) --data <dir> [--backup-dir <dir>] [--pg <url>]')
    return 1
  }
  const latest = argv.includes('--latest')
  let core
  try {
    core = await createCore({ ...(pg ? { postgresUrl: pg } : { dataDir }), backupDir, restoreLatestOnDamage: command === 'restore' && latest, log: out })
  } catch (e) {
    out(e instanceof DatabaseDamagedError ? e.message : `Kedan could not open the database: ${(e as Error).message}`)
    return 1
  }
  try {
    const m = core.backups
    if (command === 'backup') {
      const b = await m.create('manual')
      out(`backup written and checked (integrity ok): ${path.join(backupDir, b.fileName)} ${fmtSize(b.sizeBytes)}`)
      out(`counts: ${JSON.stringify(b.counts)}`)
    } else if (command === 'list') {
      for (const b of m.list()) out(`${b.id}\t${b.createdAt}\t${fmtSize(b.sizeBytes)}\t${b.appVersion}\t${b.schemaVersion}\tcustomers=${b.counts.customers} orders=${b.counts.orders}\t${b.folder}`)
    } else {
      const id = get(argv, 'id') ?? (latest ? m.list().find((b) => b.label !== 'before-restore')?.id : undefined)
      if (!id) {
        out(latest ? `no backup in ${backupDir}` : 'restore needs --id <backup id> (see `list`) or --latest')
        return 1
      }
      const started = Date.now()
      const r = await m.restore(id)
      out(`restored ${r.restored.fileName} (${r.restored.createdAt}) in ${((Date.now() - started) / 1000).toFixed(1)} s; safety backup of the data before: ${r.safetyBackup.fileName}; everyone signs in again`)
    }
    return 0
  } catch (e) {
    out(e instanceof BackupError ? `${e.zh} / ${e.en}` : `failed: ${(e as Error).message}`)
    return 1
  } finally {
    await core.close()
  }
}

if (require.main === module) {
  kedanCli(process.argv.slice(2)).then((code) => process.exit(code))
}
