// /cases/:number (我的办件详情): status, time limit, timeline, what I answered and uploaded, and what
// I may do now (allowed_actions): continue a draft, withdraw before acceptance, answer a 补正 with
// a note and new files.
import { useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Case, CaseFile, FormSchema } from '../../api/types'
import { useSessionEnded, useSignedIn } from '../../auth/session'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert } from '../../components/Form'
import { AskFirst } from '../../components/AskFirst'
import { Answers, CaseHead, Deadline, Timeline } from '../../components/cases/CaseBits'
import { TextArea } from '../../components/cases/FieldInput'
import { MaterialUpload } from '../../components/cases/MaterialUpload'
import { AroundCase } from '../../components/cases/AroundCase'
import { deliveryLabel, fieldsOf, fileKindLabel, formatBytes } from '../../cases/form'
import { actionDone, actionLabel } from '../../cases/labels'
import { useOnline } from '../../cases/online'
import { BundleCases, bundleOf, JointParts, receptionOf, ReceptionFacts } from '../../components/window/CaseModes'
import { useActing } from '../../acting'
import './cases.css'

const enc = encodeURIComponent

export function CasePage({ number }: { number?: string }) {
  const me = useSignedIn()
  const res = useApi<Case>(me && number ? `/cases/${enc(number)}` : null)
  useSessionEnded(res.error)
  const [fresh, setFresh] = useState<Case | null>(null)
  const [said, setSaid] = useState('')
  const c = fresh && fresh.number === number ? fresh : res.data
  const schema = useApi<FormSchema>(c ? `/matters/${enc(c.matter.code)}/form` : null)
  useTitle(c ? t('Case {number}', { number: c.number }) : t('My case'))
  const { acting } = useActing()

  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  if (!c) {
    return (
      <>
        <h1>{t('My case')}</h1>
        <Loading />
      </>
    )
  }
  const dl = dataLang()
  const supplementNote = [...c.events].reverse().find((e) => e.kind === 'supplement_requested')?.note
  const fields = schema.data ? fieldsOf(schema.data) : []
  const reception = receptionOf(c)
  const bundle = bundleOf(c)
  return (
    <>
      <CaseHead eyebrow={acting ? t('Case of {name}', { name: acting.name }) : t('My case')} matter={c.matter.name} number={c.number} status={c.status_label} said={said} saidTestid="case-said">
        <CaseParties c={c} />
        <div>
          <dt>{t('Handled by')}</dt>
          <dd lang={dl}>{c.department.name}</dd>
        </div>
        {c.submitted_at && (
          <div>
            <dt>{t('Submitted at')}</dt>
            <dd>{formatDateTime(c.submitted_at)}</dd>
          </div>
        )}
        {c.status !== 'draft' && !c.completed_at && (
          <div>
            <dt>{t('Promised decision')}</dt>
            <dd data-testid="case-deadline">
              <Deadline c={c} />
            </dd>
          </div>
        )}
        {c.completed_at && (
          <div>
            <dt>{t('Closed on')}</dt>
            <dd>{formatDateTime(c.completed_at)}</dd>
          </div>
        )}
        <div>
          <dt>{t('How you get the result')}</dt>
          <dd>{deliveryLabel(c.delivery)}</dd>
        </div>
      </CaseHead>

      {c.allowed_actions.includes('submit') && (
        <p class="callout">
          {t('This application is not submitted yet.')}{' '}
          <a class="btn" href={`/apply/${enc(c.matter.code)}/form?case=${enc(c.number)}`} data-testid="case-continue">
            {t('Continue the application')}
          </a>
        </p>
      )}
      {c.allowed_actions.includes('supplement') && (
        <Supplement
          c={c}
          note={supplementNote}
          materials={schema.data?.materials ?? []}
          onDone={(next) => {
            setFresh(next)
            setSaid(actionDone('supplement'))
          }}
          onFiles={(files) => setFresh({ ...c, materials: files })}
        />
      )}

      <JointParts c={c} />
      {reception && <ReceptionFacts r={reception} />}
      <AroundCase c={c} onCase={setFresh} />

      <section class="section" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('Progress')}</h2>
        <Timeline events={c.events} />
      </section>
      {bundle && <BundleCases b={bundle} number={c.number} href={(n) => `/cases/${enc(n)}`} />}

      {fields.length > 0 && (
        <details class="section more">
          <summary>{t('What you filled in')}</summary>
          <Answers fields={fields} values={c.form} />
        </details>
      )}
      <section class="section" aria-labelledby="files-h">
        <h2 id="files-h">{t('Materials you uploaded')}</h2>
        {c.materials.length ? (
          <ul class="files">
            {c.materials.map((f) => (
              <FileLink key={f.id} number={c.number} f={f} />
            ))}
          </ul>
        ) : (
          <p>{t('No files.')}</p>
        )}
      </section>

      {c.allowed_actions.includes('withdraw') && (
        <Withdraw
          number={c.number}
          draft={c.status === 'draft'}
          onDone={(next) => {
            setFresh(next)
            setSaid(actionDone('withdraw'))
          }}
        />
      )}
      <p class="where-back">
        <a href="/me/cases">{t('All my cases')}</a>
      </p>
    </>
  )
}

