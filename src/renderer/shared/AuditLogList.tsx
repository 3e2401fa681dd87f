import { Badge, Box, Group, Pagination, Paper, Skeleton, Stack, Table, Text } from '@mantine/core'
import { IconArrowRight } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useT } from '../app/i18n/i18n'
import type { AuditChange, AuditEntry } from './audit.api'
import { formatDateTime } from './dates'
import { EmptyBlock, ErrorBlock } from './EmptyBlock'
import { useApiQuery } from './query'

export interface AuditVocabulary {
  /** label of an action ('update' → 修改) */
  action: (action: string) => string
  /** label of a field, in the context of the action ('contact.update' + 'name' → 联系人姓名) */
  field: (field: string, action: string) => string
  /** a value as people read it (stage codes, user ids, fen) */
  value?: (field: string, value: unknown, action: string) => ReactNode
  /** colour of the action badge */
  color?: (action: string) => string
}

const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)

const isChangeList = (c: unknown): c is AuditChange[] =>
  Array.isArray(c) && c.every((x) => x && typeof x === 'object' && 'field' in (x as object))

/** The operation log of one record: who, when, what, before → after per field, in people's words. */
export function AuditLogList({ entity, entityId, vocabulary }: { entity: string; entityId: number; vocabulary: AuditVocabulary }) {
  const t = useT()
  const [page, setPage] = useState(1)
  const pageSize = 20
  const q = useApiQuery('auditLog.list', { entity, entityId, page, pageSize }, { keepPrevious: true })

  if (q.isLoading) {
    return (
      <Stack gap="xs">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={56} radius="sm" />
        ))}
      </Stack>
    )
  }
  if (q.error) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  const items = q.data?.items ?? []
  if (!items.length) return <EmptyBlock title={t('audit.empty')} description={t('audit.emptyDescription')} />

  const show = (field: string, v: unknown, action: string): ReactNode => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0))
      return (
        <Text span c="dimmed" size="sm">
          {t('audit.empty.value')}
        </Text>
      )
    if (vocabulary.value) return vocabulary.value(field, v, action)
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
    return Array.isArray(v) ? v.join('、') : typeof v === 'object' ? JSON.stringify(v) : String(v)
  }

  return (
    <Stack gap="xs" data-testid="audit-log">
      {items.map((e: AuditEntry) => {
        const changes = isChangeList(e.changes) ? e.changes : []
        // a creation lists the values set; an edit shows before → after
        const creating = e.action === 'create' || e.action.endsWith('.create')
        const shown = creating ? changes.filter((c) => !isBlank(c.after)) : changes
        return (
          <Paper key={e.id} withBorder radius="sm" p="xs" data-testid="audit-entry">
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                <Badge variant="light" color={vocabulary.color?.(e.action) ?? 'blue'} radius="sm">
                  {vocabulary.action(e.action)}
                </Badge>
                {e.summary && (
                  <Text size="sm" truncate>
                    {e.summary}
                  </Text>
                )}
              </Group>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t('audit.by', { user: e.userName ?? t('audit.system'), time: formatDateTime(e.at) })}
              </Text>
            </Group>
            {shown.length > 0 && (
              <Table mt={6} fz="sm" verticalSpacing={3} horizontalSpacing="xs" withRowBorders={false} layout="fixed">
                <Table.Tbody>
                  {shown.map((c) => (
                    <Table.Tr key={c.field}>
                      <Table.Td w={150} c="dimmed">
                        {vocabulary.field(c.field, e.action)}
                      </Table.Td>
                      <Table.Td>
                        {creating ? (
                          show(c.field, c.after, e.action)
                        ) : (
                          <Group gap={6} wrap="nowrap" align="center">
                            <Box td={isBlank(c.before) ? undefined : 'line-through'} c="dimmed" style={{ wordBreak: 'break-all' }}>
                              {show(c.field, c.before, e.action)}
                            </Box>
                            <IconArrowRight size={13} style={{ flexShrink: 0 }} color="var(--mantine-color-dimmed)" />
                            <Box style={{ wordBreak: 'break-all' }}>{show(c.field, c.after, e.action)}</Box>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        )
      })}
      {(q.data?.total ?? 0) > pageSize && (
        <Group justify="flex-end">
          <Pagination size="sm" total={Math.ceil((q.data?.total ?? 0) / pageSize)} value={page} onChange={setPage} />
        </Group>
      )}
    </Stack>
  )
}
