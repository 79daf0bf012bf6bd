import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { dataLang, t } from '../i18n'
import type { MatterSummary } from '../api/types'
import { audienceLabel, modeLabel, scopeLabel } from '../labels'
import { DemoLabel } from './DemoLabel'

export interface SearchQuery {
  q: string
  scope: string
  mode: string
  audience: string
  page: number
}

export function searchHref(p: Partial<SearchQuery>): string {
  const q = new URLSearchParams()
  for (const k of ['q', 'scope', 'mode', 'audience', 'page'] as const) {
    const v = p[k]
    if (v && !(k === 'page' && v === 1)) q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `/search?${s}` : '/search'
}

/** The search box: an <input type=search> with a visible label and a submit button. */
export function SearchForm({ initial = '', hidden = {}, children, onSubmit }: {
  initial?: string
  hidden?: Record<string, string>
  children?: ComponentChildren
  onSubmit?: (data: FormData) => void
}) {
  const { route } = useLocation()
  const [value, setValue] = useState(initial)
  useEffect(() => setValue(initial), [initial])
  const submit = (e: Event) => {
    e.preventDefault()
    const data = new FormData(e.currentTarget as HTMLFormElement)
    if (onSubmit) return onSubmit(data)
    const get = (k: string) => String(data.get(k) ?? '').trim()
    route(searchHref({ q: get('q'), scope: get('scope'), mode: get('mode'), audience: get('audience') }))
  }
  return (
    <form role="search" class="search-form" action="/search" method="get" onSubmit={submit}>
      <label for="search-q" class="search-label">
        {t('Search for a service')}
      </label>
      <p class="hint" id="search-hint">
        {t('Type words, pinyin or initials, e.g. 户口迁移, hukou or hkqy.')}
      </p>
      <div class="search-row">
        <input
          id="search-q"
          name="q"
          type="search"
          data-testid="search-input"
          aria-describedby="search-hint"
          maxLength={100}
          autoComplete="off"
          enterKeyHint="search"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" class="btn" data-testid="search-submit">
          {t('Search')}
        </button>
      </div>
      {Object.entries(hidden).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      {children}
    </form>
  )
}

export function MatterCard({ m, headingLevel = 3 }: { m: MatterSummary; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3'
  const dl = dataLang()
  return (
    <li class="card matter-card">
      <H class="card-title">
        <a href={`/matters/${encodeURIComponent(m.code)}`} data-testid="matter-link" lang={dl}>
          {m.name}
        </a>
      </H>
      <DemoLabel demo={m.demo} />
      {m.summary && (
        <p class="summary" lang={dl}>
          {m.summary}
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>{t('Department')}</dt>
          <dd lang={dl}>{m.department?.name}</dd>
        </div>
        {m.modes?.length > 0 && (
          <div>
            <dt>{t('How to apply')}</dt>
            <dd>{m.modes.map(modeLabel).join(t(', '))}</dd>
          </div>
        )}
        {m.scopes?.length > 0 && (
          <div>
            <dt>{t('Available in')}</dt>
            <dd>{m.scopes.map(scopeLabel).join(t(', '))}</dd>
          </div>
        )}
        {m.audience?.length > 0 && (
          <div>
            <dt>{t('For')}</dt>
            <dd>{m.audience.map(audienceLabel).join(t(', '))}</dd>
          </div>
        )}
      </dl>
    </li>
  )
}

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (p: number) => string }) {
  if (pages <= 1) return null
  return (
    <nav class="pagination" aria-label={t('Result pages')}>
      {page > 1 ? (
        <a class="btn secondary" href={href(page - 1)} rel="prev">
          <span aria-hidden="true">‹ </span>
          {t('Previous page')}
        </a>
      ) : (
        <span />
      )}
      <span class="page-of">{t('Page {page} of {pages}', { page, pages })}</span>
      {page < pages ? (
        <a class="btn secondary" href={href(page + 1)} rel="next">
          {t('Next page')}
          <span aria-hidden="true"> ›</span>
        </a>
      ) : (
        <span />
      )}
    </nav>
  )
}
