import {
  focusManager,
  keepPreviousData,
  QueryClient,
  type Query,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query'
import { invoke, isApiError } from '../app/transport'
import type { MethodIn, MethodName, MethodOut } from '../app/methods'

/**
 * Lists, boards and reports: what another PC changes shows up in them. They refetch every time the window gets the
 * focus back, however fresh (a record's own page learns of changes through useRecordChanges, shared/recordWatch.tsx).
 */
const LIST_QUERY = /(\.(search|list|due|board|moves|openOrders|approvalQueue)$)|^(report|ar|tracking)\./

export function isListQuery(queryKey: readonly unknown[]): boolean {
  return LIST_QUERY.test(String(queryKey[0]))
}

export function refetchOnFocus(query: Pick<Query, 'queryKey'>): boolean | 'always' {
  return isListQuery(query.queryKey) ? 'always' : true
}

/**
 * TanStack Query v5 listens to `visibilitychange` only: switching back to Kedan from another window (Alt+Tab; the
 * window stayed visible) would refetch nothing. The window's `focus` counts too.
 */
export function focusListener(handleFocus: (focused?: boolean) => void): (() => void) | undefined {
  if (typeof window === 'undefined' || !window.addEventListener) return undefined
  const listener = () => handleFocus()
  window.addEventListener('visibilitychange', listener, false)
  window.addEventListener('focus', listener, false)
  return () => {
    window.removeEventListener('visibilitychange', listener)
    window.removeEventListener('focus', listener)
  }
}

export function createQueryClient(): QueryClient {
  focusManager.setEventListener(focusListener)
  return new QueryClient({
    defaultOptions: {
      queries: {
        // an answer from the core is final; only a lost connection is worth one more try
        retry: (count, err) => isApiError(err, 'NETWORK') && count < 1,
        // another PC may have changed the data meanwhile (LAN): lists refetch whenever the window gets focus, the rest when stale
        refetchOnWindowFocus: refetchOnFocus,
        staleTime: 15_000,
      },
      mutations: { retry: false },
    },
  })
}

/** Query key of one method call: `[method, params]`, so invalidating by method (or noun prefix) is one predicate. */
export const queryKeyOf = <M extends MethodName>(method: M, params: MethodIn<M>) => [method, params] as const

type QueryOpts<M extends MethodName> = Omit<UseQueryOptions<MethodOut<M>, Error, MethodOut<M>>, 'queryKey' | 'queryFn'> & {
  /** keep the previous page visible while the next loads (paged lists) */
  keepPrevious?: boolean
}

/** TanStack Query over one contract method. */
export function useApiQuery<M extends MethodName>(method: M, params: MethodIn<M>, opts: QueryOpts<M> = {}) {
  const { keepPrevious, ...rest } = opts
  return useQuery<MethodOut<M>, Error, MethodOut<M>>({
    queryKey: queryKeyOf(method, params),
    queryFn: () => invoke(method, params),
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...rest,
  })
}

/** Invalidates every cached query whose method starts with one of the prefixes ('customer.', 'followUp.due'). */
export function useInvalidate() {
  const qc = useQueryClient()
  return (prefixes: readonly string[]) =>
    qc.invalidateQueries({ predicate: (q) => prefixes.some((p) => String(q.queryKey[0]).startsWith(p)) })
}

/** A contract method as a mutation; on success the queries named by `invalidate` are refetched. */
export function useApiMutation<M extends MethodName>(method: M, opts: { invalidate?: readonly string[] } = {}) {
  const invalidate = useInvalidate()
  return useMutation<MethodOut<M>, Error, MethodIn<M>>({
    mutationFn: (params) => invoke(method, params),
    onSuccess: async () => {
      if (opts.invalidate?.length) await invalidate(opts.invalidate)
    },
  })
}
