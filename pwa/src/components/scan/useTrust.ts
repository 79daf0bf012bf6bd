// The cached trust list for the scanner page: read at once, refreshed from the server on open, every
// 10 minutes while open, and when the network comes back (src/verify/trustList.ts).
import { useEffect, useState } from 'preact/hooks'
import { cachedTrustList, refreshTrustList, REFRESH_MS, type RefreshResult } from '../../verify/trustList'

export function useTrust(): RefreshResult & { loading: boolean } {
  const [state, setState] = useState<RefreshResult & { loading: boolean }>({ trust: null, loading: true })
  useEffect(() => {
    let live = true
    const refresh = () => void refreshTrustList().then((r) => live && setState({ ...r, loading: false }))
    void cachedTrustList().then((trust) => live && trust && setState((s) => (s.trust ? s : { ...s, trust })))
    refresh()
    const timer = setInterval(refresh, REFRESH_MS)
    addEventListener('online', refresh)
    return () => {
      live = false
      clearInterval(timer)
      removeEventListener('online', refresh)
    }
  }, [])
  return state
}
