// Who is signed in: GET /api/v1/auth/session once at start (200 with the profile, or null: a signed-out
// visit logs no 401; GET /me keeps its 401 for API clients), updated by sign-in and sign-out.
import { createContext, type ComponentChildren } from 'preact'
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiGet, apiPost } from '../api/client'
import type { Profile } from '../api/types'
import { forgetWallet } from '../pages/wallet/cache'
import { signinUrl } from './next'

export interface Auth {
  /** undefined while not known yet, null when signed out */
  me: Profile | null | undefined
  setMe: (p: Profile | null) => void
  refresh: () => Promise<Profile | null>
  signout: () => Promise<void>
}

/** GET /auth/session (backend identity/schemas.py SessionStateSchema). */
interface SessionState {
  signed_in: boolean
  profile: Profile | null
}

export const AuthContext = createContext<Auth | null>(null)

export function useAuth(): Auth {
  const auth = useContext(AuthContext)
  if (!auth) throw new Error('useAuth outside <AuthProvider>')
  return auth
}

export function AuthProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Profile | null | undefined>(undefined)
  const refresh = useCallback(async () => {
    try {
      const p = (await apiGet<SessionState>('/auth/session')).profile ?? null
      setMe(p)
      return p
    } catch (e) {
      // Offline (or an error page): signed out for now; pages that need the account say so.
      if (!(e instanceof ApiError)) throw e
      setMe(null)
      return null
    }
  }, [])
  const signout = useCallback(async () => {
    setMe(null)
    await apiPost('/auth/signout').catch(() => undefined)
    // Drafts hold personal data: what the server already has leaves the device with the person.
    // (IndexedDB code, loaded when someone signs out rather than with every first page.)
    await import('../cases/store').then((m) => m.forgetSyncedDrafts()).catch(() => undefined)
    forgetWallet() // the licences kept for offline use leave with the person too
  }, [])
  useEffect(() => {
    void refresh()
  }, [refresh])
  const auth = useMemo(() => ({ me, setMe, refresh, signout }), [me, refresh, signout])
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
}

/** For pages that need a signed-in person: sends the signed-out to /signin?next=<this page>. */
export function useSignedIn(page = '/signin'): Profile | null | undefined {
  const { me } = useAuth()
  const { url, route } = useLocation()
  useEffect(() => {
    if (me === null) route(signinUrl(url, page), true)
  }, [me, url])
  return me
}

/** An API answer of 401 on a signed-in page: the session ended elsewhere; learn it (→ sign-in). */
export function useSessionEnded(error: ApiError | undefined): void {
  const { refresh } = useAuth()
  useEffect(() => {
    if (error?.status === 401) void refresh()
  }, [error])
}
