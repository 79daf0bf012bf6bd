import { dataLang, formatDate, t } from '../i18n'
import { useTitle } from '../context'
import { useApi } from '../api/useApi'
import type { List, ListIndex, ListVersion, ListVersionIndex } from '../api/types'
import { changeKindLabel, changedFieldLabel, modeLabel, scopeLabel } from '../labels'
import { DemoLabel } from '../components/DemoLabel'
import { ErrorView, Loading } from '../components/ErrorView'

const listHref = (code: string) => `/lists/${encodeURIComponent(code)}`
const versionHref = (code: string, n: number) => `${listHref(code)}/versions/${n}`
const csvHref = (code: string, n: number) => `/api/v1/lists/${encodeURIComponent(code)}/versions/${n}/export.csv`

/** The list index is small and cached offline; the detail pages use it for name, demo flag and provenance. */
function useListInfo(code: string | undefined): { list?: List; loading: boolean } {
  const res = useApi<ListIndex>('/lists')
  return { list: res.data?.items.find((l) => l.code === code), loading: res.loading }
}

export function Lists() {
  useTitle(t('Lists'))
  const res = useApi<ListIndex>('/lists')
  const dl = dataLang()
  return (
    <>
      <h1>{t('Published lists')}</h1>
      <p class="lead">{t('Each list is a published set of services in one zone. Lists are versioned, and every change is dated.')}</p>
      {res.loading && <Loading />}
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {res.data && res.data.items.length === 0 && <p>{t('No lists are published yet.')}</p>}
      {res.data && (
        <ul class="cards">
          {res.data.items.map((l) => (
            <li key={l.code} class="card">
              <h2 class="card-title">
                <a href={listHref(l.code)} data-testid="list-link" lang={dl}>
                  {l.name}
                </a>
              </h2>
              <DemoLabel demo={l.demo} />
              {l.description && <p lang={dl}>{l.description}</p>}
              <dl class="facts">
                <div><dt>{t('Zone')}</dt><dd>{scopeLabel(l.scope)}</dd></div>
                <div>
                  <dt>{t('Current version')}</dt>
                  <dd>{l.current_version === null ? t('Not published yet') : t('Version {n}, published {date}', { n: l.current_version, date: formatDate(l.published_at) })}</dd>
                </div>
                <div><dt>{t('Services')}</dt><dd>{l.item_count}</dd></div>
              </dl>
              {l.provenance && <Source text={l.provenance} />}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/** A list item's deadline: a date, or the list's own words for it (“2020年底前”, data in Chinese). */
function Deadline({ text }: { text: string }) {
  const date = text ? formatDate(text) : ''
  const words = Boolean(text) && date === text
  return (
    <td data-label={t('Deadline')} lang={words ? dataLang() : undefined}>
      {date || '—'}
    </td>
  )
}

function Source({ text }: { text: string }) {
  return (
    <p class="muted">
      {t('Source')}
      {t(': ')}
      <span lang={dataLang()}>{text}</span>
    </p>
  )
}

export function ListDetail({ code }: { code?: string }) {
  const info = useListInfo(code)
  const res = useApi<ListVersionIndex>(code ? `/lists/${encodeURIComponent(code)}/versions` : null)
  const name = info.list?.name ?? code ?? ''
  const dl = dataLang()
  useTitle(name)
  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  return (
    <>
      <h1 lang={dl}>{name}</h1>
      <DemoLabel demo={info.list?.demo} />
      {info.list?.description && (
        <p class="lead" lang={dl}>
          {info.list.description}
        </p>
      )}
      {info.list?.provenance && <Source text={info.list.provenance} />}
      <section class="section" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('Versions')}</h2>
        {res.loading && <Loading />}
        {res.data && (
          <ul class="cards">
            {res.data.items.map((v) => (
              <li key={v.number} class="card">
                <h3 class="card-title">
                  <a href={versionHref(code!, v.number)} data-testid="version-link">
                    {t('Version {n}', { n: v.number })}
                  </a>
                </h3>
                <p>{t('Published {date}', { date: formatDate(v.published_at) })}</p>
                {v.note && <p lang={dl}>{v.note}</p>}
                <p class="counts">
                  <span>{t('Added: {n}', { n: v.counts.added })}</span>
                  <span>{t('Removed: {n}', { n: v.counts.removed })}</span>
                  <span>{t('Changed: {n}', { n: v.counts.changed })}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a class="btn secondary" href="/lists">
          {t('All lists')}
        </a>
      </p>
    </>
  )
}

export function ListVersionPage({ code, n }: { code?: string; n?: string }) {
  const info = useListInfo(code)
  const res = useApi<ListVersion>(code && n ? `/lists/${encodeURIComponent(code)}/versions/${encodeURIComponent(n)}` : null)
  const v = res.data
  const name = v?.list.name ?? info.list?.name ?? code ?? ''
  const title = v ? t('{name}, version {n}', { name, n: v.number }) : name
  useTitle(title)
  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  if (!v) {
    return (
      <>
        <h1>{title}</h1>
        <Loading />
      </>
    )
  }
  const kinds = ['added', 'removed', 'changed'] as const
  const dl = dataLang()
  return (
    <>
      <h1>
        <span lang={dl}>{name}</span>
        {t(' (version {n})', { n: v.number })}
      </h1>
      <DemoLabel demo={info.list?.demo} />
      <p class="lead">
        {scopeLabel(v.list.scope)} · {t('Published {date}', { date: formatDate(v.published_at) })}
      </p>
      {v.note && <p lang={dl}>{v.note}</p>}
      {v.provenance && <Source text={v.provenance} />}
      <p>
        <a class="btn secondary" href={csvHref(v.list.code, v.number)} download>
          {t('Download as CSV')}
        </a>
      </p>

      <section class="section" aria-labelledby="changes-title">
        <h2 id="changes-title">{t('Changes in this version')}</h2>
        {v.changes.length === 0 && <p>{t('No changes from the previous version.')}</p>}
        {kinds.map((k) => {
          const items = v.changes.filter((c) => c.kind === k)
          if (!items.length) return null
          return (
            <div key={k} class={`changes changes-${k}`}>
              <h3>
                <span aria-hidden="true">{k === 'added' ? '+ ' : k === 'removed' ? '− ' : '~ '}</span>
                {t('{kind} ({n})', { kind: changeKindLabel(k), n: items.length })}
              </h3>
              <ul class="bullets">
                {items.map((c) => (
                  <li key={c.matter_code}>
                    {k === 'removed' ? (
                      <span lang={dl}>{c.matter_name}</span>
                    ) : (
                      <a href={`/matters/${encodeURIComponent(c.matter_code)}`} lang={dl}>
                        {c.matter_name}
                      </a>
                    )}
                    {c.fields.length > 0 && <span class="muted">{t(' (changed: {fields})', { fields: c.fields.map(changedFieldLabel).join(t(', ')) })}</span>}
                  </li>
                ))}
              </ul>
            </div>
          )
        })}
      </section>

      <section class="section" aria-labelledby="items-title">
        <h2 id="items-title">{t('Services in this version ({n})', { n: v.items.length })}</h2>
        <table class="stack items">
          <thead>
            <tr>
              <th scope="col">{t('No.')}</th>
              <th scope="col">{t('Service')}</th>
              <th scope="col">{t('How to apply')}</th>
              <th scope="col">{t('Deadline')}</th>
              <th scope="col">{t('Note')}</th>
            </tr>
          </thead>
          <tbody>
            {v.items.map((it, i) => (
              <tr key={it.matter_code}>
                <td class="seq" data-label={t('No.')}>
                  {it.seq ?? i + 1}
                </td>
                <th scope="row" data-label={t('Service')} data-seq={`${it.seq ?? i + 1}.`}>
                  <a href={`/matters/${encodeURIComponent(it.matter_code)}`} data-testid="matter-link" lang={dl}>
                    {it.matter_name}
                  </a>
                </th>
                <td data-label={t('How to apply')}>{it.modes.map(modeLabel).join(t(', ')) || '—'}</td>
                <Deadline text={it.deadline} />
                <td data-label={t('Note')} lang={it.note ? dl : undefined}>
                  {it.note || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <a class="btn secondary" href={listHref(v.list.code)}>
          {t('All versions of this list')}
        </a>
      </p>
    </>
  )
}
