// After sign-up (and while an account has no passkey): offer to add one, inline, never a pop-up.
import { useState } from 'preact/hooks'
import { addPasskey } from '../auth/flows'
import { passkeysUsable } from '../auth/webauthn'
import { useAuth } from '../auth/session'
import { t } from '../i18n'
import { FormAlert, useFormError } from './Form'

export function PasskeyOffer({ welcome }: { welcome: boolean }) {
  const { refresh } = useAuth()
  const { error, setError, alertId } = useFormError([])
  const [busy, setBusy] = useState(false)
  const [hidden, setHidden] = useState(false)
  const [added, setAdded] = useState(false)
  // Nothing to offer where passkeys cannot work (no WebAuthn, or a numeric address).
  if (hidden || !passkeysUsable()) return null

  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      if (await addPasskey('')) {
        setAdded(true)
        await refresh()
      }
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="callout" aria-labelledby="offer-h" data-testid="passkey-offer">
      <h2 id="offer-h">{welcome ? t('Your account is ready') : t('Sign in faster next time')}</h2>
      <p>{t('Add a passkey: next time you sign in with your fingerprint, face or screen lock instead of waiting for a code. It stays on your device and cannot be tricked out of you by a fake website.')}</p>
      <FormAlert error={error} id={alertId} />
      <p role="status">{added ? t('Passkey added. You can use it the next time you sign in.') : ''}</p>
      {!added && (
        <div class="actions">
          <button type="button" class="btn" data-testid="offer-passkey" disabled={busy} onClick={() => void add()}>
            {busy ? t('Waiting for your passkey…') : t('Add a passkey')}
          </button>
          <button type="button" class="btn secondary" onClick={() => setHidden(true)}>
            {t('Not now')}
          </button>
        </div>
      )}
    </section>
  )
}
