import { Select, Text, type SelectProps } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useApiQuery } from '../../shared/query'

/**
 * Picks a customer by any part of name, short name, code, phone or pinyin initials (the core matches).
 * The value is the customer id; the chosen customer's name stays shown while the list changes.
 */
export function CustomerSelect({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & { value: number | null; onChange: (id: number | null, name: string | null) => void }) {
  const t = useT()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const [chosen, setChosen] = useState<{ id: number; name: string; code: string } | null>(null)
  const known = useApiQuery('customer.get', { id: value ?? 0 }, { enabled: !!value && chosen?.id !== value, staleTime: 60_000 })
  useEffect(() => {
    if (value && known.data && known.data.id === value) setChosen({ id: value, name: known.data.name, code: known.data.code })
    if (!value) setChosen(null)
  }, [value, known.data])
  const typed = debounced.trim()
  const searching = typed !== '' && typed !== chosen?.name
  const list = useApiQuery('customer.search', { query: searching ? typed : undefined, page: 1, pageSize: 20, sort: searching ? undefined : '-updatedAt' }, { keepPrevious: true })
  const data = useMemo(() => {
    const items = (list.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name, code: c.code }))
    if (chosen && !items.some((i) => i.value === String(chosen.id))) items.unshift({ value: String(chosen.id), label: chosen.name, code: chosen.code })
    return items
  }, [list.data, chosen])
  const codes = useMemo(() => new Map(data.map((d) => [d.value, d.code])), [data])

  return (
    <Select
      searchable
      clearable
      leftSection={<IconSearch size={14} />}
      placeholder={t('delivery.customerSelect.placeholder')}
      nothingFoundMessage={list.isFetching ? t('app.loading') : t('delivery.customerSelect.nothing')}
      data={data.map(({ value: v, label }) => ({ value: v, label }))}
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      value={value ? String(value) : null}
      onChange={(v) => {
        const item = data.find((d) => d.value === v)
        if (item) setChosen({ id: Number(item.value), name: item.label, code: item.code })
        onChange(v ? Number(v) : null, item?.label ?? null)
      }}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {codes.get(option.value)}
          </Text>
        </div>
      )}
      {...props}
    />
  )
}
