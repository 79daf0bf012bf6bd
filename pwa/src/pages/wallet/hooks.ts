// Hooks of the wallet pages: who is signed in (offline too), whether the page is seen, a clock.
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useAuth } from '../../auth/session'
import { signinUrl } from '../../auth/next'
import type { Profile } from '../../api/types'
import { useOnline } from '../../cases/online'

export interface WalletMe {
  /** undefined while not known yet; null signed out, or offline when the app started */
  me: Profile | null | undefined
  online: boolean
  /** offline with nobody known: show what this device kept */
  offlineStart: boolean
}

/** Like useSignedIn, but an app started offline (the account could not be asked for) stays here to
 * show the licences kept on the device; back online, the account is asked for again. */
export function useWalletMe(): WalletMe {
  const { me, refresh } = useAuth()
  const online = useOnline()
  const { url, route } = useLocation()
  useEffect(() => {
    if (me !== null || !online) return
    let live = true
    refresh().then(
      (p) => live && !p && route(signinUrl(url), true),
      () => live && route(signinUrl(url), true),
    )
    return () => {
      live = false
    }
  }, [me, online])
  return { me, online, offlineStart: me === null && !online }
}

/** document.visibilityState === 'visible', kept up to date. */
export function useVisible(): boolean {
  const seen = () => typeof document === 'undefined' || document.visibilityState !== 'hidden'
  const [visible, setVisible] = useState(seen)
  useEffect(() => {
    const on = () => setVisible(seen())
    document.addEventListener('visibilitychange', on)
    return () => document.removeEventListener('visibilitychange', on)
  }, [])
  return visible
}

/** Date.now(), once a second while `on`. */
export function useNow(on: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!on) return
    setNow(Date.now())
    const id = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(id)
  }, [on, everyMs])
  return now
}
