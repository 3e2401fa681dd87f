import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Code,
  Collapse,
  CopyButton,
  Group,
  Loader,
  NumberInput,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconDeviceDesktop, IconPlugConnectedX, IconServer2, IconAffiliate } from '@tabler/icons-react'
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { LanguageSwitch } from '../../app/LanguageSwitch'
import { useI18n, type Vars } from '../../app/i18n/i18n'
import { desktopMessages, type DesktopMessageKey } from './desktop.messages'

/**
 * Electron's first-run choice of how this PC runs Kedan: 单机版 / 局域网主机 / 局域网客户端.
 *
 * In a browser (no `window.api`) it renders its children at once. In Electron it asks main
 * (`desktop.getMode`, answered by src/main before the core) and shows the choice while no mode is set;
 * for a LAN client whose host does not answer it offers retry or new settings. Renders inside
 * MantineProvider and I18nProvider (see app/App.tsx).
 */
export function DesktopModeGate({ children }: { children: ReactNode }) {
  if (!desktopApi()) return <>{children}</>
  return <DesktopGate>{children}</DesktopGate>
}

type Mode = 'standalone' | 'lan-host' | 'lan-client'

/** desktop.getMode's answer (src/main/runtime.ts ModeInfo). */
interface ModeInfo {
  configured: boolean
  mode: Mode | null
  hostUrl: string | null
  port: number | null
  updateUrl: string | null
  lanUrls: string[]
  appVersion: string
  defaultPort: number
  startupError: string | null
  saved: { mode: Mode; hostUrl?: string; port?: number; updateUrl?: string } | null
}

interface HostCheck {
  hostUrl: string
  version: string
  sameVersion: boolean
}

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } }

interface DesktopApi {
  invoke(method: string, params?: unknown): Promise<unknown>
}

function desktopApi(): DesktopApi | null {
  if (typeof window === 'undefined') return null
  const api = (window as unknown as { api?: DesktopApi }).api
  return api && typeof api.invoke === 'function' ? api : null
}

async function call<T>(method: string, params?: unknown): Promise<Result<T>> {
  try {
    const r = (await desktopApi()!.invoke(method, params ?? {})) as Result<T> | undefined
    if (r && typeof r === 'object' && 'ok' in r) return r
    return { ok: false, error: { code: 'INTERNAL', message: String(r) } }
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }
  }
}

function useDesktopT() {
  const { locale } = useI18n()
  return useCallback(
    (key: DesktopMessageKey, vars?: Vars) => {
      const text: string = desktopMessages[locale][key] ?? desktopMessages['zh-CN'][key]
      return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(vars?.[name] ?? ''))
    },
    [locale],
  )
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'choose'; info: ModeInfo }
  | { kind: 'hostReady'; info: ModeInfo }
  | { kind: 'unreachable'; info: ModeInfo; message: string }
  | { kind: 'ready' }

