import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // pdf-worker: PDFs are rendered in a worker thread beside index.js (src/core/print/pdf-render.ts)
        input: { index: resolve(__dirname, 'src/main/index.ts'), 'pdf-worker': resolve(__dirname, 'src/core/print/pdf.worker.ts') },
        // native and heavy server-side modules stay in node_modules (better-sqlite3 is unpacked from asar)
        external: ['better-sqlite3', 'pg', 'pg-native', 'typeorm', 'electron-updater', 'exceljs', 'pdfmake'],
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      chunkSizeWarningLimit: 2000,
      // LAN clients load it over the network
      minify: true,
    },
    plugins: [react()],
  },
})
