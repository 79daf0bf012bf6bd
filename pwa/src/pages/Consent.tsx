// /consent: a department system asks to sign the person in (OpenID Connect). The decision is a
// real form post to the server's /oauth/authorize, which sends the browser back to the system.
import { useEffect } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useApi } from '../api/useApi'
import type { Consent as ConsentData } from '../api/types'
import { signinUrl } from '../auth/next'
import { useSignedIn } from '../auth/session'
import { useTitle } from '../context'
import { t } from '../i18n'
import { ErrorView, Loading } from '../components/ErrorView'

export function ConsentPage() {
  const me = useSignedIn()
  const { url, route } = useLocation()
  useTitle(t('Sign in to another service'))
  // The page's own query string is the authorization request (without our ?lang=, if any).
  const query = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''))
  const res = useApi<ConsentData>(me ? '/oauth/consent' : null, query)
  useEffect(() => {
    if (res.error?.status === 401) route(signinUrl(url), true)
  }, [res.error])

  if (res.error && res.error.status !== 401) return <ErrorView level={1} error={res.error} />
  const c = res.data
  if (!me || !c) {
    return (
      <>
        <h1>{t('Sign in to another service')}</h1>
        <Loading />
      </>
    )
  }
  const params = Object.entries(c.params).filter(([k]) => k !== 'lang' || 'lang' in query)
  return (
    <>
      <h1>{t('Sign in to another service')}</h1>
      <p class="lead">
        <strong data-testid="consent-client">{c.client_name}</strong> {t('asks to sign you in with your Tongban account.')}
      </p>
      <dl class="facts wide">
        <div>
          <dt>{t('Signed in as')}</dt>
          <dd>{me.name_masked ? `${me.name_masked} (${me.phone_masked})` : me.phone_masked}</dd>
        </div>
        <div>
          <dt>{t('Afterwards you go to')}</dt>
          <dd data-testid="consent-redirect">{c.redirect_host}</dd>
        </div>
      </dl>
      <section class="section" aria-labelledby="consent-scopes-h">
        <h2 id="consent-scopes-h">{t('It will be able to see')}</h2>
        <ul class="scope-list">
          {c.scopes.map((s) => (
            <li key={s.name} data-testid="consent-scope">
              <span class="scope-desc">{s.description}</span> <code class="scope-name">{s.name}</code>
            </li>
          ))}
        </ul>
        <p class="hint">{t('Your ID card number is never shared. You are asked again if the service wants more.')}</p>
      </section>
      <form method="post" action="/oauth/authorize" class="consent-form">
        {params.map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={String(v ?? '')} />
        ))}
        <input type="hidden" name="csrf_token" value={c.csrf_token} />
        <div class="actions">
          <button type="submit" name="decision" value="allow" class="btn" data-testid="consent-allow">
            {t('Allow')}
          </button>
          <button type="submit" name="decision" value="deny" class="btn secondary" data-testid="consent-deny">
            {t('Deny')}
          </button>
        </div>
      </form>
    </>
  )
}
