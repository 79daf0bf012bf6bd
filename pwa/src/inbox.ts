// The header's count of unread inbox messages (GET /me/inbox's `unread`).
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiGet } from './api/client'
import type { InboxList } from './api/types'
import { useAuth } from './auth/session'
import { INBOX_EVENT } from './cases/around'
import './components/cases/around.css'

/** Unread messages of the signed-in person, for the header: asked on every page change and when a
 * message is read; null when signed out or unknown. */
export function useUnread(): number | null {
  const { me } = useAuth()
  const { path } = useLocation()
  const [unread, setUnread] = useState<number | null>(null)
  const [bump, setBump] = useState(0)
  useEffect(() => {
    const on = () => setBump((n) => n + 1)
    window.addEventListener(INBOX_EVENT, on)
    return () => window.removeEventListener(INBOX_EVENT, on)
  }, [])
  const account = me?.account_id ?? null
  useEffect(() => {
    if (account === null) {
      setUnread(null)
      return
    }
    const ctl = new AbortController()
    apiGet<InboxList>('/me/inbox', undefined, { signal: ctl.signal }).then(
      (box) => setUnread(box.unread),
      () => undefined, // offline or signed out meanwhile: keep what was shown
    )
    return () => ctl.abort()
  }, [account, path, bump])
  return unread
}
