import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import { useTitle, useUi } from '../context'
import { useApi } from '../api/useApi'
import type { MatterPage } from '../api/types'
import { AUDIENCES, MODES, SCOPES, audienceLabel, modeLabel, scopeLabel } from '../labels'
import { MatterCard, Pagination, SearchForm, searchHref, type SearchQuery } from '../components/Search'
import { ErrorView, Loading } from '../components/ErrorView'

const pick = (v: string | undefined, allowed: readonly string[]) => (v && allowed.includes(v) ? v : '')

function Filter({ name, label, value, options, allLabel, onChange }: {
  name: string
  label: string
  value: string
  options: readonly string[]
  allLabel: string
  onChange: (v: string) => void
}) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {name === 'scope' ? scopeLabel(o) : name === 'mode' ? modeLabel(o) : audienceLabel(o)}
          </option>
        ))}
      </select>
    </div>
  )
}

export function Search() {
  const { query, route } = useLocation()
  const { state } = useUi()
  const sq: SearchQuery = {
    q: (query.q ?? '').slice(0, 100),
    scope: pick(query.scope, SCOPES),
    // `mode` is also the display-mode URL switch (elder/normal/kiosk): only service modes filter.
    mode: pick(query.mode, MODES),
    audience: pick(query.audience, AUDIENCES),
    page: Math.max(1, parseInt(query.page ?? '1', 10) || 1),
  }
  const perPage = state.elder ? 5 : 10
  const res = useApi<MatterPage>('/matters', { q: sq.q, scope: sq.scope, mode: sq.mode, audience: sq.audience, page: sq.page, per_page: perPage })
  const title = sq.q ? t('Search results for “{q}”', { q: sq.q }) : sq.scope ? scopeLabel(sq.scope) : t('All services')
  useTitle(title)
  const go = (patch: Partial<SearchQuery>) => route(searchHref({ ...sq, page: 1, ...patch }))
  const filtered = Boolean(sq.scope || sq.mode || sq.audience)

  return (
    <>
      <h1>{title}</h1>
      <SearchForm initial={sq.q} hidden={state.elder ? { scope: sq.scope, mode: sq.mode, audience: sq.audience } : {}}>
        {!state.elder && (
          <fieldset class="filters">
            <legend>{t('Filters')}</legend>
            <Filter name="scope" label={t('Zone')} value={sq.scope} options={SCOPES} allLabel={t('All zones')} onChange={(v) => go({ scope: v })} />
            <Filter name="mode" label={t('How to apply')} value={sq.mode} options={MODES} allLabel={t('Any way')} onChange={(v) => go({ mode: v })} />
            <Filter name="audience" label={t('For')} value={sq.audience} options={AUDIENCES} allLabel={t('Everyone')} onChange={(v) => go({ audience: v })} />
            {filtered && (
              <a class="btn secondary" href={searchHref({ q: sq.q })}>
                {t('Clear filters')}
              </a>
            )}
          </fieldset>
        )}
      </SearchForm>
      <section class="section" aria-labelledby="results-title">
        <h2 id="results-title">{t('Results')}</h2>
        <div role="status">
          {res.data && (
            <p class="count">
              {t('Services found: {n}', { n: res.data.total })}
            </p>
          )}
        </div>
        {res.loading && <Loading />}
        {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
        {res.data && res.data.items.length === 0 && (
          <div class="empty">
            <p>{t('No service matches. Try fewer or other words, or clear the filters.')}</p>
            <p>{t('You can also call 12345 or ask at a service window.')}</p>
          </div>
        )}
        {res.data && res.data.items.length > 0 && (
          <>
            <ul class="cards">
              {res.data.items.map((m) => (
                <MatterCard key={m.code} m={m} />
              ))}
            </ul>
            <Pagination page={res.data.page} pages={res.data.pages} href={(page) => searchHref({ ...sq, page })} />
          </>
        )}
      </section>
    </>
  )
}
