import { useEffect, useState } from 'preact/hooks'
import { useRegisterSW } from 'virtual:pwa-register/preact'
import { t } from '../i18n'
import { useUi } from '../context'
import { useSettled } from '../later'

export const KIOSK_RESET_EVENT = 'tb:kiosk-reset'

function useOnline(): boolean {
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

/** The live region is always there, so screen readers announce the notice when it appears. */
export function OfflineBanner() {
  const online = useOnline()
  return (
    <div role="status" class="live-slot">
      {!online && (
        <p class="notice offline" data-testid="offline-banner">
          <span class="notice-mark" aria-hidden="true">⚠</span> {t('You are offline. Service guides you have opened before still work.')}
        </p>
      )}
    </div>
  )
}

const UPDATE_CHECK_MS = 60 * 60 * 1000

/** The service worker waits (registerType 'prompt') until the person chooses to update, so a
 * half-filled form is never lost. In 长辈版 this is an inline bar, never a floating pop-up.
 * Registering it (workbox-window, then the worker and its precache of every chunk) waits until the
 * page has loaded and the browser is idle (src/later.ts): it is never in the way of the first paint.
 * The live region is there from the start, so the notice is announced when it appears. */
export function UpdateBanner() {
  const registerNow = useSettled()
  return (
    <div role="status" class="live-slot">
      {registerNow && <UpdatePrompt />}
    </div>
  )
}

function UpdatePrompt() {
  const { state } = useUi()
  const {
    needRefresh: [need, setNeed],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, reg) {
      if (reg) setInterval(() => void reg.update().catch(() => undefined), UPDATE_CHECK_MS)
    },
  })
  // A kiosk that went idle has nothing to lose: take the update then.
  useEffect(() => {
    const onReset = () => {
      if (need) void updateServiceWorker(true)
    }
    addEventListener(KIOSK_RESET_EVENT, onReset)
    return () => removeEventListener(KIOSK_RESET_EVENT, onReset)
  }, [need, updateServiceWorker])

  if (!need) return null
  const floating = !state.elder && !state.kiosk
  return (
    <div class={`notice update ${floating ? 'floating' : 'inline'}`} data-testid="update-banner">
      <p>{t('A new version of Tongban is ready. Update when you have finished what you are typing.')}</p>
      <div class="actions">
        <button type="button" class="btn" data-testid="update-now" onClick={() => void updateServiceWorker(true)}>
          {t('Update now')}
        </button>
        <button type="button" class="btn secondary" onClick={() => setNeed(false)}>
          {t('Later')}
        </button>
      </div>
    </div>
  )
}
