// placeholder: replaced by the Electron main process
import { app } from 'electron'
app.whenReady().then(() => app.quit())
