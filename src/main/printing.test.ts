import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { choiceFor, loadPrinterMemory, printOptions, remember, savePrinterMemory } from './printing'

describe('printing from the main process (plain functions)', () => {
  it('page sizes in microns, portrait-sized with landscape set for wide papers', () => {
    // A4 210 × 297 mm portrait
    expect(printOptions({ printer: 'HP', paper: 'A4' }, 1)).toMatchObject({ deviceName: 'HP', copies: 1, landscape: false, pageSize: { width: 210000, height: 297000 } })
    // 241 × 93 mm 三等分: wider than high → landscape, size given as 93 × 241
    expect(printOptions({ printer: 'EPSON LQ-630K', paper: 'dot3' }, 3)).toMatchObject({ landscape: true, copies: 3, pageSize: { width: 93000, height: 241000 } })
    expect(printOptions({ printer: 'X', paper: 'custom' }, 0, { widthMm: 190, heightMm: 120.5 })).toMatchObject({ landscape: true, copies: 1, pageSize: { width: 120500, height: 190000 } })
    expect(() => printOptions({ printer: 'X', paper: 'custom' }, 1)).toThrow()
  })

  it('remembers printer and paper per document type; a removed printer falls back to the default one, keeping the paper', () => {
    const printers = [{ name: 'HP LaserJet' }, { name: 'EPSON LQ-630K', isDefault: true }]
    let memory = remember({}, 'deliveryNote', { printer: 'EPSON LQ-630K', paper: 'dot2' })
    memory = remember(memory, 'quote', { printer: 'HP LaserJet', paper: 'A4' })
    expect(choiceFor(memory, 'deliveryNote', printers)).toEqual({ printer: 'EPSON LQ-630K', paper: 'dot2' })
    expect(choiceFor(memory, 'quote', printers)).toEqual({ printer: 'HP LaserJet', paper: 'A4' })
    expect(choiceFor(memory, 'statement', printers, 'A4')).toEqual({ printer: 'EPSON LQ-630K', paper: 'A4' })
    expect(choiceFor(memory, 'quote', [{ name: 'PDF' }])).toEqual({ printer: 'PDF', paper: 'A4' })
    expect(choiceFor(memory, 'quote', [])).toBeNull()

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-printers-'))
    expect(loadPrinterMemory(dir)).toEqual({})
    savePrinterMemory(dir, memory)
    expect(loadPrinterMemory(dir)).toEqual(memory)
    fs.writeFileSync(path.join(dir, 'printers.json'), '{"quote":{"printer":"HP","paper":"A3"},"order":{"printer":"HP","paper":"A5"}')
    expect(loadPrinterMemory(dir)).toEqual({}) // broken JSON
    fs.writeFileSync(path.join(dir, 'printers.json'), '{"quote":{"printer":"HP","paper":"A3"},"order":{"printer":"HP","paper":"A5"}}')
    expect(loadPrinterMemory(dir)).toEqual({ order: { printer: 'HP', paper: 'A5' } }) // unknown paper dropped
  })
})
