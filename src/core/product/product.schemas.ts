import { z } from 'zod'
import { TAX_RATES } from '../money/money'

export const taxRate = z.union(TAX_RATES.map((r) => z.literal(r)) as unknown as [z.ZodLiteral<13>, z.ZodLiteral<9>], { error: '税率只能是 13、9、6、3、1 或 0' })
