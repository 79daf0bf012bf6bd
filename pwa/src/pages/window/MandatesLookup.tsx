// /staff/mandates (窗口查询/撤销授权): a principal comes to the window with their ID card and asks
// which authorisations they gave, or to end one. The clerk enters the name and number from the
// card, sees every authorisation in force or waiting, and revokes the one the principal names,
// after a confirmation step. The revocation is recorded as made in person at this window.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Profile } from '../../api/types'
import { ApiError, apiPost } from '../../api/client'
import { useTitle } from '../../context'
import { dataLang, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert, TextField } from '../../components/Form'
import { AskFirst } from '../../components/AskFirst'
import { ErrorSummary, focusControl, type SummaryItem } from '../../components/cases/CaseBits'
import { idNumberValid } from '../../cases/form'
import { ClerkOnly } from '../../components/window/ClerkOnly'
import { MandateFacts } from '../../components/window/MandateFacts'
import { useClerkPlaces, WindowSelect } from '../../components/window/WitnessWindow'
import { flatErrors } from '../../components/window/problems'
import { asApiError, SELF, type Mandate, type MandateList } from '../../components/window/staffMandates'
import '../cases/cases.css'
import './window.css'
import '../../components/window/mandates.css'

const ids: Record<string, string> = { window: 'lookup-window', name: 'lookup-name', id_number: 'lookup-id-number' }
interface Principal {
  window: string
  name: string
  id_number: string
}

export function MandatesLookup() {
  useTitle(t('Authorisations at the window'))
  return (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Authorisations at the window')}</h1>
      <ClerkOnly>{(me) => <Lookup me={me} />}</ClerkOnly>
    </>
  )
}

function Lookup({ me }: { me: Profile }) {
  const { places, error: loadError } = useClerkPlaces(me)
  const [v, setV] = useState<Principal>({ window: '', name: '', id_number: '' })
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [found, setFound] = useState<{ who: Principal; items: Mandate[] } | null>(null)
  const results = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (found) results.current?.focus()
  }, [found?.who])

  if (loadError) return <ErrorView error={loadError} onRetry={() => location.reload()} />
  if (!places) return <Loading />
  if (!places.length) return <p class="notice">{t('There is no window in your area.')}</p>
  const windowCode = v.window || places[0]!.code
  const set = (k: keyof Principal) => (x: string) => {
    setV((o) => ({ ...o, [k]: x }))
    setErrors(({ [k]: _gone, ...rest }) => rest)
  }

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    setProblem(null)
    const who = { window: windowCode, name: v.name.trim(), id_number: v.id_number.trim().toUpperCase() }
    const errs: Record<string, string[]> = {}
    if (!who.name) errs.name = [t('Enter the name on the ID card.')]
    if (!who.id_number) errs.id_number = [t('Enter the ID card number.')]
    else if (!idNumberValid(who.id_number)) errs.id_number = [t('This ID card number is not valid. Check each digit.')]
    setErrors(errs)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      const list = await apiPost<MandateList>('/staff/mandates/lookup', who, SELF)
      setFound({ who, items: list.items })
    } catch (x) {
      const a = asApiError(x)
      setFound(null)
      const fields = a.errors ? flatErrors(a.errors) : {}
      if (a.status === 400 && Object.keys(fields).some((k) => ids[k])) {
        setErrors(fields)
        const first = Object.keys(fields).find((k) => ids[k])
        if (first) setTimeout(() => focusControl(ids[first]!), 0)
      } else setProblem(a)
    } finally {
      setBusy(false)
    }
  }

  const summary: SummaryItem[] = Object.entries(errors).map(([k, msgs]) => ({ key: k, text: msgs.join(' '), target: ids[k] }))
  return (
    <>
      <p class="actions">
        <a class="btn secondary" href="/staff/mandates/new" data-testid="link-mandate-new">
          {t('Record an authorisation at the window')}
        </a>
      </p>
      <form class="section case-form" aria-labelledby="lookup-h" noValidate onSubmit={(e) => void onSubmit(e)}>
        <h2 id="lookup-h">{t('Find the authorisations a person gave')}</h2>
        <ErrorSummary items={summary} />
        <FormAlert error={problem} fields={Object.keys(ids)} />
        <p class="callout">{t('The principal shows you their ID card: the photo must be of the person in front of you. Enter the name and number as on the card. Nobody may look up or end another person’s authorisations for them.')}</p>
        <WindowSelect id={ids.window!} places={places} value={windowCode} errors={errors.window} onValue={set('window')} />
        <TextField id={ids.name!} name="name" autoComplete="off" maxLength={64} label={t('Name on the ID card')} errors={errors.name} value={v.name} onValue={set('name')} />
        <TextField id={ids.id_number!} name="id_number" autoComplete="off" spellcheck={false} autoCapitalize="characters" maxLength={18} label={t('ID card number')} hint={t('18 characters; the last one may be X.')} errors={errors.id_number} value={v.id_number} onValue={set('id_number')} />
        <button type="submit" class="btn" data-testid="lookup-submit" disabled={busy}>
          {t('Look up their authorisations')}
        </button>
      </form>
      {found && (
        <section class="section" aria-labelledby="found-h" data-testid="lookup-results">
          <h2 id="found-h" ref={results} tabIndex={-1}>
            {t('Authorisations given by {name}', { name: found.who.name })}
          </h2>
          {found.items.length === 0 ? (
            <p data-testid="lookup-none">{t('This person has given no authorisation that is in force or waiting.')}</p>
          ) : (
            <ul class="cards">
              {found.items.map((m) => (
                <MandateItem key={m.id} m={m} who={found.who} onChanged={(next) => setFound((f) => f && { ...f, items: f.items.map((x) => (x.id === next.id ? next : x)) })} />
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  )
}

function MandateItem({ m, who, onChanged }: { m: Mandate; who: Principal; onChanged: (m: Mandate) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [said, setSaid] = useState('')
  const open = m.status === 'active' || m.status === 'pending'
  const dl = dataLang()
  const revoke = async () => {
    setBusy(true)
    setError(null)
    try {
      const next = await apiPost<Mandate>(`/staff/mandates/${encodeURIComponent(m.id)}/revoke`, who, SELF)
      setSaid(t('Revoked: {agent} can no longer act for {principal}.', { agent: next.agent.name, principal: next.principal.name }))
      onChanged(next)
      return true
    } catch (x) {
      setError(asApiError(x))
      return false
    } finally {
      setBusy(false)
    }
  }
  return (
    <li class="card mandate-card" data-testid="lookup-mandate" data-mandate={m.id}>
      <h3 class="card-title">
        <span lang={dl}>{t('{agent} acts for {principal}', { agent: m.agent.name, principal: m.principal.name })}</span>
      </h3>
      <MandateFacts m={m} />
      <FormAlert error={error} />
      <p role="status" class="status-note" data-testid="lookup-said">
        {said}
      </p>
      {open && (
        <AskFirst
          trigger={t('Revoke at the principal’s request')}
          triggerTestid="revoke"
          stepTestid="revoke-confirm-step"
          question={t('Revoke this authorisation at the principal’s request? {agent} can no longer act for {principal} from now on. This cannot be undone.', { agent: m.agent.name, principal: m.principal.name })}
          yes={t('Yes, revoke it')}
          yesTestid="revoke-confirm"
          no={t('No, keep it')}
          noTestid="revoke-cancel"
          busy={busy}
          onYes={revoke}
        />
      )}
    </li>
  )
}
