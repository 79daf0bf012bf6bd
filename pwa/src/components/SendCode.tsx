// "Send code" for the phone-code forms. A 429 answer's Retry-After disables the button for that
// long, with the time left in its label: seconds under a minute, whole minutes above (never "2704 秒").
import { useEffect, useState } from 'preact/hooks'
import { ApiError, apiPost } from '../api/client'
import { t } from '../i18n'

export type CodePurpose = 'signup' | 'signin'

export interface SendCode {
  send: (phone: string) => Promise<boolean>
  busy: boolean
  /** seconds until sending is allowed again */
  left: number
  /** the number a code was last sent to, or '' */
  sentTo: string
}

export function useSendCode(purpose: CodePurpose, onError: (e: ApiError | null) => void): SendCode {
  const [busy, setBusy] = useState(false)
  const [sentTo, setSentTo] = useState('')
  const [until, setUntil] = useState(0)
  const [now, setNow] = useState(() => Date.now())
  const left = Math.max(0, Math.ceil((until - now) / 1000))
  useEffect(() => {
    if (!left) return
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [left > 0])

  const send = async (phone: string) => {
    if (busy || left) return false
    setBusy(true)
    onError(null)
    try {
      await apiPost('/auth/codes', { phone: phone.trim(), purpose })
      setSentTo(phone.trim())
      return true
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0, title: String(e) })
      if (err.retryAfter) {
        setNow(Date.now())
        setUntil(Date.now() + err.retryAfter * 1000)
      }
      onError(err)
      return false
    } finally {
      setBusy(false)
    }
  }
  return { send, busy, left, sentTo }
}

/** "Send again in 40 s", or in minutes (rounded up) when the wait is a minute or more. */
export function waitLabel(seconds: number): string {
  return seconds < 60 ? t('Send again in {n} s', { n: seconds }) : t('Send again in {n} min', { n: Math.ceil(seconds / 60) })
}

export function SendCodeButton({ sc, phone, onSent }: { sc: SendCode; phone: string; onSent?: () => void }) {
  return (
    <button
      type="button"
      class="btn secondary send-code"
      data-testid="send-code"
      disabled={sc.busy || sc.left > 0}
      onClick={() => void sc.send(phone).then((ok) => ok && onSent?.())}
    >
      {sc.busy ? t('Sending…') : sc.left > 0 ? waitLabel(sc.left) : sc.sentTo ? t('Send the code again') : t('Send code')}
    </button>
  )
}

/** Says where the code went (a live region, so screen readers hear it). */
export function CodeSentNote({ sc }: { sc: SendCode }) {
  return (
    <p role="status" class="code-sent">
      {sc.sentTo ? t('A 6-digit code was sent to {phone}. It is valid for 5 minutes.', { phone: sc.sentTo }) : ''}
    </p>
  )
}
