import { useEffect, useRef } from 'preact/hooks'
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

export function KioskBar() {
  const { state, store } = useUi()
  const { me, signout } = useAuth()
  if (!state.kiosk) return null
  const exit = () => {
    if (me) void signout()
    store.setKiosk(false)
  }
  return (
    <div class="kiosk-bar" data-testid="kiosk-bar">
      <p>{t('Self-service kiosk: nothing you enter is kept. The screen starts over after {n} minutes without use.', { n: Math.round(KIOSK_IDLE_MS / 60000) })}</p>
      <button type="button" class="btn secondary" data-testid="kiosk-exit" onClick={exit}>
        {t('Exit kiosk mode')}
      </button>
    </div>
  )
}
