/**
 * Electron main process: wiring only. The logic lives in plain modules beside this file
 * (config, window-state, runtime/backend, ipc-router, desktop-methods, updater, navigation, log)
 * that tests run under Node without Electron.
 */
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, type IpcMainInvokeEvent } from 'electron'
import { createFileLogger } from './log'
import { clampWindowState, loadWindowState, minSizeFor, saveWindowState, windowStatePath, type Rect } from './window-state'
import { createDesktopRuntime } from './runtime'
import { createDesktopMethods } from './desktop-methods'
import { createIpcRouter, IPC_CHANNEL, TokenStore } from './ipc-router'
import { decideNavigation, isAppUrl, isExternalUrl } from './navigation'
import { createUpdaterController, resolveUpdateFeed, type UpdaterLike } from './updater'
import { fail } from './envelope'
import { pinVerdict } from './pinning'
import { getAppLocale, loadAppLocale, localeFilePath, mainText, saveAppLocale } from './messages'

const APP_ID = 'com.kedan.app'

// A stable, ASCII user-data folder (%APPDATA%\Kedan) whatever the product name; set before anything
// reads it (the single-instance lock lives there too).
app.setPath('userData', path.join(app.getPath('appData'), 'Kedan'))

if (!app.requestSingleInstanceLock()) {
  // another Kedan is running: it gets 'second-instance' and comes to the front
  app.quit()
} else {
  main()
}

function main() {
  const userData = app.getPath('userData')
  const log = createFileLogger(path.join(userData, 'logs', 'main.log'), { echo: !app.isPackaged })
  const isDev = !app.isPackaged
  const rendererDir = path.join(__dirname, '..', 'renderer')
  const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined
  const appUrl = devServerUrl ?? pathToFileURL(path.join(rendererDir, 'index.html')).href
  // the UI's language of last time, for anything main says before the window does (a start-up error)
  const localeFile = localeFilePath(userData)
  loadAppLocale(localeFile)

  process.on('uncaughtException', (e) => log(`uncaught exception: ${e?.stack ?? String(e)}`))
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`))
  log(`Kedan ${app.getVersion()} starting (${isDev ? 'development' : 'packaged'}), userData=${userData}`)

  const updates = createUpdaterController({
    isDev,
    log,
    // required lazily: development never loads electron-updater
    getUpdater: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const u = require('electron-updater').autoUpdater as UpdaterLike & { logger: unknown }
      u.logger = { info: (m: unknown) => log(`updater: ${String(m)}`), warn: (m: unknown) => log(`updater warn: ${String(m)}`), error: (m: unknown) => log(`updater error: ${String(m)}`), debug: () => {} }
      return u
    },
  })

  const runtime = createDesktopRuntime({
    userDataDir: userData,
    appVersion: app.getVersion(),
    staticDir: rendererDir,
    log,
    onChange: (config) => updates.configure(resolveUpdateFeed(config)),
  })
  const tokens = new TokenStore()
  const router = createIpcRouter({
    getDispatch: () => runtime.getDispatch(),
    desktop: createDesktopMethods(runtime, { appVersion: app.getVersion() }),
    tokens,
    log,
    onLocale: () => saveAppLocale(localeFile, getAppLocale()),
  })

  let win: BrowserWindow | null = null
  const stateFile = windowStatePath(userData)

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  })

  // Only our own pages may call into main.
  ipcMain.handle(IPC_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, params: unknown, locale: unknown) => {
    const from = event.senderFrame?.url ?? ''
    if (!isAppUrl(from, appUrl)) {
      log(`refused IPC ${String(method)} from ${from}`)
      return fail('FORBIDDEN', mainText('ipc.foreignPage'))
    }
    return router.invoke(event.sender.id, method, params, locale)
  })

  function createWindow() {
    const workAreas: Rect[] = [screen.getPrimaryDisplay().workArea, ...screen.getAllDisplays().map((d) => d.workArea)]
    const state = clampWindowState(loadWindowState(stateFile), workAreas)
    const min = minSizeFor(workAreas[0])
    const w = new BrowserWindow({
      x: state.x,
      y: state.y,
      width: state.width,
      height: state.height,
      minWidth: min.width,
      minHeight: min.height,
      show: false,
      title: 'Kedan 客单',
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      webPreferences: {
        preload: path.join(__dirname, '..', 'preload', 'index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        spellcheck: false,
      },
    })
    win = w
    const id = w.webContents.id
    // maximize only when about to show: on Windows maximize() shows a hidden window at once (white flash)
    w.once('ready-to-show', () => {
      if (state.maximized) w.maximize()
      w.show()
    })

    let saveTimer: NodeJS.Timeout | null = null
    const saveState = () => {
      if (w.isDestroyed() || w.isMinimized() || w.isFullScreen()) return
      try {
        saveWindowState(stateFile, { ...w.getNormalBounds(), maximized: w.isMaximized() })
      } catch (e) {
        log(`could not save window state: ${(e as Error).message}`)
      }
    }
    const saveSoon = () => {
      if (saveTimer) clearTimeout(saveTimer)
      saveTimer = setTimeout(saveState, 1000)
    }
    w.on('resize', saveSoon)
    w.on('move', saveSoon)
    w.on('close', () => {
      if (saveTimer) clearTimeout(saveTimer)
      saveState()
    })
    w.on('closed', () => {
      tokens.delete(id)
      if (win === w) win = null
    })

    const contents = w.webContents
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event) => {
      const decision = decideNavigation(event.url, appUrl)
      if (decision === 'allow') return
      event.preventDefault()
      if (decision === 'external') void shell.openExternal(event.url)
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.on('render-process-gone', (_e, details) => log(`renderer gone: ${details.reason}`))

    if (devServerUrl) void w.loadURL(devServerUrl)
    else void w.loadFile(path.join(rendererDir, 'index.html'))
  }

  let quitting = false
  app.on('will-quit', (event) => {
    if (quitting) return
    quitting = true
    event.preventDefault()
    updates.stop()
    runtime
      .close()
      .catch((e) => log(`shutdown: ${(e as Error).message}`))
      .finally(() => app.quit())
  })

  app.on('window-all-closed', () => app.quit())

  app
    .whenReady()
    .then(async () => {
      app.setAppUserModelId(APP_ID)
      if (!isDev) Menu.setApplicationMenu(null)
      // the app needs no camera, microphone, location…; copying to the clipboard is allowed
      session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'))
      // electron-updater's own session: the LAN host's self-signed certificate is trusted when it is the pinned one
      session.fromPartition('electron-updater', { cache: false }).setCertificateVerifyProc((req, callback) =>
        callback(pinVerdict(req.certificate.fingerprint, runtime.info().certificate?.fingerprint256)),
      )
      await runtime.init()
      updates.configure(resolveUpdateFeed(runtime.config()))
      createWindow()
    })
    .catch((e: unknown) => {
      log(`start failed: ${(e as Error)?.stack ?? String(e)}`)
      dialog.showErrorBox(mainText('start.failedTitle'), mainText('start.failedBody', { message: (e as Error)?.message ?? String(e), log: path.join(userData, 'logs', 'main.log') }))
      app.exit(1)
    })
}
