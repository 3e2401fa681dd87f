import { Anchor, Stack, Text, Tooltip } from '@mantine/core'
import { Link } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import type { Column } from '../../shared/DataTable'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Customer } from './customer.api'
import { OwnerText, regionText, StageBadge, TagList } from './labels'

/** The customer columns shared by 客户列表 and 公海; `actions` renders the last column. */
export function useCustomerColumns(actions?: (c: Customer) => React.ReactNode, opts: { hideOwner?: boolean } = {}): Column<Customer>[] {
  const t = useT()
  const cols: (Column<Customer> | false)[] = [
    { key: 'code', title: t('field.code'), sortKey: 'code', nowrap: true, width: 92, render: (c) => <Text size="sm" ff="monospace">{c.code}</Text> },
    {
      key: 'name',
      title: t('field.name'),
      sortKey: 'name',
      render: (c) => (
        <Stack gap={0} style={{ minWidth: 180 }}>
          <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={500} data-testid="customer-name-link">
            {c.name}
          </Anchor>
          {c.shortName && (
            <Text size="xs" c="dimmed">
              {c.shortName}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'stage', title: t('field.stage'), nowrap: true, width: 90, render: (c) => <StageBadge stage={c.stage} /> },
    !opts.hideOwner && { key: 'owner', title: t('field.ownerId'), nowrap: true, width: 90, render: (c) => <OwnerText ownerId={c.ownerId} ownerName={c.ownerName} /> },
    {
      key: 'contact',
      title: t('field.primaryContact'),
      nowrap: true,
      render: (c) =>
        c.primaryContact ? (
          <Text size="sm">
            {c.primaryContact.name}
            {c.primaryContact.mobile && (
              <Text span size="xs" c="dimmed" ml={6}>
                {c.primaryContact.mobile}
              </Text>
            )}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('common.none')}
          </Text>
        ),
    },
    { key: 'phone', title: t('field.phone'), nowrap: true, render: (c) => c.phone ?? <Text size="sm" c="dimmed">{t('common.none')}</Text> },
    { key: 'region', title: t('field.region'), nowrap: true, render: (c) => regionText(c) || <Text size="sm" c="dimmed">{t('common.none')}</Text> },
    { key: 'tags', title: t('field.tags'), render: (c) => <TagList tags={c.tags} /> },
    {
      key: 'lastFollowUpAt',
      title: t('field.lastFollowUpAt'),
      sortKey: 'lastFollowUpAt',
      nowrap: true,
      render: (c) =>
        c.lastFollowUpAt ? (
          <Tooltip label={formatDateTime(c.lastFollowUpAt)}>
            <Text size="sm">{formatDate(c.lastFollowUpAt)}</Text>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            {t('customer.list.never')}
          </Text>
        ),
    },
    { key: 'updatedAt', title: t('field.updatedAt'), sortKey: 'updatedAt', nowrap: true, render: (c) => <Text size="sm" c="dimmed">{formatDateTime(c.updatedAt)}</Text> },
    !!actions && { key: 'actions', title: t('customer.list.actions'), nowrap: true, align: 'right', stickyRight: true, render: (c) => actions(c) },
  ]
  return cols.filter((c): c is Column<Customer> => !!c)
}
