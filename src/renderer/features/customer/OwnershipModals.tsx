import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiMutation } from '../../shared/query'
import { useUserOptions } from '../users/useUsers'
import { CUSTOMER_QUERIES } from './customer.api'

const POOL = '__pool__'

/** The versions of the customers on screen (id → version), sent with 分配 so a customer changed meanwhile answers 该记录已被他人修改. */
export const versionsOf = (rows: readonly { id: number; version: number }[] | undefined): Record<number, number> => Object.fromEntries((rows ?? []).map((r) => [r.id, r.version]))

/**
 * 分配: hand customers to another owner (managers: themselves or their team; admins: anyone), or to the pool.
 * `versions` are the versions the user saw (customers selected on another page of the list go without one).
 */
export function AssignModal({ ids, versions, onClose, onDone }: { ids: number[] | null; versions?: Record<number, number>; onClose: () => void; onDone?: () => void }) {
  const t = useT()
  const me = useCurrentUser()
  const { options } = useUserOptions((u) => me.role === 'admin' || u.id === me.id || u.managerId === me.id)
  const [owner, setOwner] = useState<string | null>(null)
  const assign = useApiMutation('customer.assign', { invalidate: CUSTOMER_QUERIES })
  const submit = async (e?: React.FormEvent) => {
    e?.preventDefault()
    if (!ids || !owner) return
    try {
      const seen = Object.fromEntries(ids.filter((id) => versions?.[id] !== undefined).map((id) => [String(id), versions![id]!]))
      const r = await assign.mutateAsync({ ids, ownerId: owner === POOL ? null : Number(owner), versions: seen })
      notifySuccess(t('assign.done', { count: r.count }))
      setOwner(null)
      onDone?.()
      onClose()
    } catch (err) {
      notifyError(err)
    }
  }
  return (
    <Modal opened={!!ids} onClose={onClose} title={t('assign.title')} size="sm">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">{t('assign.text', { count: ids?.length ?? 0 })}</Text>
          <Select
            label={t('assign.owner')}
            data={[...options, { value: POOL, label: t('customer.form.ownerPool') }]}
            value={owner}
            onChange={setOwner}
            searchable
            data-autofocus
            data-testid="assign-owner"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" disabled={!owner} loading={assign.isPending}>
              {t('action.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** 释放到公海 with an optional reason; Enter confirms. Sends the version the user saw. */
export function ReleaseModal({ target, onClose, onDone }: { target: { id: number; name: string; version: number } | null; onClose: () => void; onDone?: () => void }) {
  const t = useT()
  const [reason, setReason] = useState('')
  const release = useApiMutation('customer.release', { invalidate: CUSTOMER_QUERIES })
  const submit = async (e?: React.FormEvent) => {
    e?.preventDefault()
    if (!target) return
    try {
      await release.mutateAsync({ id: target.id, version: target.version, reason: reason.trim() || null })
      notifySuccess(t('release.done'))
      setReason('')
      onDone?.()
      onClose()
    } catch (err) {
      notifyError(err)
    }
  }
  return (
    <Modal opened={!!target} onClose={onClose} title={t('release.title')} size="sm">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">{t('release.text', { name: target?.name ?? '' })}</Text>
          <TextInput label={t('release.reason')} placeholder={t('release.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus maxLength={200} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" color="orange" loading={release.isPending} data-testid="release-confirm">
              {t('release.title')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
