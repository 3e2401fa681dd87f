import { z } from 'zod'
import { TAX_RATES } from '../money/money'

/** 13 | 9 | 6 | 3 | 1 | 0 (the type says so too: callers are checked against it). */
export const taxRate = z.literal(TAX_RATES, { error: '税率只能是 13、9、6、3、1 或 0' })
