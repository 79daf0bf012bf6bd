// /case-status (办件查询): anyone with the receipt's case number and query code sees the status and
// the steps, without signing in. A wrong code gets the very answer an unknown number gets.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiGet } from '../../api/client'
import type { CaseStatus as Status } from '../../api/types'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { FormAlert, TextField, useFormError } from '../../components/Form'
import { Timeline } from '../../components/cases/CaseBits'
import './cases.css'

const IDS = { number: 'case-status-number', query_code: 'case-status-code' }

export function CaseStatus() {
  const { query } = useLocation()
  useTitle(t('Look up a case'))
  const [v, setV] = useState({ number: query.number ?? '', query_code: '' })
  const [found, setFound] = useState<Status | null>(null)
  const [busy, setBusy] = useState(false)
  const { error, setError, alertId, fieldErrors } = useFormError(Object.keys(IDS))

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    setFound(null)
    const number = v.number.replace(/\s+/g, '').toUpperCase()
    const code = v.query_code.replace(/\s+/g, '').toUpperCase()
    const missing: Record<string, string[]> = {}
    if (!number) missing.number = [t('Enter the case number from the receipt.')]
    if (!code) missing.query_code = [t('Enter the query code from the receipt.')]
    if (Object.keys(missing).length) {
      setError(new ApiError({ status: 400, title: t('There is a problem'), errors: missing }), IDS)
      return
    }
    setBusy(true)
    setError(null)
    try {
      setFound(await apiGet<Status>('/case-status', { number, query_code: code }))
    } catch (err) {
      setError(err, IDS)
    } finally {
      setBusy(false)
    }
  }
  const dl = dataLang()
  return (
    <>
      <h1>{t('Look up a case')}</h1>
      <p>{t('Enter the case number and the query code from your receipt. No sign-in is needed.')}</p>
      <FormAlert error={error} fields={Object.keys(IDS)} id={alertId} />
      <form class="auth-card" onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField id={IDS.number} name="number" autoComplete="off" spellcheck={false} label={t('Case number')} hint={t('It starts with TB, for example TB20240315123456.')} errors={fieldErrors('number')} value={v.number} onValue={(x) => setV((o) => ({ ...o, number: x }))} maxLength={32} />
        <TextField id={IDS.query_code} name="query_code" autoComplete="off" spellcheck={false} autoCapitalize="characters" label={t('Query code')} hint={t('8 letters and digits.')} errors={fieldErrors('query_code')} value={v.query_code} onValue={(x) => setV((o) => ({ ...o, query_code: x }))} maxLength={32} />
        <button type="submit" class="btn" data-testid="case-status-submit" disabled={busy}>
          {t('Look it up')}
        </button>
      </form>
      <div role="status">
        {found && (
          <section class="section status-result" aria-labelledby="status-h" data-testid="case-status-result">
            <h2 id="status-h" lang={dl}>
              {found.matter.name}
            </h2>
            <dl class="facts wide">
              <div>
                <dt>{t('Case number')}</dt>
                <dd class="code-value">{found.number}</dd>
              </div>
              <div>
                <dt>{t('Status')}</dt>
                <dd>
                  <strong data-testid="case-status-label">{found.status_label}</strong>
                </dd>
              </div>
              {found.submitted_at && (
                <div>
                  <dt>{t('Submitted at')}</dt>
                  <dd>{formatDateTime(found.submitted_at)}</dd>
                </div>
              )}
            </dl>
            <h3>{t('Progress')}</h3>
            <Timeline events={found.steps} />
          </section>
        )}
      </div>
    </>
  )
}
