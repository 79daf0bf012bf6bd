import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import { useUi } from '../context'
import { useAuth } from '../auth/session'
import { KIOSK_IDLE_MS } from '../settings'
import { KIOSK_RESET_EVENT } from './Banners'
import { stopReading } from './ReadAloud'

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input', 'scroll'] as const

/** Kiosk: after KIOSK_IDLE_MS without input, go home and forget everything (onReset remounts the pages). */
export function KioskIdle({ onReset, idleMs = KIOSK_IDLE_MS }: { onReset: () => void; idleMs?: number }) {
  const { state, store } = useUi()
  const { me, signout } = useAuth()
  const { route } = useLocation()
  // The timer reads the latest sign-in state without re-arming on every change.
  const signedIn = useRef(true)
  signedIn.current = me !== null
  useEffect(() => {
    if (!state.kiosk) return
    let timer = 0
    const reset = () => {
      stopReading()
      // A kiosk session must not outlive the person who walked away.
      if (signedIn.current) void signout()
      store.resetKiosk()
      route('/', true)
      onReset()
      window.scrollTo(0, 0)
      dispatchEvent(new Event(KIOSK_RESET_EVENT))
    }
    const arm = () => {
      clearTimeout(timer)
      timer = window.setTimeout(reset, idleMs)
    }
    ACTIVITY.forEach((e) => addEventListener(e, arm, { passive: true, capture: true }))
    arm()
    return () => {
      clearTimeout(timer)
      ACTIVITY.forEach((e) => removeEventListener(e, arm, { capture: true }))
    }
  }, [state.kiosk, idleMs])
  return null
}

/** The kiosk's bar: what the machine does with what one types, and the way out, for staff only (a
 * second press, so a visitor's stray tap does not leave the kiosk). */
export function KioskBar() {
  const { state, store } = useUi()
  const { me, signout } = useAuth()
  const [asking, setAsking] = useState(false)
  if (!state.kiosk) return null
  const exit = () => {
    setAsking(false)
    if (me) void signout()
    store.setKiosk(false)
  }
  return (
    <div class="kiosk-bar" data-testid="kiosk-bar">
      <p>{t('Self-service kiosk: nothing you enter is kept. The screen starts over after {n} minutes without use.', { n: Math.round(KIOSK_IDLE_MS / 60000) })}</p>
      {asking ? (
        <div class="kiosk-exit" role="group" aria-labelledby="kiosk-exit-q">
          <p id="kiosk-exit-q">{t('For staff: end kiosk mode on this machine?')}</p>
          <div class="actions">
            <button type="button" class="btn secondary" data-testid="kiosk-exit-confirm" onClick={exit}>
              {t('End kiosk mode')}
            </button>
            <button type="button" class="btn secondary" data-testid="kiosk-exit-cancel" onClick={() => setAsking(false)}>
              {t('Keep the kiosk')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="btn secondary" data-testid="kiosk-exit" onClick={() => setAsking(true)}>
          {t('Exit kiosk mode')}
        </button>
      )}
    </div>
  )
}
