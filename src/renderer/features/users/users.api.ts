import type { ItemOf } from '../../app/methods'

/** Names for the user contract's types: aliases of the core's schemas (src/core/auth), never copies. */
export type User = ItemOf<'user.list'>
