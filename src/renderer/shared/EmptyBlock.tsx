import { Button, EmptyState } from '@mantine/core'
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useT } from '../app/i18n/i18n'
import { errorText } from './notify'

/** An empty list or page: says what is missing and what to do next. */
export function EmptyBlock({ title, description, icon, action, testId }: { title: ReactNode; description?: ReactNode; icon?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <EmptyState
      py="xl"
      size="sm"
      title={title}
      description={description}
      icon={icon ?? <IconInbox size={22} stroke={1.5} />}
      withIndicatorBackground
      data-testid={testId ?? 'empty-state'}
    >
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  )
}

/** A failed load, with the server's message and a retry. */
export function ErrorBlock({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT()
  const { title, message } = errorText(error)
  return (
    <EmptyBlock
      testId="error-state"
      icon={<IconAlertTriangle size={22} stroke={1.5} color="var(--mantine-color-red-6)" />}
      title={title}
      description={message}
      action={
        onRetry && (
          <Button size="xs" variant="default" onClick={onRetry}>
            {t('action.retry')}
          </Button>
        )
      }
    />
  )
}
