/**
 * The `desktop.*` methods answered by Electron's main process before the core (src/main/desktop-methods.ts,
 * src/main/runtime.ts ModeInfo). They exist only over IPC: in a browser there is no `window.api`.
 */
export type DesktopMode = 'standalone' | 'lan-host' | 'lan-client'

export const DESKTOP_MODES: DesktopMode[] = ['standalone', 'lan-host', 'lan-client']

/** desktop.setMode's input, and the configuration on file. */
export interface DesktopConfig {
  mode: DesktopMode
  hostUrl?: string
  port?: number
  updateUrl?: string
}

/** desktop.getMode's answer. */
export interface ModeInfo {
  /** true once a mode is chosen and its backend is running */
  configured: boolean
  mode: DesktopMode | null
  modeLabel?: string | null
  hostUrl: string | null
  port: number | null
  updateUrl: string | null
  /** lan-host: the addresses the other PCs use */
  lanUrls: string[]
  appVersion: string
  defaultPort: number
  /** why the saved configuration could not be used at start */
  startupError: string | null
  /** the configuration on file, also when it could not start */
  saved: DesktopConfig | null
}

export interface HostCheck {
  hostUrl: string
  version: string
  sameVersion: boolean
}

declare module '../../app/methods' {
  interface MethodMap {
    'desktop.getMode': { in: Record<string, never>; out: ModeInfo }
    'desktop.setMode': { in: DesktopConfig; out: ModeInfo }
    'desktop.testHost': { in: { hostUrl: string }; out: HostCheck }
  }
}

/** True in Electron (the preload exposes `window.api`), false in a browser. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && typeof window.api?.invoke === 'function'
}
