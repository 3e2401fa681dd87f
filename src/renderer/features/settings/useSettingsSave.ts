import { useRef, useState } from 'react'
import { translate } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { staleConflictOf, type ConflictInfo } from '../../shared/conflict'
import { notifySuccess } from '../../shared/notify'
import { useApiMutation } from '../../shared/query'
import type { Settings, SettingsUpdate } from './settings.api'

/**
 * settings.update with the version settings.get answered. A stale version (another administrator saved in
 * between) shows the conflict like every other record, with two ways on:
 * - reload: the latest settings come in under the user's own changes (`apply(latest, mine)`);
 * - overwrite: the user's own changes (only those) are sent again against the latest version.
 */
export function useSettingsSave(apply: (latest: Settings, mine?: SettingsUpdate) => void) {
  const save = useApiMutation('settings.update', { invalidate: ['settings.'] })
  const [conflict, setConflict] = useState<ConflictInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const mine = useRef<SettingsUpdate>({})

  /** Saves `changes` on `version`; the answer becomes the new starting point. */
  const send = async (changes: SettingsUpdate, version: number) => {
    mine.current = changes
    const r = await save.mutateAsync({ ...changes, version })
    setConflict(null)
    apply(r)
    return r
  }
  /** True when the error was a stale version (now shown). */
  const catchConflict = (err: unknown) => {
    const c = staleConflictOf(err)
    if (c) setConflict(c)
    return !!c
  }
  const reload = async () => {
    setBusy(true)
    try {
      apply(await invoke('settings.get', {}), mine.current)
      setConflict(null)
      notifySuccess(translate('conflict.reloaded'))
    } finally {
      setBusy(false)
    }
  }
  const overwrite = async () => {
    setBusy(true)
    try {
      const latest = await invoke('settings.get', {})
      return await send(mine.current, latest.version)
    } finally {
      setBusy(false)
    }
  }
  return { send, conflict, busy, catchConflict, reload, overwrite, isPending: save.isPending }
}
