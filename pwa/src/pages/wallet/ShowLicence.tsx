// /wallet/:id/show (亮证): a single-use code valid 60 seconds, as a QR as large as the phone allows
// on a white panel, with a countdown. A new code is asked for 5 seconds before the shown one runs out
// and right after someone scans it; nothing is asked while the page is hidden or left. Every few
// seconds the page asks who checked the licence, so the holder sees "陈静 checked it" after a scan.
// Offline: the changing code needs the network; the static QR (kept on the device) is offered.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, apiGet, apiPost } from '../../api/client'
import { useSessionEnded } from '../../auth/session'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { useActing } from '../../acting'
import { FormAlert } from '../../components/Form'
import { Loading } from '../../components/ErrorView'
import { QrImage } from '../../components/wallet/LicenceBits'
import { useLicence } from './LicencePage'
import { useNow, useVisible } from './hooks'
import { CHECKS_POLL_MS, RETRY_MS, expiryOnDevice, parseServerTime, refreshDelay, refreshDue, secondsLeft } from './timing'
import { licencePath, walletHref, type CheckPage, type LicenceCheck, type Presentation } from './types'
import { LastCheck } from '../../components/wallet/LastCheck'

interface Shown {
  qr: string
  svg: string
  /** when it runs out, on this device's clock */
  expiry: number
  /** when it arrived, on this device's clock */
  at: number
  n: number
}

/** Errors after which asking again does not help. */
const lasting = (e: ApiError) => [401, 403, 404, 409].includes(e.status)

