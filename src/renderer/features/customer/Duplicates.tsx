import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core'
import { useEffect, useState } from 'react'
import { IconBan, IconCopy, IconExternalLink, IconGitMerge } from '@tabler/icons-react'
import { useT } from '../../app/i18n/i18n'
import type { DuplicateMatch } from './customer.api'
import { ReasonBadges } from './labels'

function MatchRow({ m, onOpen, onMerge }: { m: DuplicateMatch; onOpen: (id: number) => void; onMerge?: (id: number) => void }) {
  const t = useT()
  return (
    <Paper withBorder radius="sm" px="sm" py={6} data-testid="dup-match">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={600} truncate>
              {m.visible ? m.name : m.message}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {m.code}
            </Text>
          </Group>
          <Group gap={6} mt={2}>
            <ReasonBadges reasons={m.reasons} />
            <Text size="xs" c="dimmed">
              {m.ownerName ? t('dup.owner', { name: m.ownerName }) : t('dup.pool')}
            </Text>
          </Group>
        </div>
        {m.visible ? (
          <Group gap={6} wrap="nowrap">
            {onMerge && (
              <Button size="compact-xs" variant="subtle" color="orange" leftSection={<IconGitMerge size={13} />} onClick={() => onMerge(m.id)} data-testid="dup-merge">
                {t('merge.intoThis')}
              </Button>
            )}
            <Button size="compact-xs" variant="light" leftSection={<IconExternalLink size={13} />} onClick={() => onOpen(m.id)} data-testid="dup-open">
              {t('dup.open')}
            </Button>
          </Group>
        ) : (
          <Badge size="sm" color="gray" variant="light">
            {t('dup.notVisible')}
          </Badge>
        )}
      </Group>
    </Paper>
  )
}

/**
 * Inline warning under the form while typing (customer.checkDuplicates on blur). With `onMerge` (editing an existing
 * customer, admin/manager) each visible match can be merged into the customer being edited.
 */
export function DuplicateWarning({ matches, onOpen, onMerge }: { matches: DuplicateMatch[]; onOpen: (id: number) => void; onMerge?: (id: number) => void }) {
  const t = useT()
  if (!matches.length) return null
  return (
    <Alert color="orange" variant="light" icon={<IconCopy size={18} />} title={t('dup.title')} data-testid="dup-warning" mb="sm">
      <Text size="sm" mb={6}>
        {t('dup.inlineHint', { count: matches.length })}
      </Text>
      <Stack gap={6}>
        {matches.map((m, i) => (
          <MatchRow key={m.id ?? `hidden-${i}`} m={m} onOpen={onOpen} onMerge={onMerge} />
        ))}
      </Stack>
    </Alert>
  )
}

/**
 * customer.create / update answered CONFLICT with duplicates: open the existing one, or go on. 防撞单: a refusal
 * (same USCC, another salesperson's customer) has no way on; an admin / manager overriding one gives a reason.
 */
export function DuplicateModal({
  conflict,
  mode,
  busy,
  onOpen,
  onMerge,
  onProceed,
  onClose,
}: {
  conflict: DuplicateConflict | null
  mode: 'create' | 'update'
  busy?: boolean
  onOpen: (id: number) => void
  /** update mode, admin/manager: merge a match into the customer being edited */
  onMerge?: (id: number) => void
  onProceed: (reason: string | null) => void
  onClose: () => void
}) {
  const t = useT()
  const matches = conflict?.matches
  const [reason, setReason] = useState('')
  useEffect(() => setReason(''), [conflict])
  const firstVisible = matches?.find((m): m is Extract<DuplicateMatch, { visible: true }> => m.visible)
  const blocked = !!conflict?.blocked
  const needsReason = !!conflict?.needsReason
  return (
    <Modal opened={!!conflict} onClose={onClose} title={blocked ? t('dup.refusedTitle') : t('dup.modalTitle')} size={560} data-testid="dup-modal">
      <Stack gap="sm">
        {blocked || needsReason ? (
          <Alert color={blocked ? 'red' : 'orange'} variant="light" icon={<IconBan size={18} />} data-testid="dup-refused">
            {conflict!.message}
          </Alert>
        ) : (
          <Text size="sm">{t('dup.modalText')}</Text>
        )}
        <Stack gap={6}>
          {matches?.map((m, i) => (
            <MatchRow key={m.id ?? `hidden-${i}`} m={m} onOpen={onOpen} onMerge={onMerge} />
          ))}
        </Stack>
        {needsReason && (
          <Textarea
            label={t('dup.reasonLabel')}
            description={t('dup.reasonHint')}
            required
            autosize
            minRows={2}
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
            data-testid="dup-reason"
          />
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onClose}>
            {blocked ? t('action.close') : t('action.cancel')}
          </Button>
          {!blocked && (
            <Button variant="light" color="orange" onClick={() => onProceed(needsReason ? reason.trim() : null)} disabled={needsReason && !reason.trim()} loading={busy} data-testid="dup-proceed">
              {mode === 'create' ? t('dup.createAnyway') : t('dup.saveAnyway')}
            </Button>
          )}
          {firstVisible && (
            <Button onClick={() => onOpen(firstVisible.id)} data-autofocus={!needsReason || undefined} data-testid="dup-open-primary">
              {t('dup.open')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  )
}

export interface DuplicateConflict {
  matches: DuplicateMatch[]
  /** refused whatever the caller confirms (same USCC; another salesperson's customer for a salesperson) */
  blocked: boolean
  /** an admin / manager may go on with a reason */
  needsReason: boolean
  message: string
}

/** The duplicates inside a CONFLICT answer, or null. */
export function duplicatesOf(err: unknown): DuplicateMatch[] | null {
  return duplicateConflictOf(err)?.matches ?? null
}

export function duplicateConflictOf(err: unknown): DuplicateConflict | null {
  const e = err as { code?: string; message?: string; details?: { duplicates?: DuplicateMatch[]; overridable?: boolean; needsReason?: boolean } }
  if (e?.code !== 'CONFLICT' || !Array.isArray(e.details?.duplicates)) return null
  return { matches: e.details!.duplicates!, blocked: e.details!.overridable === false, needsReason: !!e.details!.needsReason, message: e.message ?? '' }
}
