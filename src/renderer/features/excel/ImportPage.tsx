import { Alert, Badge, Button, Card, FileInput, Group, Progress, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core'
import { IconDownload, IconFileImport, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { invoke } from '../../app/transport'
import type { MethodIn, MethodOut } from '../../app/methods'
import { useT } from '../../app/i18n/i18n'
import { PageHeader } from '../../shared/PageHeader'
import { confirmAction } from '../../shared/confirm'
import { notifyError, notifySuccess } from '../../shared/notify'
import { fileToBase64, saveBase64, XLSX_MIME } from './download'

type Kind = MethodIn<'import.template'>['kind']
type DryRun = MethodOut<'import.dryRun'>
type Mapping = DryRun['mapping']

const KINDS: Kind[] = ['customers', 'contacts', 'products', 'openingStock', 'openingReceivables', 'orders']
type Options = NonNullable<MethodIn<'import.commit'>['options']>
/** a fresh name for each run, to ask its progress and cancel it */
const newJobId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`)
const savedMapping = (kind: Kind): Mapping | undefined => {
  try {
    const s = localStorage.getItem(`kedan.import.mapping.${kind}`)
    return s ? (JSON.parse(s) as Mapping) : undefined
  } catch {
    return undefined
  }
}

/** 设置 › 数据导入: kind, template, file, column mapping (suggested, remembered per kind), dry run, error workbook, commit. */
export function ImportPage() {
  const t = useT()
  const [kind, setKind] = useState<Kind>('customers')
  const [file, setFile] = useState<File | null>(null)
  const [base64, setBase64] = useState<string | null>(null)
  const [mapping, setMapping] = useState<Mapping | null>(null)
  const [dry, setDry] = useState<DryRun | null>(null)
  const [onDuplicate, setOnDuplicate] = useState<'skip' | 'update'>('skip')
  const [onError, setOnError] = useState<'skipInvalid' | 'abort'>('skipInvalid')
  const [done, setDone] = useState<MethodOut<'import.commit'> | null>(null)
  const [orderStatus, setOrderStatus] = useState<NonNullable<Options['orderStatus']>>('completed')
  const [numbering, setNumbering] = useState<NonNullable<Options['numbering']>>('file')
  const options: Options | undefined = kind === 'orders' ? { orderStatus, numbering } : undefined
  // the run in progress (dry run or commit): polled for its counts, cancellable
  const jobRef = useRef<string | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)
  const startJob = () => {
    const id = newJobId()
    jobRef.current = id
    setJobId(id)
    return id
  }

  const template = useMutation({
    mutationFn: () => invoke('import.template', { kind }),
    onSuccess: (r) => saveBase64(r.fileName, r.mimeType, r.base64),
    onError: notifyError,
  })
  const dryRun = useMutation({
    mutationFn: async (m: Mapping | undefined) => {
      if (!file || !base64) throw new Error('no file')
      return invoke('import.dryRun', { kind, fileName: file.name, base64, ...(m ? { mapping: m } : {}), ...(options ? { options } : {}), jobId: startJob() })
    },
    onSettled: () => setJobId(null),
    onSuccess: (r) => {
      setDry(r)
      setMapping(r.mapping)
    },
    onError: notifyError,
  })
  const commit = useMutation({
    mutationFn: () => invoke('import.commit', { kind, fileName: file!.name, base64: base64!, mapping: mapping!, onDuplicate, onError, ...(options ? { options } : {}), jobId: startJob() }),
    onSettled: () => setJobId(null),
    onSuccess: (r) => {
      setDone(r)
      localStorage.setItem(`kedan.import.mapping.${kind}`, JSON.stringify(mapping))
      notifySuccess(t('import.done', r))
    },
    onError: notifyError,
  })

  const running = useQuery({
    queryKey: ['import.progress', jobId],
    queryFn: () => invoke('import.progress', { jobId: jobId! }),
    enabled: !!jobId,
    refetchInterval: 400,
    refetchOnWindowFocus: false,
  })
  const cancel = useMutation({
    mutationFn: () => invoke('import.cancel', { jobId: jobRef.current! }),
    onError: notifyError,
  })
  const busy = dryRun.isPending || commit.isPending
  const prog = jobId ? running.data : undefined
  const pct = prog && prog.total ? Math.min(100, (100 * prog.done) / prog.total) : 0

  const reset = () => {
    setDry(null)
    setMapping(null)
    setDone(null)
  }
  const pick = async (f: File | null) => {
    reset()
    setFile(f)
    setBase64(f ? await fileToBase64(f) : null)
  }
  // a remembered mapping applies to the headers this file has; the rest keep the core's suggestion
  const firstRun = () => {
    setDone(null)
    dryRun.mutate(undefined, {
      onSuccess: (r) => {
        const saved = savedMapping(kind)
        if (!saved) return
        const merged = { ...r.mapping }
        let changed = false
        for (const h of r.headers) if (h in saved && saved[h] !== merged[h]) (merged[h] = saved[h]!), (changed = true)
        if (changed) dryRun.mutate(merged)
      },
    })
  }
  const fieldOptions = [{ value: '', label: t('import.ignore') }, ...(dry?.fields ?? []).map((f) => ({ value: f.key, label: f.required ? `${f.label} *` : f.label }))]
  const errorRows = dry ? new Set(dry.errors.filter((e) => e.level === 'error').map((e) => e.row)).size : 0

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <Card withBorder>
        <Stack gap="sm">
          <Group align="flex-end">
            <Select
              label={t('import.kind')}
              w={300}
              value={kind}
              allowDeselect={false}
              data={KINDS.map((k) => ({ value: k, label: t(`import.kind.${k}`) }))}
              onChange={(v) => {
                setKind(v as Kind)
                reset()
              }}
              data-testid="import-kind"
            />
            <Button variant="default" leftSection={<IconDownload size={16} />} loading={template.isPending} onClick={() => template.mutate()} data-testid="import-template">
              {t('import.template')}
            </Button>
          </Group>
          <Group align="flex-end">
            <FileInput
              label={t('import.file')}
              placeholder={t('import.filePlaceholder')}
              accept=".xlsx,.csv,.xls"
              w={420}
              clearable
              leftSection={<IconFileSpreadsheet size={16} />}
              value={file}
              onChange={(f) => void pick(f)}
              data-testid="import-file"
            />
            <Button leftSection={<IconFileImport size={16} />} disabled={!base64} loading={dryRun.isPending} onClick={firstRun} data-testid="import-dry-run">
              {t('import.dryRun')}
            </Button>
          </Group>
        </Stack>
      </Card>

      {busy && (
        <Card withBorder data-testid="import-progress">
          <Group justify="space-between" mb={6}>
            <Text size="sm" data-testid="import-progress-text">
              {prog && prog.known && prog.total ? t(`import.phase.${prog.phase}`, { done: prog.done, total: prog.total }) : t('import.phase.reading', { done: 0, total: 0 })}
            </Text>
            <Button size="xs" variant="default" color="red" loading={cancel.isPending} onClick={() => cancel.mutate()} data-testid="import-cancel">
              {t('import.cancel')}
            </Button>
          </Group>
          <Progress value={pct || 100} striped animated={!pct} aria-label={t('import.running')} />
        </Card>
      )}

      {kind === 'orders' && (
        <Card withBorder data-testid="import-order-options">
          <Group align="flex-end">
            <Stack gap={2}>
              <Text size="sm">{t('import.orderStatus')}</Text>
              <SegmentedControl size="xs" value={orderStatus} onChange={(v) => setOrderStatus(v as typeof orderStatus)} data={[{ value: 'completed', label: t('import.orderStatus.completed') }, { value: 'shipped', label: t('import.orderStatus.shipped') }]} data-testid="import-order-status" />
            </Stack>
            <Stack gap={2}>
              <Text size="sm">{t('import.numbering')}</Text>
              <SegmentedControl size="xs" value={numbering} onChange={(v) => setNumbering(v as typeof numbering)} data={[{ value: 'file', label: t('import.numbering.file') }, { value: 'assign', label: t('import.numbering.assign') }]} data-testid="import-numbering" />
            </Stack>
          </Group>
          <Text size="xs" c="dimmed" mt={6}>
            {t('import.orderHint')}
          </Text>
        </Card>
      )}

      {dry && mapping && (
        <Card withBorder data-testid="import-mapping">
          <Text fw={600}>{t('import.mapping')}</Text>
          <Text size="sm" c="dimmed" mb="xs">
            {t('import.mappingHint')}
          </Text>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.column')}</Table.Th>
                <Table.Th>{t('import.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dry.headers.filter(Boolean).map((h) => (
                <Table.Tr key={h}>
                  <Table.Td>{h}</Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={220}
                      aria-label={h}
                      allowDeselect={false}
                      data={fieldOptions}
                      value={mapping[h] ?? ''}
                      onChange={(v) => setMapping({ ...mapping, [h]: v ? v : null })}
                      data-testid={`import-map-${h}`}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group mt="sm">
            <Button variant="default" loading={dryRun.isPending} onClick={() => dryRun.mutate(mapping)} data-testid="import-recheck">
              {t('import.dryRun')}
            </Button>
          </Group>
        </Card>
      )}

      {dry && (
        <Card withBorder data-testid="import-result">
          <Group justify="space-between">
            <Text fw={600} data-testid="import-summary">
              {t('import.summary', { total: dry.totalRows, valid: dry.validRows, dup: dry.duplicateRows, errors: errorRows })}
            </Text>
            {dry.errorWorkbookBase64 && (
              <Button variant="light" color="red" size="xs" leftSection={<IconDownload size={14} />} onClick={() => saveBase64(`错误行_${file?.name.replace(/\.[^.]+$/, '')}.xlsx`, XLSX_MIME, dry.errorWorkbookBase64!)} data-testid="import-error-workbook">
                {t('import.errorWorkbook')}
              </Button>
            )}
          </Group>
          <Progress.Root size="lg" mt="xs">
            <Progress.Section value={dry.totalRows ? (100 * dry.validRows) / dry.totalRows : 0} color="teal" />
            <Progress.Section value={dry.totalRows ? (100 * errorRows) / dry.totalRows : 0} color="red" />
          </Progress.Root>
          {dry.errors.length === 0 ? (
            <Alert color="teal" mt="sm">
              {t('import.noProblems')}
            </Alert>
          ) : (
            <Table mt="sm" withTableBorder striped data-testid="import-problems" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('import.row')}</Table.Th>
                  <Table.Th w={160}>{t('import.column')}</Table.Th>
                  <Table.Th>{t('import.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {dry.errors.slice(0, 500).map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.column}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" mr={6} color={e.level === 'error' ? 'red' : 'yellow'}>
                        {t(`import.level.${e.level}`)}
                      </Badge>
                      {e.message}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group mt="md" align="flex-end">
            <Stack gap={2}>
              <Text size="sm">{t('import.onDuplicate')}</Text>
              <SegmentedControl size="xs" value={onDuplicate} onChange={(v) => setOnDuplicate(v as 'skip' | 'update')} data={[{ value: 'skip', label: t('import.onDuplicate.skip') }, { value: 'update', label: t('import.onDuplicate.update') }]} />
            </Stack>
            <Stack gap={2}>
              <Text size="sm">{t('import.onError')}</Text>
              <SegmentedControl size="xs" value={onError} onChange={(v) => setOnError(v as 'skipInvalid' | 'abort')} data={[{ value: 'skipInvalid', label: t('import.onError.skipInvalid') }, { value: 'abort', label: t('import.onError.abort') }]} />
            </Stack>
            <Button
              leftSection={<IconUpload size={16} />}
              disabled={!dry.validRows}
              loading={commit.isPending}
              onClick={async () => {
                if (await confirmAction({ message: t('import.confirm', { valid: dry.validRows }) })) commit.mutate()
              }}
              data-testid="import-commit"
            >
              {t('import.commit')}
            </Button>
          </Group>
          {done && (
            <Alert color="teal" mt="sm" data-testid="import-done">
              {t('import.done', done)}
            </Alert>
          )}
        </Card>
      )}
    </Stack>
  )
}
