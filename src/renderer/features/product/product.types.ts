import type { Page, PageParams } from '../../app/methods'

/** Mirrors src/core/product/product.contract.ts. Quantities and prices are decimal strings. */
export const TAX_RATES = [13, 9, 6, 3, 1, 0] as const
export type TaxRate = (typeof TAX_RATES)[number]

export interface Product {
  id: number
  code: string
  name: string
  spec: string | null
  unit: string
  category: string | null
  barcode: string | null
  salePrice: string
  priceIncludesTax: boolean
  taxRate: number
  active: boolean
  lowStockThreshold: string
  onHand: string
  reserved: string
  available: string
  lowStock: boolean
  createdAt: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface ProductFields {
  code: string
  name: string
  spec?: string | null
  unit?: string
  category?: string | null
  barcode?: string | null
  salePrice?: string
  priceIncludesTax?: boolean
  taxRate?: number
  active?: boolean
  lowStockThreshold?: string
}

export interface StockMove {
  id: number
  kind: 'adjust' | 'ship' | 'ship_cancel' | 'return' | string
  quantity: string
  onHandAfter: string
  refType: string | null
  refId: number | null
  reason: string | null
  at: string
  userName: string | null
}

export interface ProductSearchIn extends PageParams {
  query?: string
  category?: string
  active?: boolean
  lowStock?: boolean
}

declare module '../../app/methods' {
  interface MethodMap {
    'product.create': { in: ProductFields & { initialStock?: string }; out: Product }
    'product.update': { in: Partial<ProductFields> & { id: number; version: number }; out: Product }
    'product.get': { in: { id: number }; out: Product }
    'product.search': { in: ProductSearchIn; out: Page<Product> }
    'product.categories': { in: Record<string, never>; out: { items: string[] } }
    'stock.list': { in: { query?: string; lowStock?: boolean } & PageParams; out: Page<Product> }
    'stock.adjust': { in: { productId: number; quantity: string; reason: string; version?: number }; out: Product }
    'stock.moves': { in: { productId: number } & PageParams; out: Page<StockMove> }
  }
}

/** Everything a product or stock change can make stale. */
export const PRODUCT_QUERIES = ['product.', 'stock.', 'auditLog.'] as const
