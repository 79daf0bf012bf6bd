// /staff/signin: staff powers only come with a passkey confirmed by PIN, fingerprint or face.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useAuth } from '../auth/session'
import { goNext, safeNext } from '../auth/next'
import { passkeySignin } from '../auth/flows'
import { useTitle, useUi } from '../context'
import { t } from '../i18n'
import { FormAlert, useFormError } from '../components/Form'
import { PasskeyButton } from '../components/AuthBits'

export function StaffSignin() {
  const { query, route } = useLocation()
  const { state } = useUi()
  const { setMe } = useAuth()
  useTitle(t('Staff sign-in'))
  const { error, setError, alertId } = useFormError([])
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')

  const onClick = async () => {
    setError(null)
    setNote('')
    setBusy(true)
    try {
      const p = await passkeySignin({ staff: true, kiosk: state.kiosk })
      if (p) {
        setMe(p)
        goNext(safeNext(query.next), route, '/staff')
        return
      }
      setNote(t('Passkey sign-in was not completed. Please try again.'))
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <h1>{t('Staff sign-in')}</h1>
      <p class="lead">{t('For window clerks, reviewers, supervisors and administrators.')}</p>
      <FormAlert error={error} id={alertId} />
      <div class="auth-card">
        <p>{t('Staff sign in with a passkey only. Your device will ask for your PIN, fingerprint or face: without that confirmation there are no staff powers.')}</p>
        <PasskeyButton testid="staff-signin-passkey" busy={busy} onClick={() => void onClick()} label={t('Staff sign-in with a passkey')} />
        <p role="status" class="status-note">
          {note}
        </p>
      </div>
      <section class="section" aria-labelledby="staff-first-h">
        <h2 id="staff-first-h">{t('First time?')}</h2>
        <ol class="steps">
          <li>{t('Sign in as a resident with a code sent to your phone.')}</li>
          <li>{t('On My account, add a passkey protected by a PIN, fingerprint or face.')}</li>
          <li>{t('Sign out, then come back here and use that passkey.')}</li>
        </ol>
        <p>
          <a href="/signin">{t('Resident sign-in')}</a>
        </p>
      </section>
    </>
  )
}
