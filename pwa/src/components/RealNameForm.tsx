// The real-name check (sandbox registry) that raises an account from L1 to L2.
import { useState } from 'preact/hooks'
import { apiPost } from '../api/client'
import type { Profile } from '../api/types'
import { useAuth } from '../auth/session'
import { t } from '../i18n'
import { FormAlert, TextField, useFormError } from './Form'

const IDS = { name: 'realname-name', id_number: 'realname-id-number' }

export function RealNameForm({ onDone }: { onDone: () => void }) {
  const { setMe } = useAuth()
  const { error, setError, alertId, fieldErrors } = useFormError(Object.keys(IDS))
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [busy, setBusy] = useState(false)

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      setMe(await apiPost<Profile>('/me/real-name', { name: name.trim(), id_number: idNumber.trim().toUpperCase() }))
      onDone()
    } catch (err) {
      setError(err, IDS)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="section auth-card" aria-labelledby="realname-h">
      <h2 id="realname-h">{t('Verify your real name (level L2)')}</h2>
      <p>{t('Many services need level L2: your legal name and ID card number checked against the population registry. It takes a moment and is done once.')}</p>
      <p class="hint sandbox-note">{t('This check uses the sandbox real-name registry: made-up people for development, no real records.')}</p>
      <FormAlert error={error} fields={Object.keys(IDS)} id={alertId} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField id="realname-name" name="name" autoComplete="name" label={t('Legal name')} errors={fieldErrors('name')} value={name} onValue={setName} />
        <TextField id="realname-id-number" name="id_number" autoComplete="off" maxLength={18} label={t('ID card number')} hint={t('18 characters; the last may be X.')} errors={fieldErrors('id_number')} value={idNumber} onValue={setIdNumber} />
        <button type="submit" class="btn" data-testid="realname-submit" disabled={busy}>
          {t('Verify my real name')}
        </button>
      </form>
    </section>
  )
}
