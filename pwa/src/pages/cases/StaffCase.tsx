// /staff/cases/:number (办件审查): the applicant, the form answers, the materials (downloads), the
// time limit and timeline, and the decisions the API allows now (allowed_actions). A decision that
// needs a reason asks for it inline, under its button; no dialog.
import { useState } from 'preact/hooks'
import { apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Case, FormSchema } from '../../api/types'
import { useAuth } from '../../auth/session'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { Answers, CaseHead, Deadline, Timeline } from '../../components/cases/CaseBits'
import { Decisions } from '../../components/cases/Decisions'
import { deliveryLabel, fieldsOf } from '../../cases/form'
import { actionDone, actionLabel, STAFF_ORDER, staffStatusLabel } from '../../cases/labels'
import { levelWords } from '../../labels'
import { FileLink } from './CasePage'
import { StaffDenied } from './StaffQueue'
import { BundleCases, bundleOf, JointParts, receptionOf, ReceptionFacts } from '../../components/window/CaseModes'
import { agentKindLabel } from '../../components/window/staffMandates'
import './cases.css'
import '../../components/window/mandates.css'

const enc = encodeURIComponent

export function StaffCase({ number }: { number?: string }) {
  const { me } = useAuth()
  const res = useApi<Case>(me === undefined || !number ? null : `/cases/${enc(number)}`)
  const [fresh, setFresh] = useState<Case | null>(null)
  const [said, setSaid] = useState('')
  const c = fresh && fresh.number === number ? fresh : res.data
  const schema = useApi<FormSchema>(c ? `/matters/${enc(c.matter.code)}/form` : null)
  useTitle(c ? t('Case {number}', { number: c.number }) : t('Case review'))

  const denied = res.error && (res.error.status === 401 || res.error.status === 403)
  if (res.error) {
    return (
      <>
        <h1>{t('Case review')}</h1>
        {denied ? <StaffDenied /> : <ErrorView error={res.error} onRetry={res.reload} />}
      </>
    )
  }
  if (!c) {
    return (
      <>
        <h1>{t('Case review')}</h1>
        <Loading />
      </>
    )
  }
  const dl = dataLang()
  const fields = schema.data ? fieldsOf(schema.data) : []
  const actions = STAFF_ORDER.filter((a) => c.allowed_actions.includes(a))
  const status = c.status === 'supplement_requested' ? staffStatusLabel(c.status) : c.status_label
  const reception = receptionOf(c)
  const bundle = bundleOf(c)
  // 代办人 and the enterprise: who applied for the applicant under a mandate, and for which enterprise.
  const agent = c.agent && 'name' in c.agent ? c.agent : null
  const org = c.organisation && 'name' in c.organisation ? c.organisation : null
  return (
    <>
      <p class="crumbs">
        <a href="/staff/queue">{t('Cases to handle')}</a>
      </p>
      <CaseHead eyebrow={t('Case review')} matter={c.matter.name} number={c.number} status={status} said={said} saidTestid="staff-case-said">
        <div>
          <dt>{t('Submitted at')}</dt>
          <dd>{c.submitted_at ? formatDateTime(c.submitted_at) : '—'}</dd>
        </div>
        <div>
          <dt>{t('Time limit')}</dt>
          <dd data-testid="case-deadline">
            {c.time_limit_days !== null && <span>{t('{n} working days', { n: c.time_limit_days })}{t(', ')}</span>}
            <Deadline c={c} />
          </dd>
        </div>
        <div>
          <dt>{t('Result delivered')}</dt>
          <dd>
            {deliveryLabel(c.delivery)}
            {c.delivery === 'post' && c.delivery_address && (
              <>
                {t(': ')}
                <span lang={dl}>{c.delivery_address}</span>
              </>
            )}
          </dd>
        </div>
      </CaseHead>

      {c.allowed_actions.includes('receive') && (
        <p class="callout" data-testid="reception-continue-note">
          {t('This application is not received yet.')}{' '}
          <a class="btn" href={`/staff/reception?case=${enc(c.number)}`} data-testid="reception-continue">
            {t('Continue the reception')}
          </a>
        </p>
      )}
      {/* A joint case is decided part by part: the case itself then has nothing to decide. */}
      {(actions.length > 0 || !c.parts.some((p) => p.allowed_actions.length > 0)) && (
        <Decide
          c={c}
          actions={actions}
          onDone={(next, action) => {
            setFresh(next)
            setSaid(actionDone(action))
          }}
        />
      )}
      <JointParts
        c={c}
        onDone={(next, words) => {
          setFresh(next)
          setSaid(words)
        }}
      />

      <section class="section" aria-labelledby="applicant-h">
        <h2 id="applicant-h">{t('Applicant')}</h2>
        <dl class="facts wide">
          <div>
            <dt>{t('Full name')}</dt>
            <dd lang={dl} data-testid="applicant-name">
              {c.applicant.name || c.applicant.name_masked}
            </dd>
          </div>
          <div>
            <dt>{t('ID card number')}</dt>
            <dd>{c.applicant.id_number_masked ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('Mobile number')}</dt>
            <dd>{c.applicant.phone_masked}</dd>
          </div>
          <div>
            <dt>{t('Identity level')}</dt>
            <dd data-level={c.applicant.assurance}>{levelWords(c.applicant.assurance)}</dd>
          </div>
          {org && (
            <div>
              <dt>{t('For the enterprise')}</dt>
              <dd data-testid="case-organisation">
                <span lang={dl}>{org.name}</span>
                {t(' ({what})', { what: org.uscc })}
              </dd>
            </div>
          )}
          {agent && (
            <div>
              <dt>{t('Agent acting for the applicant')}</dt>
              <dd data-testid="case-agent">
                <span lang={dl}>{agent.name}</span>
                {agentKindLabel(agent.kind) && t(' ({what})', { what: agentKindLabel(agent.kind) })}
                {agent.mandate && (
                  <span class="hint agent-mandate" data-testid="case-agent-mandate">
                    {t('Authorisation {id}', { id: agent.mandate })}
                  </span>
                )}
              </dd>
            </div>
          )}
        </dl>
      </section>

      {reception && <ReceptionFacts r={reception} staff />}

      <section class="section" aria-labelledby="answers-h">
        <h2 id="answers-h">{t('Form answers')}</h2>
        {schema.data ? <Answers fields={fields} values={c.form} testid="staff-answers" /> : <Loading />}
      </section>

      <section class="section" aria-labelledby="files-h">
        <h2 id="files-h">{t('Materials')}</h2>
        {c.materials.length ? (
          <ul class="files">
            {c.materials.map((f, i) => (
              <FileLink key={f.id} number={c.number} f={f} n={i + 1} />
            ))}
          </ul>
        ) : (
          <p>{t('No files.')}</p>
        )}
      </section>

      <section class="section" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('Progress')}</h2>
        <Timeline events={c.events} />
      </section>
      {bundle && <BundleCases b={bundle} number={c.number} href={(n) => `/staff/cases/${enc(n)}`} />}
    </>
  )
}

function Decide({ c, actions, onDone }: { c: Case; actions: string[]; onDone: (c: Case, action: string) => void }) {
  if (!actions.length) {
    return (
      <section class="section" aria-labelledby="decide-h">
        <h2 id="decide-h">{t('Decision')}</h2>
        <p data-testid="no-actions">{t('Nothing to do on this case now.')}</p>
      </section>
    )
  }
  return (
    <section class="section decide" aria-labelledby="decide-h">
      <h2 id="decide-h">{t('Decision')}</h2>
      <Decisions
        actions={actions}
        label={actionLabel}
        run={async (a, reason) => onDone(await apiPost<Case>(`/cases/${enc(c.number)}/${a}`, { reason }), a)}
        formId="action-form"
        reasonId="action-reason"
        testid="case-action"
        heading="h3"
      />
    </section>
  )
}
