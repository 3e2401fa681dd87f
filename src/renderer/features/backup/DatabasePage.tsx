import { Alert, Badge, Button, Group, Paper, Progress, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconDatabase, IconPlugConnected, IconTransfer } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { MethodOut } from '../../app/methods'
import { useI18n } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { confirmAction } from '../../shared/confirm'
import { formatDateTime } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { formatFen } from '../../shared/money'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery, useInvalidate } from '../../shared/query'

type Job = MethodOut<'database.moveStatus'>
type Probe = MethodOut<'database.testPostgres'>

const PG_URL = /^postgres(ql)?:\/\/\S+$/

/**
 * 设置 › 数据库 (admin, on the host): move this SQLite host to PostgreSQL — the URL, 测试连接, 开始迁移 with the
 * progress polled from the host (database.moveStatus), the per-table check of row counts and money totals at the
 * end; the host opens PostgreSQL on its next start (继续使用 SQLite undoes that).
 */
export function DatabasePage() {
  const { t } = useI18n()
  const invalidate = useInvalidate()
  const info = useApiQuery('database.info', {})
  const [url, setUrl] = useState('')
  const [urlError, setUrlError] = useState<string | null>(null)
  const [probe, setProbe] = useState<{ url: string; result: Probe } | null>(null)
  const [testing, setTesting] = useState(false)
  const [starting, setStarting] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const id = jobId ?? info.data?.job?.id ?? null
  const status = useApiQuery('database.moveStatus', { id: id ?? '' }, {
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 700 : false),
    staleTime: 0,
  })
  const job: Job | null = status.data ?? info.data?.job ?? null
  const running = job?.state === 'running'
  const finished = status.data?.state === 'done'
  // a finished move: the host now says what it opens on its next start
  useEffect(() => {
    if (finished) void invalidate(['database.info'])
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished])

  const check = () => {
    const ok = PG_URL.test(url.trim())
    setUrlError(ok ? null : t('database.urlInvalid'))
    return ok
  }

  const test = async () => {
    if (!check()) return
    setTesting(true)
    try {
      setProbe({ url: url.trim(), result: await invoke('database.testPostgres', { url: url.trim() }) })
    } catch (e) {
      notifyError(e)
    } finally {
      setTesting(false)
    }
  }

  const start = async () => {
    if (!check()) return
    const target = url.trim().replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@')
    if (!(await confirmAction({ title: t('database.confirm.title'), message: t('database.confirm.message', { url: target }), confirmLabel: t('database.confirm.ok') }))) return
    setStarting(true)
    try {
      const j = await invoke('database.moveToPostgres', { url: url.trim() })
      setJobId(j.id)
    } catch (e) {
      notifyError(e)
    } finally {
      setStarting(false)
    }
  }

  const keepSqlite = async () => {
    if (!(await confirmAction({ title: t('database.keepSqlite.title'), message: t('database.keepSqlite.message'), confirmLabel: t('database.keepSqlite') }))) return
    try {
      await invoke('database.cancelSwitch', {})
      notifySuccess(t('database.keepSqlite.done'))
      await invalidate(['database.'])
    } catch (e) {
      notifyError(e)
    }
  }

  if (info.isLoading) return <Skeleton h={200} />
  if (info.error || !info.data) return <ErrorBlock error={info.error} onRetry={() => void info.refetch()} />
  const d = info.data
  const tested = probe && probe.url === url.trim() ? probe.result : null
  const pending = d.pendingSwitch ?? null

  return (
    <Stack gap="md">
      <PageHeader title={t('database.title')} subtitle={t('database.subtitle')} />
      <Paper withBorder p="md">
        <Group gap="sm" mb="sm">
          <IconDatabase size={20} />
          <Text fw={500} data-testid="database-engine" data-engine={d.engine}>
            {d.engine === 'postgres' ? t('database.engine.postgres') : t('database.engine.sqlite')}
          </Text>
        </Group>
        {d.engine === 'postgres' ? (
          <Text c="dimmed">{t('database.onPostgres')}</Text>
        ) : (
          <Stack gap="sm">
            <TextInput
              label={t('database.url')}
              description={t('database.urlHint')}
              placeholder="postgres://kedan:******@192.168.1.20:5432/kedan"
              value={url}
              onChange={(e) => {
                setUrl(e.currentTarget.value)
                setUrlError(null)
              }}
              error={urlError}
              disabled={running}
              autoComplete="off"
              spellCheck={false}
              data-testid="database-url"
            />
            <Group>
              <Button variant="default" leftSection={<IconPlugConnected size={16} />} loading={testing} disabled={running || !url.trim()} onClick={() => void test()} data-testid="database-test">
                {t('database.test')}
              </Button>
              <Button leftSection={<IconTransfer size={16} />} loading={starting} disabled={running || !tested?.ok || !tested.empty} onClick={() => void start()} data-testid="database-start">
                {t('database.start')}
              </Button>
            </Group>
            {tested && <ProbeAlert probe={tested} />}
          </Stack>
        )}
      </Paper>
      {job && <JobPanel job={job} />}
      {pending && (
        <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="database-pending">
          <Text size="sm">{t('database.pending', { url: pending.url, when: formatDateTime(pending.movedAt), rows: pending.rows })}</Text>
          <Button mt="sm" size="xs" variant="default" onClick={() => void keepSqlite()} data-testid="database-keep-sqlite">
            {t('database.keepSqlite')}
          </Button>
        </Alert>
      )}
    </Stack>
  )
}

