import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { validateConfig, loadConfig } from './config'
import { createIpcRouter, TokenStore } from './ipc-router'
import { getAppLocale, loadAppLocale, mainMessages, mainText, saveAppLocale, setAppLocale } from './messages'
import { unreachable, versionVerdict } from './remote'
import { certificateChangedMessage } from './pinning'
import { downloadedNotification } from './updater'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

afterEach(() => {
  setAppLocale('zh-CN')
})

describe("the desktop's own messages", () => {
  it('have every key in both languages with the same parameters; the English ones are English', () => {
    expect(Object.keys(mainMessages['en-US']).sort()).toEqual(Object.keys(mainMessages['zh-CN']).sort())
    for (const [key, zh] of Object.entries(mainMessages['zh-CN'])) {
      const en = (mainMessages['en-US'] as Record<string, string>)[key]!
      expect(placeholders(en), key).toEqual(placeholders(zh))
      expect(/[\u4e00-\u9fff]/.test(en), key).toBe(false)
    }
  })

  it('follow the UI language an IPC call brings, for that call and for what main says later', async () => {
    const saved: string[] = []
    const router = createIpcRouter({ getDispatch: () => null, desktop: {}, tokens: new TokenStore(), onLocale: () => saved.push(getAppLocale()) })
    expect(await router.invoke(1, 'customer.search', {})).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE', message: '请先选择这台电脑的运行模式（单机版、局域网主机或局域网客户端）' } })
    expect(await router.invoke(1, 'customer.search', {}, 'en-US')).toMatchObject({
      ok: false,
      error: { code: 'BUSINESS_RULE', message: 'First choose how this computer runs Kedan (standalone, LAN host or LAN client)' },
    })
    expect(await router.invoke(1, 'desktop.nope', {}, 'en-US')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Unknown method: desktop.nope' } })
    // remembered once per change, not per call
    expect(saved).toEqual(['en-US'])

    // later, outside any call: the update notice, config and host errors, the certificate pin
    expect(downloadedNotification()).toEqual({ title: 'A new version of Kedan', body: 'Version {version} has been downloaded and will be installed when you quit Kedan.' })
    expect(validateConfig({ mode: 'lan-client' })).toMatchObject({ ok: false, message: 'A LAN client needs the host address' })
    expect(validateConfig({ mode: 'lan-host', port: 70000 })).toMatchObject({ ok: false, message: 'The port must be between 1 and 65535' })
    expect(validateConfig({ mode: 'server' })).toMatchObject({ ok: false, message: 'The mode must be standalone, lan-host or lan-client' })
    const refused = unreachable('https://192.168.1.10:4310', Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))
    expect(refused).toMatchObject({ ok: false, error: { code: 'NETWORK', message: 'Cannot connect to the host https://192.168.1.10:4310 (the host refused the connection; make sure Kedan is running on the host)' } })
    expect(versionVerdict('1.0.0', '1.1.0', 'https://h:4310')).toMatchObject({ kind: 'clientOlder', message: expect.stringMatching(/^The host https:\/\/h:4310 runs the newer version 1\.1\.0, this computer still 1\.0\.0/) })
    expect(certificateChangedMessage('https://h:4310', 'AA'.repeat(32), 'BB'.repeat(32))).toMatch(/^The certificate of the host https:\/\/h:4310 differs from the first connection/)

    // back to Chinese when the UI says so
    await router.invoke(1, 'desktop.nope', {}, 'zh-CN')
    expect(downloadedNotification().title).toBe('客单 Kedan 有新版本')
    expect(saved).toEqual(['en-US', 'zh-CN'])
  })

  it('remember the language for the next start (a missing or broken file: Chinese)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-locale-'))
    try {
      const file = path.join(dir, 'ui-locale.json')
      expect(loadAppLocale(file)).toBe('zh-CN')
      saveAppLocale(file, 'en-US')
      expect(loadAppLocale(file)).toBe('en-US')
      // a start-up problem is then told in English
      fs.writeFileSync(path.join(dir, 'kedan-config.json'), '{not json')
      expect(loadConfig(path.join(dir, 'kedan-config.json'))).toMatchObject({ status: 'invalid', message: `The settings file ${path.join(dir, 'kedan-config.json')} is not valid JSON` })
      expect(mainText('start.failedTitle')).toBe('Kedan could not start')
      fs.writeFileSync(file, 'garbage')
      setAppLocale('zh-CN')
      expect(loadAppLocale(file)).toBe('zh-CN')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
