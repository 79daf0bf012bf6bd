import { useEffect, useState } from 'preact/hooks'

/** navigator.onLine, kept up to date by the `online` and `offline` events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine)
  useEffect(() => {
    const on = () => setOnline(true)
    const off = () => setOnline(false)
    addEventListener('online', on)
    addEventListener('offline', off)
    return () => {
      removeEventListener('online', on)
      removeEventListener('offline', off)
    }
  }, [])
  return online
}

/** A fetch that adds the Idempotency-Key header (apiPost takes a fetch of its own). */
export function withIdempotencyKey(key: string, base: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => base(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'Idempotency-Key': key } })
}