function ProbeAlert({ probe }: { probe: Probe }) {
  const { t } = useI18n()
  if (!probe.ok)
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="database-probe" data-ok="false">
        <Text size="sm">{t(`database.test.${probe.problem}`)}</Text>
        <Text size="xs" c="dimmed" mt={4}>
          {probe.detail}
        </Text>
      </Alert>
    )
  return probe.empty ? (
    <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="database-probe" data-ok="true">
      {t('database.test.ok', { version: probe.serverVersion, database: probe.database })}
    </Alert>
  ) : (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="database-probe" data-ok="false">
      {t('database.test.notEmpty', { version: probe.serverVersion, database: probe.database, tables: probe.tablesWithRows.slice(0, 5).join(', ') })}
    </Alert>
  )
}

function JobPanel({ job }: { job: Job }) {
  const { t } = useI18n()
  const pct = job.rowsTotal ? Math.round((job.rowsCopied / job.rowsTotal) * 100) : job.state === 'done' ? 100 : 0
  const phase =
    job.phase === 'copy' ? t('database.phase.copy', { table: job.table ?? '', done: job.tablesDone, tables: job.tables }) : job.phase === 'done' ? '' : t(`database.phase.${job.phase}`)
  return (
    <Paper withBorder p="md" data-testid="database-job" data-state={job.state}>
      {job.state === 'running' && (
        <Stack gap={6}>
          <Text size="sm">{phase}</Text>
          <Progress value={pct} animated striped data-testid="database-progress" />
          <Text size="xs" c="dimmed">
            {t('database.progress', { copied: job.rowsCopied, total: job.rowsTotal })}
          </Text>
        </Stack>
      )}
      {job.state === 'failed' && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="database-failed">
          {t('database.failed', { error: job.error ?? '' })}
        </Alert>
      )}
      {job.state === 'done' && job.result && (
        <Stack gap="sm">
          <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="database-done">
            {t('database.done', { rows: job.result.rows, tables: job.result.tables.length })}
          </Alert>
          <Title order={5}>{t('database.check.title')}</Title>
          <Table striped withTableBorder data-testid="database-check">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('database.check.table')}</Table.Th>
                <Table.Th ta="right">{t('database.check.rows')}</Table.Th>
                <Table.Th>{t('database.check.money')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.result.tables
                .filter((x) => x.rows > 0)
                .map((x) => (
                  <Table.Tr key={x.table} data-testid="database-check-row" data-table={x.table} data-rows={x.rows}>
                    <Table.Td>{x.table}</Table.Td>
                    <Table.Td ta="right">{x.rows}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {Object.entries(x.totals)
                          .filter(([, v]) => v !== '0')
                          .map(([k, v]) => (
                            <Badge key={k} variant="light" color="gray" tt="none">
                              {k} {formatFen(Number(v))}
                            </Badge>
                          ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Paper>
  )
}
