import { Box, Group, Loader, Popover, ScrollArea, Text, TextInput, type TextInputProps } from '@mantine/core'
import { useMergedRef } from '@mantine/hooks'
import { useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react'
import { useT } from '../../app/i18n/i18n'
import classes from './LineGrid.module.css'

export type PickVia = 'enter' | 'tab' | 'click'

export interface SearchPickerHandle {
  /**
   * Types text into the box as if from the keyboard: characters search, '\n' picks (the exact match or the
   * first result); what follows a pick is handed on as the pick's type-ahead.
   */
  type: (text: string) => void
  /** true while an Enter waits for the server's answer to pick */
  busy: () => boolean
}

/**
 * Resolves once nothing is busy (a pick waiting for the server) and React has drawn the result, so a save
 * started by a fast Ctrl+S sees the line that was being picked. Gives up after `ms`.
 */
export async function settle(isBusy: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (isBusy() && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
}

export interface SearchPickerProps<T> {
  /** text shown while the user is not typing (the current choice) */
  selectedText: string
  /** the server search; called debounced while typing */
  search: (query: string) => Promise<T[]>
  itemKey: (item: T) => string | number
  renderItem: (item: T) => ReactNode
  /**
   * `typeahead`: keys typed after Enter while the pick waited for the server (characters, '\n' for Enter),
   * which belong to the next fields; the caller replays them there so a fast typist loses nothing.
   */
  onPick: (item: T, via: PickVia, typeahead: string) => void
  handleRef?: Ref<SearchPickerHandle>
  /** an item matching the query exactly (a code) wins over the first result */
  exact?: (query: string, items: T[]) => T | undefined
  /** column headings above the results */
  header?: ReactNode
  dropdownWidth?: number
  /** CSS grid columns of the header and each result row */
  columns?: string
  inputProps?: TextInputProps & Record<string, unknown>
  inputRef?: Ref<HTMLInputElement>
  /** keys the picker does not use (grid navigation, Ctrl+Enter …) */
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void
  onFocus?: () => void
  testId?: string
}

/**
 * A text box that finds records on the server as you type (code, name, pinyin initials) and picks one
 * with the keyboard: type → ↑/↓ → Enter. Enter before the answer arrives picks the exact match or the
 * first result as soon as it is there, so fast typists never lose a keystroke. Esc puts the old choice back.
 * Alt+↓ or F4 lists everything without typing.
 */
export function SearchPicker<T>(props: SearchPickerProps<T>) {
  const t = useT()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [result, setResult] = useState<{ q: string; items: T[] } | null>(null)
  const [loading, setLoading] = useState(false)
  const [active, setActive] = useState(0)
  const pendingPick = useRef<PickVia | null>(null)
  /** keys typed while a pick waits for the answer */
  const typeahead = useRef('')
  const seq = useRef(0)
  const inflight = useRef<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const latest = useRef(props)
  latest.current = props
  const listRef = useRef<HTMLDivElement>(null)
  const inputEl = useRef<HTMLInputElement>(null)
  const mergedInputRef = useMergedRef(inputEl, props.inputRef)

  useEffect(() => () => clearTimeout(timer.current), [])

  const pick = (item: T, via: PickVia) => {
    pendingPick.current = null
    const ahead = typeahead.current
    typeahead.current = ''
    clearTimeout(timer.current)
    seq.current++
    setEditing(false)
    setOpen(false)
    setText('')
    setLoading(false)
    latest.current.onPick(item, via, ahead)
  }

  const run = (q: string) => {
    const my = ++seq.current
    inflight.current = q
    setLoading(true)
    latest.current
      .search(q)
      .then((items) => {
        if (my !== seq.current) return
        const ex = latest.current.exact?.(q, items)
        setResult({ q, items })
        setLoading(false)
        setActive(ex ? items.indexOf(ex) : 0)
        const via = pendingPick.current
        if (via) {
          pendingPick.current = null
          const chosen = ex ?? items[0]
          if (chosen) pick(chosen, via)
          else {
            // nothing to pick: what was typed ahead goes back into the box so nothing is lost
            const ahead = typeahead.current.replace(/\n/g, '')
            typeahead.current = ''
            if (ahead) {
              setText(q + ahead)
              schedule((q + ahead).trim())
            }
          }
        }
      })
      .catch(() => {
        if (my !== seq.current) return
        pendingPick.current = null
        setLoading(false)
        setResult({ q, items: [] })
      })
  }
  const schedule = (q: string) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => run(q), 150)
  }
  const flush = (q: string) => {
    clearTimeout(timer.current)
    run(q)
  }
  const loadedFor = (q: string) => !loading && result !== null && result.q === q
  const cancel = () => {
    pendingPick.current = null
    typeahead.current = ''
    clearTimeout(timer.current)
    setEditing(false)
    setOpen(false)
    setText('')
  }

  useImperativeHandle(props.handleRef, () => ({
    busy: () => pendingPick.current !== null,
    type(input: string) {
      const i = input.indexOf('\n')
      const shown = i < 0 ? input : input.slice(0, i)
      const q = shown.trim()
      // the box shows the text at once, so a key that arrives before React draws appends to it
      if (inputEl.current) {
        inputEl.current.value = shown
        inputEl.current.setSelectionRange(shown.length, shown.length)
      }
      setEditing(true)
      setText(shown)
      setOpen(true)
      if (i < 0) {
        if (q) schedule(q)
        return
      }
      if (!q) return
      pendingPick.current = 'enter'
      typeahead.current = input.slice(i + 1)
      flush(q)
    },
  }))

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)
    el?.scrollIntoView({ block: 'nearest' })
  }, [active, open])

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (pendingPick.current && !e.ctrlKey && !e.metaKey && !e.altKey && !e.nativeEvent.isComposing) {
      // Enter was pressed and the answer is on its way: keep what is typed meanwhile for the next fields
      if (e.key.length === 1 || e.key === 'Enter') {
        e.preventDefault()
        typeahead.current += e.key === 'Enter' ? '\n' : e.key
        return
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        cancel()
        return
      }
    }
    const q = text.trim()
    const items = result?.items ?? []
    switch (e.key) {
      case 'ArrowDown':
        if (open) {
          e.preventDefault()
          if (items.length) setActive((a) => Math.min(items.length - 1, a + 1))
          return
        }
        if (editing || e.altKey) {
          e.preventDefault()
          setOpen(true)
          flush(editing ? q : '')
          if (!editing) setEditing(true)
          return
        }
        break
      case 'F4':
        e.preventDefault()
        setOpen(true)
        if (!editing) setEditing(true)
        flush(editing ? q : '')
        return
      case 'ArrowUp':
        if (open) {
          e.preventDefault()
          setActive((a) => Math.max(0, a - 1))
          return
        }
        break
      case 'Enter':
        if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing) break
        if (editing && q !== '') {
          e.preventDefault()
          setOpen(true)
          if (loadedFor(q)) {
            const chosen = items[active]
            if (chosen) pick(chosen, 'enter')
          } else {
            pendingPick.current = 'enter'
            if (!(loading && inflight.current === q)) flush(q)
          }
          return
        }
        if (editing) cancel()
        break
      case 'Escape':
        if (open || editing) {
          e.preventDefault()
          e.stopPropagation()
          cancel()
          return
        }
        break
      case 'Tab':
        if (editing && q !== '' && loadedFor(q) && items[active]) pick(items[active]!, 'tab')
        else if (editing) cancel()
        break
    }
    latest.current.onKeyDown?.(e)
  }

  const showDropdown = open && editing && (loading || result !== null)
  const items = result?.items ?? []
  const stale = result !== null && result.q !== text.trim()

  return (
    <Popover opened={showDropdown} position="bottom-start" width={props.dropdownWidth ?? 'target'} shadow="md" trapFocus={false} returnFocus={false} closeOnEscape={false} closeOnClickOutside={false} offset={2} zIndex={300} transitionProps={{ duration: 0 }}>
      <Popover.Target>
        <TextInput
          ref={mergedInputRef}
          autoComplete="off"
          spellCheck={false}
          {...props.inputProps}
          value={editing ? text : props.selectedText}
          role="combobox"
          aria-expanded={showDropdown}
          aria-autocomplete="list"
          data-testid={props.testId}
          data-picker-state={editing ? (loading ? 'loading' : 'open') : 'idle'}
          onChange={(e) => {
            const v = e.currentTarget.value
            setEditing(true)
            setText(v)
            setOpen(true)
            pendingPick.current = null
            typeahead.current = ''
            if (v.trim() !== '' || open) schedule(v.trim())
          }}
          onKeyDown={onKeyDown}
          onFocus={(e) => {
            e.currentTarget.select()
            props.onFocus?.()
          }}
          onBlur={() => {
            // a pending Enter still completes; otherwise an unfinished search puts the old choice back
            if (!pendingPick.current) cancel()
            else setOpen(false)
          }}
        />
      </Popover.Target>
      <Popover.Dropdown p={0} style={props.columns ? { ['--picker-cols' as string]: props.columns } : undefined}>
        {props.header && <Box className={classes.pickerHeader}>{props.header}</Box>}
        <ScrollArea.Autosize mah={280} type="auto" viewportRef={listRef}>
          <div role="listbox" data-testid="picker-list" style={{ opacity: stale ? 0.6 : 1 }}>
            {items.map((item, i) => (
              <div
                key={props.itemKey(item)}
                role="option"
                aria-selected={i === active}
                data-index={i}
                data-testid="picker-option"
                className={classes.pickerOption}
                data-active={i === active || undefined}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(item, 'click')}
              >
                {props.renderItem(item)}
              </div>
            ))}
          </div>
        </ScrollArea.Autosize>
        {loading && items.length === 0 && (
          <Group gap="xs" p="xs">
            <Loader size={14} />
            <Text size="xs" c="dimmed">
              {t('picker.searching')}
            </Text>
          </Group>
        )}
        {!loading && result && items.length === 0 && (
          <Text size="xs" c="dimmed" p="xs" data-testid="picker-empty">
            {t('picker.noMatch', { q: result.q })}
          </Text>
        )}
        <Text size="10px" c="dimmed" px="xs" py={4} className={classes.pickerFooter}>
          {t('picker.hint')}
        </Text>
      </Popover.Dropdown>
    </Popover>
  )
}
