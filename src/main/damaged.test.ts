import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../core'
import { configPath, saveConfig } from './config'
import { checkDesktopDatabase, restoreLatestGoodBackup } from './damaged'
import { createDesktopRuntime, dataDirOf } from './runtime'
import { createDesktopMethods } from './desktop-methods'
import { TokenStore } from './ipc-router'

/**
 * The desktop's damaged-database path, under Node: a data folder with one customer and a backup, then its kedan.db
 * scribbled over; the check reports the damage and names the latest good backup; the runtime stops on it (the
 * "damaged database" screen) and desktop.restoreLatestBackup puts the backup back and starts the saved mode.
 */
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

async function officeWithBackup(dataDir: string): Promise<{ backupId: string }> {
  fs.mkdirSync(dataDir, { recursive: true })
  const c = await createCore({ dataDir, log: () => {} })
  try {
    await c.dispatch('auth.setup', { companyName: '宁波港城贸易有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })
    const login = await c.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })
    const token = login.ok ? login.data.token : ''
    expect((await c.dispatch('customer.create', { name: '宁波北仑五金有限公司' }, { token })).ok).toBe(true)
    const b = await c.dispatch<{ id: string }>('backup.create', {}, { token })
    if (!b.ok) throw new Error(b.error.message)
    // written after the backup: lost by the restore, which the screen says by naming the backup's time
    expect((await c.dispatch('customer.create', { name: '宁波镇海化工有限公司' }, { token })).ok).toBe(true)
    return { backupId: b.data.id }
  } finally {
    await c.close()
  }
}

/** pages 2… of the file overwritten: the header still reads as SQLite, the b-trees do not */
function scribble(file: string) {
  const fd = fs.openSync(file, 'r+')
  const size = fs.fstatSync(fd).size
  fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096)
  fs.closeSync(fd)
}

const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-damaged-desktop-'))
  dirs.push(d)
  return d
}

describe('the damaged database on the desktop', () => {
  it('a sound or missing database is not reported', async () => {
    const dataDir = path.join(tmp(), 'data')
    fs.mkdirSync(dataDir)
    expect(checkDesktopDatabase(dataDir)).toBeNull()
    await officeWithBackup(dataDir)
    expect(checkDesktopDatabase(dataDir)).toBeNull()
  })

  it('reports the damage with the latest good backup; the restore brings that backup back', async () => {
    const dataDir = path.join(tmp(), 'data')
    const { backupId } = await officeWithBackup(dataDir)
    scribble(path.join(dataDir, 'kedan.db'))

    const r = checkDesktopDatabase(dataDir)
    expect(r).not.toBeNull()
    expect(r!.problem).not.toBe('ok')
    expect(r!.latestGood?.id).toBe(backupId)
    expect(r!.latestGood?.counts.customers).toBe(1)
    expect(r!.message).toContain('数据库文件已损坏')
    expect(r!.message).toContain(r!.latestGood!.createdAt)

    const done = await restoreLatestGoodBackup(dataDir, { log: () => {} })
    expect(done.restored.id).toBe(backupId)
    expect(done.damagedKeptAs && fs.existsSync(done.damagedKeptAs)).toBe(true)
    expect(checkDesktopDatabase(dataDir)).toBeNull()
    const c = await createCore({ dataDir, log: () => {} })
    try {
      const login = await c.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })
      const list = await c.dispatch<{ total: number; items: { name: string }[] }>('customer.search', {}, { token: login.ok ? login.data.token : '' })
      expect(list.ok && list.data.items.map((x) => x.name)).toEqual(['宁波北仑五金有限公司'])
    } finally {
      await c.close()
    }
  })

  it('the desktop runtime stops on it, and desktop.restoreLatestBackup restores and starts the saved mode', async () => {
    const userData = tmp()
    const { backupId } = await officeWithBackup(dataDirOf(userData))
    saveConfig(configPath(userData), { mode: 'standalone' })
    scribble(path.join(dataDirOf(userData), 'kedan.db'))

    const runtime = createDesktopRuntime({ userDataDir: userData, appVersion: '0.1.0', log: () => {} })
    await runtime.init()
    try {
      const before = runtime.info()
      expect(before.configured).toBe(false)
      expect(before.damaged?.latestGood?.id).toBe(backupId)
      expect(before.startupError).toContain('数据库文件已损坏')
      expect(runtime.getDispatch()).toBeNull()

      const tokens = new TokenStore()
      const methods = createDesktopMethods(runtime, { appVersion: '0.1.0' })
      const r = await methods['desktop.restoreLatestBackup']!({}, { tokens, senderId: 1 })
      expect(r.ok).toBe(true)
      const after = runtime.info()
      expect(after).toMatchObject({ configured: true, mode: 'standalone', damaged: null, startupError: null })
      const dispatch = runtime.getDispatch()!
      const login = await dispatch('auth.login', { username: 'admin', password: 'admin-2026' }, {})
      expect(login.ok).toBe(true)
    } finally {
      await runtime.close()
    }
  })
})
