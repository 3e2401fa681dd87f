import type { OpportunityStage } from '../opportunity/opportunity.types'

/** Mirrors src/core/settings/settings.contract.ts. */
export interface CompanyInfo {
  name: string
  address: string
  phone: string
  bankName: string
  bankAccount: string
  taxId: string
  /** data: URL of the logo image, or null */
  logo: string | null
}

/** Document types that get a number from the core's numbering (customer code and the documents). */
export const DOC_TYPES = ['customer', 'SO', 'QT', 'DN', 'RT', 'RC'] as const
export type DocType = (typeof DOC_TYPES)[number]
export const DATE_PARTS = ['YYYYMMDD', 'YYYYMM', 'YYMMDD', ''] as const
export type DatePart = (typeof DATE_PARTS)[number]
export const SEPARATORS = ['', '-', '_', '/'] as const
export type Separator = (typeof SEPARATORS)[number]

/** How a number is built: prefix + date part + (separator, only with a date part) + serial padded to `digits`. */
export interface NumberPattern {
  /** 1–10 letters or digits */
  prefix: string
  datePart: DatePart
  separator: Separator
  /** 3–8 */
  digits: number
}

export interface Settings {
  company: CompanyInfo
  sources: string[]
  industries: string[]
  /** every document type, defaults merged with the company's choices */
  numbering: Record<DocType, NumberPattern>
  inventory: { allowNegativeStock: boolean }
  /** win probability (0–100) an opportunity takes when it enters a stage */
  opportunityProbabilities: Record<OpportunityStage, number>
  /** 回访: an after-sales follow-up this many days (0–365) after a delivery is signed for */
  followUp: { revisitDelayDays: number }
}

export interface SettingsUpdate {
  company?: CompanyInfo
  sources?: string[]
  industries?: string[]
  /** merged per document type and per field */
  numbering?: Partial<Record<DocType, Partial<NumberPattern>>>
  inventory?: { allowNegativeStock: boolean }
  /** merged per stage */
  opportunityProbabilities?: Partial<Record<OpportunityStage, number>>
  followUp?: { revisitDelayDays: number }
}

declare module '../../app/methods' {
  interface MethodMap {
    'settings.get': { in: Record<string, never>; out: Settings }
    'settings.update': { in: SettingsUpdate; out: Settings }
  }
}
