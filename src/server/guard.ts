/**
 * Who may talk to the HTTP host: the Host a request names, the Origin a browser sends, the content type
 * of a call, and whether the caller sits on this machine. Pure functions; src/server/http.ts applies them.
 *
 * Why: a page on any other site (or on any PC of the LAN) can make the user's browser send "simple" POSTs
 * to this host, and a DNS-rebinding page can even make them same-origin under a foreign name. So a call
 * needs `Content-Type: application/json` (not a simple request: a browser preflights it, and we answer no
 * CORS), an Origin, when there is one, equal to our own, and a Host that is one of our own names.
 */
import * as os from 'node:os'

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const a = address.toLowerCase().replace(/^::ffff:/, '')
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

/** Plain HTTP carries passwords and tokens in clear: it answers callers on this machine only; HTTPS answers the LAN. */
export function transportAllowed({ tls, remoteAddress }: { tls: boolean; remoteAddress: string | undefined }): boolean {
  return tls || isLoopback(remoteAddress)
}

/** `Host` as sent (`name`, `name:port`, `[v6]:port`) → normalized hostname (lower case, IPv6 in brackets); null when malformed. */
export function parseHost(host: string | undefined): { hostname: string; host: string } | null {
  if (!host || !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/.test(host)) return null
  try {
    const u = new URL(`http://${host}`)
    return { hostname: u.hostname, host: u.host }
  } catch {
    return null
  }
}

const bracket = (a: string) => (a.includes(':') ? `[${a.toLowerCase()}]` : a.toLowerCase())

let ifaceCache: { at: number; names: Set<string> } | null = null
/** This machine's addresses (refreshed every 10 s: a laptop changes networks). */
function interfaceAddresses(): Set<string> {
  const now = Date.now()
  if (ifaceCache && now - ifaceCache.at < 10_000) return ifaceCache.names
  const names = new Set<string>()
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address.replace(/%.*$/, '')))
  ifaceCache = { at: now, names }
  return names
}

export interface HostCheckInput {
  /** the request's Host header */
  host: string | undefined
  /** the address the connection arrived on (req.socket.localAddress) */
  localAddress: string | undefined
  /** extra names the operator allowed (`--allow-host`, KEDAN_ALLOWED_HOSTS) */
  extra?: readonly string[]
}

/**
 * Our own names only: the address the request arrived on, any address of this machine, the computer name
 * (and `<name>.local`), names the operator added, and `localhost` when the connection itself is loopback.
 * A rebinding attacker's name (evil.example → 192.168.1.10) is none of these.
 */
export function hostAllowed({ host, localAddress, extra = [] }: HostCheckInput): boolean {
  const parsed = parseHost(host)
  if (!parsed) return false
  const name = parsed.hostname
  const local = localAddress ? localAddress.replace(/^::ffff:/i, '').replace(/%.*$/, '') : ''
  if (local && name === bracket(local)) return true
  if (name === 'localhost' || name === '127.0.0.1' || name === '[::1]') return isLoopback(localAddress)
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name) || name.startsWith('[')) return interfaceAddresses().has(name)
  const computer = os.hostname().toLowerCase()
  if (name === computer || name === `${computer}.local`) return true
  return extra.some((e) => e.toLowerCase() === name)
}

/**
 * No Origin (not a browser, or a same-origin GET) is fine; otherwise it must be this host as the request
 * names it (http or https, same host and port). `Origin: null` (sandboxed frames, file://) is refused.
 */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true
  const own = parseHost(host)
  if (!own) return false
  try {
    const u = new URL(origin)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false
    return u.host === own.host
  } catch {
    return false
  }
}

/** `application/json` with or without parameters (`; charset=utf-8`), any case. */
export function isJsonContentType(value: string | undefined): boolean {
  return !!value && value.split(';')[0]!.trim().toLowerCase() === 'application/json'
}
