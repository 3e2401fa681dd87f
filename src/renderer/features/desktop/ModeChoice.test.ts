import { describe, expect, it } from 'vitest'
import { sameConfig } from './ModeChoice'

describe('sameConfig (a mode submitted unchanged restarts nothing)', () => {
  it('compares the fields of the chosen mode only', () => {
    expect(sameConfig({ mode: 'standalone' }, { mode: 'standalone' }, 4310)).toBe(true)
    expect(sameConfig({ mode: 'standalone' }, null, 4310)).toBe(false)
    expect(sameConfig({ mode: 'lan-host', port: 4310 }, { mode: 'lan-host' }, 4310)).toBe(true)
    expect(sameConfig({ mode: 'lan-host', port: 4311 }, { mode: 'lan-host', port: 4310 }, 4310)).toBe(false)
    expect(sameConfig({ mode: 'lan-client', hostUrl: 'http://192.168.1.10:4310/' }, { mode: 'lan-client', hostUrl: 'http://192.168.1.10:4310' }, 4310)).toBe(true)
    expect(sameConfig({ mode: 'lan-client', hostUrl: '192.168.1.11' }, { mode: 'lan-client', hostUrl: 'http://192.168.1.10:4310' }, 4310)).toBe(false)
    expect(sameConfig({ mode: 'lan-host', port: 4310 }, { mode: 'standalone' }, 4310)).toBe(false)
  })

  it('an update address added or removed is a change', () => {
    expect(sameConfig({ mode: 'standalone', updateUrl: 'http://x/updates/' }, { mode: 'standalone' }, 4310)).toBe(false)
    expect(sameConfig({ mode: 'standalone' }, { mode: 'standalone', updateUrl: 'http://x/updates/' }, 4310)).toBe(false)
    expect(sameConfig({ mode: 'standalone', updateUrl: ' http://x/updates/ ' }, { mode: 'standalone', updateUrl: 'http://x/updates' }, 4310)).toBe(true)
  })
})
