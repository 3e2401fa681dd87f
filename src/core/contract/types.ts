import { z } from 'zod'

/** Shared zod building blocks of the contract. Amounts are integer fen; decimals travel as strings. */
export const id = z.number().int().positive()
export const fen = z.number().int().safe()
export const nonNegFen = fen.min(0, '金额不能为负数')
export const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
export const timestamp = z.string()
export const version = z.number().int().min(1)
export const decimalStr = (scale: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .refine((v) => new RegExp(`^-?\\d{1,12}(\\.\\d{1,${scale}})?$`).test(v), `请输入数字，最多 ${scale} 位小数`)
export const quantityStr = decimalStr(3)
export const priceStr = decimalStr(4)

export const trimmed = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`)
export const requiredText = (label: string, max = 100) =>
  z.string({ error: `${label}不能为空` }).trim().min(1, `${label}不能为空`).max(max, `${label}不能超过 ${max} 个字符`)
export const optionalText = (max = 200) => trimmed(max).nullish().transform((v) => (v === '' ? null : (v ?? null)))

/** The version and who/when fields every versioned record answers with. */
export const trackedOut = {
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  version: z.number(),
}

export const paging = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
}
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() })
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })
export const empty = z.object({}).strict().optional().default({})
export const okOut = z.object({ ok: z.literal(true) })

export const ROLES = ['admin', 'owner', 'manager', 'sales', 'clerk', 'finance'] as const
export type Role = (typeof ROLES)[number]
export const role = z.enum(ROLES)
