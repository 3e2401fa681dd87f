/**
 * Issue 12: `serve` on a damaged database stops with a clear message naming the latest good backup and the command
 * that restores it; `kedan restore --latest` puts it back and `serve` starts again.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/core'
import { testEngine } from '../../src/core/testing/test-core'
import { api, ROOT, startServer } from '../support/server'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe.skipIf(testEngine() === 'postgres')('serve on a damaged database', () => {
  it('refuses to start, names the latest good backup; restore --latest brings it back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-serve-damaged-'))
    dirs.push(dataDir)
    const c = await createCore({ dataDir, backupDir: path.join(dataDir, 'backups'), log: () => {} })
    await c.dispatch('auth.setup', { companyName: '厦门鹭岛贸易有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    const login = await c.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })
    const b = await c.dispatch<{ fileName: string }>('backup.create', {}, { token: login.ok ? login.data.token : '' })
    await c.close()
    const fd = fs.openSync(path.join(dataDir, 'kedan.db'), 'r+')
    const size = fs.fstatSync(fd).size
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096)
    fs.closeSync(fd)

    const refused = await startServer({ dataDir, extraArgs: ['--no-build'] }).then(
      (s) => s.stop().then(() => 'started'),
      (e: Error) => e.message,
    )
    expect(refused).toContain('server exited with 1')
    expect(refused).toContain('数据库文件已损坏')
    expect(refused).toContain(b.ok ? b.data.fileName : '?')
    expect(refused).toContain('restore --latest')

    const tsx = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx')
    const r = spawnSync(tsx, ['src/server/kedan.ts', 'restore', '--latest', '--data', dataDir], { cwd: ROOT, encoding: 'utf8' })
    expect(r.status).toBe(0)
    const s = await startServer({ dataDir, extraArgs: ['--no-build'] })
    try {
      expect((await api(s.url, 'auth.login', { username: 'admin', password: 'admin-2026' })).body.ok).toBe(true)
    } finally {
      await s.stop()
    }
  }, 180_000)
})
