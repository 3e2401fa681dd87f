import { useRef, useState } from 'react'
import { Button, Group, Modal, Progress, Stack, Text } from '@mantine/core'
import { IconFileExport } from '@tabler/icons-react'
import { invoke, tokenStore } from '../../app/transport'
import type { MethodIn } from '../../app/methods'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { hasCapability } from '../../../core/auth/permissions'
import { notifyError, notifySuccess } from '../../shared/notify'

type ExportIn = MethodIn<'export.start'>
type Phase = { step: 'preparing' } | { step: 'writing'; rows: number; total: number } | { step: 'downloading' }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Saves bytes under a name: the browser downloads; in Electron the download asks where to save (save dialog). */
function saveBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * The finished file of an export job. In a browser: `GET /api/export/<jobId>` with the session token (streamed by
 * the host, Chinese name in Content-Disposition). In Electron (IPC, no HTTP): export.chunk piece by piece.
 */
async function fetchJobFile(jobId: string, downloadPath: string, fileName: string): Promise<Blob> {
  if (!window.api) {
    const res = await fetch(downloadPath, { headers: { authorization: `Bearer ${tokenStore.get() ?? ''}` } })
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
      throw new Error(body?.error?.message ?? `HTTP ${res.status}`)
    }
    return res.blob()
  }
  const parts: BlobPart[] = []
  let mimeType = 'application/octet-stream'
  for (let offset: number | null = 0; offset !== null; ) {
    const c: { base64: string; next: number | null; mimeType: string } = await invoke('export.chunk', { jobId, offset })
    parts.push(Uint8Array.from(atob(c.base64), (ch) => ch.charCodeAt(0)))
    mimeType = c.mimeType
    offset = c.next
  }
  void fileName
  return new Blob(parts, { type: mimeType })
}

/**
 * 导出 Excel, the one export button of every list and report toolbar: the list with the filters and sort on screen
 * (the core applies the caller's scope). Runs as an export job with a progress bar (a million rows stream to a
 * file on the host), then saves the file.
 */
export function ExportButton({
  list,
  filters,
  sort,
  label,
  testId,
}: {
  list: ExportIn['list']
  filters?: Record<string, unknown>
  sort?: string | null
  label?: string
  testId?: string
}) {
  const t = useT()
  const { user } = useSession()
  const [phase, setPhase] = useState<Phase | null>(null)
  const [background, setBackground] = useState(false)
  const running = useRef(false)
  if (!user || !hasCapability(user.role, 'exports')) return null
  if (list === 'fullData' && user.role !== 'admin') return null

  const run = async () => {
    if (running.current) return
    running.current = true
    setBackground(false)
    setPhase({ step: 'preparing' })
    try {
      const clean = Object.fromEntries(Object.entries(filters ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length)))
      const { jobId } = await invoke('export.start', { list, ...(Object.keys(clean).length ? { filters: clean } : {}), ...(sort ? { sort } : {}) })
      let st = await invoke('export.status', { jobId })
      while (!st.done) {
        setPhase({ step: 'writing', rows: st.rows, total: st.total })
        await sleep(st.rows > 50_000 ? 1000 : 300)
        st = await invoke('export.status', { jobId })
      }
      if (st.error) throw new Error(t('export.failed', { message: st.error }))
      setPhase({ step: 'downloading' })
      const blob = await fetchJobFile(jobId, st.downloadPath, st.fileName)
      saveBlob(st.fileName, blob)
      notifySuccess(t('export.done', { file: st.fileName, rows: st.rows }))
    } catch (e) {
      notifyError(e)
    } finally {
      running.current = false
      setPhase(null)
    }
  }

  const pct = phase?.step === 'writing' && phase.total > 0 ? Math.min(100, (phase.rows / phase.total) * 100) : phase?.step === 'downloading' ? 100 : 0
  const id = testId ?? `export-${list}`
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconFileExport size={14} />} loading={!!phase && background} onClick={() => void run()} data-testid={id}>
        {label ?? t('export.button')}
      </Button>
      <Modal opened={!!phase && !background} onClose={() => setBackground(true)} title={t('export.title')} centered size="sm">
        <Stack gap="sm" data-testid={`${id}-progress`}>
          <Progress value={pct} animated={phase?.step !== 'writing' || pct < 100} aria-label={t('export.title')} />
          <Text size="sm">
            {phase?.step === 'writing' ? t('export.progress', { rows: phase.rows.toLocaleString(), total: phase.total.toLocaleString() }) : phase?.step === 'downloading' ? t('export.downloading') : t('export.preparing')}
          </Text>
          <Group justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setBackground(true)}>
              {t('export.background')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
