import { Alert, Badge, Button, Group, Modal, NumberInput, Paper, Skeleton, Stack, Switch, Table, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconDatabaseExport, IconDeviceFloppy, IconRestore } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { ItemOf, MethodIn } from '../../app/methods'
import { useI18n } from '../../app/i18n/i18n'
import type { MessageKey } from '../../app/i18n/messages'
import { useSession } from '../../app/session'
import { formatDateTime } from '../../shared/dates'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { ExportButton } from '../excel/ExportButton'

type Backup = ItemOf<'backup.list'>
type BackupSettings = MethodIn<'backup.updateSettings'>

const size = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.ceil(n / 1024))} KB`)

/** 设置 › 备份与恢复 (admin): the backups with their counts, back up now, restore with a preview, the automatic backup settings. */
export function BackupPage() {
  const { t } = useI18n()
  const q = useApiQuery('backup.list', {})
  const create = useApiMutation('backup.create', { invalidate: ['backup.'] })
  const [restoring, setRestoring] = useState<Backup | null>(null)

  const backupNow = async () => {
    try {
      const b = await create.mutateAsync({})
      notifySuccess(t('backup.created', { file: b.fileName }))
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <Stack gap="md">
      <PageHeader
        title={t('backup.title')}
        subtitle={t('backup.subtitle')}
        actions={
          <>
            <Tooltip label={t('export.fullHint')} multiline w={280}>
              <span>
                <ExportButton list="fullData" label={t('export.full')} />
              </span>
            </Tooltip>
            <Button leftSection={<IconDatabaseExport size={16} />} loading={create.isPending} onClick={backupNow} data-testid="backup-create">
              {t('backup.createNow')}
            </Button>
          </>
        }
      />
      <Paper withBorder p="md">
        {q.isLoading ? (
          <Skeleton h={120} />
        ) : q.error ? (
          <ErrorBlock error={q.error} onRetry={() => void q.refetch()} />
        ) : !q.data?.items.length ? (
          <EmptyBlock title={t('backup.empty')} description={t('backup.emptyHint')} testId="backup-empty" />
        ) : (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t('backup.folder', { dir: q.data.backupDir })}
            </Text>
            <Table striped highlightOnHover data-testid="backup-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('backup.col.time')}</Table.Th>
                  <Table.Th>{t('backup.col.kind')}</Table.Th>
                  <Table.Th>{t('backup.col.size')}</Table.Th>
                  <Table.Th>{t('backup.col.version')}</Table.Th>
                  <Table.Th>{t('backup.col.counts')}</Table.Th>
                  <Table.Th>{t('backup.col.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.map((b) => (
                  <Table.Tr key={`${b.folder}-${b.id}`} data-testid="backup-row">
                    <Table.Td>{formatDateTime(b.createdAt)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge variant="light">{t(`backup.label.${b.label}` as MessageKey)}</Badge>
                        {b.folder === 'second' && <Badge variant="outline">{t('backup.secondFolder')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{size(b.sizeBytes)}</Table.Td>
                    <Table.Td>{b.appVersion}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t('backup.countsLine', { customers: b.counts.customers, orders: b.counts.orders, products: b.counts.products, receipts: b.counts.receipts })}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" color="orange" leftSection={<IconRestore size={14} />} onClick={() => setRestoring(b)} data-testid="backup-restore">
                        {t('backup.restore')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Paper>
      <SettingsPanel />
      {restoring && <RestoreModal backup={restoring} onClose={() => setRestoring(null)} />}
    </Stack>
  )
}

/** The preview (date, versions, counts in the backup vs now) and a confirmation naming the date. */
function RestoreModal({ backup, onClose }: { backup: Backup; onClose: () => void }) {
  const { t } = useI18n()
  const { signOut } = useSession()
  const preview = useApiQuery('backup.preview', { id: backup.id })
  const restore = useApiMutation('backup.restore')
  const date = formatDateTime(backup.createdAt)
  const go = async () => {
    try {
      await restore.mutateAsync({ id: backup.id })
      notifySuccess(t('backup.restored', { date }))
      onClose()
      // every session ended with the restore: back to the sign-in page
      await signOut()
    } catch (e) {
      notifyError(e)
    }
  }
  const p = preview.data
  return (
    <Modal opened onClose={onClose} title={t('backup.preview.title')} size="lg" data-testid="backup-preview">
      {preview.isLoading ? (
        <Skeleton h={200} />
      ) : preview.error ? (
        <ErrorBlock error={preview.error} onRetry={() => void preview.refetch()} />
      ) : p ? (
        <Stack gap="sm">
          <Group justify="space-between">
            <div>
              <Text size="sm" c="dimmed">
                {t('backup.preview.when')}
              </Text>
              <Text fw={600} data-testid="backup-preview-date">
                {date}
              </Text>
            </div>
            <Text size="sm" c="dimmed">
              {t('backup.preview.version', { app: p.item.appVersion, schema: p.item.schemaVersion ?? '—' })}
            </Text>
          </Group>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('backup.preview.table')}</Table.Th>
                <Table.Th ta="right">{t('backup.preview.backup')}</Table.Th>
                <Table.Th ta="right">{t('backup.preview.current')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(Object.keys(p.item.counts) as (keyof typeof p.item.counts)[]).map((k) => (
                <Table.Tr key={k}>
                  <Table.Td>{t(`backup.count.${k}` as MessageKey)}</Table.Td>
                  <Table.Td ta="right">{p.item.counts[k]}</Table.Td>
                  <Table.Td ta="right">{p.current[k]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {p.refusal ? (
            <Alert color="red" icon={<IconAlertTriangle size={16} />} data-testid="backup-refusal">
              {p.refusal}
            </Alert>
          ) : (
            <Alert color="orange" icon={<IconAlertTriangle size={16} />}>
              {t('backup.preview.warning', { date })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('backup.preview.cancel')}
            </Button>
            <Button color="red" disabled={!!p.refusal} loading={restore.isPending} onClick={go} data-testid="backup-restore-confirm">
              {t('backup.preview.confirm', { date })}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}

function SettingsPanel() {
  const { t } = useI18n()
  const q = useApiQuery('backup.getSettings', {})
  const save = useApiMutation('backup.updateSettings', { invalidate: ['backup.'] })
  const [v, setV] = useState<BackupSettings | null>(null)
  useEffect(() => {
    if (q.data && !v) setV(q.data)
  }, [q.data, v])
  if (!v) return <Skeleton h={160} />
  const submit = async () => {
    try {
      setV(await save.mutateAsync({ ...v, dailyTime: v.dailyTime || null, secondFolder: v.secondFolder?.trim() || null }))
      notifySuccess(t('backup.settings.saved'))
    } catch (e) {
      notifyError(e)
    }
  }
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('backup.settings')}</Title>
        <Group align="flex-end" gap="lg">
          <TextInput
            type="time"
            label={t('backup.settings.dailyTime')}
            description={v.dailyTime ? undefined : t('backup.settings.dailyOff')}
            value={v.dailyTime ?? ''}
            onChange={(e) => setV({ ...v, dailyTime: e.currentTarget.value || null })}
            data-testid="backup-daily-time"
            w={160}
          />
          <NumberInput label={t('backup.settings.keepDays')} min={0} max={3650} value={v.keepDays} onChange={(n) => setV({ ...v, keepDays: Number(n) || 0 })} w={160} />
          <NumberInput label={t('backup.settings.keepCopies')} min={1} max={1000} value={v.keepCopies} onChange={(n) => setV({ ...v, keepCopies: Number(n) || 1 })} w={160} />
          <Switch label={t('backup.settings.onClose')} checked={v.onClose} onChange={(e) => setV({ ...v, onClose: e.currentTarget.checked })} />
        </Group>
        <TextInput
          label={t('backup.settings.secondFolder')}
          description={t('backup.settings.secondFolderHint')}
          value={v.secondFolder ?? ''}
          onChange={(e) => setV({ ...v, secondFolder: e.currentTarget.value })}
          data-testid="backup-second-folder"
        />
        <Group justify="flex-end">
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={submit} data-testid="backup-settings-save">
            {t('backup.settings.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
