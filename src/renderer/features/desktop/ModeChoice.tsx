import { Alert, Anchor, Box, Button, Checkbox, Code, Collapse, CopyButton, Group, NumberInput, Radio, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconAffiliate, IconAlertTriangle, IconCircleCheck, IconDeviceDesktop, IconPlugConnectedX, IconServer2 } from '@tabler/icons-react'
import { useCallback, useState, type FormEvent, type ReactNode } from 'react'
import { useI18n, type Vars } from '../../app/i18n/i18n'
import { desktopMessages, type DesktopMessageKey } from './desktop.messages'
import type { DesktopConfig, DesktopMethods, DesktopMode, HostCheck, ModeInfo } from './desktop.api'

/**
 * The pieces of the desktop mode choice shared by the first-run screen (DesktopModeGate) and the 运行模式 settings
 * page: the choice form (desktop.setMode, desktop.testHost) and the list of LAN addresses of a host. They call main
 * through `window.api` directly, not through the app's transport: the first-run screen runs before any session.
 */

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } }

interface DesktopApi {
  invoke(method: string, params?: unknown): Promise<unknown>
}

export function desktopApi(): DesktopApi | null {
  if (typeof window === 'undefined') return null
  const api = (window as unknown as { api?: DesktopApi }).api
  return api && typeof api.invoke === 'function' ? api : null
}

export async function callDesktop<M extends keyof DesktopMethods>(method: M, params?: DesktopMethods[M]['in']): Promise<Result<DesktopMethods[M]['out']>> {
  type T = DesktopMethods[M]['out']
  try {
    const r = (await desktopApi()!.invoke(method, params ?? {})) as Result<T> | undefined
    if (r && typeof r === 'object' && 'ok' in r) return r
    return { ok: false, error: { code: 'INTERNAL', message: String(r) } }
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }
  }
}

/** The desktop texts in the current language; works with only the I18nProvider (no app dictionaries needed). */
export function useDesktopT() {
  const { locale } = useI18n()
  return useCallback(
    (key: DesktopMessageKey, vars?: Vars) => {
      const text: string = desktopMessages[locale][key] ?? desktopMessages['zh-CN'][key]
      return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(vars?.[name] ?? ''))
    },
    [locale],
  )
}

export const MODE_ICONS: Record<DesktopMode, (size: number) => ReactNode> = {
  standalone: (size) => <IconDeviceDesktop size={size} />,
  'lan-host': (size) => <IconServer2 size={size} />,
  'lan-client': (size) => <IconAffiliate size={size} />,
}

export const MODE_TEXTS: Record<DesktopMode, { title: DesktopMessageKey; hint: DesktopMessageKey }> = {
  standalone: { title: 'desktop.standalone', hint: 'desktop.standaloneHint' },
  'lan-host': { title: 'desktop.lanHost', hint: 'desktop.lanHostHint' },
  'lan-client': { title: 'desktop.lanClient', hint: 'desktop.lanClientHint' },
}

interface FieldErrors {
  hostUrl?: string
  port?: string
  updateUrl?: string
}

function issuesOf(details: unknown): FieldErrors {
  const issues = (details as { issues?: { path?: string; message?: string }[] } | null)?.issues ?? []
  const out: FieldErrors = {}
  for (const i of issues) {
    if (i.path === 'hostUrl' || i.path === 'port' || i.path === 'updateUrl') out[i.path] ??= i.message
  }
  return out
}

const norm = (s: string | undefined | null) => (s ?? '').trim().replace(/\/+$/, '').toLowerCase()

/** True when `next` asks for what is running already (so nothing needs to restart). */
export function sameConfig(next: DesktopConfig, current: DesktopConfig | null | undefined, defaultPort: number): boolean {
  if (!current || next.mode !== current.mode) return false
  if (next.mode === 'lan-host' && (next.port ?? defaultPort) !== (current.port ?? defaultPort)) return false
  if (next.mode === 'lan-client' && norm(next.hostUrl) !== norm(current.hostUrl)) return false
  return norm(next.updateUrl) === norm(current.updateUrl)
}

/**
 * 单机版 / 局域网主机 / 局域网客户端, with the host's port, the client's host address (and 测试连接), and the
 * optional update address; saves with desktop.setMode. Prefilled from `info.saved`.
 */
