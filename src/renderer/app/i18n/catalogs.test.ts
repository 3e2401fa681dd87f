import { describe, expect, it } from 'vitest'
import { messages } from './messages'
import { serverText } from './server'
import { coreMessages } from '../../../core/i18n/i18n'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('catalogs: every key in both languages', () => {
  const catalogs = {
    renderer: messages as Record<'zh-CN' | 'en-US', Record<string, string>>,
    core: coreMessages as Record<'zh-CN' | 'en-US', Record<string, string>>,
  }
  for (const [name, cat] of Object.entries(catalogs)) {
    it(`${name}: zh-CN and en-US have the same keys and the same {parameters}, no English text left empty`, () => {
      const zh = cat['zh-CN']
      const en = cat['en-US']
      expect(Object.keys(en).filter((k) => !(k in zh))).toEqual([])
      expect(Object.keys(zh).filter((k) => !(k in en))).toEqual([])
      for (const key of Object.keys(zh)) {
        expect(placeholders(en[key]!), key).toEqual(placeholders(zh[key]!))
        expect(en[key]!.trim() === '' && zh[key]!.trim() !== '', key).toBe(false)
      }
    })
  }
})

describe('serverText: the server message from key + params in the UI language', () => {
  it('renders a keyed error and the nouns inside it; the generic error.text and unknown keys fall back (null)', () => {
    const params = { what: { key: 'entity.customer' } }
    expect(serverText('error.notFound', params, 'en-US')).toBe('Customer not found, or you may not view it')
    expect(serverText('error.notFound', params, 'zh-CN')).toBe('客户不存在或无权查看')
    expect(serverText('validation.field', { path: 'name', message: 'Customer name is required' }, 'en-US')).toBe('name: Customer name is required')
    expect(serverText('error.text', { text: '旧提示' }, 'en-US')).toBeNull()
    expect(serverText('no.such.key', {}, 'en-US')).toBeNull()
    expect(serverText(undefined, undefined, 'en-US')).toBeNull()
  })
})
