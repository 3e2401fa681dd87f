import { useQueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { AuthStatus, LoginResult, Role, SessionUser } from '../features/auth/auth.api'
import { translate } from './i18n/i18n'
import { invoke, onUnauthenticated, tokenStore } from './transport'
import { notifications } from '@mantine/notifications'

type State =
  | { phase: 'loading' }
  | { phase: 'offline'; error: unknown }
  | { phase: 'setup'; status: AuthStatus }
  | { phase: 'anonymous'; status: AuthStatus; expired?: boolean }
  | { phase: 'signedIn'; status: AuthStatus; user: SessionUser }

interface SessionValue {
  state: State
  user: SessionUser | null
  companyName: string | null
  signIn: (r: LoginResult) => void
  signOut: () => Promise<void>
  refreshStatus: () => Promise<void>
  /** start over (after the host was unreachable) */
  reboot: () => void
  hasRole: (...roles: Role[]) => boolean
}

const SessionContext = createContext<SessionValue | null>(null)

/**
 * Who is signed in. On start: auth.status (first-run setup needed?) then auth.me with the stored token.
 * Any UNAUTHENTICATED answer anywhere drops the session and the router sends the user to the login page.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ phase: 'loading' })
  const qc = useQueryClient()

  const boot = useCallback(async () => {
    try {
      const status = await invoke('auth.status', {})
      if (status.needsSetup) return setState({ phase: 'setup', status })
      if (!tokenStore.get()) return setState({ phase: 'anonymous', status })
      try {
        const user = await invoke('auth.me', {})
        setState({ phase: 'signedIn', status, user })
      } catch {
        tokenStore.clear()
        setState({ phase: 'anonymous', status })
      }
    } catch (error) {
      setState({ phase: 'offline', error })
    }
  }, [])

  useEffect(() => {
    void boot()
  }, [boot])

  useEffect(
    () =>
      onUnauthenticated(() => {
        tokenStore.clear()
        qc.clear()
        setState((s) => {
          if (s.phase !== 'signedIn') return s
          notifications.clean()
          notifications.show({ id: 'session-expired', color: 'orange', message: translate('user.sessionExpired') })
          return { phase: 'anonymous', status: s.status, expired: true }
        })
      }),
    [qc],
  )

  const signIn = useCallback((r: LoginResult) => {
    tokenStore.set(r.token)
    qc.clear()
    // nothing said to the previous session (or on the login page) stays on screen
    notifications.clean()
    setState((s) => ({
      phase: 'signedIn',
      status: s.phase === 'loading' || s.phase === 'offline' ? { needsSetup: false, companyName: null } : { ...s.status, needsSetup: false },
      user: r.user,
    }))
    // the company name may be new (first-run setup)
    invoke('auth.status', {})
      .then((status) => setState((s) => (s.phase === 'signedIn' ? { ...s, status } : s)))
      .catch(() => undefined)
  }, [qc])

  const signOut = useCallback(async () => {
    try {
      await invoke('auth.logout', {})
    } catch {
      /* the session may already be gone */
    }
    tokenStore.clear()
    qc.clear()
    notifications.clean()
    setState((s) => (s.phase === 'signedIn' ? { phase: 'anonymous', status: s.status } : s))
  }, [qc])

  const refreshStatus = useCallback(async () => {
    const status = await invoke('auth.status', {})
    setState((s) => (s.phase === 'signedIn' || s.phase === 'anonymous' ? { ...s, status } : s))
  }, [])

  const value = useMemo<SessionValue>(() => {
    const user = state.phase === 'signedIn' ? state.user : null
    return {
      state,
      user,
      companyName: 'status' in state ? state.status.companyName : null,
      signIn,
      signOut,
      refreshStatus,
      reboot: () => {
        setState({ phase: 'loading' })
        void boot()
      },
      hasRole: (...roles) => !!user && roles.includes(user.role),
    }
  }, [state, signIn, signOut, refreshStatus, boot])

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext)
  if (!v) throw new Error('useSession outside SessionProvider')
  return v
}

/** The signed-in user (only inside the signed-in shell). */
export function useCurrentUser(): SessionUser {
  const { user } = useSession()
  if (!user) throw new Error('no signed-in user')
  return user
}
