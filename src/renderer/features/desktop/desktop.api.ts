import type { DesktopMethods } from '../../../main/desktop-methods'

/**
 * The `desktop.*` methods answered by Electron's main process before the core (src/main/desktop-methods.ts):
 * their types come from main (`import type` only). They exist only over IPC: in a browser there is no `window.api`.
 */
export type { DesktopMethods }
export type ModeInfo = DesktopMethods['desktop.getMode']['out']
export type DesktopConfig = DesktopMethods['desktop.setMode']['in']
export type DesktopMode = DesktopConfig['mode']
export type HostCheck = DesktopMethods['desktop.testHost']['out']

export const DESKTOP_MODES: DesktopMode[] = ['standalone', 'lan-host', 'lan-client']

/** True in Electron (the preload exposes `window.api`), false in a browser. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && typeof window.api?.invoke === 'function'
}
