/**
 * Printing to a printer from Electron's main process (issue 11): the logic as plain functions, tested
 * without Electron — which printer and paper each document type uses on this PC (remembered in a small
 * JSON file beside the desktop config), and the options for webContents.print().
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

export type PrintPaperName = 'A4' | 'A5' | 'dot2' | 'dot3' | 'custom'
export interface PrinterChoice {
  printer: string
  paper: PrintPaperName
}
export type PrinterMemory = Record<string, PrinterChoice>
/** what webContents.getPrintersAsync() answers, the part used here */
export interface PrinterInfo {
  name: string
  isDefault?: boolean
}

/** width × height in mm of the named papers (A5 landscape, 241 mm continuous paper cut in two or three) */
export const PAPER_MM: Record<Exclude<PrintPaperName, 'custom'>, [number, number]> = { A4: [210, 297], A5: [210, 148], dot2: [241, 140], dot3: [241, 93] }

export function paperMm(paper: PrintPaperName, custom?: { widthMm: number; heightMm: number }): [number, number] {
  if (paper === 'custom') {
    if (!custom) throw new Error('custom paper needs its width and height')
    return [custom.widthMm, custom.heightMm]
  }
  return PAPER_MM[paper]
}

/**
 * Options for webContents.print(): Electron's custom pageSize is in microns and always portrait-sized
 * (width ≤ height) with `landscape` telling the orientation; the PDF carries its own margins.
 */
export function printOptions(choice: PrinterChoice, copies: number, custom?: { widthMm: number; heightMm: number }) {
  const [w, h] = paperMm(choice.paper, custom)
  const landscape = w > h
  return {
    silent: true,
    printBackground: true,
    deviceName: choice.printer,
    copies: Math.max(1, Math.min(99, Math.floor(copies))),
    landscape,
    margins: { marginType: 'none' as const },
    pageSize: { width: Math.round(Math.min(w, h) * 1000), height: Math.round(Math.max(w, h) * 1000) },
  }
}

/**
 * The printer and paper for a document type: the remembered one if that printer is still installed,
 * else the system's default printer with the remembered (or the type's default) paper, else the first printer.
 */
export function choiceFor(memory: PrinterMemory, type: string, printers: PrinterInfo[], defaultPaper: PrintPaperName = 'A4'): PrinterChoice | null {
  if (!printers.length) return null
  const saved = memory[type]
  if (saved && printers.some((p) => p.name === saved.printer)) return saved
  const fallback = printers.find((p) => p.isDefault) ?? printers[0]!
  return { printer: fallback.name, paper: saved?.paper ?? defaultPaper }
}

export function remember(memory: PrinterMemory, type: string, choice: PrinterChoice): PrinterMemory {
  return { ...memory, [type]: { printer: choice.printer, paper: choice.paper } }
}

const FILE = 'printers.json'

/** The remembered choices of this PC (userData/printers.json); a missing or broken file is an empty memory. */
export function loadPrinterMemory(dir: string): PrinterMemory {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, FILE), 'utf8')) as unknown
    if (!raw || typeof raw !== 'object') return {}
    const out: PrinterMemory = {}
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const c = v as Partial<PrinterChoice>
      if (typeof c?.printer === 'string' && typeof c.paper === 'string' && ['A4', 'A5', 'dot2', 'dot3', 'custom'].includes(c.paper)) out[k] = { printer: c.printer, paper: c.paper as PrintPaperName }
    }
    return out
  } catch {
    return {}
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function savePrinterMemory(dir: string, memory: PrinterMemory) {
  fs.mkdirSync(dir, { recursive: true })
  const tmp = path.join(dir, `${FILE}.tmp`)
  fs.writeFileSync(tmp, JSON.stringify(memory, null, 2))
  fs.renameSync(tmp, path.join(dir, FILE))
}
