import { Badge, Group, Text, Tooltip } from '@mantine/core'
import type { ReactNode } from 'react'
import { hasMessage, type TFunction } from '../../app/i18n/i18n'
import type { AuditVocabulary } from '../../shared/AuditLogList'
import { formatDate } from '../../shared/dates'
import { formatFen } from '../../shared/money'
import { useT } from '../../app/i18n/i18n'
import { FOLLOW_UP_TYPES, STAGES, type DuplicateReason, type FollowUpType, type Stage } from './customer.api'

export const STAGE_COLORS: Record<Stage, string> = {
  lead: 'gray',
  prospect: 'cyan',
  opportunity: 'orange',
  customer: 'teal',
  lost: 'red',
}

export function StageBadge({ stage }: { stage: Stage }) {
  const t = useT()
  return (
    <Badge variant="light" color={STAGE_COLORS[stage]} size="sm" data-testid="stage-badge">
      {t(`stage.${stage}`)}
    </Badge>
  )
}

export const stageOptions = (t: TFunction) => STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))
export const followUpTypeOptions = (t: TFunction) => FOLLOW_UP_TYPES.map((s) => ({ value: s, label: t(`followUpType.${s}`) }))
export const followUpTypeLabel = (t: TFunction, type: FollowUpType) => t(`followUpType.${type}`)

export function OwnerText({ ownerName, ownerId }: { ownerName: string | null; ownerId: number | null }) {
  const t = useT()
  if (ownerId === null)
    return (
      <Badge variant="outline" color="gray" size="sm">
        {t('customer.list.pool')}
      </Badge>
    )
  return <Text size="sm">{ownerName ?? `#${ownerId}`}</Text>
}

export function ReasonBadges({ reasons }: { reasons: DuplicateReason[] }) {
  const t = useT()
  return (
    <Group gap={4}>
      {reasons.map((r) => (
        <Badge key={r} size="xs" color="orange" variant="light">
          {t(`dup.reason.${r}`)}
        </Badge>
      ))}
    </Group>
  )
}

export function TagList({ tags, max = 3 }: { tags: string[]; max?: number }) {
  if (!tags.length) return null
  const shown = tags.slice(0, max)
  const rest = tags.slice(max)
  return (
    <Group gap={4} wrap="nowrap">
      {shown.map((tag) => (
        <Badge key={tag} size="xs" variant="default" style={{ fontWeight: 400 }}>
          {tag}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.join('、')}>
          <Badge size="xs" variant="default">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  )
}

export function regionText(c: { province: string | null; city: string | null; district: string | null }): string {
  return [c.province, c.city, c.district].filter(Boolean).join(' ')
}

/** How the customer's operation log reads: actions, field names and values in people's words. */
export function customerAuditVocabulary(t: TFunction, userName: (id: number) => string | undefined): AuditVocabulary {
  return {
    action: (a) => {
      const key = `audit.action.${a}`
      return hasMessage(key) ? t(key) : a
    },
    field: (f, action) => {
      const prefix = action.startsWith('contact.') ? 'contactField' : action.startsWith('address.') ? 'addressField' : 'field'
      const key = `${prefix}.${f}`
      return hasMessage(key) ? t(key) : f
    },
    value: (f, v, action): ReactNode => {
      if (action.startsWith('contact.') || action.startsWith('address.')) {
        if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
        return String(v)
      }
      switch (f) {
        case 'stage':
          return hasMessage(`stage.${String(v)}`) ? t(`stage.${v as Stage}`) : String(v)
        case 'kind':
          return v === 'person' ? t('kind.person') : t('kind.company')
        case 'ownerId':
          return typeof v === 'number' ? (userName(v) ?? `#${v}`) : t('customer.list.pool')
        case 'creditLimitFen':
          return typeof v === 'number' ? formatFen(v) : String(v)
        case 'tags':
          return Array.isArray(v) ? v.join('、') : String(v)
        case 'lastFollowUpAt':
          return formatDate(String(v))
        default:
          return typeof v === 'object' ? JSON.stringify(v) : String(v)
      }
    },
    color: (a) => (a === 'create' ? 'teal' : a.endsWith('delete') || a === 'release' ? 'red' : a === 'claim' || a === 'assign' ? 'violet' : 'blue'),
  }
}
