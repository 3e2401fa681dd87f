import { contextBridge, ipcRenderer } from 'electron'

/**
 * The renderer's only door into the app: one method, one channel ('kedan:invoke').
 * Only method and params cross; any further argument is dropped on purpose: main keeps each window's
 * session token itself and adds it to every call (src/main/ipc-router.ts).
 */
contextBridge.exposeInMainWorld('api', {
  invoke: (method: string, params?: unknown) => ipcRenderer.invoke('kedan:invoke', method, params),
})
