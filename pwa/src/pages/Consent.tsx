// /consent: a department system asks to sign the person in (OpenID Connect). The decision is
// posted with fetch to the server's /oauth/authorize, which answers with the URL of the system's
// callback (code or error), and the page then goes there itself.
//
// Not a form post: our CSP says form-action 'self', and Chromium applies form-action to the
// redirect that follows a form post, so the server's 302 to another origin would be blocked and
// the person would never get back to the department system. Listing every registered system in
// form-action is not possible in a static header (nginx) and would loosen it for every page;
// fetch (connect-src 'self') plus a navigation keeps the policy strict.
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, toApiError } from '../api/client'
import { useApi } from '../api/useApi'
import type { Consent as ConsentData } from '../api/types'
import { signinUrl } from '../auth/next'
import { useSignedIn } from '../auth/session'
import { useTitle } from '../context'
import { BCP47, getLang, t } from '../i18n'
import { ErrorView, Loading } from '../components/ErrorView'

type Decision = 'allow' | 'deny'

/** Post the decision; resolve to the URL to go to (the system's callback, or sign-in again). */
async function postDecision(fields: [string, string][], decision: Decision): Promise<string> {
  const body = new URLSearchParams(fields)
  body.set('decision', decision)
  let res: Response
  try {
    res = await fetch('/oauth/authorize', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      redirect: 'manual', // never follow a redirect to another origin from script
      headers: { Accept: 'application/json', 'Accept-Language': BCP47[getLang()] },
    })
  } catch {
    throw new ApiError({
      status: 0,
      offline: true,
      title: t('Could not reach the service'),
      detail: t('Check your connection. Pages you have opened before can still be read offline.'),
    })
  }
  if (!res.ok) throw await toApiError(res)
  const answer = (await res.json()) as { redirect_to?: unknown }
  if (typeof answer.redirect_to !== 'string' || !answer.redirect_to) throw await toApiError(res)
  return answer.redirect_to
}

export function ConsentPage() {
  const me = useSignedIn()
  const { url, route } = useLocation()
  useTitle(t('Sign in to another service'))
  // The page's own query string is the authorization request (without our ?lang=, if any).
  const query = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''))
  const res = useApi<ConsentData>(me ? '/oauth/consent' : null, query)
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState<ApiError | null>(null)
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
  const decide = async (decision: Decision) => {
    setBusy(true)
    setFailed(null)
    try {
      const fields: [string, string][] = params.map(([k, v]) => [k, String(v ?? '')])
      fields.push(['csrf_token', c.csrf_token])
      // A full navigation: the department system's page (or sign-in again) replaces this one.
      window.location.assign(await postDecision(fields, decision))
    } catch (e) {
      setFailed(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
      setBusy(false)
    }
  }
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
            <li key={s.name} data-testid="consent-scope" data-scope={s.name}>
              {/* In words only: the scope's code (openid, loa…) is for the department system's developers. */}
              <span class="scope-desc">{s.description}</span>
            </li>
          ))}
        </ul>
        <p class="hint">{t('Your ID card number is never shared. You are asked again if the service wants more.')}</p>
      </section>
      {failed && <ErrorView error={failed} />}
      <div class="consent-form">
        <div class="actions">
          <button type="button" class="btn" data-testid="consent-allow" disabled={busy} onClick={() => decide('allow')}>
            {t('Allow')}
          </button>
          <button
            type="button"
            class="btn secondary"
            data-testid="consent-deny"
            disabled={busy}
            onClick={() => decide('deny')}
          >
            {t('Deny')}
          </button>
        </div>
      </div>
    </>
  )
}
