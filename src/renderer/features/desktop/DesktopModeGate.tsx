import { Alert, Box, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core'
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { LanguageSwitch } from '../../app/LanguageSwitch'
import type { ModeInfo } from './desktop.api'
import { callDesktop as call, desktopApi, LanAddressList, ModeChoiceForm, useDesktopT } from './ModeChoice'

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
    const r = await call('desktop.getMode')
    // a main process without desktop methods: nothing to choose, let the app speak for itself
    if (!r.ok) return setPhase({ kind: 'ready' })
    const info = r.data
    if (!info.configured) return setPhase({ kind: 'choose', info })
    if (info.mode === 'lan-client' && info.hostUrl) {
      const check = await call('desktop.testHost', { hostUrl: info.hostUrl })
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

/** First run (or new settings after an unreachable host): the choice on its own screen. */
function ModeChoice({ info, onDone }: { info: ModeInfo; onDone: (info: ModeInfo) => void }) {
  return (
    <Screen testId="desktop-mode-choice">
      <ModeChoiceForm info={info} onDone={(next) => onDone(next)} />
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
        <LanAddressList urls={info.lanUrls} port={info.port} pairingCode={info.certificate?.pairingCode} />
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
