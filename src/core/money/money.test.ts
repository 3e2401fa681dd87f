import { describe, expect, it } from 'vitest'
import { amountInWords, formatFen, lineMoney, proportionFen, toMilli, toPrice4, price4Str, qtyStr } from './money'

describe('人民币大写', () => {
  const cases: [number, string][] = [
    [5, '伍分'],
    [50, '伍角'],
    [1050, '壹拾元伍角'],
    [1600, '壹拾陆元整'],
    [1208, '壹拾贰元零捌分'],
    [100500, '壹仟零伍元整'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [10000000, '壹拾万元整'],
    [100000101, '壹佰万零壹元零壹分'],
    [10001000101, '壹亿零壹万零壹元零壹分'],
    [0, '零元整'],
    [-1600, '负壹拾陆元整'],
    [11, '壹角壹分'],
    [100, '壹元整'],
    [101, '壹元零壹分'],
    [110, '壹元壹角'],
    [1000000000, '壹仟万元整'],
    [10100000000, '壹亿零壹佰万元整'],
    [10000000000, '壹亿元整'],
    [2000300, '贰万零叁元整'],
    [21003000, '贰拾壹万零叁拾元整'],
  ]
  it.each(cases)('%i fen → %s', (fen, words) => expect(amountInWords(fen)).toBe(words))
})

describe('line money', () => {
  it('"3" × "0.3333" is 100 fen, rounded once', () => {
    expect(lineMoney(toMilli('3'), toPrice4('0.3333'), 13).amountFen).toBe(100)
  })
  it('tax-inclusive 113.00 at 13 % is tax 13.00, net 100.00', () => {
    expect(lineMoney(toMilli('1'), toPrice4('113'), 13)).toEqual({ amountFen: 11300, taxFen: 1300, netFen: 10000 })
  })
  it('tax-exclusive 100.00 at 13 % is tax 13.00, amount 113.00', () => {
    expect(lineMoney(toMilli('1'), toPrice4('100'), 13, { priceIncludesTax: false })).toEqual({ amountFen: 11300, taxFen: 1300, netFen: 10000 })
  })
  it('half-up at the fen: 1 × 0.005 → 1 fen; 1 × 0.0049 → 0', () => {
    expect(lineMoney(toMilli('1'), toPrice4('0.005'), 0).amountFen).toBe(1)
    expect(lineMoney(toMilli('1'), toPrice4('0.0049'), 0).amountFen).toBe(0)
  })
  it('discount applies before rounding', () => {
    expect(lineMoney(toMilli('3'), toPrice4('10'), 13, { discountBp: 1000 }).amountFen).toBe(2700)
  })
  it('large quantities stay exact', () => {
    expect(lineMoney(toMilli('999999.999'), toPrice4('9999.9999'), 0).amountFen).toBe(999999989000)
  })
  it('formats and scales', () => {
    expect(formatFen(123450)).toBe('¥1,234.50')
    expect(formatFen(-5)).toBe('-¥0.05')
    expect(price4Str(toPrice4('12.5'))).toBe('12.5000')
    expect(qtyStr(toMilli('2.500'))).toBe('2.5')
    expect(proportionFen(1000, 1, 3)).toBe(333)
  })
})
