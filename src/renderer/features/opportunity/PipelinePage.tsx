import { ActionIcon, Badge, Box, Button, CloseButton, Group, Menu, Paper, ScrollArea, SegmentedControl, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowsMove, IconCalendar, IconDots, IconLayoutKanban, IconList, IconPlus, IconSearch, IconUser } from '@tabler/icons-react'
import { useEffect, useState, type DragEvent } from 'react'
import { useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { SELLER_ROLES } from '../order/roles'
import { DataTable, pagedQueryProps, useTableState, type Column } from '../../shared/DataTable'
import { todayStr } from '../../shared/dates'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { useUserOptions } from '../users/useUsers'
import { moveOpportunity, OPEN_STAGES, OPP_STAGE_COLORS, OppStageBadge, oppStageOptions } from './labels'
import { OPPORTUNITY_QUERIES, OPPORTUNITY_STAGES, type Opportunity, type OpportunityStage } from './opportunity.api'
import { OpportunityModal, type OpportunityTarget } from './OpportunityModal'
import classes from './Pipeline.module.css'
import { ExportButton } from '../excel/ExportButton'

/**
 * 商机: the pipeline as a kanban by stage (drag a card to another column to move it; 输单 asks for the reason;
 * the card's ⋯ menu does the same by keyboard) and as a server-paged list. Column heads show count, amount and
 * weighted amount from the server's totals.
 */
export function PipelinePage() {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const view = params.get('view') === 'list' ? 'list' : 'board'
  const q = params.get('q') ?? ''
  const owner = params.get('owner')
  const [input, setInput] = useState(q)
  const [debounced] = useDebouncedValue(input, 300)
  const { options: ownerOptions } = useUserOptions()
  const [modal, setModal] = useState<OpportunityTarget>(null)
  const seller = useSession().hasRole(...SELLER_ROLES)
  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p)
        if (value) n.set(key, value)
        else n.delete(key)
        return n
      },
      { replace: true },
    )
  useEffect(() => {
    if (debounced.trim() !== q) setParam('q', debounced.trim() || null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced])
  const filter = { query: q || undefined, ownerId: owner ? Number(owner) : undefined }
  const open = useApiQuery('opportunity.search', { ...filter, stage: OPEN_STAGES, page: 1, pageSize: 1 })

  return (
    <>
      <PageHeader
        title={t('opp.title')}
        subtitle={
          open.data ? (
            <span data-testid="pipeline-summary">
              {t('opp.summary', { n: open.data.total })} <MoneyText fen={open.data.totals.amountFen} size="sm" fw={600} c="dark" /> · {t('opp.weighted')} <MoneyText fen={open.data.totals.weightedFen} size="sm" fw={600} c="dark" />
            </span>
          ) : undefined
        }
        actions={
          <>
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => setParam('view', v === 'list' ? 'list' : null)}
              data={[
                { value: 'board', label: (<Group gap={4} wrap="nowrap"><IconLayoutKanban size={14} />{t('opp.view.board')}</Group>) },
                { value: 'list', label: (<Group gap={4} wrap="nowrap"><IconList size={14} />{t('opp.view.list')}</Group>) },
              ]}
              data-testid="pipeline-view"
            />
            {seller && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setModal({ mode: 'new' })} data-testid="opp-new">
                {t('opp.new')}
              </Button>
            )}
          </>
        }
      />
      <Group gap="xs" mb="sm">
        <TextInput
          w={300}
          size="xs"
          leftSection={<IconSearch size={14} />}
          placeholder={t('opp.searchPlaceholder')}
          aria-label={t('opp.searchPlaceholder')}
          value={input}
          onChange={(e) => setInput(e.currentTarget.value)}
          rightSection={input ? <CloseButton size="xs" aria-label={t('action.reset')} onClick={() => setInput('')} /> : null}
        />
        <Select size="xs" w={170} placeholder={t('opp.ownerAll')} aria-label={t('opp.field.owner')} data={ownerOptions} value={owner} onChange={(v) => setParam('owner', v)} clearable searchable />
        <ExportButton list="opportunities" filters={{ ...filter, stage: view === 'list' ? (params.get('stage') ?? undefined) : undefined }} />
      </Group>
      {view === 'board' ? <Board filter={filter} canMove={seller} onOpen={(o) => setModal({ mode: 'edit', opportunity: o })} onNew={(stage) => setModal({ mode: 'new', stage })} /> : <OppList filter={filter} onOpen={(o) => setModal({ mode: 'edit', opportunity: o })} />}
      <OpportunityModal target={modal} onClose={() => setModal(null)} />
    </>
  )
}

