import { useEffect, useRef } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import { AskFirst } from './AskFirst'
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

/** The kiosk's bar: what the machine does with what one types, and the way out for staff, behind a
 * second press so that a visitor's stray tap does not leave the kiosk. (Not a lock: a kiosk is no
 * security boundary; what a visitor typed goes with the idle reset.) */
export function KioskBar() {
  const { state, store } = useUi()
  const { me, signout } = useAuth()
  if (!state.kiosk) return null
  const exit = async () => {
    if (me) await signout()
    store.setKiosk(false)
    return true
  }
  return (
    <div class="kiosk-bar" data-testid="kiosk-bar">
      <p>{t('Self-service kiosk: nothing you enter is kept. The screen starts over after {n} minutes without use.', { n: Math.round(KIOSK_IDLE_MS / 60000) })}</p>
      <div class="kiosk-exit">
        <AskFirst
          trigger={t('Exit kiosk mode')}
          triggerTestid="kiosk-exit"
          question={t('For staff: end kiosk mode on this machine?')}
          yes={t('End kiosk mode')}
          yesTestid="kiosk-exit-confirm"
          no={t('Keep the kiosk')}
          noTestid="kiosk-exit-cancel"
          onYes={exit}
        />
      </div>
    </div>
  )
}
