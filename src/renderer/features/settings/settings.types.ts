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

export interface Settings {
  company: CompanyInfo
  sources: string[]
  industries: string[]
}

declare module '../../app/methods' {
  interface MethodMap {
    'settings.get': { in: Record<string, never>; out: Settings }
    'settings.update': { in: { company?: CompanyInfo; sources?: string[]; industries?: string[] }; out: Settings }
  }
}
