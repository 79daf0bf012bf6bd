import { useLocation } from 'preact-iso'
import { getLang, t } from '../i18n'
import { useTitle, useUi } from '../context'
import { useApi } from '../api/useApi'
import type { MatterPage } from '../api/types'
import { AUDIENCES, MODES, SCOPES, audienceLabel, modeLabel, scopeLabel } from '../labels'
import { MatterCard, Pagination, SearchForm, searchHref, type SearchQuery } from '../components/Search'
import { ErrorView, Loading } from '../components/ErrorView'
import { DATA, WithData } from '../components/DataText'

const pick = (v: string | undefined, allowed: readonly string[]) => (v && allowed.includes(v) ? v : '')

/** One filter as radio buttons: every choice in sight and in words that wrap, at any text size
 * (a closed <select> shows one line and cuts it, "全部专" at 150 %). Choosing one filters at once. */
function Filter({ name, legend, value, options, allLabel, label, onChange }: {
  name: string
  legend: string
  value: string
  options: readonly string[]
  allLabel: string
  label: (code: string) => string
  onChange: (v: string) => void
}) {
  return (
    <fieldset class="choice-group" data-testid={`filter-${name}`}>
      <legend>{legend}</legend>
      <div class="choices">
        {['', ...options].map((o) => (
          <label key={o || 'all'} class="choice">
            <input type="radio" name={name} value={o} checked={value === o} onChange={() => onChange(o)} />
            <span>{o ? label(o) : allLabel}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}

const HAN = /\p{Script=Han}/u

/** 'Search results for “{q}”' with the words people typed marked as Chinese on an English page (WCAG
 * 3.1.2), so a screen reader reads 户口 in a Chinese voice; typed English or pinyin stays unmarked. */
function QueryTitle({ q }: { q: string }) {
  if (getLang() !== 'en' || !HAN.test(q)) return <>{t('Search results for “{q}”', { q })}</>
  return <WithData text={t('Search results for “{q}”', { q: DATA })} value={q} lang="zh" testid="query-words" />
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
  const chosen = [sq.scope && scopeLabel(sq.scope), sq.mode && modeLabel(sq.mode), sq.audience && audienceLabel(sq.audience)].filter(Boolean)

  return (
    <>
      <h1>{sq.q ? <QueryTitle q={sq.q} /> : title}</h1>
      <SearchForm initial={sq.q} hidden={state.elder ? { scope: sq.scope, mode: sq.mode, audience: sq.audience } : {}}>
        {!state.elder && (
          // Folded away until wanted (open while a filter is on), so the results come first.
          <details class="filters" open={filtered} data-testid="filters">
            <summary>
              {t('Filters')}
              {filtered && <span class="filters-now">{t(': ')}{chosen.join(t(', '))}</span>}
            </summary>
            <div class="filter-groups">
              <Filter name="scope" legend={t('Zone')} value={sq.scope} options={SCOPES} allLabel={t('All zones')} label={scopeLabel} onChange={(v) => go({ scope: v })} />
              <Filter name="mode" legend={t('How to apply')} value={sq.mode} options={MODES} allLabel={t('Any way')} label={modeLabel} onChange={(v) => go({ mode: v })} />
              <Filter name="audience" legend={t('For')} value={sq.audience} options={AUDIENCES} allLabel={t('Everyone')} label={audienceLabel} onChange={(v) => go({ audience: v })} />
            </div>
            {filtered && (
              <a class="btn secondary" href={searchHref({ q: sq.q })}>
                {t('Clear filters')}
              </a>
            )}
          </details>
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
