import { Badge, Group, Pagination, Paper, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core'
import { IconAlarm, IconBrandWechat, IconCalendarEvent, IconCash, IconMail, IconPhone, IconRefresh, IconUsers, IconWalk } from '@tabler/icons-react'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { formatDateTime, todayStr } from '../../shared/dates'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { useApiQuery } from '../../shared/query'
import type { FollowUpType } from './customer.api'
import { FollowUpForm } from './FollowUpForm'
import { followUpTypeLabel } from './labels'

const TYPE_ICON: Record<FollowUpType, typeof IconPhone> = {
  call: IconPhone,
  visit: IconWalk,
  wechat: IconBrandWechat,
  email: IconMail,
  meeting: IconUsers,
  revisit: IconRefresh,
  dunning: IconCash,
  poolWarning: IconAlarm,
}

/** 跟进记录: quick entry on top, the history below (newest first, paged). */
export function FollowUpsTab({ customerId, autoFocus }: { customerId: number; autoFocus?: boolean }) {
  const t = useT()
  const [page, setPage] = useState(1)
  const pageSize = 20
  const list = useApiQuery('followUp.list', { customerId, page, pageSize }, { keepPrevious: true })
  const today = todayStr()

  return (
    <Group align="flex-start" gap="md" wrap="nowrap">
      <Paper withBorder radius="sm" p="sm" w={400} style={{ flexShrink: 0 }}>
        <Title order={4} mb="xs">
          {t('followUp.quickTitle')}
        </Title>
        <FollowUpForm customerId={customerId} autoFocus={autoFocus} onSaved={() => setPage(1)} />
      </Paper>
      <div style={{ flex: 1, minWidth: 0 }}>
        {list.isLoading ? (
          <Stack gap="xs">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={48} />
            ))}
          </Stack>
        ) : list.error ? (
          <ErrorBlock error={list.error} onRetry={() => list.refetch()} />
        ) : !list.data?.items.length ? (
          <EmptyBlock title={t('followUp.emptyTitle')} description={t('followUp.emptyDescription')} />
        ) : (
          <>
            <Timeline bulletSize={22} lineWidth={2} data-testid="follow-up-list">
              {list.data.items.map((f) => {
                const Icon = TYPE_ICON[f.type]
                const overdue = f.nextFollowUpOn && !f.nextDone && f.nextFollowUpOn < today
                return (
                  <Timeline.Item key={f.id} bullet={<Icon size={12} />} data-testid="follow-up-item">
                    <Group gap="xs" justify="space-between" wrap="nowrap">
                      <Group gap={6}>
                        <Badge size="xs" variant="light">
                          {followUpTypeLabel(t, f.type)}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {t('followUp.by', { user: f.userName, time: formatDateTime(f.at) })}
                        </Text>
                      </Group>
                      {f.nextFollowUpOn && (
                        <Badge
                          size="sm"
                          variant={f.nextDone ? 'default' : 'light'}
                          color={f.nextDone ? 'gray' : overdue ? 'red' : 'orange'}
                          leftSection={<IconCalendarEvent size={12} />}
                          data-testid="follow-up-next"
                        >
                          {t('followUp.nextOn', { date: f.nextFollowUpOn })}
                          {f.nextDone ? ` · ${t('followUp.done')}` : ''}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                      {f.content}
                    </Text>
                  </Timeline.Item>
                )
              })}
            </Timeline>
            {list.data.total > pageSize && (
              <Group justify="flex-end" mt="sm">
                <Pagination size="sm" total={Math.ceil(list.data.total / pageSize)} value={page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </div>
    </Group>
  )
}
