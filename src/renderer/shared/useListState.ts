import { useDebouncedValue } from '@mantine/hooks'
import { useEffect, useRef, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { useTableState } from './DataTable'

/**
 * The state of a list page kept in the URL: the search text (typed locally, debounced into `?q=`, Enter at once),
 * the filters (`?status=…&from=…`), and the pager/sort (`useTableState`); any change of search or filter goes back to
 * page 1. `followUrl`: the box also picks up a `?q=` changed from outside the page (the header search).
 */
/** `S`: the sort keys the list method accepts (see useTableState). */
export function useListState<S extends string = string>(opts: { storageKey: string; defaultSort?: S; followUrl?: boolean }) {
  const [params, setSearchParams] = useSearchParams()
  const table = useTableState<S>({ storageKey: opts.storageKey, defaultSort: opts.defaultSort })
  const q = params.get('q') ?? ''
  const [input, setInput] = useState(q)
  const written = useRef(q)
  const [debounced] = useDebouncedValue(input, 300)

  useEffect(() => {
    if (opts.followUrl && q !== written.current) {
      written.current = q
      setInput(q)
    }
  }, [q, opts.followUrl])

  /** Sets (or, for null and '', removes) URL parameters and goes back to page 1. */
  const setParams = (entries: Record<string, string | null>) => {
    setSearchParams(
      (p) => {
        const n = new URLSearchParams(p)
        for (const [k, v] of Object.entries(entries)) {
          if (v) n.set(k, v)
          else n.delete(k)
        }
        return n
      },
      { replace: true },
    )
    table.setPage(1)
  }
  const setParam = (key: string, value: string | null) => setParams({ [key]: value })

  useEffect(() => {
    const typed = debounced.trim()
    if (typed !== (params.get('q') ?? '')) {
      written.current = typed
      setParam('q', typed || null)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced])

  return {
    params,
    table,
    /** the search text in the URL (what the list is searched by) */
    q,
    /** the search box's text */
    input,
    setInput,
    setParam,
    setParams,
    /** Enter in the search box: search what is typed at once */
    submitSearch: () => setParam('q', input.trim() || null),
    /** clears the search box and every parameter but those in `keep`, back to page 1 */
    reset: (keep?: Record<string, string>) => {
      setInput('')
      written.current = ''
      setSearchParams(new URLSearchParams(keep), { replace: true })
      table.setPage(1)
    },
  }
}

export type ListState = ReturnType<typeof useListState>
