import { col } from '../db/columns'

/** A priced document line (order or quote): product snapshot, scaled quantity and price, money per line. */
export interface PricedLine {
  lineNo: number
  productId: number
  productCode: string
  productName: string
  spec: string | null
  unit: string
  qtyMilli: number
  price4: number
  taxRate: number
  discountBp: number
  amountFen: number
  taxFen: number
  netFen: number
  remark: string | null
}

/** The columns of a priced line, shared by sales_order_lines and quote_lines. */
export const pricedLineColumns = () => ({
  lineNo: col.int(),
  productId: col.int(),
  productCode: col.str(40),
  productName: col.str(100),
  spec: col.strNull(100),
  unit: col.str(10),
  qtyMilli: col.fen(),
  price4: col.fen(),
  taxRate: col.int(),
  discountBp: col.int(),
  amountFen: col.fen(),
  taxFen: col.fen(),
  netFen: col.fen(),
  remark: col.strNull(200),
})
