import { describe, expect, it } from 'vitest'
import {
  buildSearchText,
  isValidUscc,
  normalizeName,
  normalizePhone,
  normalizeQuery,
  pinyinKeys,
  tagsFromColumn,
  tagsToColumn,
  toHalfWidth,
  usccCheckChar,
} from './customer.rules'

/** A valid USCC from its first 17 characters. */
const uscc = (first17: string) => first17 + usccCheckChar(first17)!

describe('USCC (GB 32100-2015)', () => {
  it('accepts published codes of real companies', () => {
    for (const code of ['91110000802100433B', '91440300708461136T', '9144030071526726XG', '91110108551385082Q', '91330100716105852F']) {
      expect(isValidUscc(code), code).toBe(true)
    }
  })

  it('computes the check character, including the 0 case', () => {
    for (const body of ['91110108MA01ABCD1', '12100000400000624', '52310000MJ0000000', '93330106MA2AAAAAX', '91320500134794431']) {
      const full = uscc(body)
      expect(isValidUscc(full), full).toBe(true)
      // any other check character is wrong
      for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (c !== full[17]) expect(isValidUscc(body + c)).toBe(false)
    }
  })

  it('refuses wrong lengths, lower case and letters outside the alphabet (I O S V Z)', () => {
    const ok = uscc('91110108MA01ABCD1')
    expect(isValidUscc(ok.slice(0, 17))).toBe(false)
    expect(isValidUscc(ok + '0')).toBe(false)
    expect(isValidUscc(ok.toLowerCase())).toBe(false)
    expect(usccCheckChar('91110108MA01ABCDI')).toBeNull()
    expect(usccCheckChar('9111010OMA01ABCD1')).toBeNull()
  })
})

describe('name normalisation (duplicate key)', () => {
  const same = (a: string, b: string) => expect(normalizeName(a), `${a} ~ ${b}`).toBe(normalizeName(b))
  it('folds full-width, brackets, spaces and case', () => {
    same('ＡＢＣ科技', 'abc科技')
    same('北京华星（中国）科技', '北京华星(中国)科技')
    same('北京 华星　科技', '北京华星科技')
  })
  it('drops a trailing company form, bracketed or not', () => {
    const base = normalizeName('北京华星科技')
    for (const n of [
      '北京华星科技有限公司',
      '北京华星科技有限责任公司',
      '北京华星科技股份有限公司',
      '北京华星科技（有限公司）',
      '北京华星科技(有限责任公司)',
      '北京华星科技 （股份有限公司）',
      '北京华星科技 有限公司 ',
    ]) {
      expect(normalizeName(n), n).toBe(base)
    }
  })
  it('keeps what distinguishes two companies', () => {
    expect(normalizeName('北京华星科技有限公司')).not.toBe(normalizeName('北京华星电子有限公司'))
    expect(normalizeName('上海(中国)华星有限公司')).toBe('上海(中国)华星')
    // a name that is only the suffix is never emptied
    expect(normalizeName('有限公司')).not.toBe('')
  })
})

describe('phone normalisation', () => {
  it('strips +86, 0086, spaces, dashes and brackets', () => {
    for (const p of ['+86 138-0013-8000', '+8613800138000', '0086 138 0013 8000', '8613800138000', '138 0013 8000', '１３８００１３８０００']) {
      expect(normalizePhone(p), p).toBe('13800138000')
    }
    expect(normalizePhone('(010) 6552-1234')).toBe('01065521234')
    expect(normalizePhone('')).toBe('')
    expect(normalizePhone(null)).toBe('')
  })
})

describe('pinyin and the search haystack', () => {
  it('computes full pinyin and initials', () => {
    expect(pinyinKeys('北京华星科技有限公司')).toEqual({ full: 'beijinghuaxingkejiyouxiangongsi', initials: 'bjhxkjyxgs' })
    expect(pinyinKeys('')).toEqual({ full: '', initials: '' })
    // polyphones of place names read as place names
    expect(pinyinKeys('重庆').full).toBe('chongqing')
  })

  it('holds name, short name, code, phones (normalised) and pinyin', () => {
    const s = buildSearchText({ name: '北京华星科技有限公司', shortName: '华星', code: 'C000001', phone: '010-6552 1234', contactPhones: ['+86 138-0013-8000'] })
    for (const part of ['北京华星科技有限公司', '华星', 'c000001', '01065521234', '13800138000', 'bjhx', 'huaxing', 'bjhxkj', 'hx']) {
      expect(s, part).toContain(normalizeQuery(part))
    }
  })

  it('matches a query typed with spaces or full-width letters against a name with spaces', () => {
    const s = buildSearchText({ name: 'ABC 国际 贸易', code: 'C1' })
    expect(s).toContain(normalizeQuery('abc 国际'))
    expect(s).toContain(normalizeQuery('ＡＢＣ国际贸易'))
  })

  it('half-width conversion', () => {
    expect(toHalfWidth('ＡＢＣ１２３（）　')).toBe('ABC123() '.replace('()', '()'))
  })
})

describe('tags column', () => {
  it('round-trips, trims and de-duplicates', () => {
    expect(tagsToColumn([' VIP', '重点', 'VIP', ''])).toBe(',VIP,重点,')
    expect(tagsFromColumn(',VIP,重点,')).toEqual(['VIP', '重点'])
    expect(tagsToColumn([])).toBe('')
    expect(tagsFromColumn('')).toEqual([])
  })
})
