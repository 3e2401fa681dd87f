import { Alert, Badge, Box, Button, Grid, Group, Modal, Paper, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconDeviceDesktopCog, IconRefresh } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useT } from '../../app/i18n/i18n'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { isDesktop, type ModeInfo } from './desktop.api'
import { LanAddressList, MODE_ICONS, MODE_TEXTS, ModeChoiceForm } from './ModeChoice'

/**
 * 设置 › 运行模式 (Electron, admin): how this PC runs Kedan, the LAN addresses the other PCs use when it is the host,
 * and 更改运行模式 with the same choice as the first-run screen. A new mode restarts the backend in main, which
 * forgets every session: the app then reloads to the login.
 */
export function DesktopModePage() {
  const t = useT()
  if (!isDesktop())
    return (
      <>
        <PageHeader title={t('desktop.page.title')} />
        <Paper withBorder radius="sm">
          <EmptyBlock testId="desktop-mode-browser" icon={<IconDeviceDesktopCog size={22} stroke={1.5} />} title={t('desktop.page.browserTitle')} description={t('desktop.page.browserText')} />
        </Paper>
      </>
    )
  return <DesktopModeView />
}

function DesktopModeView() {
  const t = useT()
  const q = useApiQuery('desktop.getMode', {}, { staleTime: 0 })
  const [changing, setChanging] = useState(false)
  const [changed, setChanged] = useState<ModeInfo | null>(null)

  const header = (
    <PageHeader
      title={t('desktop.page.title')}
      subtitle={t('desktop.page.subtitle')}
      actions={
        q.data && (
          <Button leftSection={<IconDeviceDesktopCog size={16} />} onClick={() => setChanging(true)} data-testid="desktop-change-mode">
            {t('desktop.page.change')}
          </Button>
        )
      }
    />
  )
  if (q.isLoading)
    return (
      <>
        {header}
        <Skeleton height={220} />
      </>
    )
  if (q.error || !q.data)
    return (
      <>
        {header}
        <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
      </>
    )
  const info = q.data

  return (
    <Box maw={900}>
      {header}
      <Stack gap="sm">
        {info.startupError && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('desktop.startupError')}>
            {info.startupError}
          </Alert>
        )}
        <Paper withBorder radius="sm" p="md" data-testid="desktop-mode-current">
          <Text size="sm" c="dimmed" mb={6}>
            {t('desktop.page.current')}
          </Text>
          {info.mode ? (
            <Group wrap="nowrap" align="flex-start" gap="md">
              <Box c="kedan.7" mt={2}>
                {MODE_ICONS[info.mode](28)}
              </Box>
              <div>
                <Title order={3} data-testid="desktop-mode-name" data-mode={info.mode}>
                  {t(MODE_TEXTS[info.mode].title)}
                </Title>
                <Text size="sm" c="dimmed">
                  {t(MODE_TEXTS[info.mode].hint)}
                </Text>
              </div>
            </Group>
          ) : (
            <Badge color="gray" variant="light">
              {t('desktop.page.notConfigured')}
            </Badge>
          )}
          <Grid gap={0} mt="sm" mb={0} component="dl" className="kedan-descriptions">
            {info.mode === 'lan-host' && <Row label={t('desktop.page.port')}>{info.port ?? '—'}</Row>}
            {info.mode === 'lan-client' && (
              <Row label={t('desktop.page.hostUrl')}>
                <Text span ff="monospace" size="sm" data-testid="desktop-host-url">
                  {info.hostUrl}
                </Text>
              </Row>
            )}
            <Row label={t('desktop.page.updateUrl')}>{info.updateUrl ?? <Text span size="sm" c="dimmed">{t('desktop.page.updateDefault')}</Text>}</Row>
            <Row label={t('desktop.page.version')}>{info.appVersion}</Row>
          </Grid>
        </Paper>
        {info.mode === 'lan-host' && (
          <Paper withBorder radius="sm" p="md" data-testid="desktop-lan-urls">
            <Title order={4} mb="xs">
              {t('desktop.page.clients')}
            </Title>
            <LanAddressList urls={info.lanUrls} port={info.port} pairingCode={info.certificate?.pairingCode} />
            <Text size="xs" c="dimmed" mt="sm">
              {t('desktop.portHint')}
            </Text>
          </Paper>
        )}
      </Stack>

      <Modal opened={changing} onClose={() => setChanging(false)} title={t('desktop.page.change')} size={620} data-testid="desktop-change-modal">
        {changing && (
          <ModeChoiceForm
            info={info}
            current={info.configured ? info.saved : null}
            intro={
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
                {t('desktop.page.changeWarning')}
              </Alert>
            }
            submitLabel={t('desktop.page.changeSubmit')}
            onCancel={() => setChanging(false)}
            onDone={(next, didChange) => {
              setChanging(false)
              if (!didChange) return notifySuccess(t('desktop.page.unchanged'))
              setChanged(next)
            }}
          />
        )}
      </Modal>

      {/* the new backend knows no session: sign in again (the reload starts from the mode check and the login) */}
      <Modal opened={!!changed} onClose={() => undefined} withCloseButton={false} closeOnClickOutside={false} closeOnEscape={false} size={560} data-testid="desktop-mode-changed">
        {changed && (
          <Stack gap="md">
            <Group gap="sm">
              <IconCircleCheck size={24} color="var(--mantine-color-green-7)" />
              <Title order={3}>{t('desktop.page.doneTitle')}</Title>
            </Group>
            <Text>{t('desktop.page.doneText', { mode: changed.mode ? t(MODE_TEXTS[changed.mode].title) : '' })}</Text>
            {changed.mode === 'lan-host' && <LanAddressList urls={changed.lanUrls} port={changed.port} pairingCode={changed.certificate?.pairingCode} />}
            <Group justify="flex-end">
              <Button leftSection={<IconRefresh size={16} />} onClick={() => window.location.reload()} data-autofocus data-testid="desktop-relogin">
                {t('desktop.page.relogin')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Box>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Grid.Col span={{ base: 12, sm: 6 }} py={6} pr="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Text component="dt" w={100} style={{ flexShrink: 0 }}>
          {label}
        </Text>
        <Text component="dd" size="sm" style={{ minWidth: 0 }}>
          {children}
        </Text>
      </Group>
    </Grid.Col>
  )
}
