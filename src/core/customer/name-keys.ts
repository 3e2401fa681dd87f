import { MoreThan, type DataSource } from 'typeorm'
import { SettingEntity } from '../settings/settings.entity'
import { CustomerEntity } from './customer.entity'
import { normalizeName } from './customer.rules'

/**
 * The version of normalizeName the stored customers.nameKey were made with. Raise it whenever normalizeName
 * changes (issue 14: administrative suffixes and bracketed places), so the next open re-keys the existing rows
 * and 防撞单 finds old customers under the new rule too.
 */
export const NAME_KEY_VERSION = 2
const VERSION_KEY = 'customer.nameKeyVersion'

/**
 * On open: re-keys every customer whose stored name key differs from normalizeName(name), once per
 * NAME_KEY_VERSION (kept in the settings table), in one transaction. nameKey is derived data like searchText:
 * the record's version and history do not change. Returns how many keys changed.
 */
export async function rekeyCustomerNames(ds: DataSource): Promise<number> {
  return ds.transaction(async (em) => {
    const settings = em.getRepository(SettingEntity)
    const row = await settings.findOneBy({ key: VERSION_KEY })
    if (row && Number(JSON.parse(row.value)) >= NAME_KEY_VERSION) return 0
    const customers = em.getRepository(CustomerEntity)
    let changed = 0
    let lastId = 0
    for (;;) {
      const batch = await customers.find({ where: { id: MoreThan(lastId) }, select: { id: true, name: true, nameKey: true }, order: { id: 'ASC' }, take: 1000 })
      if (!batch.length) break
      for (const c of batch) {
        const key = normalizeName(c.name)
        if (key !== c.nameKey) {
          await customers.update({ id: c.id }, { nameKey: key })
          changed++
        }
      }
      lastId = batch[batch.length - 1]!.id
    }
    const value = JSON.stringify(NAME_KEY_VERSION)
    const at = new Date().toISOString()
    if (row) await settings.update({ key: VERSION_KEY }, { value, updatedAt: at, version: row.version + 1 })
    else await settings.insert({ key: VERSION_KEY, value, updatedAt: at, updatedByName: null, version: 1 })
    return changed
  })
}
