/**
 * Methods answered by the desktop itself, before the core; reachable only over IPC in Electron.
 * - desktop.getMode  → ModeInfo (is a mode chosen? which? LAN addresses of a host)
 * - desktop.setMode  {mode, hostUrl?, port?, updateUrl?} → ModeInfo; starts the new backend, then saves
 * - desktop.restoreLatestBackup {} → ModeInfo; the "damaged database" screen: the latest good backup in place, then the saved mode
 * - desktop.testHost {hostUrl} → {hostUrl, version, engine, schemaVersion, sameVersion, versionCheck, certificate}
 *   (an https host's certificate fingerprint + pairing code: the person compares, then setMode saves it as hostFingerprint)
 */
import { z } from 'zod'
import { normalizeHostUrl } from './config'
import { fail, ok } from './envelope'
import { mainText } from './messages'
import type { DesktopHandler } from './ipc-router'
import { checkHost, unreachable, versionVerdict, type FetchFn, type HostHealth, type VersionVerdict } from './remote'
import { createPinnedFetch, probeHostCertificate, type HostCertificateInfo } from './pinning'
import type { DesktopRuntime, ModeInfo } from './runtime'
import type { DesktopConfig } from './config'

const testHostInput = z.object({ hostUrl: z.string({ error: () => mainText('host.enterAddress') }) })

/** The `desktop.*` methods as types, for the renderer (`import type` only): main's own types, not a copy. */
export interface DesktopMethods {
  'desktop.getMode': { in: Record<string, never>; out: ModeInfo }
  'desktop.setMode': { in: DesktopConfig; out: ModeInfo }
  'desktop.testHost': { in: z.input<typeof testHostInput>; out: TestHostResult }
  'desktop.restoreLatestBackup': { in: Record<string, never>; out: ModeInfo }
}

export interface TestHostResult extends HostHealth {
  sameVersion: boolean
  /** same / clientOlder (update from the host) / clientNewer (refused until the host is updated) */
  versionCheck: VersionVerdict['kind']
  versionMessage: string | null
  /** https: the certificate the host presented, to compare with the pairing code on the host before saving */
  certificate: HostCertificateInfo | null
}

export function createDesktopMethods(runtime: DesktopRuntime, opts: { appVersion: string; fetch?: FetchFn }): Record<string, DesktopHandler> {
  return {
    'desktop.getMode': async () => ok(runtime.info()),

    'desktop.setMode': async (input, ctx) => {
      const result = await runtime.setMode(input)
      // a new backend knows none of the old sessions
      if (result.ok) ctx.tokens.clear()
      return result
    },

    // the "damaged database" screen: the latest good backup in place of the damaged file, then the saved mode
    'desktop.restoreLatestBackup': async (_input, ctx) => {
      const result = await runtime.restoreDamaged()
      // a restored database knows none of the old sessions
      if (result.ok) ctx.tokens.clear()
      return result
    },

    'desktop.testHost': async (input) => {
      const parsed = testHostInput.safeParse(input ?? {})
      if (!parsed.success) return fail('VALIDATION', mainText('host.enterAddress'), { issues: [{ path: 'hostUrl', message: mainText('host.enterAddress') }] })
      const hostUrl = normalizeHostUrl(parsed.data.hostUrl)
      if (!hostUrl) {
        return fail('VALIDATION', mainText('config.hostInvalid', { host: parsed.data.hostUrl }), { issues: [{ path: 'hostUrl', message: mainText('host.invalidShort') }] })
      }
      // first contact over https: read the certificate (not trusted yet), then talk to exactly that certificate
      let certificate: HostCertificateInfo | null = null
      let doFetch = opts.fetch
      if (hostUrl.startsWith('https:') && !opts.fetch) {
        try {
          certificate = await probeHostCertificate(hostUrl)
        } catch (e) {
          return unreachable(hostUrl, e)
        }
        doFetch = createPinnedFetch(certificate.fingerprint256)
      }
      const r = await checkHost(hostUrl, { fetch: doFetch })
      if (!r.ok) return r
      const v = versionVerdict(opts.appVersion, r.data.version, hostUrl)
      return ok({ ...r.data, sameVersion: v.kind === 'same', versionCheck: v.kind, versionMessage: v.kind === 'same' ? null : v.message, certificate })
    },
  }
}
