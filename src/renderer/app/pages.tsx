import { Button, Center, Loader, Paper, Stack, Text } from '@mantine/core'
import { IconBarrierBlock, IconHourglassEmpty, IconLock, IconPlugConnectedX } from '@tabler/icons-react'
import { Link } from 'react-router-dom'
import { EmptyBlock } from '../shared/EmptyBlock'
import { PageHeader } from '../shared/PageHeader'
import { useT } from './i18n/i18n'
import type { MessageKey } from './i18n/messages'

/** An area that is not built yet: a tidy page, never a blank. */
export function ComingSoonPage({ area }: { area: MessageKey }) {
  const t = useT()
  return (
    <>
      <PageHeader title={t(area)} />
      <Paper withBorder radius="sm" py="xl" data-testid="coming-soon">
        <EmptyBlock
          icon={<IconHourglassEmpty size={22} stroke={1.5} />}
          title={t('comingSoon.title', { area: t(area) })}
          description={t('comingSoon.description')}
          action={
            <Button component={Link} to="/customers" size="xs" variant="light">
              {t('comingSoon.back')}
            </Button>
          }
        />
      </Paper>
    </>
  )
}

export function NotFoundPage() {
  const t = useT()
  return (
    <Paper withBorder radius="sm" py="xl">
      <EmptyBlock
        icon={<IconBarrierBlock size={22} stroke={1.5} />}
        title={t('notFound.title')}
        description={t('notFound.description')}
        action={
          <Button component={Link} to="/customers" size="xs" variant="light">
            {t('comingSoon.back')}
          </Button>
        }
      />
    </Paper>
  )
}

export function ForbiddenPage() {
  const t = useT()
  return (
    <Paper withBorder radius="sm" py="xl" data-testid="forbidden">
      <EmptyBlock icon={<IconLock size={22} stroke={1.5} />} title={t('forbidden.title')} description={t('forbidden.description')} />
    </Paper>
  )
}

export function FullScreenLoader() {
  const t = useT()
  return (
    <Center h="100vh">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {t('app.loading')}
        </Text>
      </Stack>
    </Center>
  )
}

export function OfflinePage({ onRetry }: { onRetry: () => void }) {
  const t = useT()
  return (
    <Center h="100vh">
      <EmptyBlock
        icon={<IconPlugConnectedX size={22} stroke={1.5} />}
        title={t('offline.title')}
        description={t('offline.description')}
        action={
          <Button size="xs" onClick={onRetry}>
            {t('action.retry')}
          </Button>
        }
      />
    </Center>
  )
}
