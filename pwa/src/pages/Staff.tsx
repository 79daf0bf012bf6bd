// /staff (工作台): needs a staff session (passkey with PIN, fingerprint or face). Posts in my
// jurisdiction, and the in-person identity check at a window that raises a resident to L3.
import { useState } from 'preact/hooks'
import { apiPost } from '../api/client'
import { useApi } from '../api/useApi'
import type { RegionList, StaffPostList } from '../api/types'
import { useAuth } from '../auth/session'
import { useTitle } from '../context'
import { t } from '../i18n'
import { roleLabel, unitTypeLabel } from '../labels'
import { ErrorView, Loading } from '../components/ErrorView'
import { FormAlert, TextField, useFormError } from '../components/Form'
import { ReceiptOpener } from '../components/window/ReceiptOpener'
import { isClerk } from '../components/window/ClerkOnly'
import { ActingNote } from '../components/window/ActingNote'
import { useActing } from '../acting'
import { reviewsGuardianship } from './staff/MandateReview'
import { ScanLink } from '../components/scan/ScanLink'

const IDS = { window_code: 'verify-window', phone: 'verify-phone', name: 'verify-name', id_number: 'verify-id-number' }

function VerifyForm({ windows }: { windows: string[] }) {
  const { error, setError, alertId, fieldErrors } = useFormError(Object.keys(IDS))
  const [v, setV] = useState({ window_code: windows[0] ?? '', phone: '', name: '', id_number: '' })
  const set = (k: keyof typeof v) => (x: string) => setV((o) => ({ ...o, [k]: x }))
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState('')

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setResult('')
    try {
      await apiPost('/staff/verifications', { ...v, phone: v.phone.trim(), name: v.name.trim(), id_number: v.id_number.trim().toUpperCase(), window_code: v.window_code.trim() })
      setResult(t('Verified in person: the account of {phone} is now at level L3.', { phone: v.phone.trim() }))
      setV((o) => ({ ...o, phone: '', name: '', id_number: '' }))
    } catch (err) {
      setError(err, IDS)
    } finally {
      setBusy(false)
    }
  }
  const winErr = fieldErrors('window_code')
  return (
    <section class="section auth-card" aria-labelledby="verify-h">
      <h2 id="verify-h">{t('In-person identity check (L3)')}</h2>
      <p>{t('Check the resident’s ID card face to face, then enter what it says. The account must already exist.')}</p>
      <FormAlert error={error} fields={Object.keys(IDS)} id={alertId} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        {windows.length > 0 ? (
          <div class={`field${winErr ? ' has-error' : ''}`}>
            <label for="verify-window">{t('Window')}</label>
            {winErr && <p class="field-error" id="verify-window-error">{winErr.join(' ')}</p>}
            <select id="verify-window" name="window_code" data-testid="verify-window" value={v.window_code} onChange={(e) => set('window_code')(e.currentTarget.value)} aria-describedby={winErr ? 'verify-window-error' : undefined} aria-invalid={winErr ? true : undefined}>
              {windows.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <TextField id="verify-window" name="window_code" autoComplete="off" label={t('Window code')} hint={t('The code of the window where you are, for example FY-LQ-W01.')} errors={winErr} value={v.window_code} onValue={set('window_code')} />
        )}
        <TextField id="verify-phone" name="phone" type="tel" inputMode="numeric" autoComplete="off" maxLength={11} label={t('Resident’s mobile number')} errors={fieldErrors('phone')} value={v.phone} onValue={set('phone')} />
        <TextField id="verify-name" name="name" autoComplete="off" label={t('Name on the ID card')} errors={fieldErrors('name')} value={v.name} onValue={set('name')} />
        <TextField id="verify-id-number" name="id_number" autoComplete="off" maxLength={18} label={t('ID card number')} errors={fieldErrors('id_number')} value={v.id_number} onValue={set('id_number')} />
        <button type="submit" class="btn" data-testid="verify-submit" disabled={busy}>
          {t('Confirm the check')}
        </button>
      </form>
      <p role="status" class="result" data-testid="verify-result">
        {result}
      </p>
    </section>
  )
}

