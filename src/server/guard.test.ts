import { describe, expect, it } from 'vitest'
import * as os from 'node:os'
import { hostAllowed, isJsonContentType, isLoopback, originAllowed, parseHost } from './guard'

describe('HTTP guard: Host, Origin, content type', () => {
  it('parses Host headers a browser sends and refuses anything else', () => {
    expect(parseHost('192.168.1.10:4310')).toEqual({ hostname: '192.168.1.10', host: '192.168.1.10:4310' })
    expect(parseHost('[::1]:4310')).toEqual({ hostname: '[::1]', host: '[::1]:4310' })
    expect(parseHost('Kedan-PC')).toEqual({ hostname: 'kedan-pc', host: 'kedan-pc' })
    expect(parseHost('example.com:80')).toEqual({ hostname: 'example.com', host: 'example.com' })
    for (const bad of [undefined, '', 'a b', 'x@127.0.0.1', '127.0.0.1/x', '127.0.0.1:4310:1', 'a\\b', '[::1', 'ex%41mple.com']) expect(parseHost(bad), String(bad)).toBeNull()
  })

  it('accepts the address the connection came in on, localhost only on loopback, and operator-allowed names', () => {
    expect(hostAllowed({ host: '192.0.2.77:4310', localAddress: '192.0.2.77' })).toBe(true)
    expect(hostAllowed({ host: '192.0.2.77:4310', localAddress: '::ffff:192.0.2.77' })).toBe(true)
    expect(hostAllowed({ host: 'localhost:4310', localAddress: '127.0.0.1' })).toBe(true)
    expect(hostAllowed({ host: '[::1]:4310', localAddress: '::1' })).toBe(true)
    // a LAN connection naming localhost is not a browser on this machine
    expect(hostAllowed({ host: 'localhost:4310', localAddress: '192.0.2.77' })).toBe(false)
    // an address this machine does not have
    expect(hostAllowed({ host: '203.0.113.9:4310', localAddress: '192.0.2.77' })).toBe(false)
    // the computer name, and a rebinding name unless the operator allowed it
    expect(hostAllowed({ host: `${os.hostname().toUpperCase()}:4310`, localAddress: '192.0.2.77' })).toBe(true)
    expect(hostAllowed({ host: 'kedan.example.lan:4310', localAddress: '192.0.2.77' })).toBe(false)
    expect(hostAllowed({ host: 'kedan.example.lan:4310', localAddress: '192.0.2.77', extra: ['Kedan.Example.LAN'] })).toBe(true)
    expect(hostAllowed({ host: undefined, localAddress: '127.0.0.1' })).toBe(false)
  })

  it('an Origin must be this host as the request names it', () => {
    expect(originAllowed(undefined, '127.0.0.1:4310')).toBe(true)
    expect(originAllowed('http://127.0.0.1:4310', '127.0.0.1:4310')).toBe(true)
    expect(originAllowed('http://kedan-pc', 'KEDAN-PC:80')).toBe(true)
    expect(originAllowed('http://127.0.0.1:4311', '127.0.0.1:4310')).toBe(false)
    expect(originAllowed('http://localhost:4310', '127.0.0.1:4310')).toBe(false)
    expect(originAllowed('null', '127.0.0.1:4310')).toBe(false)
    expect(originAllowed('chrome-extension://abc', '127.0.0.1:4310')).toBe(false)
    expect(originAllowed('http://127.0.0.1:4310', undefined)).toBe(false)
  })

  it('JSON only, in any case and with parameters; loopback addresses', () => {
    expect(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON ;charset=UTF-8'].every(isJsonContentType)).toBe(true)
    expect(['text/plain', 'application/jsonp', 'application/json-seq', 'multipart/form-data', '', undefined].some(isJsonContentType)).toBe(false)
    expect([isLoopback('127.0.0.1'), isLoopback('::1'), isLoopback('::ffff:127.0.0.2'), isLoopback('192.0.2.1'), isLoopback(undefined)]).toEqual([true, true, true, false, false])
  })
})
