import { Autocomplete, Button, Checkbox, CloseButton, Group, Select, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconMessagePlus, IconPlus, IconSearch, IconTag, IconUserShare } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { DataTable, useTableState } from '../../shared/DataTable'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { useUserOptions } from '../users/useUsers'
import { STAGES, type Customer, type Stage } from './customer.types'
import { QuickFollowUpModal } from './FollowUpForm'
import { stageOptions } from './labels'
import { AssignModal } from './OwnershipModals'
import { useCustomerColumns } from './useCustomerColumns'

/**
 * 客户列表: server-paged, searchable by name / pinyin initials / code / phone (the core matches),
 * filters for stage, owner, pool and tag kept in the URL, quick follow-up per row, batch assign for managers.
 */
export function CustomerListPage() {
  const t = useT()
  const me = useCurrentUser()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const table = useTableState({ storageKey: 'customers' })
  const canAssign = me.role === 'admin' || me.role === 'manager'

  // search text: typed locally, debounced into the URL (?q=), and picked up when the header search changes it
  const urlQ = params.get('q') ?? ''
  const [input, setInput] = useState(urlQ)
  const written = useRef(urlQ)
  const [debounced] = useDebouncedValue(input, 300)
  useEffect(() => {
    if (urlQ !== written.current) {
      written.current = urlQ
      setInput(urlQ)
    }
  }, [urlQ])
  const setParam = (key: string, value: string | null) => {
    setParams(
      (p) => {
        const n = new URLSearchParams(p)
        if (value) n.set(key, value)
        else n.delete(key)
        return n
      },
      { replace: true },
    )
    table.setPage(1)
  }
  useEffect(() => {
    const q = debounced.trim()
    if (q !== (params.get('q') ?? '')) {
      written.current = q
      setParam('q', q || null)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced])

  const stageParam = params.get('stage')
  const stage = STAGES.includes(stageParam as Stage) ? (stageParam as Stage) : undefined
  const owner = params.get('owner')
  const pool = params.get('pool') === '1'
  const tag = params.get('tag') ?? ''
  const [tagInput, setTagInput] = useState(tag)
  const [tagDebounced] = useDebouncedValue(tagInput, 400)
  useEffect(() => {
    if (tagDebounced.trim() !== tag) setParam('tag', tagDebounced.trim() || null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tagDebounced])

  // the tag filter offers the tags in use (most used first, with how many customers have each); free text still works
  const tagsInUse = useApiQuery('customer.tags', {}, { staleTime: 60_000 })
  const tagCounts = new Map((tagsInUse.data?.items ?? []).map((i) => [i.tag, i.count]))

  const q = params.get('q') ?? ''
  const search = useApiQuery(
    'customer.search',
    {
      query: q || undefined,
      stage,
      ownerId: !pool && owner ? Number(owner) : undefined,
      pool: pool || undefined,
      tag: tag || undefined,
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
  const filtered = !!(q || stage || owner || pool || tag)

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
          <Button component={Link} to="/customers/new" leftSection={<IconPlus size={16} />} data-testid="customer-new">
            {t('customer.list.new')}
          </Button>
        }
      />
      <DataTable
        testId="customer-table"
        toolbar={
          <Group gap="xs" wrap="wrap">
            <TextInput
              w={340}
              size="xs"
              autoFocus
              leftSection={<IconSearch size={14} />}
              placeholder={t('customer.list.searchPlaceholder')}
              aria-label={t('customer.list.searchLabel')}
              data-testid="customer-search"
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              rightSection={input ? <CloseButton size="xs" aria-label={t('action.reset')} onClick={() => setInput('')} /> : null}
              onKeyDown={(e) => {
                // Enter searches at once; ↓ moves into the results
                if (e.key === 'Enter') setParam('q', input.trim() || null)
                if (e.key === 'ArrowDown') (document.querySelector('[data-testid="customer-table"] tbody tr[tabindex]') as HTMLElement | null)?.focus()
              }}
            />
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
            {filtered && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                onClick={() => {
                  setInput('')
                  setTagInput('')
                  written.current = ''
                  setParams(new URLSearchParams(), { replace: true })
                  table.setPage(1)
                }}
              >
                {t('customer.list.reset')}
              </Button>
            )}
          </Group>
        }
        columns={columns}
        rows={search.data?.items}
        rowKey={(c) => c.id}
        total={search.data?.total ?? 0}
        {...table.tableProps}
        loading={search.isLoading}
        fetching={search.isFetching}
        error={search.error}
        onRetry={() => search.refetch()}
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
                action: (
                  <Button component={Link} to="/customers/new" size="xs" leftSection={<IconPlus size={14} />}>
                    {t('customer.list.new')}
                  </Button>
                ),
              }
        }
      />
      <QuickFollowUpModal target={followUp} onClose={() => setFollowUp(null)} />
      <AssignModal ids={assignIds} onClose={() => setAssignIds(null)} onDone={() => setSelected(new Set())} />
    </>
  )
}