export function ShowLicence({ id }: { id?: string }) {
  const { acting } = useActing()
  const { l, qrSvg, offline: loadOffline, me, online } = useLicence(id)
  useTitle(t('Show to staff'))
  const visible = useVisible()
  const [shown, setShown] = useState<Shown | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [lastCheck, setLastCheck] = useState<LicenceCheck | null>(null)
  useSessionEnded(error ?? undefined)
  const inflight = useRef<AbortController | null>(null)
  // Asking for codes while seen and online; a failed request is tried again (the error effect).
  const active = !!me && !!id && visible && online && !(error && lasting(error))
  const offline = !online || !!error?.offline || (loadOffline && !shown)

  const fetchNew = useCallback(async () => {
    if (!id) return
    inflight.current?.abort()
    const ctl = new AbortController()
    inflight.current = ctl
    try {
      const p = await apiPost<Presentation>(`${licencePath(id)}/presentations`, {}, { signal: ctl.signal })
      const at = Date.now()
      setShown((s) => ({ qr: p.qr, svg: p.qr_svg, expiry: expiryOnDevice(parseServerTime(p.expires_at), at), at, n: (s?.n ?? 0) + 1 }))
      setError(null)
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      if (inflight.current === ctl) inflight.current = null
    }
  }, [id])

  // The next code: now when there is none (or it is about to run out), else a little before the end.
  useEffect(() => {
    if (!active) return
    if (error) {
      const timer = setTimeout(() => void fetchNew(), (error.retryAfter ?? 0) * 1000 || RETRY_MS)
      return () => clearTimeout(timer)
    }
    if (!shown || refreshDue(shown.expiry, Date.now())) {
      void fetchNew()
      return
    }
    const timer = setTimeout(() => void fetchNew(), refreshDelay(shown.expiry, Date.now()))
    return () => clearTimeout(timer)
  }, [active, shown, error, fetchNew])

  // Leaving the page, or hiding it: no request left running.
  useEffect(() => {
    if (!active) inflight.current?.abort()
  }, [active])
  useEffect(() => () => inflight.current?.abort(), [])

  // Who checked it: the newest check when the screen opened is the baseline; a newer one is shown,
  // and a scanned code is spent, so a new one is asked for at once.
  const baseline = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (!active || !id) return
    let live = true
    const ask = () =>
      apiGet<CheckPage>(`${licencePath(id)}/checks`, { per_page: 1 }).then(
        (page) => {
          if (!live) return
          const top = page.items[0]
          const key = top ? `${top.at}|${top.kind}|${top.verdict}|${top.verifier}` : ''
          if (baseline.current === undefined) baseline.current = key
          else if (top && key !== baseline.current) {
            baseline.current = key
            setLastCheck(top)
            if (top.kind === 'presentation' && top.verdict !== 'not_authorised') void fetchNew()
          }
        },
        () => undefined,
      )
    void ask()
    const timer = setInterval(() => void ask(), CHECKS_POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [active, id, fetchNew])

  // A white page while the code is shown, and the screen kept on where the browser allows it.
  useEffect(() => {
    document.documentElement.classList.add('showing-licence')
    return () => document.documentElement.classList.remove('showing-licence')
  }, [])
  useWakeLock(active)

  const now = useNow(!!shown && active)
  // The clock ticks once a second: a code that arrived since is counted from its arrival.
  const left = shown ? secondsLeft(shown.expiry, Math.max(now, shown.at)) : 0
  const fresh = !!shown && left > 0 && active
  const name = l?.type_name ?? ''
  return (
    <>
      <p class="eyebrow">{acting ? t('Licences of {name}', { name: acting.name }) : t('My licences')}</p>
      <h1>{name ? t('Show {licence}', { licence: name }) : t('Show to staff')}</h1>
      {offline ? (
        <section class="section" aria-labelledby="show-offline-h" data-testid="show-offline">
          <h2 id="show-offline-h">{t('No network')}</h2>
          <p class="offline-note">{t('The changing code needs the network. Show the fixed QR code below instead: staff can check it without the network.')}</p>
          {qrSvg ? (
            <div class="show-panel">
              <QrImage svg={qrSvg} big alt={t('QR code of {licence}, checkable without the network', { licence: name })} testid="show-static-qr" />
            </div>
          ) : (
            <p>{t('The QR code is not kept on this device.')}</p>
          )}
        </section>
      ) : (
        <>
          {!(error && lasting(error)) && (
            <div class="show-panel" data-testid="show-panel">
              {shown ? (
                <QrImage svg={shown.svg} big stale={!fresh} alt={t('Code for staff to scan, valid once for 60 seconds')} testid="show-qr" />
              ) : (
                !error && <Loading label={t('Getting a code…')} />
              )}
              <p class="show-rule" data-testid="show-rule">
                {t('Each code can be scanned once and is valid for 60 seconds.')}
              </p>
              {shown && (
                <p class="countdown" role="timer" aria-live="off" data-testid="show-countdown" data-n={shown.n}>
                  <span class="countdown-n" data-testid="show-seconds">
                    {fresh ? left : 0}
                  </span>
                  <span class="countdown-words">{fresh ? t('seconds left; then a new code comes by itself') : t('Getting a new code…')}</span>
                </p>
              )}
            </div>
          )}
          <FormAlert error={error} />
          <LastCheck check={lastCheck} />
          <p>
            <button type="button" class="btn secondary" data-testid="show-new" disabled={!active} onClick={() => void fetchNew()}>
              {t('Get a new code now')}
            </button>
          </p>
        </>
      )}
      <p class="where-back">
        <a href={id ? walletHref(id) : '/wallet'} data-testid="show-done">
          {t('Done: back to the licence')}
        </a>
      </p>
    </>
  )
}

interface WakeLockLike {
  release: () => Promise<void>
}

/** Keep the screen on while the code is shown (where the browser allows; nothing happens elsewhere). */
function useWakeLock(on: boolean): void {
  useEffect(() => {
    const wl = (navigator as Navigator & { wakeLock?: { request: (type: 'screen') => Promise<WakeLockLike> } }).wakeLock
    if (!on || !wl) return
    let lock: WakeLockLike | null = null
    let live = true
    wl.request('screen').then(
      (l) => {
        if (live) lock = l
        else void l.release().catch(() => undefined)
      },
      () => undefined,
    )
    return () => {
      live = false
      void lock?.release().catch(() => undefined)
    }
  }, [on])
}
