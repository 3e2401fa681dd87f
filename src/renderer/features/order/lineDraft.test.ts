import { describe, expect, it } from 'vitest'
import { blankLine, cleanNumber, discountError, isBlank, lineCalc, priceError, quantityError, replay, sanitizeNumber, toLineInputs, totalsOf, trimPrice, trimQty, type DraftLine } from './lineDraft'

const product = { id: 7, code: 'LS-M8', name: '不锈钢六角螺栓', spec: null, unit: '盒', salePrice: '12.5000', taxRate: 13 }
const line = (over: Partial<DraftLine>): DraftLine => ({ ...blankLine(), product, ...over })

describe('the grid line preview (same money module as the core)', () => {
  it('rounds each line once and sums lines: 3 × 0.3333 is 100 fen; 113.00 at 13 % incl. tax is 13.00 tax', () => {
    expect(lineCalc(line({ quantity: '3', unitPrice: '0.3333', taxRate: 13 }), true)).toEqual({ amountFen: 100, netFen: 88, taxFen: 12 })
    expect(lineCalc(line({ quantity: '1', unitPrice: '113', taxRate: 13 }), true)).toEqual({ amountFen: 11300, netFen: 10000, taxFen: 1300 })
    expect(lineCalc(line({ quantity: '1', unitPrice: '100', taxRate: 13 }), false)).toEqual({ amountFen: 11300, netFen: 10000, taxFen: 1300 })
  })

  it('totals the e2e order: 10 × 11.80 + 20 × 18.50 less 5 % + 2 × 386 = 1,241.50, 壹仟贰佰肆拾壹元伍角', () => {
    const t = totalsOf(
      [
        line({ quantity: '10', unitPrice: '11.80', taxRate: 13 }),
        line({ quantity: '20', unitPrice: '18.5', taxRate: 13, discountPct: '5' }),
        line({ quantity: '2', unitPrice: '386', taxRate: 13 }),
        blankLine(),
      ],
      true,
    )
    expect(t).toEqual({ totalFen: 124150, taxFen: 14283, netFen: 109867, lines: 3, words: '壹仟贰佰肆拾壹元伍角' })
  })

  it('an incomplete or wrong line has no amount and says why', () => {
    expect(lineCalc(line({ quantity: '', unitPrice: '1' }), true)).toBeNull()
    expect(quantityError('')).toBe('required')
    expect(quantityError('1.2345')).toBe('format')
    expect(quantityError('0')).toBe('positive')
    expect(priceError('1.23456')).toBe('format')
    // beyond the stored range is "too large", not "too many decimals"; the largest figures that fit are fine
    expect(priceError('999999999999.9999')).toBe('tooLarge')
    expect(priceError('9999999999.9999')).toBeNull()
    expect(quantityError('1000000000')).toBe('tooLarge')
    expect(quantityError('999999999.999')).toBeNull()
    expect(discountError('101')).toBe('format')
    expect(discountError('')).toBeNull()
  })

  it('reads full-width digits and 。 as typed on a Chinese IME', () => {
    expect(cleanNumber('１２。５')).toBe('12.5')
    expect(cleanNumber('1,234.50')).toBe('1234.50')
  })

  it('shows prices with at least 2 decimals and quantities without trailing zeros', () => {
    expect(trimPrice('12.5000')).toBe('12.50')
    expect(trimPrice('0.3333')).toBe('0.3333')
    expect(trimPrice('386')).toBe('386.00')
    expect(trimQty('2.500')).toBe('2.5')
    expect(trimQty('10')).toBe('10')
  })

  it('sends only the lines that were filled in, as decimal strings', () => {
    const lines = [line({ quantity: '１０', unitPrice: '11.8', discountPct: '', remark: ' 加急 ' }), blankLine()]
    expect(isBlank(lines[1]!)).toBe(true)
    expect(toLineInputs(lines)).toEqual([{ productId: 7, quantity: '10', unitPrice: '11.8', taxRate: 13, discountPct: '0', remark: '加急' }])
  })
})

describe('keys typed ahead while a product pick waits for the server', () => {
  it('sanitizeNumber: full-width digits and 。/． become ASCII, one dot is kept, letters go', () => {
    expect(sanitizeNumber('１２．３.4ab')).toBe('12.34')
    expect(sanitizeNumber('0。5')).toBe('0.5')
  })

  it('replay: characters fill the cell, Enter moves on; past the remark the rest is the next line', () => {
    // quantity 5, four Enters to the remark, the fifth leaves the line: "ZC-6204\n3\n" is typed on the next line
    expect(replay('5\n\n\n\n\nZC-6204\n3\n')).toEqual({ patch: { quantity: '5' }, col: 'product', typedInCol: false, overflow: 'ZC-6204\n3\n' })
    // quantity 12.5 (full-width), Enter, price 9 typed by hand: the price counts as the user's
    expect(replay('１２。5\n9')).toEqual({ patch: { quantity: '12.5', unitPrice: '9', priceTouched: true }, col: 'unitPrice', typedInCol: true, overflow: null })
    // a tax rate is taken only when it is one of 13, 9, 6, 3, 1, 0
    expect(replay('2\n\n6').patch).toEqual({ quantity: '2', taxRate: 6 })
    expect(replay('2\n\n7')).toEqual({ patch: { quantity: '2' }, col: 'taxRate', typedInCol: true, overflow: null })
    expect(replay('')).toEqual({ patch: {}, col: 'quantity', typedInCol: false, overflow: null })
  })
})
