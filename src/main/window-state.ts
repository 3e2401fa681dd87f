/**
 * Window size, position and maximized flag, kept in userData/window-state.json.
 * Plain functions: the caller passes the displays' work areas (electron `screen`), tests pass rectangles.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { writeJsonAtomic } from './config'

export const WINDOW_STATE_FILE_NAME = 'window-state.json'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** absent: centre on the primary display */
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const
export const MIN_SIZE = { width: 960, height: 600 } as const

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
})

export function windowStatePath(userDataDir: string): string {
  return path.join(userDataDir, WINDOW_STATE_FILE_NAME)
}

/** The saved state, or null when there is none or it cannot be read (the window then opens at the default). */
export function loadWindowState(file: string): WindowState | null {
  try {
    const r = stateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
    return r.success ? r.data : null
  } catch {
    return null
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  const clean: WindowState = {
    ...(state.x !== undefined && state.y !== undefined ? { x: Math.round(state.x), y: Math.round(state.y) } : {}),
    width: Math.round(state.width),
    height: Math.round(state.height),
    maximized: !!state.maximized,
  }
  writeJsonAtomic(file, clean)
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, hi))

/** The smallest window the layout is meant for, but never larger than the screen it is on. */
export function minSizeFor(area: Rect | undefined): { width: number; height: number } {
  if (!area) return { ...MIN_SIZE }
  return { width: Math.min(MIN_SIZE.width, area.width), height: Math.min(MIN_SIZE.height, area.height) }
}

/**
 * Makes a saved state fit the displays there are now: a window left on a monitor that is gone is
 * centred on the primary display; one hanging over an edge is moved in; one larger than its display
 * is shrunk to it. `workAreas[0]` is the primary display.
 */
export function clampWindowState(saved: WindowState | null, workAreas: Rect[]): WindowState {
  const primary = workAreas[0]
  const maximized = saved?.maximized ?? false
  if (!primary) {
    return { ...(saved ?? { ...DEFAULT_SIZE }), maximized }
  }
  const centreOn = (area: Rect, width: number, height: number): WindowState => {
    const w = clamp(width, minSizeFor(area).width, area.width)
    const h = clamp(height, minSizeFor(area).height, area.height)
    return {
      x: Math.round(area.x + (area.width - w) / 2),
      y: Math.round(area.y + (area.height - h) / 2),
      width: w,
      height: h,
      maximized,
    }
  }
  if (!saved) return centreOn(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height)
  if (saved.x === undefined || saved.y === undefined) return centreOn(primary, saved.width, saved.height)

  const rect: Rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height }
  let best: Rect | undefined
  let bestOverlap = 0
  for (const area of workAreas) {
    const o = overlap(rect, area)
    if (o > bestOverlap) {
      bestOverlap = o
      best = area
    }
  }
  if (!best) return centreOn(primary, saved.width, saved.height)

  const width = clamp(saved.width, minSizeFor(best).width, best.width)
  const height = clamp(saved.height, minSizeFor(best).height, best.height)
  return {
    x: clamp(saved.x, best.x, best.x + best.width - width),
    y: clamp(saved.y, best.y, best.y + best.height - height),
    width,
    height,
    maximized,
  }
}
