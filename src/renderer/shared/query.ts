import {
  keepPreviousData,
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query'
import { invoke, isApiError } from '../app/transport'
import type { MethodIn, MethodName, MethodOut } from '../app/methods'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // an answer from the core is final; only a lost connection is worth one more try
        retry: (count, err) => isApiError(err, 'NETWORK') && count < 1,
        // another PC may have changed the data meanwhile (LAN): a stale list refetches when the window gets focus
        refetchOnWindowFocus: true,
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
