// /account/passkeys: my passkeys (name, added, last used), add one, remove one (confirmed inline).
import { useState } from 'preact/hooks'
import { apiPost } from '../api/client'
import { useApi } from '../api/useApi'
import type { Passkey, PasskeyList } from '../api/types'
import { addPasskey } from '../auth/flows'
import { useAuth, useSessionEnded, useSignedIn } from '../auth/session'
import { useTitle } from '../context'
import { formatDateTime, t } from '../i18n'
import { ErrorView, Loading } from '../components/ErrorView'
import { FormAlert, TextField, useFormError } from '../components/Form'
import { PasskeyUnavailable } from '../components/AuthBits'
import { passkeysUsable } from '../auth/webauthn'

function Item({ p, onRemoved, onError }: { p: Passkey; onRemoved: () => void; onError: (e: unknown) => void }) {
  const [confirm, setConfirm] = useState(false)
  const [busy, setBusy] = useState(false)
  const name = p.name || t('Passkey without a name')
  const remove = async () => {
    setBusy(true)
    try {
      await apiPost(`/me/passkeys/${p.id}/remove`)
      onRemoved()
    } catch (e) {
      onError(e)
      setBusy(false)
    }
  }
  return (
    <li class="card" data-testid="passkey-item">
      <h3 class="card-title">{name}</h3>
      <dl class="facts">
        <div><dt>{t('Added')}</dt><dd>{formatDateTime(p.created_at)}</dd></div>
        <div><dt>{t('Last used')}</dt><dd>{p.last_used_at ? formatDateTime(p.last_used_at) : t('Not used yet')}</dd></div>
        {p.backed_up && <div><dt>{t('Kind')}</dt><dd>{t('Synced across your devices')}</dd></div>}
      </dl>
      {!confirm ? (
        <button type="button" class="btn secondary" data-testid="remove-passkey" onClick={() => setConfirm(true)} aria-label={t('Remove {name}', { name })}>
          {t('Remove')}
        </button>
      ) : (
        <div class="confirm" role="group" aria-label={t('Remove {name}', { name })}>
          <p>{t('Remove this passkey? You can no longer sign in with it.')}</p>
          <div class="actions">
            <button type="button" class="btn danger" data-testid="remove-passkey-confirm" disabled={busy} onClick={() => void remove()}>
              {t('Yes, remove it')}
            </button>
            <button type="button" class="btn secondary" onClick={() => setConfirm(false)}>
              {t('Keep it')}
            </button>
          </div>
        </div>
      )}
    </li>
  )
}

export function Passkeys() {
  const me = useSignedIn()
  const { refresh } = useAuth()
  useTitle(t('Passkeys'))
  const res = useApi<PasskeyList>(me ? '/me/passkeys' : null)
  useSessionEnded(res.error)
  const { error, setError, alertId } = useFormError(['name'])
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const changed = (msg: string) => {
    setStatus(msg)
    res.reload()
    void refresh()
  }
  const add = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setStatus('')
    try {
      if (await addPasskey(name)) {
        setName('')
        changed(t('Passkey added.'))
      }
    } catch (err) {
      setError(err, { name: 'passkey-name' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <p class="crumbs"><a href="/account">{t('My account')}</a></p>
      <h1>{t('Passkeys')}</h1>
      <p>{t('A passkey lets you sign in with the fingerprint, face or screen lock of a device. Add one on each phone or computer you use.')}</p>
      <p role="status">{status}</p>
      <FormAlert error={error} fields={['name']} id={alertId} />
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {!res.data && !res.error && <Loading />}
      {res.data && res.data.items.length === 0 && <p class="empty">{t('No passkeys yet.')}</p>}
      {res.data && res.data.items.length > 0 && (
        <ul class="cards">
          {res.data.items.map((p) => (
            <Item key={p.id} p={p} onRemoved={() => changed(t('Passkey removed.'))} onError={(e) => setError(e)} />
          ))}
        </ul>
      )}
      <form class="section auth-card" onSubmit={(e) => void add(e)} noValidate>
        <h2>{t('Add a passkey on this device')}</h2>
        {passkeysUsable() ? <AddFields name={name} setName={setName} busy={busy} errors={error?.errors?.name} /> : <PasskeyUnavailable testid="add-passkey" />}
      </form>
    </>
  )
}

/** The passkey's name and the add button (only where passkeys can work). */
function AddFields({ name, setName, busy, errors }: { name: string; setName: (v: string) => void; busy: boolean; errors?: string[] }) {
  return (
    <>
      <TextField id="passkey-name" name="name" autoComplete="off" maxLength={64} optional label={t('Name')} hint={t('For example: my phone. Left empty, the browser and system are used.')} errors={errors} value={name} onValue={setName} />
      <button type="submit" class="btn" data-testid="add-passkey" disabled={busy}>
        {busy ? t('Waiting for your passkey…') : t('Add a passkey')}
      </button>
    </>
  )
}
