import { useEffect, useState } from 'preact/hooks'
import { getLang } from '../i18n'
import { ApiError, apiGet, type Params } from './client'

export interface ApiState<T> {
  data?: T
  error?: ApiError
  loading: boolean
  reload: () => void
}

/** GET path (null: nothing to load); refetches when path, params or language change. */
export function useApi<T>(path: string | null, params?: Params): ApiState<T> {
  const key = path === null ? '' : `${path}|${JSON.stringify(params ?? {})}|${getLang()}`
  const [nonce, setNonce] = useState(0)
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError }>({ key: '' })

  useEffect(() => {
    if (path === null) return
    const ctl = new AbortController()
    apiGet<T>(path, params, { signal: ctl.signal }).then(
      (data) => setState({ key, data }),
      (error: unknown) => {
        if (error instanceof ApiError) setState({ key, error })
        else if (!(error instanceof DOMException && error.name === 'AbortError')) setState({ key, error: new ApiError({ status: 0, title: String(error) }) })
      },
    )
    return () => ctl.abort()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, nonce])

  const current = state.key === key
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && !current,
    reload: () => {
      setState({ key: '' })
      setNonce((n) => n + 1)
    },
  }
}
