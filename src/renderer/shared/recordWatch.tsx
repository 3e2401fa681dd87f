import { Alert, Button, Group, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useT } from '../app/i18n/i18n'
import { useSession } from '../app/session'
import { invoke } from '../app/transport'
import { formatDateTime } from './dates'
import { notifyError } from './notify'

/** How often an open record asks the host whether someone else changed it (one indexed look-up per poll). */
export const RECORD_POLL_MS = 5_000

/** Log entries that leave the record as it was (a print): no reason to reload. */
const UNCHANGING_ACTIONS = new Set(['print'])

export interface RecordChange {
  who: string
  at: string
}

/**
 * Watches one open record (`auditLog.changesSince`): the first answer is the baseline, later entries written by
 * another user become `change`, so the page can say so before the user types into a stale copy. The user's own
 * saves move the baseline on silently. `acknowledge()` after a reload.
 */
export function useRecordChanges(entity: string, entityId: number | null | undefined, enabled = true) {
  const me = useSession().user?.id ?? null
  const seen = useRef<number | null>(null)
  const [change, setChange] = useState<RecordChange | null>(null)
  const active = enabled && entityId != null && entityId > 0
  const q = useQuery({
    queryKey: ['auditLog.changesSince', entity, entityId],
    queryFn: () => invoke('auditLog.changesSince', { entity, entityId: entityId!, ...(seen.current != null ? { afterId: seen.current } : {}) }),
    enabled: active,
    refetchInterval: RECORD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
    gcTime: 0,
  })
  useEffect(() => {
    const d = q.data
    if (!d) return
    const others = d.changes.filter((c) => c.userId !== me && !UNCHANGING_ACTIONS.has(c.action))
    if (seen.current != null && others.length) setChange({ who: others[0]!.userName ?? '', at: others[0]!.at })
    seen.current = Math.max(seen.current ?? 0, d.latestId)
  }, [q.data, me])
  useEffect(() => {
    seen.current = null
    setChange(null)
  }, [entity, entityId])
  const acknowledge = useCallback(() => setChange(null), [])
  return { change, acknowledge }
}

/** 此记录已被某某修改 — with a reload, shown while the user may still be reading or typing. */
export function StaleRecordAlert({ change, onReload, busy }: { change: RecordChange; onReload: () => void; busy?: boolean }) {
  const t = useT()
  const who = change.who || t('conflict.someone')
  return (
    <Alert color="yellow" variant="light" icon={<IconRefresh size={18} />} title={t('conflict.staleTitle', { who })} data-testid="stale-record-alert" role="alert" mb="sm">
      <Text size="sm">{t('conflict.staleMessage', { who, when: formatDateTime(change.at) || '—' })}</Text>
      <Group gap="xs" mt="sm">
        <Button size="xs" onClick={onReload} loading={busy} data-testid="stale-record-reload">
          {t('conflict.reload')}
        </Button>
      </Group>
    </Alert>
  )
}

/**
 * A record's page (订单, 报价单, 发货单, 收款单): watches the record and, once someone else changed it, shows
 * StaleRecordAlert; 重新加载 runs `onReload` (refetch the record) and dismisses it.
 */
export function RecordWatch({ entity, id, onReload, enabled = true }: { entity: string; id: number | null | undefined; onReload: () => Promise<unknown>; enabled?: boolean }) {
  const { change, acknowledge } = useRecordChanges(entity, id, enabled)
  const [busy, setBusy] = useState(false)
  if (!change) return null
  const reload = () => {
    setBusy(true)
    onReload()
      .then(acknowledge)
      .catch(notifyError)
      .finally(() => setBusy(false))
  }
  return <StaleRecordAlert change={change} busy={busy} onReload={reload} />
}
