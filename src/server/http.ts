/**
 * The HTTP transport on fastify: `POST /api/<method>` → core.dispatch, `GET /api/health`, the renderer build
 * at `/` (single-page fallback to index.html) and the electron-updater feed at `/updates/`.
 * Routing, body limits, content types, static files (path containment, ranges, ETag/Last-Modified, MIME
 * types), compression and malformed URLs are the libraries' (fastify, @fastify/static, @fastify/compress);
 * what stays here is the envelope and the rules of who may call (src/server/guard.ts).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type * as http from 'node:http'
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifyCompress from '@fastify/compress'
import type { Core } from '../core'
import { HTTP_STATUS, type ErrorBody, type ErrorCode } from '../core'
import { appError } from '../core/contract/errors'
import { pickLocale, type CoreMessageKey, type MessageParams } from '../core/i18n/i18n'
import { methodGroups } from '../core/methods'
import { hostAllowed, isJsonContentType, originAllowed, transportAllowed } from './guard'
import { contentDisposition } from '../core/excel/export.jobs'

export const MAX_BODY_BYTES = 1024 * 1024

/** Sent with every HTML page: no framing, no foreign scripts or connections, no referrer. */
export const HTML_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Mantine writes its CSS variables into <style> tags: inline styles are allowed, inline scripts are not.
  // blob: frames/images: the PDF preview (PrintMenu) and pasted logos.
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob:",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
}

export interface HttpOptions {
  /** built renderer (index.html + assets) */
  staticDir?: string
  /** electron-updater generic feed: latest.yml + installers */
  updatesDir?: string
  /** host names besides this machine's own (its addresses, computer name, localhost on loopback) */
  allowedHosts?: readonly string[]
  /** serve HTTPS with this key and certificate (src/server/tls.ts); without it plain HTTP answers loopback callers only */
  tls?: { key: string; cert: string }
  log?: (line: string) => void
}

/** An envelope error raised by the transport itself, in the caller's language. */
class TransportError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: CoreMessageKey,
    readonly params: MessageParams = {},
    readonly status?: number,
  ) {
    super(key)
  }
}

const localeOf = (req: FastifyRequest) => pickLocale(header(req, 'x-kedan-locale'), header(req, 'accept-language'))

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function sendError(reply: FastifyReply, error: ErrorBody, status = HTTP_STATUS[error.code] ?? 500) {
  return reply.code(status).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').type('application/json; charset=utf-8').send({ ok: false, error })
}

function fail(req: FastifyRequest, reply: FastifyReply, e: TransportError) {
  return sendError(reply, appError(e.code, e.key, e.params).body(localeOf(req)), e.status)
}

function bearer(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')
  return m ? m[1]!.trim() : undefined
}

/** The part of the path after `/api/`, decoded (unknown names are the dispatcher's 404). */
function apiName(url: string): string {
  const p = url.split('?')[0]!.slice('/api/'.length)
  try {
    return decodeURIComponent(p)
  } catch {
    return p
  }
}

/** fastify/@fastify/static errors → the envelope's codes; anything else is a bug, logged, answered 500. */
function fromLibraryError(err: FastifyError): TransportError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TransportError('PAYLOAD_TOO_LARGE', 'http.tooLarge')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new TransportError('UNSUPPORTED_MEDIA_TYPE', 'http.notJson')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new TransportError('VALIDATION', 'http.badJson')
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new TransportError('VALIDATION', 'http.badJson')
  const status = err.statusCode ?? 500
  // @fastify/static: a path outside the root or not in canonical form is 403, a bad Range 416
  if (status === 403) return new TransportError('NOT_FOUND', 'http.pageNotFound', {}, 404)
  if (status === 416) return new TransportError('VALIDATION', 'http.badRange', {}, 416)
  if (status === 400) return new TransportError('VALIDATION', 'http.badRequest')
  if (status === 404) return new TransportError('NOT_FOUND', 'http.pageNotFound')
  return null
}

