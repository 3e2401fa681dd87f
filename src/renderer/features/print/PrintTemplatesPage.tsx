import { ActionIcon, Alert, Button, Checkbox, Grid, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowDown, IconArrowUp, IconDeviceFloppy } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { staleConflictOf } from '../../shared/conflict'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { PRINT_TYPES, TEMPLATE_PAPERS, type PrintType, type Template } from './print.api'
import { pdfUrl } from './PrintButton'

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/**
 * 设置 › 打印模板: per document type the paper (custom mm), margins, 套打 offset, columns (show, order, title,
 * width), title, terms, remarks, signature boxes, letterhead parts and 联 labels; a live preview with sample
 * data beside the form (printTemplate.preview); saving sends the version read (stale → CONFLICT shown).
 */
export function PrintTemplatesPage() {
  const t = useT()
  const { hasRole } = useSession()
  const admin = hasRole('admin')
  const [type, setType] = useState<PrintType>('deliveryNote')
  const q = useApiQuery('printTemplate.get', { type })
  const [tpl, setTpl] = useState<Template | null>(null)
  const [version, setVersion] = useState(0)
  const [conflict, setConflict] = useState(false)
  useEffect(() => {
    if (q.data) {
      setTpl(q.data.template)
      setVersion(q.data.version)
      setConflict(false)
    }
  }, [q.data])
  const save = useApiMutation('printTemplate.update', { invalidate: ['printTemplate.'] })
  const preview = useApiMutation('printTemplate.preview')
  const [debounced] = useDebouncedValue(tpl, 500)
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!debounced) return
    let gone = false
    preview.mutate(
      { type, template: debounced },
      {
        onSuccess: (r) => {
          if (gone) return
          setUrl((old) => {
            if (old) URL.revokeObjectURL(old)
            return pdfUrl(r).url
          })
        },
      },
    )
    return () => {
      gone = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced, type])

  if (!tpl) return <PageHeader title={t('print.templates')} />
  const set = <K extends keyof Template>(k: K, v: Template[K]) => setTpl({ ...tpl, [k]: v })
  const setCol = (i: number, patch: Partial<Template['columns'][number]>) => set('columns', tpl.columns.map((c, j) => (j === i ? { ...c, ...patch } : c)))
  const move = (i: number, d: number) => {
    const cols = [...tpl.columns]
    const [c] = cols.splice(i, 1)
    cols.splice(i + d, 0, c!)
    set('columns', cols)
  }
  const onSave = () =>
    save.mutate(
      { type, version, template: tpl },
      {
        onSuccess: (r) => {
          setVersion(r.version)
          setTpl(r.template)
          notifySuccess(t('print.template.saved'))
        },
        onError: (e) => (staleConflictOf(e) ? setConflict(true) : notifyError(e)),
      },
    )

  return (
    <>
      <PageHeader
        title={t('print.templates')}
        subtitle={t('print.template.version', { version })}
        actions={
          admin && (
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={onSave} loading={save.isPending} data-testid="template-save">
              {t('print.template.save')}
            </Button>
          )
        }
      />
      <SegmentedControl mb="sm" value={type} onChange={(v) => setType(v as PrintType)} data={PRINT_TYPES.map((p) => ({ value: p, label: t(`print.type.${p}`) }))} data-testid="template-type" />
      {conflict && (
        <Alert color="orange" mb="sm" data-testid="template-conflict">
          {t('conflict.title')}
          <Button size="xs" variant="light" ml="sm" onClick={() => q.refetch()}>
            {t('conflict.reload')}
          </Button>
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="xs">
            <Group grow>
              <TextInput label={t('print.template.title')} value={tpl.title} onChange={(e) => set('title', e.currentTarget.value)} data-testid="template-title" />
              <Select label={t('print.paper')} value={tpl.paper} onChange={(v) => v && set('paper', v as Template['paper'])} data={TEMPLATE_PAPERS.map((p) => ({ value: p, label: t(`print.paper.${p}`) }))} allowDeselect={false} data-testid="template-paper" />
            </Group>
            {tpl.paper === 'custom' && (
              <Group grow>
                <NumberInput label={t('print.template.width')} value={tpl.widthMm} min={50} max={600} onChange={(v) => set('widthMm', Number(v) || 50)} />
                <NumberInput label={t('print.template.height')} value={tpl.heightMm} min={50} max={1200} onChange={(v) => set('heightMm', Number(v) || 50)} />
              </Group>
            )}
            <Group grow>
              <NumberInput label={t('print.template.offsetX')} value={tpl.offsetXMm} min={-50} max={50} decimalScale={1} onChange={(v) => set('offsetXMm', Number(v) || 0)} data-testid="template-offset-x" />
              <NumberInput label={t('print.template.offsetY')} value={tpl.offsetYMm} min={-50} max={50} decimalScale={1} onChange={(v) => set('offsetYMm', Number(v) || 0)} data-testid="template-offset-y" />
            </Group>
            <TextInput
              label={t('print.template.margins')}
              placeholder="10 8 10 8"
              defaultValue={tpl.marginsMm?.join(' ') ?? ''}
              key={`${type}-${version}`}
              onBlur={(e) => {
                const m = e.currentTarget.value.trim().split(/[\s,/]+/).map(Number)
                set('marginsMm', m.length === 4 && m.every((x) => x >= 0 && x <= 60) ? (m as [number, number, number, number]) : null)
              }}
            />
            <Textarea label={t('print.template.terms')} autosize minRows={2} value={tpl.terms} onChange={(e) => set('terms', e.currentTarget.value)} />
            <Textarea label={t('print.template.remarks')} autosize minRows={1} value={tpl.remarks} onChange={(e) => set('remarks', e.currentTarget.value)} />
            <Group grow align="flex-start">
              <Textarea label={t('print.template.signatures')} autosize minRows={2} value={tpl.signatures.join('\n')} onChange={(e) => set('signatures', lines(e.currentTarget.value).slice(0, 6))} />
              <Textarea label={t('print.template.copyLabels')} autosize minRows={2} value={tpl.copyLabels.join('\n')} onChange={(e) => set('copyLabels', lines(e.currentTarget.value).slice(0, 6))} data-testid="template-copy-labels" />
            </Group>
            <Text size="sm" fw={500}>
              {t('print.template.letterhead')}
            </Text>
            <Group>
              {(['logo', 'address', 'phone', 'bank', 'taxId'] as const).map((k) => (
                <Checkbox key={k} label={t(`print.template.letterhead.${k}`)} checked={tpl.letterhead[k]} onChange={(e) => set('letterhead', { ...tpl.letterhead, [k]: e.currentTarget.checked })} />
              ))}
            </Group>
            <Text size="sm" fw={500}>
              {t('print.template.columns')}
            </Text>
            <Table withTableBorder striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('print.template.column.show')}</Table.Th>
                  <Table.Th>{t('print.template.column.title')}</Table.Th>
                  <Table.Th>{t('print.template.column.width')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tpl.columns.map((c, i) => (
                  <Table.Tr key={c.key} data-testid={`template-col-${c.key}`}>
                    <Table.Td>
                      <Checkbox checked={c.show} onChange={(e) => setCol(i, { show: e.currentTarget.checked })} aria-label={c.title} data-testid={`template-col-${c.key}-show`} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput size="xs" value={c.title} onChange={(e) => setCol(i, { title: e.currentTarget.value })} data-testid={`template-col-${c.key}-title`} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput size="xs" w={90} min={0} max={200} value={c.width} onChange={(v) => setCol(i, { width: Number(v) || 0 })} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon variant="subtle" disabled={i === 0} onClick={() => move(i, -1)} aria-label="up">
                          <IconArrowUp size={14} />
                        </ActionIcon>
                        <ActionIcon variant="subtle" disabled={i === tpl.columns.length - 1} onClick={() => move(i, 1)} aria-label="down">
                          <IconArrowDown size={14} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="xs" style={{ position: 'sticky', top: 8 }}>
            <Text size="sm" fw={500} mb={4}>
              {t('print.template.preview')}
            </Text>
            {url && <iframe src={url} title="preview" style={{ width: '100%', height: '78vh', border: 0 }} data-testid="template-preview" />}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  )
}
