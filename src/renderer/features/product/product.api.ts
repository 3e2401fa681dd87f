import type { ItemOf, MethodIn, MethodOut } from '../../app/methods'

/** Names for the product contract's types: aliases of the core's schemas (src/core/product), never copies. */
export { TAX_RATES } from '../../../core/money/money'
export type Product = MethodOut<'product.get'>
export type ProductFields = Omit<MethodIn<'product.create'>, 'initialStock'>
export type StockMove = ItemOf<'stock.moves'>
export type ProductSearchIn = MethodIn<'product.search'>

/** Everything a product or stock change can make stale. */
export const PRODUCT_QUERIES = ['product.', 'stock.', 'auditLog.'] as const