type Filter = { query?: string; ownerId?: number }
type Pending = { opp: Opportunity; to: OpportunityStage }

function Board({ filter, canMove, onOpen, onNew }: { filter: Filter; canMove: boolean; onOpen: (o: Opportunity) => void; onNew: (stage: OpportunityStage) => void }) {
  const invalidate = useInvalidate()
  const t = useT()
  const [pending, setPending] = useState<Map<number, Pending>>(new Map())
  const [dragging, setDragging] = useState<Opportunity | null>(null)
  const [over, setOver] = useState<OpportunityStage | null>(null)

  const move = async (o: Opportunity, to: OpportunityStage) => {
    if (o.stage === to) return
    setPending((m) => new Map(m).set(o.id, { opp: o, to }))
    try {
      const r = await moveOpportunity(o, to)
      if (r) {
        await invalidate(OPPORTUNITY_QUERIES)
        notifySuccess(t('opp.moved', { title: r.title, stage: t(`oppStage.${r.stage}`) }))
      }
    } catch (e) {
      notifyError(e)
      await invalidate(OPPORTUNITY_QUERIES)
    } finally {
      setPending((m) => {
        const n = new Map(m)
        n.delete(o.id)
        return n
      })
    }
  }

  return (
    <ScrollArea type="auto" offsetScrollbars data-testid="pipeline-board">
      <Group align="flex-start" gap="sm" wrap="nowrap" pb="sm">
        {OPPORTUNITY_STAGES.map((stage) => (
          <Column
            key={stage}
            stage={stage}
            canMove={canMove}
            filter={filter}
            pending={pending}
            dragging={dragging}
            over={over === stage}
            onDragOver={() => setOver(stage)}
            onDragLeave={() => setOver((s) => (s === stage ? null : s))}
            onDrop={() => {
              setOver(null)
              if (dragging) void move(dragging, stage)
              setDragging(null)
            }}
            onDragStart={setDragging}
            onDragEnd={() => {
              setDragging(null)
              setOver(null)
            }}
            onMove={(o, to) => void move(o, to)}
            onOpen={onOpen}
            onNew={() => onNew(stage)}
          />
        ))}
      </Group>
    </ScrollArea>
  )
}

