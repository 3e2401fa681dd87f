/**
 * LAN client transport: the same contract, forwarded over HTTP to the host's `POST /api/<method>`.
 * Network trouble becomes an envelope with a clear message, never a thrown error.
 */
import { fail, isEnvelope, ok, type DispatchFn, type Envelope } from './envelope'

export type FetchFn = typeof fetch

export interface RemoteOptions {
  fetch?: FetchFn
  /** per request; a LAN answer that takes longer than this is treated as unreachable */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 30_000
export const HOST_CHECK_TIMEOUT_MS = 5_000

export interface HostHealth {
  hostUrl: string
  version: string
  engine: string
  schemaVersion: string | null
}

function causeCode(err: unknown): string | undefined {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } }
  return e?.cause?.code ?? e?.code ?? e?.cause?.name ?? e?.name
}

/** '无法连接到主机 http://…（原因）' plus details a support person can read in the log. */
export function unreachable(hostUrl: string, err: unknown): Envelope<never> {
  const code = causeCode(err)
  const reason =
    code === 'TimeoutError' || code === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT'
      ? '连接超时'
      : code === 'ECONNREFUSED'
        ? '主机拒绝连接，请确认主机上的客单已启动'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? '找不到该主机名'
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
            ? '网络不可达'
            : `网络错误：${(err as { cause?: { message?: string }; message?: string })?.cause?.message ?? (err as Error)?.message ?? String(err)}`
  return fail('NETWORK', `无法连接到主机 ${hostUrl}（${reason}）`, { reason: 'HOST_UNREACHABLE', hostUrl, cause: code ?? String(err) })
}

async function readEnvelope(hostUrl: string, res: Response): Promise<Envelope<unknown>> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  if (isEnvelope(body)) return body
  return fail('INTERNAL', `主机 ${hostUrl} 返回了无法识别的响应（HTTP ${res.status}），请确认地址指向客单主机`, {
    reason: 'HOST_BAD_RESPONSE',
    hostUrl,
    status: res.status,
  })
}

/** A dispatch function that forwards each call to `${hostUrl}/api/<method>` with the session token. */
export function createRemoteDispatch(hostUrl: string, opts: RemoteOptions = {}): DispatchFn {
  const doFetch = opts.fetch ?? fetch
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return async (method, input, meta) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (meta.token) headers.authorization = `Bearer ${meta.token}`
    if (meta.locale) headers['x-kedan-locale'] = meta.locale
    let res: Response
    try {
      res = await doFetch(`${hostUrl}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input === undefined ? {} : input),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      return unreachable(hostUrl, err)
    }
    try {
      return await readEnvelope(hostUrl, res)
    } catch (err) {
      return unreachable(hostUrl, err)
    }
  }
}

/** GET `${hostUrl}/api/health`: is a Kedan host answering there, and which version is it? */
export async function checkHost(hostUrl: string, opts: RemoteOptions = {}): Promise<Envelope<HostHealth>> {
  const doFetch = opts.fetch ?? fetch
  let res: Response
  try {
    res = await doFetch(`${hostUrl}/api/health`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? HOST_CHECK_TIMEOUT_MS),
    })
  } catch (err) {
    return unreachable(hostUrl, err)
  }
  let env: Envelope<unknown>
  try {
    env = await readEnvelope(hostUrl, res)
  } catch (err) {
    return unreachable(hostUrl, err)
  }
  if (!env.ok) return env
  const d = env.data as Partial<HostHealth> | null
  if (!d || typeof d.version !== 'string') {
    return fail('INTERNAL', `${hostUrl} 不是客单主机（健康检查的响应不对）`, { reason: 'HOST_BAD_RESPONSE', hostUrl })
  }
  return ok({ hostUrl, version: d.version, engine: String(d.engine ?? ''), schemaVersion: d.schemaVersion ?? null })
}
