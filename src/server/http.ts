import * as http from 'node:http'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as zlib from 'node:zlib'
import type { Core } from '../core'
import { HTTP_STATUS, type Envelope, type ErrorBody } from '../core'

export const MAX_BODY_BYTES = 1024 * 1024

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.yml': 'text/yaml; charset=utf-8',
  '.exe': 'application/octet-stream',
  '.blockmap': 'application/octet-stream',
}

export interface HttpOptions {
  /** built renderer (index.html + assets) */
  staticDir?: string
  /** electron-updater generic feed: latest.yml + installers */
  updatesDir?: string
  log?: (line: string) => void
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  res.end(json)
}

function fail(res: http.ServerResponse, error: ErrorBody) {
  send(res, HTTP_STATUS[error.code] ?? 500, { ok: false, error })
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > MAX_BODY_BYTES) {
      req.resume()
      return resolve('too-large')
    }
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) over = true
      else chunks.push(c)
    })
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function bearer(req: http.IncomingMessage): string | undefined {
  const h = req.headers.authorization
  if (!h) return undefined
  const m = /^Bearer\s+(.+)$/i.exec(h)
  return m ? m[1]!.trim() : undefined
}

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.yml'])

function serveFile(res: http.ServerResponse, root: string, urlPath: string, fallbackIndex: boolean, acceptEncoding = ''): boolean {
  const rel = decodeURIComponent(urlPath.split('?')[0]!).replace(/^\/+/, '')
  const full = path.resolve(root, rel)
  if (!full.startsWith(path.resolve(root))) return false
  let file = full
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (!fallbackIndex) return false
    file = path.join(root, 'index.html')
    if (!fs.existsSync(file)) return false
  }
  const ext = path.extname(file).toLowerCase()
  const immutable = rel.startsWith('assets/')
  const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(acceptEncoding)
  res.writeHead(200, {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  })
  // LAN clients load the renderer over the network: compress text assets
  const stream = fs.createReadStream(file)
  if (gzip) stream.pipe(zlib.createGzip({ level: 6 })).pipe(res)
  else stream.pipe(res)
  return true
}

/** The HTTP transport: a thin layer over core.dispatch. */
export function createHttpServer(core: Core, opts: HttpOptions = {}): http.Server {
  const log = opts.log ?? ((l: string) => console.error(l))
  return http.createServer(async (req, res) => {
    try {
      const url = req.url ?? '/'
      if (url === '/api/health' || url.startsWith('/api/health?')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, { code: 'NOT_FOUND', message: '请使用 GET /api/health' })
        return send(res, 200, { ok: true, data: await core.health() })
      }
      if (url.startsWith('/api/')) {
        const method = decodeURIComponent(url.slice('/api/'.length).split('?')[0]!)
        if (req.method !== 'POST') return fail(res, { code: 'NOT_FOUND', message: `请用 POST 调用 /api/${method}` })
        const body = await readBody(req)
        if (body === 'too-large') return fail(res, { code: 'PAYLOAD_TOO_LARGE', message: '请求内容超过 1 MB' })
        let input: unknown = {}
        if (body.length) {
          try {
            input = JSON.parse(body.toString('utf8'))
          } catch {
            return fail(res, { code: 'VALIDATION', message: '请求内容不是有效的 JSON' })
          }
        }
        const result: Envelope<unknown> = await core.dispatch(method, input, { token: bearer(req), locale: String(req.headers['x-kedan-locale'] ?? req.headers['accept-language'] ?? '') })
        if (result.ok) return send(res, 200, result)
        return fail(res, result.error)
      }
      if (url.startsWith('/updates/') && opts.updatesDir) {
        if (serveFile(res, opts.updatesDir, url.slice('/updates/'.length), false)) return
        return fail(res, { code: 'NOT_FOUND', message: '没有找到更新文件' })
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && opts.staticDir) {
        if (serveFile(res, opts.staticDir, url, true, String(req.headers['accept-encoding'] ?? ''))) return
      }
      fail(res, { code: 'NOT_FOUND', message: '页面不存在' })
    } catch (err) {
      log(`http ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? String(err)}`)
      if (!res.headersSent) fail(res, { code: 'INTERNAL', message: '内部错误' })
      else res.end()
    }
  })
}
