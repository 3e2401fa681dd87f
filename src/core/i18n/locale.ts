/** The languages Kedan speaks. Chinese is the default and the source of every text. */
export const LOCALES = ['zh-CN', 'en-US'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en-US'
}

/**
 * The caller's locale from what a transport received: `X-Kedan-Locale` / an IPC field (one tag) or an
 * `Accept-Language` list (`en-US,en;q=0.9,zh;q=0.8`). English of any region → en-US, anything else → zh-CN.
 */
export function pickLocale(...candidates: (string | string[] | null | undefined)[]): Locale {
  for (const c of candidates) {
    const raw = Array.isArray(c) ? c.join(',') : c
    if (!raw) continue
    const tags = raw
      .split(',')
      .map((part, i) => {
        const [tag, ...rest] = part.trim().split(';')
        const q = rest.map((r) => /^\s*q=([\d.]+)\s*$/.exec(r)?.[1]).find(Boolean)
        return { tag: (tag ?? '').trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i }
      })
      .filter((t) => t.tag && t.tag !== '*' && t.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i)
    for (const t of tags) {
      if (t.tag === 'en' || t.tag.startsWith('en-')) return 'en-US'
      if (t.tag === 'zh' || t.tag.startsWith('zh-')) return 'zh-CN'
    }
  }
  return DEFAULT_LOCALE
}
