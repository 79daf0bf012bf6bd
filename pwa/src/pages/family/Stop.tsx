// /family/stop (结束全部授权): for a principal with a basic phone, helped by someone else, no sign-in
// needed: a code to the principal's phone ends every authorisation they gave.
import { useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { FormAlert, TextField } from '../../components/Form'
import { HelpCard } from '../../components/HelpCard'
import { isCode } from '../../family/labels'
import type { Mandate } from '../../family/types'
import './family.css'

const PHONE = /^1[3-9]\d{9}$/

export function StopAll() {
  useTitle(t('End all authorisations'))
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [sent, setSent] = useState(false)
  const [done, setDone] = useState<Mandate[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})
  const [busy, setBusy] = useState(false)
  const fail = (e: unknown) => {
    const err = e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') })
    setError(err)
    setFieldErrors(err.errors ?? {})
  }
  const send = async (e: Event) => {
    e.preventDefault()
    setError(null)
    if (!PHONE.test(phone.trim())) {
      setFieldErrors({ phone: [t('Type the 11-digit mobile number.')] })
      return
    }
    setBusy(true)
    setFieldErrors({})
    try {
      await apiPost('/mandates/revocation-code', { phone: phone.trim() })
      setSent(true)
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }
  const end = async (e: Event) => {
    e.preventDefault()
    setError(null)
    if (!isCode(code)) {
      setFieldErrors({ code: [t('Type the 6 digits of the code.')] })
      return
    }
    setBusy(true)
    setFieldErrors({})
    try {
      setDone((await apiPost<{ revoked: Mandate[] }>('/mandates/revoke-by-code', { phone: phone.trim(), code: code.trim() })).revoked)
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <h1>{t('End all authorisations')}</h1>
      {done ? (
        <section class="receipt" aria-labelledby="stop-done-h" data-testid="stop-done">
          <h2 id="stop-done-h" tabIndex={-1}>
            {done.length ? t('{n} authorisations have ended', { n: done.length }) : t('There was no authorisation to end')}
          </h2>
          {done.length > 0 && (
            <>
              <p>{t('From now on these people can no longer act for you:')}</p>
              <ul data-testid="stop-done-names">
                {done.map((m) => (
                  <li key={m.id}>{m.agent.name}</li>
                ))}
              </ul>
            </>
          )}
          <p>
            <a class="btn secondary" href="/">
              {t('Back to home')}
            </a>
          </p>
        </section>
      ) : (
        <>
          <p class="lead">{t('Everyone you authorised to act for you on Tongban stops being able to, at once. You need the phone with your number to receive a code; you do not need to sign in.')}</p>
          <FormAlert error={error && !Object.keys(error.errors ?? {}).length ? error : null} />
          {!sent ? (
            <form class="auth-card" onSubmit={(e) => void send(e)} noValidate>
              <TextField id="stop-phone" type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} label={t('Your mobile number')} value={phone} errors={fieldErrors.phone} onValue={setPhone} />
              <button type="submit" class="btn" data-testid="stop-send" disabled={busy}>
                {t('Send me a code')}
              </button>
            </form>
          ) : (
            <form class="auth-card" onSubmit={(e) => void end(e)} noValidate>
              <p role="status" class="code-sent" data-testid="stop-sent">
                {t('If this number gave authorisations on Tongban, a code was sent to it. It is valid for 5 minutes.')}
              </p>
              <TextField id="stop-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} label={t('6-digit code')} value={code} errors={fieldErrors.code} onValue={(v) => setCode(v.replace(/\D/g, ''))} />
              <div class="actions">
                <button type="submit" class="btn danger" data-testid="stop-confirm" disabled={busy}>
                  {t('End all my authorisations')}
                </button>
                <button type="button" class="btn secondary" onClick={() => setSent(false)}>
                  {t('Change the number')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      <HelpCard headingId="stop-help" title={t('Need help?')} />
    </>
  )
}
