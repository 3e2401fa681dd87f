import { useMemo } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useApiQuery } from '../../shared/query'
import type { User } from './users.api'

/** Active users (for owner and manager pickers), with a lookup by id. */
export function useUsers(opts: { includeDisabled?: boolean } = {}) {
  const q = useApiQuery('user.list', { includeDisabled: opts.includeDisabled ?? false }, { staleTime: 60_000 })
  const byId = useMemo(() => new Map((q.data?.items ?? []).map((u) => [u.id, u])), [q.data])
  return { ...q, users: q.data?.items ?? [], byId }
}

/** Select options "姓名（角色）" for active users. */
export function useUserOptions(filter?: (u: User) => boolean) {
  const t = useT()
  const { users, byId, isLoading } = useUsers()
  const options = useMemo(
    () =>
      users
        .filter((u) => !u.disabled && (!filter || filter(u)))
        .map((u) => ({ value: String(u.id), label: `${u.displayName}（${t(`role.${u.role}`)}）` })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [users, t],
  )
  return { options, byId, isLoading }
}
