import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'

export const PRODUCT_KINDS = ['goods', 'service'] as const
export type ProductKind = (typeof PRODUCT_KINDS)[number]

export interface Product extends Tracked {
  id: number
  code: string
  name: string
  /** goods (库存商品) keep stock; a service / fee (服务/费用: 安装调试, 运费) never touches stock */
  kind: ProductKind
  spec: string | null
  unit: string
  category: string | null
  barcode: string | null
  /** unit price × 10 000 */
  salePrice4: number
  /** 成本价: unit cost excl. tax × 10 000; seen and changed by admin, manager, finance (owner sees); changes logged */
  costPrice4: number
  priceIncludesTax: boolean
  taxRate: number
  active: boolean
  /** quantities × 1 000 */
  lowStockThresholdMilli: number
  onHandMilli: number
  reservedMilli: number
  searchText: string
}

export const ProductEntity = new EntitySchema<Product>({
  name: 'Product',
  tableName: 'products',
  columns: {
    id: col.pk(),
    code: col.str(40, { unique: true }),
    name: col.str(100),
    kind: col.str(10, { default: 'goods' }),
    spec: col.strNull(100),
    unit: col.str(10),
    category: col.strNull(50),
    barcode: col.strNull(40),
    salePrice4: col.fen(),
    costPrice4: col.fen(),
    priceIncludesTax: col.bool(true),
    taxRate: col.int({ default: 13 }),
    active: col.bool(true),
    lowStockThresholdMilli: col.fen(),
    onHandMilli: col.fen(),
    reservedMilli: col.fen(),
    searchText: col.text({ default: '' }),
    ...tracked,
  },
  indices: [
    { name: 'idx_products_category', columns: ['category'] },
    { name: 'idx_products_barcode', columns: ['barcode'] },
  ],
})

/** return_void: the goods of a voided return go back out */
export type StockMoveKind = 'adjust' | 'ship' | 'ship_cancel' | 'return' | 'return_void'

/** Every change of on-hand stock, signed. */
export interface StockMove {
  id: number
  productId: number
  qtyMilli: number
  kind: StockMoveKind
  refType: string | null
  refId: number | null
  reason: string | null
  onHandAfterMilli: number
  at: string
  userName: string | null
}

export const StockMoveEntity = new EntitySchema<StockMove>({
  name: 'StockMove',
  tableName: 'stock_moves',
  columns: {
    id: col.pk(),
    productId: col.int(),
    qtyMilli: col.fen(),
    kind: col.str(20),
    refType: col.strNull(20),
    refId: col.intNull(),
    reason: col.strNull(200),
    onHandAfterMilli: col.fen(),
    at: col.ts(),
    userName: col.strNull(50),
  },
  indices: [{ name: 'idx_stock_moves_product', columns: ['productId', 'at'] }],
})
