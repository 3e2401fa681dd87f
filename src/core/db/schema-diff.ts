import { createDataSource, type DbConfig } from './datasource'
import { ENTITIES } from '../entities'
import { migrationsFor } from './open'

/**
 * Runs every committed migration on the given (empty) database, then asks TypeORM what it would
 * still change to match the entities. Empty `up` means entities and migrations agree.
 */
export async function schemaDiff(cfg: DbConfig): Promise<{ up: string[]; down: string[] }> {
  const ds = createDataSource(cfg, ENTITIES, migrationsFor(cfg))
  await ds.initialize()
  try {
    await ds.runMigrations({ transaction: 'each' })
    const sql = await ds.driver.createSchemaBuilder().log()
    return {
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query).reverse(),
    }
  } finally {
    await ds.destroy()
  }
}
