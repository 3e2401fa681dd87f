import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clampWindowState, DEFAULT_SIZE, loadWindowState, MIN_SIZE, minSizeFor, saveWindowState, windowStatePath, type Rect } from './window-state'

// work areas (taskbar excluded) of a 1920×1080 primary and a 1920×1080 monitor to its left
const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 }
const left: Rect = { x: -1920, y: 0, width: 1920, height: 1040 }
const laptop: Rect = { x: 0, y: 0, width: 1366, height: 728 }

describe('clampWindowState', () => {
  it('opens at the default size, centred on the primary display, when nothing is saved', () => {
    expect(clampWindowState(null, [primary])).toEqual({ x: 320, y: 120, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false })
  })
  it('keeps a window that is fully visible, also on a second monitor with negative coordinates', () => {
    const s = { x: 100, y: 50, width: 1400, height: 900, maximized: false }
    expect(clampWindowState(s, [primary, left])).toEqual(s)
    const onLeft = { x: -1800, y: 20, width: 1200, height: 800, maximized: true }
    expect(clampWindowState(onLeft, [primary, left])).toEqual(onLeft)
  })
  it('centres a window left on a monitor that is no longer connected on the primary display', () => {
    const s = { x: -1800, y: 20, width: 1200, height: 800, maximized: false }
    expect(clampWindowState(s, [primary])).toEqual({ x: 360, y: 120, width: 1200, height: 800, maximized: false })
  })
  it('moves a window hanging over an edge back inside the display it mostly is on', () => {
    expect(clampWindowState({ x: 1500, y: 900, width: 1000, height: 700, maximized: false }, [primary])).toEqual({
      x: 920,
      y: 340,
      width: 1000,
      height: 700,
      maximized: false,
    })
    expect(clampWindowState({ x: -50, y: -30, width: 1000, height: 700, maximized: false }, [primary])).toEqual({
      x: 0,
      y: 0,
      width: 1000,
      height: 700,
      maximized: false,
    })
  })
  it('shrinks a window larger than its display (moved from a big monitor to a laptop) and keeps maximized', () => {
    expect(clampWindowState({ x: 0, y: 0, width: 1900, height: 1000, maximized: true }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
      maximized: true,
    })
  })
  it('grows a too-small window to the minimum size, but never beyond a small screen', () => {
    expect(clampWindowState({ x: 10, y: 10, width: 300, height: 200, maximized: false }, [primary])).toMatchObject({
      width: MIN_SIZE.width,
      height: MIN_SIZE.height,
    })
    const netbook: Rect = { x: 0, y: 0, width: 1024, height: 560 }
    expect(minSizeFor(netbook)).toEqual({ width: MIN_SIZE.width, height: 560 })
    expect(clampWindowState({ x: 0, y: 0, width: 300, height: 200, maximized: false }, [netbook])).toEqual({
      x: 0,
      y: 0,
      width: MIN_SIZE.width,
      height: 560,
      maximized: false,
    })
  })
  it('centres a saved size without position, and tolerates no display information at all', () => {
    expect(clampWindowState({ width: 1000, height: 700, maximized: false }, [primary])).toEqual({ x: 460, y: 170, width: 1000, height: 700, maximized: false })
    expect(clampWindowState(null, [])).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false })
  })
})

describe('loadWindowState / saveWindowState', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-win-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('round-trips userData/window-state.json with whole pixels', () => {
    const file = windowStatePath(dir)
    expect(file).toBe(path.join(dir, 'window-state.json'))
    expect(loadWindowState(file)).toBeNull()
    saveWindowState(file, { x: 10.4, y: -1919.6, width: 1280.2, height: 800, maximized: true })
    expect(loadWindowState(file)).toEqual({ x: 10, y: -1920, width: 1280, height: 800, maximized: true })
  })
  it('ignores a damaged or foreign file', () => {
    const file = windowStatePath(dir)
    fs.writeFileSync(file, 'garbage')
    expect(loadWindowState(file)).toBeNull()
    fs.writeFileSync(file, JSON.stringify({ width: -5, height: 'big' }))
    expect(loadWindowState(file)).toBeNull()
    fs.writeFileSync(file, JSON.stringify({ width: 1000, height: 700 }))
    expect(loadWindowState(file)).toEqual({ width: 1000, height: 700, maximized: false })
  })
})
