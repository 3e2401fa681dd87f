import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { freshTestDatabase, testEngine, TEST_ADMIN_PASSWORD } from '../testing/test-core'
import { SettingEntity } from '../settings/settings.entity'
import { CustomerEntity } from './customer.entity'
import { NAME_KEY_VERSION } from './name-keys'

/**
 * Issue 14: customers stored before the name rule changed (北京市… / …（北京）… keyed as written) are re-keyed
 * when the database is opened, once, so 防撞单 finds them; on SQLite and PostgreSQL.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-namekeys-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('name keys re-keyed on open', () => {
  it('an old row keyed by the old rule matches again after reopening; the version is remembered', async () => {
    const pg = testEngine() === 'postgres' ? await freshTestDatabase() : undefined
    const open = () => createCore({ ...(pg ? { postgresUrl: pg } : { dataDir: dir }), backupDir: path.join(dir, 'backups'), log: () => {} })
    let core: Core = await open()
    const call = async (method: string, input: unknown, token?: string) => {
      const r = await core.dispatch<any>(method, input, { token })
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
      return r.data
    }
    const { token } = await call('auth.setup', { companyName: '测试贸易有限公司', username: 'admin', password: TEST_ADMIN_PASSWORD, displayName: '管理员' })
    const a = await call('customer.create', { name: '北京市华兴科技有限公司' }, token)
    const b = await call('customer.create', { name: '华兴电子（上海）有限公司' }, token)
    // as an older Kedan stored them: the name without its company form, place and brackets untouched
    const customers = core.dataSource.getRepository(CustomerEntity)
    await customers.update({ id: a.id }, { nameKey: '北京市华兴科技' })
    await customers.update({ id: b.id }, { nameKey: '华兴电子(上海)' })
    await core.dataSource.getRepository(SettingEntity).delete({ key: 'customer.nameKeyVersion' })
    const dupNames = async (name: string, tk: string) => (await call('customer.checkDuplicates', { name }, tk)).items.map((i: { name: string }) => i.name)
    expect(await dupNames('北京华兴科技有限公司', token)).toEqual([])
    await core.close()

    core = await open()
    const { token: t2 } = await call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    expect(await dupNames('北京华兴科技有限公司', t2)).toEqual(['北京市华兴科技有限公司'])
    expect(await dupNames('上海华兴电子有限公司', t2)).toEqual(['华兴电子（上海）有限公司'])
    const keys = await core.dataSource.getRepository(CustomerEntity).find({ select: { id: true, nameKey: true }, order: { id: 'ASC' } })
    expect(keys.map((k) => k.nameKey)).toEqual(['北京华兴科技', '上海华兴电子'])
    // the record itself is unchanged (a derived column), and the rule's version is stored
    expect((await call('customer.get', { id: a.id }, t2)).version).toBe(a.version)
    const v = await core.dataSource.getRepository(SettingEntity).findOneByOrFail({ key: 'customer.nameKeyVersion' })
    expect(JSON.parse(v.value)).toBe(NAME_KEY_VERSION)
    await core.close()
  })
})
