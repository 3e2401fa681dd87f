import { Button, CloseButton, Group, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconCalendar, IconSearch } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useT } from '../app/i18n/i18n'
import type { ListState } from './useListState'

/**
 * The search box of a list: focused on arrival, ✕ clears it, Enter searches at once, ↓ moves into the rows of the
 * table `tableTestId`. The text goes into the URL through `useListState`.
 */
export function ListSearchInput({
  list,
  tableTestId,
  w,
  placeholder,
  label = placeholder,
  testId,
}: {
  list: ListState
  tableTestId: string
  w: number
  placeholder: string
  /** accessible name; defaults to the placeholder */
  label?: string
  testId?: string
}) {
  const t = useT()
  return (
    <TextInput
      w={w}
      size="xs"
      autoFocus
      leftSection={<IconSearch size={14} />}
      placeholder={placeholder}
      aria-label={label}
      value={list.input}
      onChange={(e) => list.setInput(e.currentTarget.value)}
      rightSection={list.input ? <CloseButton size="xs" aria-label={t('action.reset')} onClick={() => list.setInput('')} /> : null}
      onKeyDown={(e) => {
        // Enter searches at once; ↓ moves into the results
        if (e.key === 'Enter') list.submitSearch()
        if (e.key === 'ArrowDown') (document.querySelector(`[data-testid="${tableTestId}"] tbody tr[tabindex]`) as HTMLElement | null)?.focus()
      }}
      data-testid={testId}
    />
  )
}

/** The quiet “clear the filters” button at the end of a list toolbar. */
export function ResetFiltersButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button size="compact-xs" variant="subtle" color="gray" onClick={onClick}>
      {children}
    </Button>
  )
}

/** A date range filter kept in the URL as `from` / `to`; a half-picked range changes nothing. */
export function DateRangeFilter({ list, placeholder, label, testId }: { list: ListState; placeholder: string; label?: string; testId?: string }) {
  return (
    <DatePickerInput
      type="range"
      size="xs"
      w={230}
      clearable
      allowSingleDateInRange
      valueFormat="YYYY-MM-DD"
      leftSection={<IconCalendar size={14} />}
      placeholder={placeholder}
      aria-label={label}
      value={[list.params.get('from'), list.params.get('to')]}
      onChange={([a, b]) => {
        if ((a && b) || (!a && !b)) list.setParams({ from: a, to: b })
      }}
      data-testid={testId}
    />
  )
}

/**
 * The toolbar above a list's table: the search box, the page's filters, and — while anything is filtered — the reset
 * button (by default back to no parameters at all).
 */
export function ListToolbar({
  list,
  search,
  filtered = false,
  resetLabel,
  onReset = () => list.reset(),
  children,
}: {
  list: ListState
  search: Omit<Parameters<typeof ListSearchInput>[0], 'list'>
  filtered?: boolean
  resetLabel?: ReactNode
  onReset?: () => void
  children?: ReactNode
}) {
  return (
    <Group gap="xs" wrap="wrap">
      <ListSearchInput list={list} {...search} />
      {children}
      {filtered && resetLabel && <ResetFiltersButton onClick={onReset}>{resetLabel}</ResetFiltersButton>}
    </Group>
  )
}
