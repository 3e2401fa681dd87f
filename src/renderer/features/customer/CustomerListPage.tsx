import { Autocomplete, Button, Checkbox, Group, Select, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconMessagePlus, IconPlus, IconTag, IconUserShare } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { hasCapability } from '../../../core/auth/permissions'
import { DataTable, pagedQueryProps } from '../../shared/DataTable'
import { ListToolbar } from '../../shared/ListToolbar'
import { DrillBadge } from '../report/DrillBadge'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { useListState } from '../../shared/useListState'
import { useUserOptions } from '../users/useUsers'
import { STAGES, type Customer, type Stage } from './customer.api'
import { QuickFollowUpModal } from './FollowUpForm'
import { stageOptions } from './labels'
import { AssignModal, versionsOf } from './OwnershipModals'
import { useCustomerColumns } from './useCustomerColumns'
import type { MethodIn } from '../../app/methods'
import { ExportButton } from '../excel/ExportButton'

type CustomerSort = NonNullable<MethodIn<'customer.search'>['sort']>

/**
 * 客户列表: server-paged, searchable by name / pinyin initials / code / phone (the core matches),
 * filters for stage, owner, pool and tag kept in the URL, quick follow-up per row, batch assign for managers.
 */
export function CustomerListPage() {
  const t = useT()
  const me = useCurrentUser()
  const navigate = useNavigate()
  // search text: typed locally, debounced into the URL (?q=), and picked up when the header search changes it
  const list = useListState<CustomerSort>({ storageKey: 'customers', followUrl: true })
  const { params, table, q, setParam } = list
  const canAssign = hasCapability(me.role, 'ownerAssign')
  // clerk, finance and the owner do not create customers (DOMAIN.md's role table)
  const canCreate = hasCapability(me.role, 'customerEdit')

  const stageParam = params.get('stage')
  const stage = STAGES.includes(stageParam as Stage) ? (stageParam as Stage) : undefined
  const owner = params.get('owner')
  const pool = params.get('pool') === '1'
  const tag = params.get('tag') ?? ''
  /** a report's drill-down by region (地区 = the customer's province) */
  const province = params.get('province')
  const [tagInput, setTagInput] = useState(tag)
  const [tagDebounced] = useDebouncedValue(tagInput, 400)
  useEffect(() => {
    if (tagDebounced.trim() !== tag) setParam('tag', tagDebounced.trim() || null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tagDebounced])

  // the tag filter offers the tags in use (most used first, with how many customers have each); free text still works
  const tagsInUse = useApiQuery('customer.tags', {}, { staleTime: 60_000 })
  const tagCounts = new Map((tagsInUse.data?.items ?? []).map((i) => [i.tag, i.count]))

  const search = useApiQuery(
    'customer.search',
    {
      query: q || undefined,
      stage,
      ownerId: !pool && owner ? Number(owner) : undefined,
      pool: pool || undefined,
      tag: tag || undefined,
      province: province || undefined,
      page: table.page,
      pageSize: table.pageSize,
      sort: table.sort,
    },
    { keepPrevious: true },
  )
  const { options: ownerOptions } = useUserOptions()
  const [selected, setSelected] = useState<Set<string | number>>(new Set())
  const [assignIds, setAssignIds] = useState<number[] | null>(null)
  const [followUp, setFollowUp] = useState<{ id: number; name: string } | null>(null)
  const filtered = !!(q || stage || owner || pool || tag || province)

  const columns = useCustomerColumns((c: Customer) => (
    <Button size="compact-xs" variant="subtle" leftSection={<IconMessagePlus size={14} />} onClick={() => setFollowUp({ id: c.id, name: c.name })} data-testid="row-follow-up">
      {t('customer.list.followUp')}
    </Button>
  ))

  return (
    <>
      <PageHeader
        title={t('customer.list.title')}
        actions={
          canCreate && (
            <Button component={Link} to="/customers/new" leftSection={<IconPlus size={16} />} data-testid="customer-new">
              {t('customer.list.new')}
            </Button>
          )
        }
      />
      <DataTable
        testId="customer-table"
        toolbar={
          <ListToolbar
            list={list}
            search={{ tableTestId: 'customer-table', w: 340, placeholder: t('customer.list.searchPlaceholder'), label: t('customer.list.searchLabel'), testId: 'customer-search' }}
            filtered={filtered}
            resetLabel={t('customer.list.reset')}
            onReset={() => {
              setTagInput('')
              list.reset()
            }}
          >
            <DrillBadge list={list} />
            <Select
              size="xs"
              w={130}
              placeholder={t('customer.list.stageAll')}
              aria-label={t('field.stage')}
              data={stageOptions(t)}
              value={stage ?? null}
              onChange={(v) => setParam('stage', v)}
              clearable
              data-testid="filter-stage"
            />
            <Select
              size="xs"
              w={170}
              placeholder={t('customer.list.ownerAll')}
              aria-label={t('field.ownerId')}
              data={ownerOptions}
              value={owner}
              onChange={(v) => setParam('owner', v)}
              clearable
              searchable
              disabled={pool}
              data-testid="filter-owner"
            />
            <Autocomplete
              size="xs"
              w={150}
              leftSection={<IconTag size={14} />}
              placeholder={t('customer.list.tagPlaceholder')}
              aria-label={t('customer.list.tag')}
              data={[...tagCounts.keys()]}
              value={tagInput}
              onChange={setTagInput}
              onOptionSubmit={(v) => setParam('tag', v)}
              onClear={() => setParam('tag', null)}
              renderOption={({ option }) => (
                <Group justify="space-between" wrap="nowrap" gap="sm" w="100%" data-testid="tag-option">
                  <Text size="xs" truncate>
                    {option.value}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }} title={t('customer.list.tagCount', { count: tagCounts.get(option.value) ?? 0 })}>
                    {tagCounts.get(option.value) ?? 0}
                  </Text>
                </Group>
              )}
              clearable
              limit={100}
              maxDropdownHeight={300}
              comboboxProps={{ width: 220, position: 'bottom-start' }}
              data-testid="filter-tag"
            />
            <Checkbox size="xs" label={t('customer.list.poolOnly')} checked={pool} onChange={(e) => setParam('pool', e.currentTarget.checked ? '1' : null)} data-testid="filter-pool" />
            <ExportButton list="customers" filters={{ query: q || undefined, stage, ownerId: !pool && owner ? Number(owner) : undefined, pool: pool || undefined, tag: tag || undefined }} sort={table.sort} />
            <ExportButton list="contacts" label={t('export.contacts')} />
          </ListToolbar>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(c) => c.id}
        {...table.tableProps}
        onRowOpen={(c) => navigate(`/customers/${c.id}`)}
        rowAttrs={(c) => ({ 'data-testid': 'customer-row', 'data-code': c.code })}
        selection={canAssign ? { selected, onChange: setSelected } : undefined}
        batchActions={
          <Button size="compact-xs" variant="light" leftSection={<IconUserShare size={14} />} onClick={() => setAssignIds([...selected].map(Number))}>
            {t('customer.list.assign')}
          </Button>
        }
        empty={
          filtered
            ? { title: t('customer.list.noMatchTitle'), description: t('customer.list.noMatchDescription') }
            : {
                title: t('customer.list.emptyTitle'),
                description: t('customer.list.emptyDescription'),
                action: canCreate ? (
                  <Button component={Link} to="/customers/new" size="xs" leftSection={<IconPlus size={14} />}>
                    {t('customer.list.new')}
                  </Button>
                ) : undefined,
              }
        }
      />
      <QuickFollowUpModal target={followUp} onClose={() => setFollowUp(null)} />
      <AssignModal ids={assignIds} versions={versionsOf(search.data?.items)} onClose={() => setAssignIds(null)} onDone={() => setSelected(new Set())} />
    </>
  )
}