/** Authorisations (授权) and 帮办: a clerk's window work, a supervisor's guardianship reviews. */
function MandateLinks({ clerk, reviewer }: { clerk: boolean; reviewer: boolean }) {
  if (!clerk && !reviewer) return null
  return (
    <section class="section" aria-labelledby="mandates-h" data-testid="staff-mandates">
      <h2 id="mandates-h">{t('Authorisations and help')}</h2>
      <p class="actions">
        {clerk && (
          <>
            <a class="btn secondary" href="/staff/mandates/new" data-testid="link-mandate-new">
              {t('Record an authorisation at the window')}
            </a>
            <a class="btn secondary" href="/staff/mandates" data-testid="link-mandate-lookup">
              {t('Look up or revoke authorisations')}
            </a>
            <a class="btn secondary" href="/staff/assist" data-testid="link-assist">
              {t('Help a resident fill in an application')}
            </a>
          </>
        )}
        {reviewer && (
          <a class="btn secondary" href="/staff/mandates/review" data-testid="link-mandate-review">
            {t('Guardianships to review')}
          </a>
        )}
      </p>
    </section>
  )
}

export function Staff() {
  const { me } = useAuth()
  useTitle(t('Staff workbench'))
  // While this tab acts for someone (帮办), staff posts do not count: the way back comes first.
  const { acting } = useActing()
  const res = useApi<StaffPostList>(me === undefined || acting ? null : '/staff/posts')
  const denied = res.error && (res.error.status === 401 || res.error.status === 403)
  const regions = useApi<RegionList>(res.data ? '/regions' : null)
  const region = (code: string) => regions.data?.items.find((r) => r.code === code)?.name ?? code
  const clerk = (me?.staff ?? []).some((s) => s.role === 'clerk')
  const caseWork = (me?.staff ?? []).some((s) => s.role === 'clerk' || s.role === 'reviewer' || s.role === 'supervisor')
  const windows = [...new Set((me?.staff ?? []).filter((s) => s.unit_type === 'window').map((s) => s.unit_code))]

  return (
    <>
      <h1>{t('Staff workbench')}</h1>
      <ActingNote />
      {denied && (
        <div class="notice staff-denied">
          <p>{t('Staff work needs a staff session. Use the staff sign-in with your passkey (with a PIN, fingerprint or face).')}</p>
          <p>
            <a href="/staff/signin" class="btn" data-testid="link-staff-signin">
              {t('Staff sign-in')}
            </a>
          </p>
        </div>
      )}
      {res.error && !denied && <ErrorView error={res.error} onRetry={res.reload} />}
      {!res.data && !res.error && !acting && <Loading />}
      {res.data && (
        <>
          {caseWork && (
            <p class="actions">
              {clerk && (
                <a class="btn" href="/staff/reception" data-testid="link-reception">
                  {t('Receive an application at the window')}
                </a>
              )}
              <a class={clerk ? 'btn secondary' : 'btn'} href="/staff/queue" data-testid="link-staff-queue">
                {t('Cases to handle')}
              </a>
            </p>
          )}
          {caseWork && <ReceiptOpener />}
          <MandateLinks clerk={isClerk(me)} reviewer={reviewsGuardianship(me)} />
          <ScanLink />
          <section class="section" aria-labelledby="posts-h">
            <h2 id="posts-h">{t('Staff posts in my jurisdiction')}</h2>
            <ul class="cards">
              {res.data.items.map((p) => (
                <li key={p.id} class="card" data-testid="staff-post">
                  <h3 class="card-title">{String(p.name ?? '')}</h3>
                  <dl class="facts">
                    <div><dt>{t('Role')}</dt><dd>{roleLabel(p.role)}</dd></div>
                    <div><dt>{unitTypeLabel(p.unit_type)}</dt><dd>{p.unit_code}</dd></div>
                    <div><dt>{t('Jurisdiction')}</dt><dd>{region(p.jurisdiction)}</dd></div>
                  </dl>
                </li>
              ))}
            </ul>
          </section>
          <VerifyForm windows={windows} />
        </>
      )}
    </>
  )
}
