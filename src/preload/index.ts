import { contextBridge, ipcRenderer } from 'electron'

/** The renderer's only door into the app: one method, one channel. */
contextBridge.exposeInMainWorld('api', {
  invoke: (method: string, params?: unknown) => ipcRenderer.invoke('kedan:invoke', method, params),
})
