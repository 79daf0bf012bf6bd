// /dev/outbox: the sandbox SMS provider's sent messages (development only; 404 in production).
import { useApi } from '../api/useApi'
import type { OutboxList } from '../api/types'
import { useTitle } from '../context'
import { formatDateTime, t } from '../i18n'
import { ErrorView, Loading } from '../components/ErrorView'
import { isNumericHost } from '../auth/webauthn'

/** For developers only: WebAuthn refuses a numeric address (127.0.0.1) as the site's name, so the
 * residents' pages just say passkeys cannot be used here; how to get them working is said here. */
function PasskeyDevNote() {
  if (typeof location === 'undefined' || !isNumericHost(location.hostname)) return null
  const url = `${location.protocol}//localhost${location.port ? `:${location.port}` : ''}/`
  return (
    <p class="notice sandbox-note" data-testid="dev-passkey-note">
      {t('Passkeys do not work at a numeric address such as this one: browsers need the site’s name. To try passkeys, open the same server by name:')}{' '}
      <a href={url} data-testid="dev-localhost-link">
        {url}
      </a>
    </p>
  )
}

export function DevOutbox() {
  useTitle(t('SMS sandbox'))
  const res = useApi<OutboxList>('/dev/outbox')
  const items = res.data ? [...res.data.items].sort((a, b) => b.id - a.id) : []
  return (
    <>
      <h1>{t('SMS sandbox')}</h1>
      <p class="notice sandbox-note">
        {t('Development only. These are the text messages the sandbox SMS provider “sent”: nothing reached a real phone. Production has no such page.')}
      </p>
      {res.data && <PasskeyDevNote />}
      {res.error && (res.error.status === 404 ? <p class="empty">{t('There is no SMS sandbox here (production).')}</p> : <ErrorView error={res.error} onRetry={res.reload} />)}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <>
          <div class="actions">
            <button type="button" class="btn secondary" onClick={res.reload}>
              {t('Refresh')}
            </button>
            <button type="button" class="btn secondary" onClick={() => history.back()}>
              {t('Back')}
            </button>
          </div>
          {items.length === 0 ? (
            <p class="empty">{t('No messages yet.')}</p>
          ) : (
            <ul class="cards outbox">
              {items.map((m) => (
                <li key={m.id} class="card" data-testid="outbox-item">
                  <p class="outbox-head">
                    <strong>{m.phone}</strong> <span class="muted">{formatDateTime(m.sent_at)}</span>
                  </p>
                  <p class="outbox-body">{m.body}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  )
}
