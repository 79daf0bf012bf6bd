// /assist/join (帮助他人办理): the helper types the resident's 6-digit code, joins the session and
// acts for the resident with the session's short authorisation: they fill in the application with
// the normal pages; the resident checks and submits it on their own phone.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiPost } from '../../api/client'
import { useSignedIn } from '../../auth/session'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { startActing } from '../../acting'
import { FormAlert, TextField } from '../../components/Form'
import type { AssistSession } from '../../family/types'
import '../family/family.css'

export function AssistJoin() {
  const me = useSignedIn()
  const { route } = useLocation()
  useTitle(t('Help someone apply'))
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string[] | undefined>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const join = async (e: Event) => {
    e.preventDefault()
    // A QR read elsewhere may be pasted whole (TBA1:123456).
    const digits = code.trim().replace(/^TBA1:/i, '')
    if (!/^\d{6}$/.test(digits)) {
      setCodeError([t('Type the 6 digits of the code.')])
      document.getElementById('join-code')?.focus()
      return
    }
    if (!me) return
    setBusy(true)
    setError(null)
    setCodeError(undefined)
    try {
      const s = await apiPost<AssistSession>(`/assist-sessions/${digits}/join`, {})
      if (!s.mandate) throw new ApiError({ status: 0, title: t('Something went wrong') })
      startActing({ mandate: s.mandate, name: s.resident_name, account: me.account_id, kind: 'assist' })
      route('/search')
    } catch (err) {
      const ae = err instanceof ApiError ? err : new ApiError({ status: 0, title: t('Something went wrong') })
      setError(ae)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <h1>{t('Help someone apply')}</h1>
      <p class="lead">{t('The person you help opens “Ask someone to help me apply” on their own phone and shows you a 6-digit code. You then fill in the application for them; they check it and submit it themselves.')}</p>
      <FormAlert error={error} />
      <form class="auth-card" onSubmit={(e) => void join(e)} noValidate>
        <TextField
          id="join-code"
          class="code-input"
          inputMode="numeric"
          autoComplete="off"
          maxLength={11}
          label={t('Their help code')}
          errors={codeError}
          value={code}
          onValue={(v) => {
            setCode(v)
            setCodeError(undefined)
          }}
        />
        <button type="submit" class="btn" data-testid="join-submit" disabled={busy}>
          {t('Start helping')}
        </button>
      </form>
    </>
  )
}
