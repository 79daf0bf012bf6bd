import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { dataLang, formatDate, t } from '../i18n'
import { useTitle, useUi } from '../context'
import { useApi } from '../api/useApi'
import type { MatterDetail, Material } from '../api/types'
import { AssuranceHint } from '../components/AssuranceHint'
import { assuranceLabel, audienceLabel, days, fieldTypeLabel, modeHelp, modeLabel, scopeLabel } from '../labels'
import { DemoLabel } from '../components/DemoLabel'
import { ErrorView, Loading } from '../components/ErrorView'
import { WhereToApply } from '../components/WhereToApply'

interface Section {
  id: string
  title: string
  body: ComponentChildren
}

const yesNo = (v: boolean, yes: string, no: string) => (
  <span class={v ? 'yes' : 'no'}>
    <span aria-hidden="true">{v ? '✓ ' : '– '}</span>
    {v ? yes : no}
  </span>
)

const Bullets = ({ items }: { items: string[] }) =>
  items.length ? (
    <ul class="bullets" lang={dataLang()}>
      {items.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ul>
  ) : (
    <p>{t('None stated.')}</p>
  )

function MaterialsTable({ materials }: { materials: Material[] }) {
  if (!materials.length) return <p>{t('No materials are needed.')}</p>
  const dl = dataLang()
  const cols = [t('Material'), t('Required?'), t('E-licence can replace it'), t('Original needed'), t('Copies'), t('Note')] as const
  return (
    <table class="stack materials">
      <caption class="visually-hidden">{t('Materials to hand in')}</caption>
      <thead>
        <tr>
          {cols.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {materials.map((m, i) => (
          <tr key={i}>
            <th scope="row" data-label={cols[0]} lang={dl}>
              {m.name}
            </th>
            <td data-label={cols[1]}>{yesNo(m.required, t('Required'), t('Optional'))}</td>
            <td data-label={cols[2]}>{yesNo(Boolean(m.licence_type), m.licence_type ? t('Yes: {licence}', { licence: m.licence_type }) : '', t('No'))}</td>
            <td data-label={cols[3]}>{yesNo(m.original_required, t('Yes, bring the original'), t('No'))}</td>
            <td data-label={cols[4]}>{m.copies}</td>
            <td data-label={cols[5]} lang={m.note ? dl : undefined}>
              {m.note || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function sections(m: MatterDetail): Section[] {
  const g = m.guide
  const dl = dataLang()
  return [
    {
      id: 'overview',
      title: t('At a glance'),
      body: (
        <dl class="facts wide">
          <div><dt>{t('Department')}</dt><dd lang={dl}>{m.department?.name}</dd></div>
          <div><dt>{t('For')}</dt><dd>{m.audience.map(audienceLabel).join(t(', ')) || '—'}</dd></div>
          <div><dt>{t('Available in')}</dt><dd>{m.scopes.map(scopeLabel).join(t(', ')) || '—'}</dd></div>
          <div><dt>{t('How to apply')}</dt><dd>{m.modes.map(modeLabel).join(t(', ')) || '—'}</dd></div>
          <div><dt>{t('Promised time limit')}</dt><dd>{days(g.time_limit_days ?? m.time_limit_days)}</dd></div>
          <div><dt>{t('Visits to a window')}</dt><dd>{g.visits === 0 ? t('None: no need to go in person') : t('At most {n}', { n: g.visits })}</dd></div>
          <div><dt>{t('Fee')}</dt>{g.fee.free ? <dd>{t('Free of charge')}</dd> : <dd lang={dl}>{g.fee.standard}</dd>}</div>
          <div><dt>{t('Identity check needed')}</dt><dd>{assuranceLabel(m.min_assurance)}</dd></div>
          {g.consult_phone && (
            <div><dt>{t('Questions')}</dt><dd><a href={`tel:${g.consult_phone.replace(/[^\d+]/g, '')}`}>{g.consult_phone}</a></dd></div>
          )}
        </dl>
      ),
    },
    { id: 'conditions', title: t('Who can apply'), body: <Bullets items={g.conditions} /> },
    { id: 'materials', title: t('Materials'), body: <MaterialsTable materials={g.materials} /> },
    {
      id: 'modes',
      title: t('Ways to apply'),
      body: (
        <>
          <ul class="bullets">
            {m.modes.map((mode) => (
              <li key={mode}>
                <strong>{modeLabel(mode)}</strong>{t(': ')}{modeHelp(mode)}
              </li>
            ))}
          </ul>
          {g.application_methods.length > 0 && (
            <>
              <h3>{t('Where and how')}</h3>
              <Bullets items={g.application_methods} />
            </>
          )}
          {g.acceptance_mode && (
            <p>
              <strong>{t('How applications are accepted')}</strong>{t(': ')}<span lang={dl}>{g.acceptance_mode}</span>
            </p>
          )}
        </>
      ),
    },
    {
      id: 'procedure',
      title: t('Procedure'),
      body: g.review_procedure.length ? (
        <ol class="steps" lang={dl}>
          {g.review_procedure.map((s, i) => (
            <li key={i}>
              <strong>{s.step}</strong>
              {s.description && <p>{s.description}</p>}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('None stated.')}</p>
      ),
    },
    {
      id: 'time-fees',
      title: t('Time limit and fees'),
      body: (
        <dl class="facts wide">
          <div><dt>{t('Promised time limit')}</dt><dd>{days(g.time_limit_days)}</dd></div>
          <div><dt>{t('Legal time limit')}</dt><dd>{days(g.legal_time_limit_days)}</dd></div>
          <div><dt>{t('Fee')}</dt><dd>{g.fee.free ? t('Free of charge') : t('Charged')}{g.fee.standard && <span lang={dl}>{` (${g.fee.standard})`}</span>}</dd></div>
        </dl>
      ),
    },
    { id: 'issuing', title: t('How you get the result'), body: <Bullets items={g.issuing_method} /> },
    {
      id: 'form',
      title: t('What the form asks'),
      body: g.form_fields.length ? (
        <ul class="form-preview">
          {g.form_fields.map((f) => (
            <li key={f.name}>
              <strong lang={dl}>{f.label}</strong> <span class="muted">({fieldTypeLabel(f.type)}{f.required ? t(', required') : t(', optional')})</span>
              {f.options.length > 0 && (
                <span class="muted">
                  {' '}
                  {t('Choices')}
                  {t(': ')}
                  <span lang={dl}>{f.options.join('、')}</span>
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('No form to fill in.')}</p>
      ),
    },
    { id: 'legal', title: t('Legal basis'), body: <Bullets items={g.legal_basis} /> },
    {
      id: 'lists',
      title: t('Published in these lists'),
      body: m.lists.length ? (
        <ul class="link-list">
          {m.lists.map((l) => (
            <li key={l.code}>
              <a href={`/lists/${encodeURIComponent(l.code)}/versions/${l.version}`}>
                <span lang={dl}>{l.name}</span>
                {t(' (version {n})', { n: l.version })}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('Not in any published list.')}</p>
      ),
    },
    {
      id: 'source',
      title: t('Source of this information'),
      body: (
        <>
          <p lang={dl}>{m.provenance}</p>
          {g.updated_at && <p class="muted">{t('Last updated: {date}', { date: formatDate(g.updated_at) })}</p>}
        </>
      ),
    },
    // Last, in both modes (and the last step of 长辈版): the way to act on the guide.
    { id: 'apply', title: t('Where and how to apply'), body: <WhereToApply matter={m} code={m.code} /> },
  ]
}

export function Matter({ code }: { code?: string }) {
  const { query, route } = useLocation()
  const { state } = useUi()
  const res = useApi<MatterDetail>(code ? `/matters/${encodeURIComponent(code)}` : null)
  const m = res.data
  // 长辈版 steps: after Previous/Next, move focus to the new part's heading.
  const step = query.step ?? ''
  const prevStep = useRef(step)
  useEffect(() => {
    if (prevStep.current === step) return
    prevStep.current = step
    const h = document.querySelector<HTMLElement>('.guide-step h2')
    h?.focus()
  }, [step])
  useTitle(m ? m.name : res.error ? res.error.title : t('Service guide'))

  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  if (!m) {
    return (
      <>
        <h1>{t('Service guide')}</h1>
        <Loading />
      </>
    )
  }
  const all = sections(m)
  const head = (
    <div class="guide-head">
      <h1 lang={dataLang()}>{m.name}</h1>
      <DemoLabel demo={m.demo} />
      {m.summary && (
        <p class="lead" lang={dataLang()}>
          {m.summary}
        </p>
      )}
      <p class="muted">{t('Service code: {code}', { code: m.code })}</p>
      <AssuranceHint min={m.min_assurance} />
    </div>
  )

  if (state.elder) {
    // 长辈版: one part of the guide per screen, with big Previous / Next buttons.
    const n = all.length
    const i = Math.min(n - 1, Math.max(0, parseInt(query.step ?? '0', 10) || 0))
    const s = all[i]!
    const to = (k: number) => route(`/matters/${encodeURIComponent(m.code)}${k ? `?step=${k}` : ''}`)
    return (
      <>
        {head}
        <section class="section guide-step" aria-labelledby={`g-${s.id}`}>
          <p class="step-of">{t('Part {i} of {n}', { i: i + 1, n })}</p>
          <h2 id={`g-${s.id}`} tabIndex={-1}>
            {s.title}
          </h2>
          {s.body}
        </section>
        <div class="step-nav">
          {i > 0 && (
            <button type="button" class="btn secondary" onClick={() => to(i - 1)}>
              {t('Previous: {title}', { title: all[i - 1]!.title })}
            </button>
          )}
          {i < n - 1 && (
            <button type="button" class="btn" onClick={() => to(i + 1)}>
              {t('Next: {title}', { title: all[i + 1]!.title })}
            </button>
          )}
        </div>
      </>
    )
  }

  return (
    <>
      {head}
      <nav class="toc" aria-label={t('Contents of this guide')}>
        <ul>
          {all.map((s) => (
            <li key={s.id}>
              <a href={`#g-${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {all.map((s) => (
        <section key={s.id} class="section" aria-labelledby={`g-${s.id}`}>
          <h2 id={`g-${s.id}`}>{s.title}</h2>
          {s.body}
        </section>
      ))}
    </>
  )
}