function Column(props: {
  stage: OpportunityStage
  canMove: boolean
  filter: Filter
  pending: Map<number, Pending>
  dragging: Opportunity | null
  over: boolean
  onDragOver: () => void
  onDragLeave: () => void
  onDrop: () => void
  onDragStart: (o: Opportunity) => void
  onDragEnd: () => void
  onMove: (o: Opportunity, to: OpportunityStage) => void
  onOpen: (o: Opportunity) => void
  onNew: () => void
}) {
  const t = useT()
  const { stage, pending } = props
  const q = useApiQuery('opportunity.search', { ...props.filter, stage, page: 1, pageSize: 50 }, { keepPrevious: true })
  const items = (q.data?.items ?? []).filter((o) => !pending.has(o.id) || pending.get(o.id)!.to === stage)
  for (const p of pending.values()) if (p.to === stage && !items.some((o) => o.id === p.opp.id)) items.unshift({ ...p.opp, stage })
  const hidden = (q.data?.total ?? 0) - (q.data?.items.length ?? 0)
  const allow = (e: DragEvent) => {
    if (!props.dragging) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'move'
    if (!props.over) props.onDragOver()
  }

  return (
    <Paper
      withBorder
      radius="sm"
      className={classes.column}
      data-over={props.over || undefined}
      data-testid="pipeline-column"
      data-stage={stage}
      onDragOver={allow}
      onDragEnter={allow}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) props.onDragLeave()
      }}
      onDrop={(e) => {
        e.preventDefault()
        props.onDrop()
      }}
    >
      <Box className={classes.head} style={{ borderTopColor: `var(--mantine-color-${OPP_STAGE_COLORS[stage]}-5)` }}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Group gap={6} wrap="nowrap">
            <Text fw={600} size="sm">
              {t(`oppStage.${stage}`)}
            </Text>
            <Badge size="xs" variant="light" color={OPP_STAGE_COLORS[stage]} data-testid="column-count">
              {q.data?.total ?? 0}
            </Badge>
          </Group>
          {props.canMove && stage !== 'won' && stage !== 'lost' && (
            <ActionIcon size="sm" variant="subtle" color="gray" onClick={props.onNew} aria-label={t('opp.new')}>
              <IconPlus size={14} />
            </ActionIcon>
          )}
        </Group>
        <Text size="xs" c="dimmed" mt={2}>
          <MoneyText fen={q.data?.totals.amountFen ?? 0} size="xs" c="dark" fw={500} data-testid="column-amount" />
          {stage !== 'won' && stage !== 'lost' && (
            <>
              {' · '}
              {t('opp.weighted')} <MoneyText fen={q.data?.totals.weightedFen ?? 0} size="xs" />
            </>
          )}
        </Text>
      </Box>
      <Stack gap={6} p={6} className={classes.cards}>
        {q.isLoading && [0, 1].map((i) => <Skeleton key={i} height={72} radius="sm" />)}
        {items.map((o) => (
          <Card key={o.id} o={o} canMove={props.canMove} moving={pending.has(o.id)} onDragStart={props.onDragStart} onDragEnd={props.onDragEnd} onMove={props.onMove} onOpen={props.onOpen} />
        ))}
        {!q.isLoading && items.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {props.dragging ? t('opp.dropHere') : t('opp.emptyColumn')}
          </Text>
        )}
        {hidden > 0 && (
          <Text size="xs" c="dimmed" ta="center">
            {t('opp.more', { n: hidden })}
          </Text>
        )}
      </Stack>
    </Paper>
  )
}

