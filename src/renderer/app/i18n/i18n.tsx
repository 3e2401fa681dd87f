import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { messages, type MessageKey } from './messages'

export type Locale = 'zh-CN' | 'en-US'
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en-US', label: 'English' },
]
export type Vars = Record<string, string | number | null | undefined>
export type TFunction = (key: MessageKey, vars?: Vars) => string

const STORAGE_KEY = 'kedan.locale'

function readStored(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    if (v === 'zh-CN' || v === 'en-US') return v
  } catch {
    /* no storage: default */
  }
  return 'zh-CN'
}

let current: Locale = readStored()

function format(template: string, vars?: Vars): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = vars[name]
    return v === undefined || v === null ? '' : String(v)
  })
}

/** Translate outside React (notifications, transport helpers). Inside components prefer `useT()`. */
export function translate(key: MessageKey, vars?: Vars, locale: Locale = current): string {
  const dict = messages[locale] as Record<string, string>
  return format(dict[key] ?? (messages['zh-CN'] as Record<string, string>)[key] ?? key, vars)
}

/** True when `key` is a known message (for keys built at run time, e.g. `field.${name}`). */
export function hasMessage(key: string): key is MessageKey {
  return key in messages['zh-CN']
}

export function getLocale(): Locale {
  return current
}

interface I18nValue {
  locale: Locale
  setLocale: (l: Locale) => void
  t: TFunction
}

const I18nContext = createContext<I18nValue | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(current)
  const setLocale = useCallback((l: Locale) => {
    current = l
    try {
      localStorage.setItem(STORAGE_KEY, l)
    } catch {
      /* ignore */
    }
    setLocaleState(l)
  }, [])
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const t = useCallback<TFunction>((key, vars) => translate(key, vars, locale), [locale])
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext)
  if (!v) throw new Error('useI18n outside I18nProvider')
  return v
}

export function useT(): TFunction {
  return useI18n().t
}
