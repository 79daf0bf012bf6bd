// /rate-window?window=<code> (评价窗口服务, 一次一评): rate a visit to a service window on the five national
// levels, signed in or not. Reached from each window in /directory, from Help, and from the window's own
// sign or QR (which carries its code). Without a code, the person first picks the window.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiPost } from '../api/client'
import { useApi } from '../api/useApi'
import type { Centre, CentreList, Rating, Window } from '../api/types'
import { useTitle, useUi } from '../context'
import { dataLang, t } from '../i18n'
import { byNearness, namedAfterKind, windowKindLabel } from '../directory'
import { ErrorView, Loading } from '../components/ErrorView'
import { RatingForm, RatingView, followUpNote } from '../components/cases/Rating'
import './cases/cases.css'
import '../components/cases/around.css'

const enc = encodeURIComponent

const windowName = (w: Window): string => (namedAfterKind(w) ? w.name : t('{name} ({kind})', { name: w.name, kind: windowKindLabel(w.kind) }))

function find(centres: Centre[], code: string | undefined): { centre: Centre; window: Window } | null {
  if (!code) return null
  for (const centre of centres) {
    const w = centre.windows.find((x) => x.code === code)
    if (w) return { centre, window: w }
  }
  return null
}

function PickWindow({ centres, unknown }: { centres: Centre[]; unknown: boolean }) {
  const { route } = useLocation()
  const [code, setCode] = useState('')
  const [error, setError] = useState(unknown ? t('No window has this code. Choose the window from the list.') : '')
  const go = (e: Event) => {
    e.preventDefault()
    if (!code) {
      setError(t('Choose the window where you were served.'))
      document.getElementById('rate-window-pick')?.focus()
      return
    }
    route(`/rate-window?window=${enc(code)}`)
  }
  const dl = dataLang()
  return (
    <form onSubmit={go} noValidate data-testid="rate-window-picker">
      <div class={`field${error ? ' has-error' : ''}`}>
        <label for="rate-window-pick">{t('Which window served you?')}</label>
        <p class="hint" id="rate-window-pick-hint">
          {t('The window’s name is on its sign. Nearest service centres first.')}
        </p>
        {error && (
          <p class="field-error" id="rate-window-pick-error">
            <span aria-hidden="true">! </span>
            {error}
          </p>
        )}
        <select
          id="rate-window-pick"
          data-testid="rate-window-pick"
          value={code}
          aria-describedby={`rate-window-pick-hint${error ? ' rate-window-pick-error' : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setCode(e.currentTarget.value)
            setError('')
          }}
        >
          <option value="">{t('Choose a window')}</option>
          {centres.map((c) => (
            <optgroup key={c.code} label={c.name} lang={dl}>
              {c.windows.map((w) => (
                <option key={w.code} value={w.code} lang={dl}>
                  {windowName(w)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <button type="submit" class="btn" data-testid="rate-window-next">
        {t('Next step')}
      </button>
    </form>
  )
}

export function RateWindow() {
  const { state } = useUi()
  const { query } = useLocation()
  const centres = useApi<CentreList>('/centres')
  const [done, setDone] = useState<{ code: string; r: Rating } | null>(null)
  useTitle(t('Rate a window’s service'))
  const all = centres.data ? byNearness(centres.data.items.filter((c) => c.windows.length > 0), state.region) : []
  const code = query.window || undefined
  const found = find(all, code)
  const dl = dataLang()
  return (
    <>
      <h1>{t('Rate a window’s service')}</h1>
      <p class="lead">{t('Tell us how you were served at a government service window: one rating per visit. You do not need to sign in.')}</p>
      {centres.error && <ErrorView error={centres.error} onRetry={centres.reload} />}
      {!centres.data && !centres.error && <Loading />}
      {centres.data && (
        <>
          {found && (
            <dl class="facts wide" data-testid="rate-window-which">
              <div>
                <dt>{t('Service centre')}</dt>
                <dd lang={dl}>{found.centre.name}</dd>
              </div>
              <div>
                <dt>{t('Window')}</dt>
                <dd lang={dl} data-testid="rate-window-name">
                  {windowName(found.window)}
                </dd>
              </div>
            </dl>
          )}
          {!found && <PickWindow centres={all} unknown={!!code} />}
          {found && done?.code === found.window.code && <RatingView r={done.r} idPrefix="window-rating" fresh />}
          {found && done?.code !== found.window.code && (
            <RatingForm
              key={found.window.code}
              idPrefix="window-rating"
              legend={t('How satisfied are you with the service at this window?')}
              submitLabel={t('Send my rating')}
              send={(level, comment) => apiPost<Rating>('/window-ratings', { window: found.window.code, level, comment })}
              onDone={(r) => setDone({ code: found.window.code, r })}
            >
              <p class="hint">{followUpNote()}</p>
            </RatingForm>
          )}
          <p class="where-back">
            {found && (
              <>
                <a href="/rate-window" data-testid="rate-window-other">
                  {t('Rate another window')}
                </a>{' '}
              </>
            )}
            <a href="/directory">{t('Service centres and windows')}</a>
          </p>
        </>
      )}
    </>
  )
}
