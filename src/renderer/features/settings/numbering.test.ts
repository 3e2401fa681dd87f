import { describe, expect, it } from 'vitest'
import { numberParts, previewNumber } from './numbering'

describe('number preview (same shape as the core numbering)', () => {
  const day = '2026-11-23'
  it('builds prefix + date part + separator + padded serial', () => {
    expect(previewNumber({ prefix: 'SO', datePart: 'YYYYMMDD', separator: '-', digits: 4 }, day)).toBe('SO20261123-0001')
    expect(previewNumber({ prefix: 'XS', datePart: 'YYMMDD', separator: '', digits: 3 }, day)).toBe('XS261123001')
    expect(previewNumber({ prefix: 'DN', datePart: 'YYYYMM', separator: '_', digits: 5 }, day, 42)).toBe('DN202611_00042')
  })
  it('gives the parts for showing them apart', () => {
    expect(numberParts({ prefix: ' SO ', datePart: 'YYYYMMDD', separator: '-', digits: 4 }, day)).toEqual({ prefix: 'SO', date: '20261123', separator: '-', serial: '0001' })
  })
  it('uses no separator without a date part', () => {
    expect(previewNumber({ prefix: 'C', datePart: '', separator: '-', digits: 6 }, day)).toBe('C000001')
  })
  it('a serial longer than the digits is not cut', () => {
    expect(previewNumber({ prefix: 'RC', datePart: '', separator: '', digits: 3 }, day, 12345)).toBe('RC12345')
  })
  it('is empty while the pattern is incomplete', () => {
    expect(previewNumber({ prefix: ' ', datePart: 'YYMMDD', separator: '', digits: 3 }, day)).toBe('')
    expect(previewNumber({ prefix: 'SO', datePart: 'YYMMDD', separator: '', digits: '' }, day)).toBe('')
  })
})
