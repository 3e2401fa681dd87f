import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DesktopModeGate } from './DesktopModeGate'
import { desktopMessages } from './desktop.messages'

describe('DesktopModeGate', () => {
  it('in a browser (no window.api) renders its children as they are, without any provider', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
    const html = renderToString(createElement(DesktopModeGate, null, createElement('main', { id: 'app' }, '客户列表')))
    expect(html).toBe('<main id="app">客户列表</main>')
  })

  it('has every text in Chinese and English, with the same placeholders', () => {
    const zh = desktopMessages['zh-CN'] as Record<string, string>
    const en = desktopMessages['en-US'] as Record<string, string>
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
    for (const k of Object.keys(zh)) {
      expect(k.startsWith('desktop.')).toBe(true)
      expect(vars(en[k]!), k).toEqual(vars(zh[k]!))
    }
  })
})