/** 申请人 / 代办人: both names when an agent applied under a mandate; the enterprise, if any. */
export function CaseParties({ c }: { c: Pick<Case, 'applicant' | 'agent' | 'organisation'> }) {
  const agent = c.agent && 'name' in c.agent ? c.agent : null
  const org = c.organisation && 'name' in c.organisation ? c.organisation : null
  return (
    <>
      {org && (
        <div>
          <dt>{t('For the enterprise')}</dt>
          <dd data-testid="case-organisation">{org.name}</dd>
        </div>
      )}
      {agent && (
        <>
          <div>
            <dt>{t('Applicant')}</dt>
            <dd data-testid="case-applicant">{c.applicant.name}</dd>
          </div>
          <div>
            <dt>{t('Agent')}</dt>
            <dd data-testid="case-agent">
              {agent.name}
              {agent.kind === 'assisted' ? t(' (help session)') : ''}
            </dd>
          </div>
        </>
      )}
    </>
  )
}

export function FileLink({ number, f, n }: { number: string; f: CaseFile; n?: number }) {
  return (
    <li class="file" data-testid="case-file">
      <span lang={dataLang()}>{f.material}</span>
      <a href={`/api/v1/cases/${enc(number)}/materials/${f.id}`} download data-testid="case-file-download">
        {t('Download {kind} ({size})', { kind: fileKindLabel(f.content_type), size: formatBytes(f.size) })}
        {n !== undefined && <span class="visually-hidden">{t(', file {n}', { n })}</span>}
      </a>
    </li>
  )
}

function Withdraw({ number, draft, onDone }: { number: string; draft: boolean; onDone: (c: Case) => void }) {
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const go = async () => {
    setBusy(true)
    setError(null)
    try {
      onDone(await apiPost<Case>(`/cases/${enc(number)}/withdraw`, {}))
      return true
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
      return false
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="section" aria-labelledby="withdraw-h">
      <h2 id="withdraw-h">{draft ? t('Do not want to apply after all?') : t('Changed your mind?')}</h2>
      <p>{t('You can withdraw the application until the department accepts it.')}</p>
      <FormAlert error={error} />
      <AskFirst
        trigger={actionLabel('withdraw')}
        triggerTestid="case-withdraw"
        question={t('Withdraw this application? This cannot be undone.')}
        yes={t('Yes, withdraw it')}
        yesTestid="withdraw-confirm"
        no={t('No, keep it')}
        busy={busy}
        onYes={go}
      />
    </section>
  )
}

function Supplement({ c, note, materials, onDone, onFiles }: { c: Case; note?: string; materials: FormSchema['materials']; onDone: (c: Case) => void; onFiles: (f: CaseFile[]) => void }) {
  const online = useOnline()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const send = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onDone(await apiPost<Case>(`/cases/${enc(c.number)}/supplement`, { reason: reason.trim() }))
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="section supplement" aria-labelledby="supplement-h" data-testid="case-supplement">
      <h2 id="supplement-h">{t('The department asks for a supplement')}</h2>
      {note && (
        <p class="callout" data-testid="supplement-request">
          {t('What is needed')}
          {t(': ')}
          <span lang={dataLang()}>{note}</span>
        </p>
      )}
      <p>{t('The time limit is paused until you send the supplement. Upload the new or corrected files, then send it.')}</p>
      <FormAlert error={error} fields={['reason']} />
      {materials.map((rule, index) => (
        <MaterialUpload key={rule.name} number={c.number} rule={rule} index={index} files={c.materials} online={online} onFiles={onFiles} />
      ))}
      <form onSubmit={(e) => void send(e)} noValidate>
        <TextArea id="supplement-note" label={t('A note for the reviewer')} optional value={reason} errors={error?.errors?.reason} onValue={setReason} maxLength={500} />
        <button type="submit" class="btn" data-testid="supplement-submit" disabled={busy || !online}>
          {actionLabel('supplement')}
        </button>
      </form>
    </section>
  )
}
