/**
 * Where the window may go. The app stays on its own pages; web links open in the OS browser;
 * everything else (file:, javascript:, other origins) is refused.
 */
export type NavDecision = 'allow' | 'external' | 'deny'

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** Links handed to the OS browser / mail program. */
export function isExternalUrl(url: string): boolean {
  const u = parse(url)
  return !!u && (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:')
}

/**
 * True when `url` is one of the app's own pages. `appUrl` is what the window loaded: the dev server
 * (same origin) or the built index.html (file: in the same folder or below).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const u = parse(url)
  const app = parse(appUrl)
  if (!u || !app) return false
  if (app.protocol === 'file:') {
    if (u.protocol !== 'file:' || u.host !== app.host) return false
    const dir = app.pathname.slice(0, app.pathname.lastIndexOf('/') + 1)
    const p = decodeURIComponent(u.pathname)
    return p.startsWith(decodeURIComponent(dir)) && !p.split('/').includes('..')
  }
  return u.origin === app.origin
}

export function decideNavigation(url: string, appUrl: string): NavDecision {
  if (isAppUrl(url, appUrl)) return 'allow'
  if (isExternalUrl(url)) return 'external'
  return 'deny'
}
