import * as fs from 'node:fs'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuild } from '../support/e2e'
import { ROOT } from '../support/server'

/**
 * The renderer takes the core's types by `import type` and only its import-free enumerations as values
 * (src/core/<feature>/<feature>.enums.ts). This reads the built bundle (out/renderer, `electron-vite build`)
 * for what must never be in a browser page: TypeORM, the database drivers, the server's libraries, Node built-ins.
 */
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'TypeORM', pattern: /EntitySchema|QueryRunner|SelectQueryBuilder|TypeORMError|typeorm/ },
  { what: 'better-sqlite3', pattern: /better[-_]sqlite3|SqliteError/ },
  { what: 'pg', pattern: /pg-protocol|pg-pool|pg-connection-string|node-postgres|PGSSLMODE/ },
  { what: 'a Node built-in (node: import)', pattern: /["'`]node:[a-z_/]+["'`]/ },
  { what: 'a Node built-in (require)', pattern: /require\(\s*["'](fs|path|os|crypto|child_process|net|tls|http|https|stream|zlib|worker_threads|module)["']\s*\)/ },
  { what: "a Node built-in Vite stubbed out", pattern: /__vite-browser-external/ },
  { what: 'the server (fastify) or the print/Excel libraries', pattern: /fastify|pdfmake|exceljs/i },
]

function bundleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? bundleFiles(p) : /\.(m?js|html)$/.test(e.name) ? [p] : []
  })
}

describe('renderer bundle', () => {
  let files: string[] = []
  let text = ''
  beforeAll(() => {
    ensureBuild()
    files = bundleFiles(path.join(ROOT, 'out', 'renderer'))
    text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n')
  })

  it('the scan finds what it looks for', () => {
    const planted = `import("node:fs");const t=new EntitySchema({});require("better-sqlite3");require('fs');import "pg-protocol"`
    expect(FORBIDDEN.filter((f) => f.pattern.test(planted)).map((f) => f.what)).toEqual([
      'TypeORM',
      'better-sqlite3',
      'pg',
      'a Node built-in (node: import)',
      'a Node built-in (require)',
    ])
  })

  it('holds the app and the core enumerations it imports as values', () => {
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    // ORDER_STATUSES, RECEIPT_METHODS, PAPERS from src/core/*/*.enums.ts
    expect(text).toContain('partially_shipped')
    expect(text).toContain('acceptance_bill')
    expect(text).toContain('dot3')
  })

  it('has nothing of TypeORM, better-sqlite3, pg or Node built-ins', () => {
    const found = FORBIDDEN.flatMap((f) => {
      const m = f.pattern.exec(text)
      return m ? [`${f.what}: …${text.slice(Math.max(0, m.index - 60), m.index + 60)}…`] : []
    })
    expect(found).toEqual([])
  })
})