export function ModeChoiceForm({
  info,
  onDone,
  intro,
  submitLabel,
  onCancel,
  current,
}: {
  info: ModeInfo
  /** `changed` is false when `current` was submitted unchanged (desktop.setMode was not called) */
  onDone: (info: ModeInfo, changed: boolean) => void
  /** replaces the welcome title and text of the first run */
  intro?: ReactNode
  submitLabel?: ReactNode
  onCancel?: () => void
  /** the configuration running now: submitting it unchanged restarts nothing */
  current?: DesktopConfig | null
}) {
  const t = useDesktopT()
  const saved = info.saved
  const [mode, setMode] = useState<DesktopMode>(saved?.mode ?? 'standalone')
  const [port, setPort] = useState<number | string>(saved?.port ?? info.defaultPort)
  const [hostUrl, setHostUrl] = useState(saved?.hostUrl ?? '')
  const [updateUrl, setUpdateUrl] = useState(saved?.updateUrl ?? '')
  const [advanced, setAdvanced] = useState(!!saved?.updateUrl)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [testing, setTesting] = useState(false)
  const [test, setTest] = useState<{ ok: true; check: HostCheck } | { ok: false; message: string } | null>(null)
  /** the person compared the host certificate's pairing code with the host's screen */
  const [pinConfirmed, setPinConfirmed] = useState(false)

  const testHost = async () => {
    if (!hostUrl.trim()) return setErrors({ hostUrl: t('desktop.hostUrlRequired') })
    setErrors({})
    setTesting(true)
    const r = await callDesktop('desktop.testHost', { hostUrl })
    setTesting(false)
    setPinConfirmed(false)
    if (r.ok) {
      setTest({ ok: true, check: r.data })
      setHostUrl(r.data.hostUrl)
    } else {
      setTest({ ok: false, message: r.error.message })
      const fe = issuesOf(r.error.details)
      if (fe.hostUrl) setErrors(fe)
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (saving) return
    if (mode === 'lan-client' && !hostUrl.trim()) return setErrors({ hostUrl: t('desktop.hostUrlRequired') })
    setErrors({})
    setFailure(null)
    const input: DesktopConfig = { mode }
    if (mode === 'lan-host') input.port = typeof port === 'number' ? port : Number(port)
    if (mode === 'lan-client') {
      input.hostUrl = hostUrl
      const cert = test?.ok ? test.check.certificate : null
      if (cert) {
        if (!pinConfirmed) return setFailure(t('desktop.pairingRequired'))
        input.hostFingerprint = cert.fingerprint256
      } else if (saved?.hostFingerprint && norm(saved.hostUrl) === norm(hostUrl)) {
        // the same host as before: keep the certificate pinned on first connect
        input.hostFingerprint = saved.hostFingerprint
      }
    }
    if (updateUrl.trim()) input.updateUrl = updateUrl
    if (current !== undefined && sameConfig(input, current, info.defaultPort)) return onDone(info, false)
    setSaving(true)
    const r = await callDesktop('desktop.setMode', input)
    setSaving(false)
    if (r.ok) return onDone(r.data, true)
    const fe = issuesOf(r.error.details)
    setErrors(fe)
    if (fe.updateUrl) setAdvanced(true)
    if (!fe.hostUrl && !fe.port && !fe.updateUrl) setFailure(r.error.message)
  }

  const option = (value: DesktopMode) => (
    <Radio.Card value={value} radius="md" p="md" data-testid={`mode-${value}`}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Radio.Indicator mt={2} />
        <Box c="kedan.7" mt={1}>
          {MODE_ICONS[value](22)}
        </Box>
        <div>
          <Text fw={600}>{t(MODE_TEXTS[value].title)}</Text>
          <Text size="sm" c="dimmed">
            {t(MODE_TEXTS[value].hint)}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  )

  return (
    <form onSubmit={submit} noValidate data-testid="mode-form">
      <Stack gap="lg">
        {intro ?? (
          <div>
            <Title order={2}>{t('desktop.title')}</Title>
            <Text c="dimmed" mt={4}>
              {t('desktop.intro')}
            </Text>
          </div>
        )}

        {info.startupError && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('desktop.startupError')}>
            {info.startupError}
          </Alert>
        )}

        <Radio.Group value={mode} onChange={(v) => setMode(v as DesktopMode)} label={t('desktop.modeLabel')} name="kedan-mode">
          <Stack gap="sm" mt="xs">
            {option('standalone')}
            {option('lan-host')}
            {option('lan-client')}
          </Stack>
        </Radio.Group>

        {mode === 'lan-host' && (
          <NumberInput
            label={t('desktop.port')}
            description={t('desktop.portHint')}
            value={port}
            onChange={setPort}
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            error={errors.port}
            w={260}
            data-testid="host-port"
          />
        )}

        {mode === 'lan-client' && (
          <Stack gap="xs">
            <Group align="flex-end" gap="sm" wrap="nowrap">
              <TextInput
                label={t('desktop.hostUrl')}
                description={t('desktop.hostUrlHint')}
                placeholder={t('desktop.hostUrlPlaceholder')}
                value={hostUrl}
                onChange={(e) => {
                  setHostUrl(e.currentTarget.value)
                  setTest(null)
                }}
                error={errors.hostUrl}
                withAsterisk
                autoFocus
                style={{ flex: 1 }}
                data-testid="host-url"
              />
              <Button variant="default" onClick={() => void testHost()} loading={testing} data-testid="test-host">
                {t('desktop.testConnection')}
              </Button>
            </Group>
            {test?.ok === true && (
              <Alert
                color={test.check.sameVersion ? 'green' : 'orange'}
                icon={test.check.sameVersion ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
                data-testid="test-result"
              >
                {t('desktop.testOk', { version: test.check.version })}
                {!test.check.sameVersion && (
                  <Text size="sm" mt={4}>
                    {test.check.versionMessage ?? t('desktop.versionMismatch', { host: test.check.version, local: info.appVersion })}
                  </Text>
                )}
                {test.check.certificate && (
                  <Stack gap={4} mt="xs">
                    <Text fw={600} data-testid="pairing-code">
                      {t('desktop.pairingCode', { code: test.check.certificate.pairingCode })}
                    </Text>
                    <Text size="sm">{t('desktop.pairingCodeHint')}</Text>
                    <Checkbox
                      checked={pinConfirmed}
                      onChange={(e) => setPinConfirmed(e.currentTarget.checked)}
                      label={t('desktop.pairingConfirm')}
                      data-testid="pairing-confirm"
                    />
                  </Stack>
                )}
              </Alert>
            )}
            {test?.ok === false && (
              <Alert color="red" icon={<IconPlugConnectedX size={18} />} data-testid="test-result">
                {test.message}
              </Alert>
            )}
          </Stack>
        )}

        <div>
          <Anchor component="button" type="button" size="sm" onClick={() => setAdvanced((a) => !a)}>
            {t('desktop.advanced')}
          </Anchor>
          <Collapse expanded={advanced}>
            <TextInput
              mt="xs"
              label={t('desktop.updateUrl')}
              description={t('desktop.updateUrlHint')}
              placeholder="https://192.168.1.10:4310/updates/"
              value={updateUrl}
              onChange={(e) => setUpdateUrl(e.currentTarget.value)}
              error={errors.updateUrl}
            />
          </Collapse>
        </div>

        {failure && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('desktop.failed')} data-testid="mode-error">
            {failure}
          </Alert>
        )}

        <Group justify="space-between" align="center">
          <Text size="xs" c="dimmed">
            Kedan {info.appVersion}
          </Text>
          <Group gap="xs">
            {onCancel && (
              <Button variant="default" onClick={onCancel} disabled={saving}>
                {t('desktop.cancel')}
              </Button>
            )}
            <Button type="submit" loading={saving} data-testid="mode-submit">
              {submitLabel ?? t('desktop.start')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}

/** The addresses the other PCs use to reach this host, each with a copy button; a warning when there is none. */
export function LanAddressList({ urls, port, intro, pairingCode }: { urls: string[]; port: number | null; intro?: ReactNode; pairingCode?: string | null }) {
  const t = useDesktopT()
  if (!urls.length)
    return (
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="lan-no-address">
        {t('desktop.hostReadyNoAddress', { port: port ?? '' })}
      </Alert>
    )
  return (
    <Stack gap="xs">
      {intro ?? <Text>{t('desktop.hostReadyIntro')}</Text>}
      {pairingCode && (
        <Text fw={600} data-testid="host-pairing-code">
          {t('desktop.hostPairingCode', { code: pairingCode })}
        </Text>
      )}
      {urls.map((url) => (
        <Group key={url} gap="sm">
          <Code fz="md" data-testid="lan-url">
            {url}
          </Code>
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="subtle" onClick={copy}>
                {copied ? t('desktop.copied') : t('desktop.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      ))}
    </Stack>
  )
}
