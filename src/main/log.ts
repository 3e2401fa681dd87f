/** A small append-only log in userData/logs/main.log (rotated at 2 MB), so on-premise problems can be read later. */
import * as fs from 'node:fs'
import * as path from 'node:path'

export const LOG_MAX_BYTES = 2 * 1024 * 1024

export function createFileLogger(file: string, opts: { maxBytes?: number; echo?: boolean } = {}): (line: string) => void {
  const max = opts.maxBytes ?? LOG_MAX_BYTES
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
  } catch {
    /* logging must never stop the app */
  }
  return (line: string) => {
    const text = `${new Date().toISOString()} ${line}\n`
    if (opts.echo !== false) process.stderr.write(text)
    try {
      if (fs.existsSync(file) && fs.statSync(file).size > max) fs.renameSync(file, `${file}.1`)
      fs.appendFileSync(file, text, 'utf8')
    } catch {
      /* logging must never stop the app */
    }
  }
}
