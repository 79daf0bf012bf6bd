// /assist (请人帮办): the resident shows a 6-digit code and its QR to a helper (a window clerk or a
// relative); the page asks every few seconds what happened; when the helper has drafted the
// application, the resident checks it, signs it on their own phone and submits: the receipt.
// The code is kept in sessionStorage, so looking at the draft and coming back finds the session.
import { useEffect, useState } from 'preact/hooks'
import { ApiError, apiGet, apiPost } from '../../api/client'
import type { Receipt } from '../../api/types'
import { useSessionEnded, useSignedIn } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { parseApiTime, t } from '../../i18n'
import { useActing } from '../../acting'
import { FormAlert } from '../../components/Form'
import { HelpCard } from '../../components/HelpCard'
import type { AssistSession, StartedAssist } from '../../family/types'
import { AssistConfirm, AssistDone } from './AssistConfirm'
import { clearStoredSession, qrDataUrl, storedSession, storeSession, type StoredSession } from './session'
import '../family/family.css'

const POLL_MS = 3000
const enc = encodeURIComponent

function useCountdown(until: string | null): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!until) return
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [until])
  return until ? Math.max(0, Math.round((parseApiTime(until).getTime() - now) / 1000)) : 0
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`

export function Assist() {
  const me = useSignedIn()
  const { acting } = useActing()
  const { state } = useUi()
  useTitle(t('Ask someone to help me apply'))
  const [stored, setStored] = useState<StoredSession | null>(() => (me ? storedSession(me.account_id) : null))
  const [live, setLive] = useState<AssistSession | null>(null)
  const [gone, setGone] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [receipt, setReceipt] = useState<Receipt | null>(null)
  useSessionEnded(error ?? undefined)
  useEffect(() => {
    if (me && !stored) setStored(storedSession(me.account_id))
  }, [me?.account_id])

  const status = live?.status ?? (stored ? 'open' : null)
  const running = status === 'open' || status === 'joined'
  // Ask what happened every few seconds while the session runs.
  useEffect(() => {
    if (!stored || !running || receipt) return
    let live_ = true
    const ask = () =>
      apiGet<AssistSession>(`/assist-sessions/${enc(stored.code)}`).then(
        (s) => live_ && setLive(s),
        (e: unknown) => {
          if (!live_) return
          if (e instanceof ApiError && e.status === 404) {
            setGone(true)
            clearStoredSession()
          }
        },
      )
    void ask()
    const id = setInterval(() => void ask(), POLL_MS)
    return () => {
      live_ = false
      clearInterval(id)
    }
  }, [stored?.code, running, receipt])
  const left = useCountdown(running ? (live?.expires_at ?? stored?.expires_at ?? null) : null)

  const start = async () => {
    if (!me) return
    setBusy(true)
    setError(null)
    try {
      const s = await apiPost<StartedAssist>('/assist-sessions', {})
      const keep = { account: me.account_id, code: s.code, qr_svg: s.qr_svg, expires_at: s.expires_at }
      if (!state.kiosk) storeSession(keep) // a kiosk keeps nothing, not even for this tab
      setStored(keep)
      setLive(s)
      setGone(false)
      setReceipt(null)
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }
  const cancel = async () => {
    if (!stored) return
    setBusy(true)
    setError(null)
    try {
      setLive(await apiPost<AssistSession>(`/assist-sessions/${enc(stored.code)}/cancel`, {}))
      clearStoredSession()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }
  const again = () => {
    clearStoredSession()
    setStored(null)
    setLive(null)
    setGone(false)
    setReceipt(null)
  }

  const title = <h1>{t('Ask someone to help me apply')}</h1>
  if (acting) {
    return (
      <>
        {title}
        <p class="callout">{t('You are acting for {name} now. To see or change your own authorisations, stop acting for someone first.', { name: acting.name })}</p>
      </>
    )
  }
  if (receipt) return <>{title}<AssistDone receipt={receipt} onAgain={again} /></>
  if (!stored || gone || (live && !running)) {
    return (
      <>
        {title}
        {gone && <p class="notice" data-testid="assist-gone">{t('The help session has ended or timed out.')}</p>}
        {live?.status === 'cancelled' && <p class="notice" data-testid="assist-cancelled">{t('The help session was cancelled. Nothing was submitted.')}</p>}
        {live?.status === 'expired' && <p class="notice">{t('The help session timed out. Nothing was submitted.')}</p>}
        {live?.status === 'confirmed' && (
          <p class="notice">
            {t('The application was submitted.')} {live.case && <a href={`/cases/${enc(live.case)}`}>{t('See the case')}</a>}
          </p>
        )}
        <p class="lead">{t('A window clerk or a family member can fill in an application for you on their own device. Nothing is submitted until you check it and confirm it here, on your own phone.')}</p>
        <FormAlert error={error} />
        <button type="button" class="btn big" data-testid="assist-start" disabled={busy || !me} onClick={() => void start()}>
          {t('Get a help code')}
        </button>
        <HelpCard headingId="assist-help" title={t('Need help?')} />
      </>
    )
  }
  const joined = live?.status === 'joined'
  return (
    <>
      {title}
      <FormAlert error={error} />
      {!joined && (
        <section class="assist-code" aria-labelledby="assist-code-h" data-testid="assist-open">
          <h2 id="assist-code-h">{t('Show this code to the person helping you')}</h2>
          <p class="big-code code-value" data-testid="assist-code" aria-label={t('Help code {code}', { code: stored.code.split('').join(' ') })}>
            {stored.code}
          </p>
          <img class="assist-qr" src={qrDataUrl(stored.qr_svg)} width={200} height={200} alt={t('QR code of help code {code}', { code: stored.code })} data-testid="assist-qr" />
          <p role="timer" aria-live="off" data-testid="assist-left">
            {t('Valid for another {time}', { time: mmss(left) })}
          </p>
          <p role="status" class="hint">
            {t('Waiting for the helper to type the code…')}
          </p>
        </section>
      )}
      {joined && !live?.case && (
        <p role="status" class="callout" data-testid="assist-joined">
          {live?.helper_kind === 'clerk'
            ? t('The window clerk {name} is filling in the application for you. Wait here; you check it before it is submitted.', { name: live?.helper_name ?? '' })
            : t('{name} is filling in the application for you. Wait here; you check it before it is submitted.', { name: live?.helper_name ?? '' })}
        </p>
      )}
      {joined && live?.case && <AssistConfirm code={stored.code} number={live.case} helper={live.helper_name ?? ''} onReceipt={(r) => {
            clearStoredSession()
            setReceipt(r)
          }} />}
      <section class="section" aria-labelledby="assist-cancel-h">
        <h2 id="assist-cancel-h" class="visually-hidden">
          {t('Cancel the help session')}
        </h2>
        <button type="button" class="btn secondary" data-testid="assist-cancel" disabled={busy} onClick={() => void cancel()}>
          {t('Cancel the help session')}
        </button>
      </section>
    </>
  )
}