function DesktopGate({ children }: { children: ReactNode }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })

  const load = useCallback(async () => {
    setPhase({ kind: 'loading' })
    const r = await call<ModeInfo>('desktop.getMode')
    // a main process without desktop methods: nothing to choose, let the app speak for itself
    if (!r.ok) return setPhase({ kind: 'ready' })
    const info = r.data
    if (!info.configured) return setPhase({ kind: 'choose', info })
    if (info.mode === 'lan-client' && info.hostUrl) {
      const check = await call<HostCheck>('desktop.testHost', { hostUrl: info.hostUrl })
      if (!check.ok) return setPhase({ kind: 'unreachable', info, message: check.error.message })
    }
    setPhase({ kind: 'ready' })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  switch (phase.kind) {
    case 'ready':
      return <>{children}</>
    case 'loading':
      return <LoadingScreen />
    case 'choose':
      return (
        <ModeChoice
          info={phase.info}
          onDone={(info) => setPhase(info.mode === 'lan-host' ? { kind: 'hostReady', info } : { kind: 'ready' })}
        />
      )
    case 'hostReady':
      return <HostReady info={phase.info} onEnter={() => setPhase({ kind: 'ready' })} />
    case 'unreachable':
      return (
        <Unreachable
          message={phase.message}
          onRetry={() => void load()}
          onChange={() => setPhase({ kind: 'choose', info: { ...phase.info, saved: phase.info.saved ?? { mode: 'lan-client', hostUrl: phase.info.hostUrl ?? '' } } })}
        />
      )
  }
}

function Screen({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <Box mih="100vh" bg="gray.0" pos="relative" data-testid={testId}>
      <Box pos="absolute" top={12} right={12}>
        <LanguageSwitch />
      </Box>
      <Center mih="100vh" p="md">
        <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={600}>
          {children}
        </Paper>
      </Center>
    </Box>
  )
}

function LoadingScreen() {
  const t = useDesktopT()
  return (
    <Center mih="100vh" data-testid="desktop-loading">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{t('desktop.loading')}</Text>
      </Group>
    </Center>
  )
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

function ModeChoice({ info, onDone }: { info: ModeInfo; onDone: (info: ModeInfo) => void }) {
  const t = useDesktopT()
  const saved = info.saved
  const [mode, setMode] = useState<Mode>(saved?.mode ?? 'standalone')
  const [port, setPort] = useState<number | string>(saved?.port ?? info.defaultPort)
  const [hostUrl, setHostUrl] = useState(saved?.hostUrl ?? '')
  const [updateUrl, setUpdateUrl] = useState(saved?.updateUrl ?? '')
  const [advanced, setAdvanced] = useState(!!saved?.updateUrl)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [testing, setTesting] = useState(false)
  const [test, setTest] = useState<{ ok: true; check: HostCheck } | { ok: false; message: string } | null>(null)

  const testHost = async () => {
    if (!hostUrl.trim()) return setErrors({ hostUrl: t('desktop.hostUrlRequired') })
    setErrors({})
    setTesting(true)
    const r = await call<HostCheck>('desktop.testHost', { hostUrl })
    setTesting(false)
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
    setSaving(true)
    const input: Record<string, unknown> = { mode }
    if (mode === 'lan-host') input.port = typeof port === 'number' ? port : Number(port)
    if (mode === 'lan-client') input.hostUrl = hostUrl
    if (updateUrl.trim()) input.updateUrl = updateUrl
    const r = await call<ModeInfo>('desktop.setMode', input)
    setSaving(false)
    if (r.ok) return onDone(r.data)
    const fe = issuesOf(r.error.details)
    setErrors(fe)
    if (fe.updateUrl) setAdvanced(true)
    if (!fe.hostUrl && !fe.port && !fe.updateUrl) setFailure(r.error.message)
  }

  const option = (value: Mode, icon: ReactNode, title: DesktopMessageKey, hint: DesktopMessageKey) => (
    <Radio.Card value={value} radius="md" p="md" data-testid={`mode-${value}`}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Radio.Indicator mt={2} />
        <Box c="kedan.7" mt={1}>
          {icon}
        </Box>
        <div>
          <Text fw={600}>{t(title)}</Text>
          <Text size="sm" c="dimmed">
            {t(hint)}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  )

  return (
    <Screen testId="desktop-mode-choice">
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <div>
            <Title order={2}>{t('desktop.title')}</Title>
            <Text c="dimmed" mt={4}>
              {t('desktop.intro')}
            </Text>
          </div>

          {info.startupError && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('desktop.startupError')}>
              {info.startupError}
            </Alert>
          )}

          <Radio.Group value={mode} onChange={(v) => setMode(v as Mode)} label={t('desktop.modeLabel')} name="kedan-mode">
            <Stack gap="sm" mt="xs">
              {option('standalone', <IconDeviceDesktop size={22} />, 'desktop.standalone', 'desktop.standaloneHint')}
              {option('lan-host', <IconServer2 size={22} />, 'desktop.lanHost', 'desktop.lanHostHint')}
              {option('lan-client', <IconAffiliate size={22} />, 'desktop.lanClient', 'desktop.lanClientHint')}
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
                      {t('desktop.versionMismatch', { host: test.check.version, local: info.appVersion })}
                    </Text>
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
                placeholder="http://192.168.1.10:4310/updates/"
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
            <Button type="submit" loading={saving} data-testid="mode-submit">
              {t('desktop.start')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Screen>
  )
}

function HostReady({ info, onEnter }: { info: ModeInfo; onEnter: () => void }) {
  const t = useDesktopT()
  return (
    <Screen testId="desktop-host-ready">
      <Stack gap="lg">
        <Group gap="sm">
          <IconCircleCheck size={26} color="var(--mantine-color-green-7)" />
          <Title order={2}>{t('desktop.hostReadyTitle')}</Title>
        </Group>
        {info.lanUrls.length > 0 ? (
          <Stack gap="xs">
            <Text>{t('desktop.hostReadyIntro')}</Text>
            {info.lanUrls.map((url) => (
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
        ) : (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
            {t('desktop.hostReadyNoAddress', { port: info.port })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button onClick={onEnter} autoFocus data-testid="host-enter">
            {t('desktop.enter')}
          </Button>
        </Group>
      </Stack>
    </Screen>
  )
}

function Unreachable({ message, onRetry, onChange }: { message: string; onRetry: () => void; onChange: () => void }) {
  const t = useDesktopT()
  return (
    <Screen testId="desktop-unreachable">
      <Stack gap="lg">
        <Group gap="sm">
          <IconPlugConnectedX size={26} color="var(--mantine-color-red-7)" />
          <Title order={2}>{t('desktop.unreachableTitle')}</Title>
        </Group>
        <Alert color="red">{message}</Alert>
        <Text c="dimmed">{t('desktop.unreachableHint')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onChange} data-testid="unreachable-change">
            {t('desktop.changeSettings')}
          </Button>
          <Button onClick={onRetry} autoFocus data-testid="unreachable-retry">
            {t('desktop.retry')}
          </Button>
        </Group>
      </Stack>
    </Screen>
  )
}
