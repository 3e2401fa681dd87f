import { describe, expect, it } from 'vitest'
import { pathToFileURL } from 'node:url'
import { decideNavigation, isAppUrl, isExternalUrl } from './navigation'

const built = 'file:///C:/Program%20Files/Kedan%20%E5%AE%A2%E5%8D%95/resources/app.asar/out/renderer/index.html'
const dev = 'http://localhost:5173/'

describe('navigation', () => {
  it('keeps the app on its own pages (built files or the dev server)', () => {
    expect(isAppUrl(`${built}#/customers/3`, built)).toBe(true)
    expect(isAppUrl('file:///C:/Program%20Files/Kedan%20%E5%AE%A2%E5%8D%95/resources/app.asar/out/renderer/assets/x.js', built)).toBe(true)
    expect(isAppUrl('file:///C:/Windows/System32/drivers/etc/hosts', built)).toBe(false)
    expect(isAppUrl('file:///C:/Program%20Files/Kedan%20%E5%AE%A2%E5%8D%95/resources/app.asar/out/renderer/../../../x', built)).toBe(false)
    expect(isAppUrl('http://localhost:5173/customers', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('not a url', dev)).toBe(false)
    const local = pathToFileURL('/opt/kedan/out/renderer/index.html').href
    expect(isAppUrl(local, local)).toBe(true)
  })
  it('sends web and mail links to the OS, refuses the rest', () => {
    expect(isExternalUrl('https://www.gsxt.gov.cn/')).toBe(true)
    expect(isExternalUrl('mailto:finance@example.cn')).toBe(true)
    expect(isExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isExternalUrl('file:///C:/x.exe')).toBe(false)
    expect(isExternalUrl('ms-settings:')).toBe(false)
    expect(decideNavigation(`${built}#/login`, built)).toBe('allow')
    expect(decideNavigation('https://example.cn/', built)).toBe('external')
    expect(decideNavigation('file:///C:/x.exe', built)).toBe('deny')
    expect(decideNavigation('smb://server/share', built)).toBe('deny')
  })
})
