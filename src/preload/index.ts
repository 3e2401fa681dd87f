import { contextBridge, ipcRenderer } from 'electron'

/**
 * The renderer's only door into the app: one method, one channel ('kedan:invoke').
 * Only method, params and the UI language (a short string) cross; nothing else is passed on: main keeps
 * each window's session token itself and adds it to every call (src/main/ipc-router.ts).
 */
contextBridge.exposeInMainWorld('api', {
  invoke: (method: string, params?: unknown, locale?: unknown) =>
    ipcRenderer.invoke('kedan:invoke', method, params, typeof locale === 'string' ? locale.slice(0, 35) : undefined),
})
