import { Affix, Alert, Anchor, Box, Button, Center, CloseButton, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core'
import { IconCircleCheck, IconCloudDownload, IconDatabaseOff, IconPlugConnectedX } from '@tabler/icons-react'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { LanguageSwitch } from '../../app/LanguageSwitch'
import { confirmAction } from '../../shared/confirm'
import { formatDateTime } from '../../shared/dates'
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
  | { kind: 'damaged'; info: ModeInfo; error: string | null }
  | { kind: 'ready'; info?: ModeInfo }

function DesktopGate({ children }: { children: ReactNode }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })

  const load = useCallback(async () => {
    setPhase({ kind: 'loading' })
    const r = await call('desktop.getMode')
    // a main process without desktop methods: nothing to choose, let the app speak for itself
    if (!r.ok) return setPhase({ kind: 'ready' })
    const info = r.data
    // the database failed its check on open: restore the latest good backup before anything else
    if (info.damaged) return setPhase({ kind: 'damaged', info, error: null })
    if (!info.configured) return setPhase({ kind: 'choose', info })
    if (info.mode === 'lan-client' && info.hostUrl) {
      const check = await call('desktop.testHost', { hostUrl: info.hostUrl })
      if (!check.ok) return setPhase({ kind: 'unreachable', info, message: check.error.message })
    }
    setPhase({ kind: 'ready', info })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  switch (phase.kind) {
    case 'ready':
      return (
        <>
          {children}
          {phase.info?.update ? <HostUpdateNotice update={phase.info.update} local={phase.info.appVersion} /> : phase.info?.notice ? <StartNotice text={phase.info.notice} /> : null}
        </>
      )
    case 'damaged':
      return (
        <Damaged
          info={phase.info}
          error={phase.error}
          onRestore={async () => {
            const r = await call('desktop.restoreLatestBackup', {})
            if (!r.ok) return setPhase({ ...phase, error: r.error.message })
            void load()
          }}
        />
      )
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

type DamagedInfo = NonNullable<ModeInfo['damaged']>

/** 数据库已损坏: what SQLite said, the latest good backup (time, version, counts) and its restore, confirmed by its date. */
function Damaged({ info, error, onRestore }: { info: ModeInfo; error: string | null; onRestore: () => Promise<void> }) {
  const t = useDesktopT()
  const [busy, setBusy] = useState(false)
  const d = info.damaged as DamagedInfo
  const good = d.latestGood
  const when = good ? formatDateTime(good.createdAt) : ''
  const restore = async () => {
    if (!(await confirmAction({ title: t('desktop.damagedConfirmTitle'), message: t('desktop.damagedConfirm', { when }), confirmLabel: t('desktop.damagedRestore', { when }), danger: true }))) return
    setBusy(true)
    try {
      await onRestore()
    } finally {
      setBusy(false)
    }
  }
  return (
    <Screen testId="desktop-damaged">
      <Stack gap="lg">
        <Group gap="sm">
          <IconDatabaseOff size={26} color="var(--mantine-color-red-7)" />
          <Title order={2}>{t('desktop.damagedTitle')}</Title>
        </Group>
        <Alert color="red" data-testid="damaged-message">
          {d.message}
        </Alert>
        {good ? (
          <Paper withBorder p="sm" data-testid="damaged-backup">
            <Text fw={500}>{t('desktop.damagedGood', { when, version: good.appVersion })}</Text>
            <Text size="sm" c="dimmed">
              {t('desktop.damagedCounts', { customers: good.counts.customers ?? 0, orders: good.counts.orders ?? 0, receipts: good.counts.receipts ?? 0 })}
            </Text>
            <Text size="sm" mt="xs">
              {t('desktop.damagedLost')}
            </Text>
          </Paper>
        ) : (
          <Text data-testid="damaged-no-backup">{t('desktop.damagedNoBackup')}</Text>
        )}
        {error && <Alert color="red">{error}</Alert>}
        {good && (
          <Group justify="flex-end">
            <Button color="red" loading={busy} onClick={() => void restore()} data-testid="damaged-restore">
              {t('desktop.damagedRestore', { when })}
            </Button>
          </Group>
        )}
      </Stack>
    </Screen>
  )
}

type HostUpdateInfo = NonNullable<ModeInfo['update']>

/** A LAN client older than its host: update from the host (the updater downloads from its feed; or the installer now). */
function HostUpdateNotice({ update, local }: { update: HostUpdateInfo; local: string }) {
  const t = useDesktopT()
  const [open, setOpen] = useState(true)
  if (!open) return null
  return (
    <Affix position={{ bottom: 16, left: 16 }} zIndex={900}>
      <Alert
        color="blue"
        icon={<IconCloudDownload size={20} />}
        title={t('desktop.updateTitle', { version: update.hostVersion })}
        maw={460}
        withCloseButton={false}
        data-testid="host-update-notice"
        style={{ boxShadow: 'var(--mantine-shadow-md)' }}
      >
        <Group align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={6}>
            <Text size="sm">{t('desktop.updateBody', { local })}</Text>
            {update.installerUrl ? (
              <Button component="a" href={update.installerUrl} target="_blank" rel="noreferrer" size="xs" leftSection={<IconCloudDownload size={14} />} data-testid="host-update-download" w="fit-content">
                {t('desktop.updateDownload')}
              </Button>
            ) : (
              <Anchor href={update.feedUrl} target="_blank" rel="noreferrer" size="sm" data-testid="host-update-feed">
                {t('desktop.updateFeed')}
              </Anchor>
            )}
          </Stack>
          <CloseButton size="sm" onClick={() => setOpen(false)} aria-label="close" />
        </Group>
      </Alert>
    </Affix>
  )
}

/** Something the start wants said (e.g. the move to PostgreSQL was not applied: data changed after the copy). */
function StartNotice({ text }: { text: string }) {
  const [open, setOpen] = useState(true)
  if (!open) return null
  return (
    <Affix position={{ bottom: 16, left: 16 }} zIndex={900}>
      <Alert color="orange" maw={460} withCloseButton onClose={() => setOpen(false)} data-testid="desktop-start-notice" style={{ boxShadow: 'var(--mantine-shadow-md)' }}>
        <Text size="sm">{text}</Text>
      </Alert>
    </Affix>
  )
}
