// /account/sessions: where I am signed in; sign out one session, or everywhere (this one too).
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiPost } from '../api/client'
import { useApi } from '../api/useApi'
import type { SessionList, SessionRow } from '../api/types'
import { describeDevice } from '../auth/ua'
import { useAuth, useSessionEnded, useSignedIn } from '../auth/session'
import { useTitle } from '../context'
import { formatDateTime, t } from '../i18n'
import { ErrorView, Loading } from '../components/ErrorView'
import { FormAlert, useFormError } from '../components/Form'

function Item({ s, onRevoke, busy }: { s: SessionRow; onRevoke: () => void; busy: boolean }) {
  const device = describeDevice(s.user_agent)
  return (
    <li class={`card${s.current ? ' current' : ''}`} data-testid="session-item">
      <h3 class="card-title">
        {device}
        {s.current && (
          <span class="tag" data-testid="session-current">
            {t('This device')}
          </span>
        )}
      </h3>
      <dl class="facts">
        <div><dt>{t('Signed in')}</dt><dd>{formatDateTime(s.created_at)}</dd></div>
        <div><dt>{t('Last active')}</dt><dd>{formatDateTime(s.last_seen_at)}</dd></div>
        <div><dt>{t('Network address')}</dt><dd>{s.ip || '—'}</dd></div>
        <div><dt>{t('How')}</dt><dd>{s.amr.includes('hwk') ? t('Passkey') : t('Code sent to the phone')}</dd></div>
        {s.kiosk && <div><dt>{t('Kiosk')}</dt><dd>{t('Yes, a self-service kiosk')}</dd></div>}
      </dl>
      {!s.current && (
        <button type="button" class="btn secondary" data-testid="revoke-session" disabled={busy} onClick={onRevoke} aria-label={t('Sign out {device}', { device })}>
          {t('Sign out there')}
        </button>
      )}
    </li>
  )
}

export function Sessions() {
  const me = useSignedIn()
  const { setMe } = useAuth()
  const { route } = useLocation()
  useTitle(t('Where you are signed in'))
  const res = useApi<SessionList>(me ? '/me/sessions' : null)
  useSessionEnded(res.error)
  const { error, setError, alertId } = useFormError([])
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')

  const revoke = async (id: string) => {
    setBusy(true)
    setError(null)
    try {
      await apiPost(`/me/sessions/${encodeURIComponent(id)}/revoke`)
      setStatus(t('Signed out on that device.'))
      res.reload()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const revokeAll = async () => {
    setBusy(true)
    setError(null)
    try {
      await apiPost('/me/sessions/revoke-all')
      route('/signin', true)
      setMe(null)
    } catch (e) {
      setError(e)
      setBusy(false)
    }
  }

  return (
    <>
      <p class="crumbs"><a href="/account">{t('My account')}</a></p>
      <h1>{t('Where you are signed in')}</h1>
      <p>{t('If you see a device you do not know, sign it out and add a new passkey.')}</p>
      <p role="status">{status}</p>
      <FormAlert error={error} id={alertId} />
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <ul class="cards">
          {res.data.items.map((s) => (
            <Item key={s.id} s={s} busy={busy} onRevoke={() => void revoke(s.id)} />
          ))}
        </ul>
      )}
      <section class="section auth-card" aria-labelledby="revoke-all-h">
        <h2 id="revoke-all-h">{t('Sign out everywhere')}</h2>
        <p>{t('Ends every session, on this device too. You will need to sign in again.')}</p>
        <button type="button" class="btn danger" data-testid="revoke-all" disabled={busy} onClick={() => void revokeAll()}>
          {t('Sign out everywhere')}
        </button>
      </section>
    </>
  )
}
