import { z } from 'zod'
import { TAX_RATES } from '../money/money'
import { issue } from '../i18n/i18n'

/** 13 | 9 | 6 | 3 | 1 | 0 (the type says so too: callers are checked against it). */
export const taxRate = z.literal(TAX_RATES, issue('product.taxRate'))
