/**
 * LAN client transport: the same contract, forwarded over HTTP to the host's `POST /api/<method>`.
 * Network trouble becomes an envelope with a clear message, never a thrown error.
 */
import { fail, isEnvelope, ok, type DispatchFn, type Envelope } from './envelope'
import { certificateChangedMessage } from './pinning'
import { mainText } from './messages'

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
  const changed = (err as { cause?: unknown })?.cause ?? err
  if (code === 'KEDAN_CERT_CHANGED') {
    const c = changed as { expected: string; actual: string }
    return fail('NETWORK', certificateChangedMessage(hostUrl, c.expected, c.actual), { reason: 'HOST_CERT_CHANGED', hostUrl, expected: c.expected, actual: c.actual })
  }
  const reason =
    code === 'TimeoutError' || code === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT'
      ? mainText('remote.timeout')
      : code === 'ECONNREFUSED'
        ? mainText('remote.refused')
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? mainText('remote.noSuchHost')
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
            ? mainText('remote.networkUnreachable')
            : mainText('remote.networkError', { detail: (err as { cause?: { message?: string }; message?: string })?.cause?.message ?? (err as Error)?.message ?? String(err) })
  return fail('NETWORK', mainText('remote.unreachable', { host: hostUrl, reason }), { reason: 'HOST_UNREACHABLE', hostUrl, cause: code ?? String(err) })
}

async function readEnvelope(hostUrl: string, res: Response): Promise<Envelope<unknown>> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  if (isEnvelope(body)) return body
  return fail('INTERNAL', mainText('remote.badResponse', { host: hostUrl, status: res.status }), {
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
    return fail('INTERNAL', mainText('remote.notKedan', { host: hostUrl }), { reason: 'HOST_BAD_RESPONSE', hostUrl })
  }
  return ok({ hostUrl, version: d.version, engine: String(d.engine ?? ''), schemaVersion: d.schemaVersion ?? null })
}

/** `1.2.10` vs `1.2.9` → 1; pre-release and build suffixes are ignored (a missing part counts as 0). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/i, '').split(/[-+]/)[0]!.split('.').map((n) => Number.parseInt(n, 10) || 0)
  const x = parts(a)
  const y = parts(b)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

export type VersionVerdict =
  | { kind: 'same' }
  /** the host is newer: the client works on, and is told to update (its updater reads the host's feed) */
  | { kind: 'clientOlder'; message: string }
  /** the client is newer: refused until the host is updated (a newer client may send what the old host cannot read) */
  | { kind: 'clientNewer'; message: string }

export function versionVerdict(clientVersion: string, hostVersion: string, hostUrl: string): VersionVerdict {
  const d = compareVersions(clientVersion, hostVersion)
  if (d === 0) return { kind: 'same' }
  if (d < 0) {
    return {
      kind: 'clientOlder',
      message: mainText('remote.hostNewer', { host: hostUrl, hostVersion, clientVersion }),
    }
  }
  return {
    kind: 'clientNewer',
    message: mainText('remote.clientNewer', { host: hostUrl, hostVersion, clientVersion }),
  }
}
