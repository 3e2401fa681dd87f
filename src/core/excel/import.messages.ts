/**
 * Row messages of the dry run (issue 13) in the caller's language: they are data in the answer (a row, a
 * column, a message), not errors the dispatcher renders, so they are rendered here with ctx.locale.
 */
import type { Locale } from '../i18n/i18n'

const zh = {
  noCustomer: '没有客户“{name}”',
  noProduct: '没有商品“{code}”',
  amountZero: '金额不能为 0',
  amountNegative: '期初应收不能为负（预收款请录入收款单）',
  amountTooLarge: '金额过大',
  dueBeforeDate: '到期日不能早于日期',
  dateInFuture: '日期晚于今天',
  numberTooLong: '订单号最多 40 个字符',
  orderExists: '订单号 {number} 已存在（跳过）',
  headerDiffers: '同一订单号的客户和日期须与第 {row} 行相同',
  qtyPositive: '数量必须大于 0',
  qtyDecimals: '数量最多 3 位小数',
  priceNegative: '单价不能为负',
  priceDecimals: '单价最多 4 位小数',
  taxRate: '税率应为 13%、9%、6%、3%、1% 或 0%',
  orderHasErrors: '订单 {number} 有错误的行，整单未导入',
  cancelled: '导入已取消',
} as const

export type RowMessageKey = keyof typeof zh

const en: Record<RowMessageKey, string> = {
  noCustomer: 'No customer “{name}”',
  noProduct: 'No product “{code}”',
  amountZero: 'The amount cannot be 0',
  amountNegative: 'An opening receivable cannot be negative (record a receipt for a prepayment)',
  amountTooLarge: 'The amount is too large',
  dueBeforeDate: 'The due date cannot be before the date',
  dateInFuture: 'The date is after today',
  numberTooLong: 'An order number has at most 40 characters',
  orderExists: 'Order number {number} already exists (skipped)',
  headerDiffers: 'Rows of one order number must have the customer and date of row {row}',
  qtyPositive: 'The quantity must be greater than 0',
  qtyDecimals: 'The quantity has at most 3 decimals',
  priceNegative: 'The unit price cannot be negative',
  priceDecimals: 'The unit price has at most 4 decimals',
  taxRate: 'The tax rate must be 13%, 9%, 6%, 3%, 1% or 0%',
  orderHasErrors: 'Order {number} has rows with errors; the whole order was not imported',
  cancelled: 'The import was cancelled',
}

export function rowMessage(locale: Locale, key: RowMessageKey, params: Record<string, string | number> = {}): string {
  const text: string = locale === 'en-US' ? en[key] : zh[key]
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
}