/** The HTTP transport: a thin layer over core.dispatch. Resolves once every route is ready to listen. */
export async function createHttpServer(core: Core, opts: HttpOptions = {}): Promise<http.Server> {
  const log = opts.log ?? ((l: string) => console.error(l))
  const app = Fastify({
    logger: false,
    ...(opts.tls ? { https: { key: opts.tls.key, cert: opts.tls.cert } } : {}),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: false,
    // `GET /%E0%A4%A`: a URL that does not decode is the caller's mistake
    frameworkErrors: (err, req, reply) => {
      if (err.code === 'FST_ERR_BAD_URL') return fail(req, reply, new TransportError('VALIDATION', 'http.badUrl'))
      log(`http ${req.method} ${req.url}: ${err.message}`)
      return fail(req, reply, new TransportError('VALIDATION', 'http.badRequest'))
    },
  })

  // Only JSON is parsed (fastify's own parser, prototype-poisoning safe); an empty body is an empty input.
  app.removeAllContentTypeParsers()
  const jsonParser = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body)
    if (text === '') return done(null, {})
    return jsonParser(req, text, done)
  })

  // Who may call: our own host names (DNS rebinding), our own origin (cross-site pages), JSON only (simple POSTs).
  app.addHook('onRequest', async (req, reply) => {
    // passwords and tokens never cross the LAN in clear: plain HTTP is for this machine only
    if (!transportAllowed({ tls: !!opts.tls, remoteAddress: req.socket.remoteAddress })) {
      return fail(req, reply, new TransportError('FORBIDDEN', 'http.plainOffLoopback'))
    }
    if (!hostAllowed({ host: header(req, 'host'), localAddress: req.socket.localAddress, extra: opts.allowedHosts })) {
      return fail(req, reply, new TransportError('FORBIDDEN', 'http.badHost', { host: header(req, 'host') ?? '' }))
    }
    if (!req.url.startsWith('/api/')) return
    if (!originAllowed(header(req, 'origin'), header(req, 'host'))) {
      return fail(req, reply, new TransportError('FORBIDDEN', 'http.foreignOrigin', { origin: header(req, 'origin') ?? '' }))
    }
    if (req.method === 'POST' && !isJsonContentType(header(req, 'content-type'))) {
      return fail(req, reply, new TransportError('UNSUPPORTED_MEDIA_TYPE', 'http.notJson'))
    }
  })

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.headers(HTML_SECURITY_HEADERS)
    return payload
  })

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = fromLibraryError(err)
    if (known) return fail(req, reply, known)
    log(`http ${req.method} ${req.url} failed: ${err?.stack ?? String(err)}`)
    return fail(req, reply, new TransportError('INTERNAL', 'http.internal'))
  })

  const staticDir = opts.staticDir
  const index = staticDir ? path.join(staticDir, 'index.html') : undefined
  /** The app shell, always revalidated (its asset names change with every build). */
  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', staticDir!, { cacheControl: false })
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0]!
    if (url === '/api/health') return fail(req, reply, new TransportError('NOT_FOUND', 'http.useGetHealth'))
    if (url.startsWith('/api/')) return fail(req, reply, new TransportError('NOT_FOUND', 'http.usePost', { method: apiName(req.url) }))
    if (url.startsWith('/updates/')) return fail(req, reply, new TransportError('NOT_FOUND', 'http.noUpdate'))
    // a client-side route (/customers/12): the app shell; a missing asset stays a 404
    if ((req.method === 'GET' || req.method === 'HEAD') && staticDir && index && !url.startsWith('/assets/') && fs.existsSync(index)) {
      return sendIndex(reply)
    }
    return fail(req, reply, new TransportError('NOT_FOUND', 'http.pageNotFound'))
  })

  // Compression before the static plugin (its streams are compressed too); request bodies are never inflated.
  await app.register(fastifyCompress, { global: true, globalDecompression: false, threshold: 1024 })

  app.get('/api/health', async (_req, reply) => {
    reply.header('cache-control', 'no-store')
    return { ok: true, data: await core.health() }
  })

  // a finished export job's file (issue 13): the session token in Authorization, the job's own user only
  app.get<{ Params: { jobId: string } }>('/api/export/:jobId', { compress: false }, async (req, reply) => {
    const r = await core.exportDownload(req.params.jobId, { token: bearer(req), locale: header(req, 'x-kedan-locale') ?? header(req, 'accept-language'), clientAddress: req.socket.remoteAddress })
    if (!r.ok) return sendError(reply, r.error)
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', r.data.mimeType)
      .header('content-length', String(r.data.size))
      .header('content-disposition', contentDisposition(r.data.fileName))
      .send(fs.createReadStream(r.data.file))
  })

  // an attachment's file (issue 14): the session token in Authorization, whoever sees its record;
  // never sniffed into HTML, inline only for images and PDF (the only types stored)
  app.get<{ Params: { id: string }; Querystring: { download?: string } }>('/api/attachment/:id', { compress: false }, async (req, reply) => {
    const id = Number(req.params.id)
    const meta = { token: bearer(req), locale: header(req, 'x-kedan-locale') ?? header(req, 'accept-language'), clientAddress: req.socket.remoteAddress }
    const r = await core.attachmentDownload(Number.isSafeInteger(id) && id > 0 ? id : 0, meta)
    if (!r.ok) return sendError(reply, r.error)
    const disposition = contentDisposition(r.data.fileName)
    return reply
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('content-type', r.data.mimeType)
      .header('content-length', String(r.data.size))
      .header('content-disposition', req.query.download ? disposition : disposition.replace(/^attachment/, 'inline'))
      .send(fs.createReadStream(r.data.file))
  })

  const callMethod = async (req: FastifyRequest, reply: FastifyReply) => {
    const result = await core.dispatch(apiName(req.url), req.body ?? {}, {
      token: bearer(req),
      locale: header(req, 'x-kedan-locale') ?? header(req, 'accept-language'),
      clientAddress: req.socket.remoteAddress,
    })
    reply.header('cache-control', 'no-store')
    if (result.ok) return result
    return sendError(reply, result.error)
  }
  // methods that take more than 1 MB (import.*: a spreadsheet as base64) get their own route with their limit;
  // the dispatcher enforces the same limit on the input whatever the transport
  for (const def of methodGroups.flat() as { name: string; maxInputBytes?: number }[]) {
    if (def.maxInputBytes) app.post(`/api/${def.name}`, { bodyLimit: def.maxInputBytes + 64 * 1024 }, callMethod)
  }
  app.post('/api/*', callMethod)

  if (staticDir) {
    app.get('/', (req, reply) => (index && fs.existsSync(index) ? sendIndex(reply) : fail(req, reply, new TransportError('NOT_FOUND', 'http.pageNotFound'))))
    await app.register(fastifyStatic, {
      root: path.resolve(staticDir),
      prefix: '/',
      index: false,
      dotfiles: 'ignore',
      // hashed file names under assets/ never change; everything else is revalidated
      cacheControl: false,
      setHeaders: (reply, file) => {
        const immutable = path.relative(staticDir, file).split(path.sep)[0] === 'assets'
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  if (opts.updatesDir) {
    await app.register(fastifyStatic, {
      root: path.resolve(opts.updatesDir),
      prefix: '/updates/',
      decorateReply: !staticDir,
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (reply) => reply.header('cache-control', 'no-cache'),
    })
  }

  await app.ready()
  // with `https` fastify's server is an https.Server: the same listen/address/close API
  return app.server as http.Server
}
