import { useEffect, useRef } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useI18n } from './i18n'

/**
 * The server answers in the language of the call (labels, summaries, messages inside data): when the user
 * switches the language, everything on screen is fetched again so it follows.
 */
export function RefetchOnLocale() {
  const { locale } = useI18n()
  const qc = useQueryClient()
  const first = useRef(locale)
  useEffect(() => {
    if (first.current === locale) return
    first.current = locale
    void qc.invalidateQueries()
  }, [locale, qc])
  return null
}
