import { Alert, Anchor, Button, Group, Text } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { IconGitCompare } from '@tabler/icons-react'
import { useCallback, useRef, useState, type ReactNode } from 'react'
import { translate, useT } from '../app/i18n/i18n'
import { isApiError } from '../app/transport'
import { formatDateTime } from './dates'
import { notifySuccess } from './notify'

/** What a stale-version CONFLICT tells us (details {updatedBy, updatedAt, currentVersion}). */
export interface ConflictInfo {
  updatedBy: string
  updatedAt: string | null
  currentVersion: number | null
  message: string
}

/** The stale-version conflict inside an error, or null (a duplicate CONFLICT is something else). */
export function staleConflictOf(err: unknown): ConflictInfo | null {
  if (!isApiError(err, 'CONFLICT')) return null
  const d = (err.details ?? {}) as { updatedBy?: unknown; updatedAt?: unknown; currentVersion?: unknown; duplicates?: unknown }
  if (d.duplicates !== undefined) return null
  if (d.currentVersion === undefined && d.updatedAt === undefined) return null
  return {
    updatedBy: typeof d.updatedBy === 'string' && d.updatedBy ? d.updatedBy : translate('conflict.someone'),
    updatedAt: typeof d.updatedAt === 'string' ? d.updatedAt : null,
    currentVersion: typeof d.currentVersion === 'number' ? d.currentVersion : null,
    message: err.message,
  }
}

/** 该记录已被他人修改: who and when, and the two ways on (reload keeping my input / overwrite). */
export function ConflictAlert({
  conflict,
  onReload,
  onOverwrite,
  busy,
}: {
  conflict: ConflictInfo
  onReload: () => void
  onOverwrite?: () => void
  busy?: boolean
}) {
  const t = useT()
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconGitCompare size={18} />}
      title={t('conflict.title')}
      data-testid="conflict-alert"
      role="alert"
      mb="sm"
    >
      <Text size="sm">{t('conflict.message', { who: conflict.updatedBy, when: formatDateTime(conflict.updatedAt) || '—' })}</Text>
      <Text size="sm" c="dimmed" mt={4}>
        {t('conflict.choose')}
      </Text>
      <Group gap="xs" mt="sm">
        <Button size="xs" onClick={onReload} loading={busy} data-testid="conflict-reload">
          {t('conflict.reload')}
        </Button>
        {onOverwrite && (
          <Button size="xs" variant="default" color="orange" onClick={onOverwrite} disabled={busy} data-testid="conflict-overwrite">
            {t('conflict.overwrite')}
          </Button>
        )}
      </Group>
    </Alert>
  )
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * Optimistic-concurrency editing of one versioned record with a Mantine form.
 * Tracks the values the form started from (the baseline) and the version, so a save sends only what the
 * user changed; on a stale-version CONFLICT it keeps everything typed and offers:
 * - reload: the latest record fills the fields the user did not touch; fields the user changed keep the
 *   user's input, and where the other person changed the same field, `theirs(field)` shows their value;
 * - overwrite: the user's changes are sent again against the latest version.
 */
export function useVersionedEdit<V extends Record<string, unknown>>(form: UseFormReturnType<V>, load: () => Promise<{ values: V; version: number }>) {
  const baseline = useRef<V | null>(null)
  const [version, setVersion] = useState<number | null>(null)
  const [conflict, setConflict] = useState<ConflictInfo | null>(null)
  const [theirsMap, setTheirs] = useState<Partial<Record<keyof V, unknown>>>({})
  const [busy, setBusy] = useState(false)

  /** Start (or restart after a save) from a record as loaded. */
  const init = useCallback(
    (values: V, v: number) => {
      baseline.current = values
      setVersion(v)
      setConflict(null)
      setTheirs({})
      form.setValues(values)
      form.resetDirty(values)
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  )

  /** The fields whose current value differs from the baseline. */
  const changes = useCallback((values: V = form.getValues()): Partial<V> => {
    const base = baseline.current
    const out: Partial<V> = {}
    for (const k of Object.keys(values) as (keyof V)[]) {
      if (!base || !same(values[k], base[k])) out[k] = values[k]
    }
    return out
  }, [form])

  /** Returns true when the error was a stale-version conflict (now shown). */
  const catchConflict = useCallback((err: unknown): boolean => {
    const c = staleConflictOf(err)
    if (c) setConflict(c)
    return !!c
  }, [])

  const reload = useCallback(async () => {
    setBusy(true)
    try {
      const mine = changes()
      const before = baseline.current
      const latest = await load()
      const theirs: Partial<Record<keyof V, unknown>> = {}
      for (const k of Object.keys(mine) as (keyof V)[]) {
        if (before && !same(latest.values[k], before[k]) && !same(latest.values[k], mine[k])) theirs[k] = latest.values[k]
      }
      baseline.current = latest.values
      setVersion(latest.version)
      form.setValues({ ...latest.values, ...mine })
      form.resetDirty(latest.values)
      setTheirs(theirs)
      setConflict(null)
      notifySuccess(translate('conflict.reloaded'))
    } finally {
      setBusy(false)
    }
  }, [changes, form, load])

  /** Re-sends the user's changes against the latest version; `save` gets (changes, latestVersion). */
  const overwrite = useCallback(
    async (save: (changes: Partial<V>, version: number) => Promise<void>) => {
      setBusy(true)
      try {
        const mine = changes()
        const latest = await load()
        setConflict(null)
        await save(mine, latest.version)
      } finally {
        setBusy(false)
      }
    },
    [changes, load],
  )

  /** The other person's value of a field the user also changed, as a field description with a one-click take-over. */
  const theirs = useCallback(
    (field: keyof V & string, format: (v: unknown) => ReactNode = (v) => (v === null || v === '' || v === undefined ? translate('audit.empty.value') : String(v))): ReactNode => {
      if (!(field in theirsMap)) return undefined
      const value = theirsMap[field]
      return (
        <Text span size="xs" c="orange.8" data-testid={`theirs-${field}`}>
          {translate('conflict.theirs', { value: '' })}
          <b>{format(value)}</b>{' '}
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => {
              form.setFieldValue(field as never, value as never)
              setTheirs((m) => {
                const n = { ...m }
                delete n[field]
                return n
              })
            }}
          >
            {translate('conflict.useTheirs')}
          </Anchor>
        </Text>
      )
    },
    [form, theirsMap],
  )

  return { version, conflict, busy, init, changes, catchConflict, reload, overwrite, theirs, dismiss: () => setConflict(null) }
}