function Card({ o, canMove, moving, onDragStart, onDragEnd, onMove, onOpen }: { o: Opportunity; canMove: boolean; moving: boolean; onDragStart: (o: Opportunity) => void; onDragEnd: () => void; onMove: (o: Opportunity, to: OpportunityStage) => void; onOpen: (o: Opportunity) => void }) {
  const t = useT()
  const overdue = !!o.expectedCloseOn && o.expectedCloseOn < todayStr() && o.stage !== 'won' && o.stage !== 'lost'
  return (
    <Paper
      withBorder
      radius="sm"
      p={8}
      className={classes.card}
      data-moving={moving || undefined}
      draggable={canMove && !moving}
      tabIndex={0}
      data-testid="opp-card"
      data-title={o.title}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', String(o.id))
        e.dataTransfer.effectAllowed = 'move'
        onDragStart(o)
      }}
      onDragEnd={onDragEnd}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button, [role="menu"]')) return
        onOpen(o)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) onOpen(o)
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <Text size="sm" fw={600} lineClamp={2}>
          {o.title}
        </Text>
        {canMove && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('opp.moveTo')} data-testid="opp-card-menu">
                <IconDots size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>
                <Group gap={4}>
                  <IconArrowsMove size={12} />
                  {t('opp.moveTo')}
                </Group>
              </Menu.Label>
              {OPPORTUNITY_STAGES.filter((s) => s !== o.stage).map((s) => (
                <Menu.Item key={s} color={s === 'lost' ? 'red' : s === 'won' ? 'green' : undefined} onClick={() => onMove(o, s)} data-testid={`move-${s}`}>
                  {t(`oppStage.${s}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Text size="xs" c="dimmed" lineClamp={1}>
        {o.customerName}
      </Text>
      <Group justify="space-between" mt={6} gap={4} wrap="nowrap">
        <MoneyText fen={o.amountFen} size="sm" fw={600} />
        <Badge size="xs" variant="outline" color="gray">
          {o.probability}%
        </Badge>
      </Group>
      <Group justify="space-between" mt={4} gap={4} wrap="nowrap">
        <Group gap={3} wrap="nowrap">
          <IconCalendar size={12} color={overdue ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-dimmed)'} />
          <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
            {o.expectedCloseOn ?? t('opp.noDate')}
          </Text>
        </Group>
        <Group gap={3} wrap="nowrap">
          <IconUser size={12} color="var(--mantine-color-dimmed)" />
          <Text size="xs" c="dimmed" truncate maw={80}>
            {o.ownerName ?? '—'}
          </Text>
        </Group>
      </Group>
      {o.stage === 'lost' && o.lostReason && (
        <Text size="xs" c="red.7" mt={4} lineClamp={2}>
          {t('opp.lostReasonShort', { reason: o.lostReason })}
        </Text>
      )}
    </Paper>
  )
}

function OppList({ filter, onOpen }: { filter: Filter; onOpen: (o: Opportunity) => void }) {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const table = useTableState({ storageKey: 'opportunities' })
  const stage = params.get('stage') as OpportunityStage | null
  const q = useApiQuery('opportunity.search', { ...filter, stage: stage ?? undefined, page: table.page, pageSize: table.pageSize }, { keepPrevious: true })
  const columns: Column<Opportunity>[] = [
    { key: 'title', title: t('opp.field.title'), render: (o) => <Text span size="sm" fw={500}>{o.title}</Text> },
    { key: 'customer', title: t('order.field.customer'), render: (o) => <Text span size="sm" lineClamp={1}>{o.customerName}</Text> },
    { key: 'stage', title: t('opp.field.stage'), nowrap: true, render: (o) => <OppStageBadge stage={o.stage} size="sm" /> },
    { key: 'amount', title: t('opp.field.amount'), align: 'right', nowrap: true, render: (o) => <MoneyText fen={o.amountFen} size="sm" fw={500} /> },
    { key: 'p', title: t('opp.field.probability'), align: 'right', nowrap: true, render: (o) => `${o.probability}%` },
    { key: 'w', title: t('opp.weighted'), align: 'right', nowrap: true, render: (o) => <MoneyText fen={o.weightedFen} size="sm" /> },
    { key: 'close', title: t('opp.field.expectedCloseOn'), nowrap: true, render: (o) => o.expectedCloseOn ?? <Text span c="dimmed">—</Text> },
    { key: 'owner', title: t('opp.field.owner'), nowrap: true, render: (o) => o.ownerName ?? '—' },
  ]
  return (
    <DataTable
      testId="opp-table"
      toolbar={
        <Group gap="xs" justify="space-between">
          <Select
            size="xs"
            w={150}
            placeholder={t('opp.stageAll')}
            aria-label={t('opp.field.stage')}
            data={oppStageOptions()}
            value={stage}
            onChange={(v) => {
              setParams(
                (p) => {
                  const n = new URLSearchParams(p)
                  if (v) n.set('stage', v)
                  else n.delete('stage')
                  return n
                },
                { replace: true },
              )
              table.setPage(1)
            }}
            clearable
          />
          {q.data && (
            <Text size="xs" c="dimmed">
              {t('opp.listTotals')} <MoneyText fen={q.data.totals.amountFen} size="xs" fw={600} c="dark" /> · {t('opp.weighted')} <MoneyText fen={q.data.totals.weightedFen} size="xs" fw={600} c="dark" />
            </Text>
          )}
        </Group>
      }
      columns={columns}
      {...pagedQueryProps(q)}
      rowKey={(o) => o.id}
      {...table.tableProps}
      sort={undefined}
      onSortChange={undefined}
      onRowOpen={onOpen}
      rowAttrs={(o) => ({ 'data-testid': 'opp-row', 'data-title': o.title })}
      empty={{ title: t('opp.emptyTitle'), description: t('opp.emptyDescription') }}
    />
  )
}
