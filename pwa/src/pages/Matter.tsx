import { useLocation } from 'preact-iso'
import { dataLang, formatDate, getLang, t } from '../i18n'
import { useTitle, useUi } from '../context'
import { useApi } from '../api/useApi'
import type { MatterDetail } from '../api/types'
import { AssuranceHint } from '../components/AssuranceHint'
import { assuranceLabel, audienceLabel, days, fieldTypeLabel, modeHelp, modeLabel, scopeLabel } from '../labels'
import { DemoLabel } from '../components/DemoLabel'
import { ErrorView, Loading } from '../components/ErrorView'
import { WhereToApply } from '../components/WhereToApply'
import { GuideSteps, type Section } from './GuideSteps'
import { Bullets, Fee, MaterialsTable } from './GuideParts'

function sections(m: MatterDetail): Section[] {
  const g = m.guide
  const dl = dataLang()
  const procedure = (from: number, to: number) => (
    <ol class="steps" lang={dl} start={from + 1}>
      {g.review_procedure.slice(from, to).map((s, i) => (
        <li key={from + i}>
          <strong>{s.step}</strong>
          {s.description && <p>{s.description}</p>}
        </li>
      ))}
    </ol>
  )
  const formPreview = (from: number, to: number) => (
    <ul class="form-preview">
      {g.form_fields.slice(from, to).map((f) => (
        <li key={f.name}>
          <strong lang={dl}>{f.label}</strong>
          <span class="muted">{f.required ? t(' ({type}, required)', { type: fieldTypeLabel(f.type) }) : t(' ({type}, optional)', { type: fieldTypeLabel(f.type) })}</span>
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
  )
  const ways = [
    <ul key="ways" class="bullets">
      {m.modes.map((mode) => (
        <li key={mode}>
          <strong>{modeLabel(mode)}</strong>{t(': ')}{modeHelp(mode)}
        </li>
      ))}
    </ul>,
  ]
  if (g.application_methods.length || g.acceptance_mode) {
    ways.push(
      <div key="where">
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
      </div>,
    )
  }
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
          <div><dt>{t('Fee')}</dt><dd data-testid="fee-overview"><Fee fee={g.fee} /></dd></div>
          <div><dt>{t('Identity check needed')}</dt><dd>{assuranceLabel(m.min_assurance)}</dd></div>
          {g.consult_phone && (
            <div><dt>{t('Questions')}</dt><dd><a href={`tel:${g.consult_phone.replace(/[^\d+]/g, '')}`} lang={dl}>{g.consult_phone}</a></dd></div>
          )}
        </dl>
      ),
    },
    { id: 'conditions', title: t('Who can apply'), body: <Bullets items={g.conditions} /> },
    {
      id: 'materials',
      title: t('Materials'),
      body: <MaterialsTable materials={g.materials} />,
      // 长辈版: a few materials per screen (each one is a card of six facts on a phone).
      split: { count: g.materials.length, perScreen: [2, 1, 1], part: (from, to) => <MaterialsTable materials={g.materials.slice(from, to)} /> },
    },
    {
      id: 'modes',
      title: t('Ways to apply'),
      body: <>{ways}</>,
      // 长辈版: the ways, then where and how, on screens of their own.
      split: { count: ways.length, perScreen: [1, 1, 1], part: (from, to) => <>{ways.slice(from, to)}</> },
    },
    {
      id: 'procedure',
      title: t('Procedure'),
      body: g.review_procedure.length ? procedure(0, g.review_procedure.length) : <p>{t('None stated.')}</p>,
      // 长辈版 at 150 % and 200 % text: a few steps of the procedure per screen.
      split: { count: g.review_procedure.length, perScreen: [99, 3, 2], part: procedure },
    },
    {
      id: 'time-fees',
      title: t('Time limit and fees'),
      body: (
        <dl class="facts wide">
          <div><dt>{t('Promised time limit')}</dt><dd>{days(g.time_limit_days)}</dd></div>
          <div><dt>{t('Legal time limit')}</dt><dd>{days(g.legal_time_limit_days)}</dd></div>
          <div><dt>{t('Fee')}</dt><dd data-testid="fee"><Fee fee={g.fee} /></dd></div>
        </dl>
      ),
    },
    { id: 'issuing', title: t('How you get the result'), body: <Bullets items={g.issuing_method} /> },
    {
      id: 'form',
      title: t('What the form asks'),
      body: g.form_fields.length ? formPreview(0, g.form_fields.length) : <p>{t('No form to fill in.')}</p>,
      split: { count: g.form_fields.length, perScreen: [99, 6, 4], part: formPreview },
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
                {/* one inline run of words, so the version wraps with the name, not in a column */}
                <span>
                  <span lang={dl}>{l.name}</span>
                  {t(' (version {n})', { n: l.version })}
                </span>
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
  const { query } = useLocation()
  const { state } = useUi()
  const res = useApi<MatterDetail>(code ? `/matters/${encodeURIComponent(code)}` : null)
  const m = res.data
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
  const step = parseInt(query.step ?? '0', 10) || 0
  // The guide's words are the catalogue's, in Chinese: say so in the other languages (WCAG 3.1.2 marks them).
  const notice = getLang() !== 'zh_Hans' && (
    <p class="guide-notice" data-testid="guide-language-notice">
      {t('This guide is published in Chinese only, so its content is shown in Chinese.')}
    </p>
  )
  const head = (full: boolean) => (
    <div class="guide-head">
      <h1 lang={dataLang()}>{m.name}</h1>
      <DemoLabel demo={m.demo} />
      {notice}
      {full && m.summary && (
        <p class="lead" lang={dataLang()}>
          {m.summary}
        </p>
      )}
      {full && <p class="muted">{t('Service code: {code}', { code: m.code })}</p>}
      {full && <AssuranceHint min={m.min_assurance} />}
    </div>
  )

  if (state.elder) {
    // 长辈版: one step per screen; the summary only with the first.
    return <GuideSteps code={m.code} sections={all} step={step} head={head(step <= 0)} textScale={state.textScale} />
  }

  return (
    <>
      {head(true)}
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
