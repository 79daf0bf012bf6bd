// /staff/mandates/new (临柜授权): both people stand at the window with their ID cards and a paper
// authorisation form they signed in front of the clerk. The clerk chooses the window, enters each
// person as on their card (the registry confirms them; both are verified in person, L3), the terms
// (family or enterprise, what it covers, what the agent may do, until when), photographs the signed
// form, and records it: the authorisation is in force at once, with the clerk as its witness.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Profile } from '../../api/types'
import { ApiError } from '../../api/client'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert, TextField } from '../../components/Form'
import { ErrorSummary, focusControl, type SummaryItem } from '../../components/cases/CaseBits'
import { ChoiceInput } from '../../components/cases/FieldInput'
import { idNumberValid } from '../../cases/form'
import { CheckGroup } from '../../components/window/CheckGroup'
import { FormPhoto } from '../../components/window/FormPhoto'
import { MandateFacts } from '../../components/window/MandateFacts'
import { EMPTY_SCOPE, ScopePicker, scopeItems, type ScopeValue } from '../../components/window/ScopePicker'
import { useClerkPlaces, WindowSelect } from '../../components/window/WitnessWindow'
import { asApiError, dayFromToday, endOfDay, PERMISSIONS, permissionLabel, PHONE, postForm, USCC, type Mandate } from '../../components/window/staffMandates'
import { flatErrors } from '../../components/window/problems'
import { ClerkOnly } from '../../components/window/ClerkOnly'
import '../cases/cases.css'
import './window.css'
import '../../components/window/mandates.css'

type Errors = Record<string, string[]>
type Person = { name: string; id_number: string; phone: string }
const ids: Record<string, string> = {
  window: 'mandate-window',
  kind: 'mandate-kind',
  organisation: 'mandate-organisation',
  principal_name: 'mandate-principal-name',
  principal_id_number: 'mandate-principal-id-number',
  principal_phone: 'mandate-principal-phone',
  agent_name: 'mandate-agent-name',
  agent_id_number: 'mandate-agent-id-number',
  agent_phone: 'mandate-agent-phone',
  checked: 'mandate-id-checked',
  scope: 'mandate-scope-kind',
  scope_items: 'mandate-scope-items',
  permissions: 'mandate-permission',
  valid_until: 'mandate-valid-until',
  file: 'mandate-file',
}

export function MandatesNew() {
  useTitle(t('Record an authorisation at the window'))
  const [made, setMade] = useState<Mandate | null>(null)
  return (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Record an authorisation at the window')}</h1>
      <ClerkOnly>{(me) => (made ? <Recorded m={made} onNext={() => setMade(null)} /> : <NewForm me={me} onMade={setMade} />)}</ClerkOnly>
    </>
  )
}

function NewForm({ me, onMade }: { me: Profile; onMade: (m: Mandate) => void }) {
  const { places, error: loadError } = useClerkPlaces(me)
  const [placeCode, setPlaceCode] = useState('')
  const [kind, setKind] = useState<'family' | 'enterprise_agent'>('family')
  const [uscc, setUscc] = useState('')
  const [principal, setPrincipal] = useState<Person>({ name: '', id_number: '', phone: '' })
  const [agent, setAgent] = useState<Person>({ name: '', id_number: '', phone: '' })
  const [checked, setChecked] = useState(false)
  const [scope, setScope] = useState<ScopeValue>(EMPTY_SCOPE)
  const [permissions, setPermissions] = useState<string[]>(['view', 'apply'])
  const [until, setUntil] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  if (loadError) return <ErrorView error={loadError} onRetry={() => location.reload()} />
  if (!places) return <Loading />
  if (!places.length) return <p class="notice">{t('There is no window in your area.')}</p>
  const place = places.find((p) => p.code === placeCode) ?? places[0]!
  const clear = (...keys: string[]) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k))))
  const err = (k: string) => errors[k]
  const targetOf = (k: string): string | undefined => (k === 'scope_items' ? scopeTarget(scope) : k === 'file' ? `${ids.file}-camera` : ids[k])

  const check = (): Errors => {
    const found: Errors = {}
    if (kind === 'enterprise_agent' && !USCC.test(uscc.trim().toUpperCase())) found.organisation = [t('Enter the enterprise’s unified social credit code (18 characters).')]
    for (const [role, who] of [['principal', principal], ['agent', agent]] as const) {
      if (!who.name.trim()) found[`${role}_name`] = [t('Enter the name on the ID card.')]
      const idn = who.id_number.trim().toUpperCase()
      if (!idn) found[`${role}_id_number`] = [t('Enter the ID card number.')]
      else if (!idNumberValid(idn)) found[`${role}_id_number`] = [t('This ID card number is not valid. Check each digit.')]
      if (!PHONE.test(who.phone.trim())) found[`${role}_phone`] = [t('Enter an 11-digit mainland mobile number.')]
    }
    if (!found.agent_id_number && principal.id_number.trim() && principal.id_number.trim().toUpperCase() === agent.id_number.trim().toUpperCase()) found.agent_id_number = [t('The agent must be another person than the principal.')]
    if (!checked) found.checked = [t('Check both ID cards in person before you go on.')]
    if (scope.scope !== 'all' && !scopeItems(scope).length) found.scope_items = [scope.scope === 'categories' ? t('Tick at least one kind of service.') : t('Find and tick at least one service.')]
    if (!permissions.length) found.permissions = [t('Choose at least one thing the agent may do.')]
    const end = endOfDay(until)
    if (!end) found.valid_until = [t('Enter the last day the authorisation is valid.')]
    else if (new Date(end) <= new Date()) found.valid_until = [t('The last day must be in the future.')]
    if (!file) found.file = [t('Photograph the paper form both people signed.')]
    return found
  }

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    setProblem(null)
    const found = check()
    setErrors(found)
    if (Object.keys(found).length) return
    const body = new FormData()
    body.append('window', place.code)
    body.append('kind', kind)
    if (kind === 'enterprise_agent') body.append('organisation', uscc.trim().toUpperCase())
    for (const [role, who] of [['principal', principal], ['agent', agent]] as const) {
      body.append(`${role}_name`, who.name.trim())
      body.append(`${role}_id_number`, who.id_number.trim().toUpperCase())
      body.append(`${role}_phone`, who.phone.trim())
    }
    body.append('scope', scope.scope)
    for (const item of scopeItems(scope)) body.append('scope_items', item)
    for (const p of PERMISSIONS) if (permissions.includes(p)) body.append('permissions', p)
    body.append('valid_until', endOfDay(until)!)
    body.append('file', file!, file!.name || 'form.jpg')
    setBusy(true)
    try {
      onMade(await postForm<Mandate>('/staff/mandates', body))
      window.scrollTo(0, 0)
    } catch (x) {
      const a = asApiError(x)
      const fields = a.errors ? flatErrors(a.errors) : {}
      if (a.status === 400 && Object.keys(fields).some((k) => ids[k])) {
        setErrors(fields)
        const first = Object.keys(fields).find((k) => targetOf(k))
        if (first) setTimeout(() => focusControl(targetOf(first)!), 0)
      } else setProblem(a)
    } finally {
      setBusy(false)
    }
  }

  const summary: SummaryItem[] = Object.entries(errors).map(([k, msgs]) => ({ key: k, text: msgs.join(' '), target: targetOf(k) }))
  const person = (role: 'principal' | 'agent', who: Person, set: (p: Person) => void) => (
    <>
      <TextField id={ids[`${role}_name`]!} name={`${role}_name`} autoComplete="off" maxLength={64} label={t('Name on the ID card')} errors={err(`${role}_name`)} value={who.name} onValue={(v) => { set({ ...who, name: v }); clear(`${role}_name`) }} />
      <TextField id={ids[`${role}_id_number`]!} name={`${role}_id_number`} autoComplete="off" spellcheck={false} autoCapitalize="characters" maxLength={18} label={t('ID card number')} hint={t('18 characters; the last one may be X.')} errors={err(`${role}_id_number`)} value={who.id_number} onValue={(v) => { set({ ...who, id_number: v }); clear(`${role}_id_number`) }} />
      <TextField id={ids[`${role}_phone`]!} name={`${role}_phone`} type="tel" inputMode="numeric" autoComplete="off" maxLength={11} label={t('Mobile number')} hint={role === 'principal' ? t('The principal is told on this number what the agent does, and can end the authorisation with a code sent to it.') : t('The agent signs in with this number to act for the principal.')} errors={err(`${role}_phone`)} value={who.phone} onValue={(v) => { set({ ...who, phone: v }); clear(`${role}_phone`) }} />
    </>
  )
  return (
    <form class="case-form mandate-form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <ErrorSummary items={summary} />
      <FormAlert error={problem} fields={Object.keys(ids)} />
      <section class="section" aria-labelledby="m-where-h">
        <h2 id="m-where-h">{t('1. Where you are')}</h2>
        <WindowSelect id={ids.window!} places={places} value={place.code} errors={err('window')} onValue={(v) => { setPlaceCode(v); clear('window') }} />
      </section>

      <section class="section" aria-labelledby="m-kind-h">
        <h2 id="m-kind-h">{t('2. Who authorises whom')}</h2>
        <ChoiceInput
          id={ids.kind!}
          title={t('Kind of authorisation')}
          options={[
            { value: 'family', label: t('A person authorises a family member or someone they trust') },
            { value: 'enterprise_agent', label: t('An enterprise’s legal representative authorises an agent of the enterprise') },
          ]}
          value={kind}
          errors={err('kind')}
          onValue={(v) => { setKind(v as typeof kind); setScope(EMPTY_SCOPE); clear('kind', 'organisation', 'scope_items') }}
        />
        {kind === 'enterprise_agent' && (
          <TextField id={ids.organisation!} name="organisation" autoComplete="off" spellcheck={false} autoCapitalize="characters" maxLength={18} label={t('The enterprise’s unified social credit code')} hint={t('18 characters, on the business licence. The principal below must be its legal representative.')} errors={err('organisation')} value={uscc} onValue={(v) => { setUscc(v); clear('organisation') }} />
        )}
        <p class="callout">{t('Check both ID cards face to face: each photo must be of the person in front of you. Enter each name and number exactly as on the card; the real-name registry confirms them, and both people are verified in person (level L3).')}</p>
        <h3>{kind === 'enterprise_agent' ? t('The legal representative (principal)') : t('The principal: the person who authorises')}</h3>
        {person('principal', principal, setPrincipal)}
        <h3>{t('The agent: the person who acts for them')}</h3>
        {person('agent', agent, setAgent)}
        <div class={`field check big-check${err('checked') ? ' has-error' : ''}`}>
          <input type="checkbox" id={ids.checked} data-testid={ids.checked} checked={checked} aria-describedby={err('checked') ? `${ids.checked}-error` : undefined} aria-invalid={err('checked') ? true : undefined} onChange={(e) => { setChecked(e.currentTarget.checked); clear('checked') }} />
          <label for={ids.checked}>
            {t('I have checked both ID cards in person: they belong to the two people in front of me, who signed the form here.')}
            {err('checked') && (
              <span class="field-error" id={`${ids.checked}-error`}>
                {err('checked')!.join(' ')}
              </span>
            )}
          </label>
        </div>
      </section>

      <section class="section" aria-labelledby="m-terms-h">
        <h2 id="m-terms-h">{t('3. The terms, as on the form')}</h2>
        <ScopePicker id="mandate-scope" enterprise={kind === 'enterprise_agent'} value={scope} errors={{ scope: err('scope'), items: err('scope_items') }} onValue={(v) => { setScope(v); clear('scope', 'scope_items') }} />
        <CheckGroup id={ids.permissions!} legend={t('What the agent may do')} options={PERMISSIONS.map((p) => ({ value: p, label: permissionLabel(p) }))} values={permissions} errors={err('permissions')} onValues={(v) => { setPermissions(v); clear('permissions') }} />
        <TextField id={ids.valid_until!} name="valid_until" type="date" min={dayFromToday(1)} label={t('Valid until (the last day)')} hint={t('At most five years. The principal can end it earlier at any time.')} errors={err('valid_until')} value={until} onValue={(v) => { setUntil(v); clear('valid_until') }} />
      </section>

      <section class="section" aria-labelledby="m-form-h">
        <h2 id="m-form-h">{t('4. The signed form')}</h2>
        <FormPhoto id={ids.file!} file={file} errors={err('file')} onFile={(f) => { setFile(f); clear('file') }} />
      </section>
      <button type="submit" class="btn" data-testid="mandate-submit" disabled={busy}>
        {busy ? t('Recording…') : t('Record the authorisation')}
      </button>
    </form>
  )
}

const scopeTarget = (s: ScopeValue) => (s.scope === 'categories' ? 'mandate-scope-category' : 'mandate-scope-q')

function Recorded({ m, onNext }: { m: Mandate; onNext: () => void }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <section class="section receipt" aria-labelledby="made-h" data-testid="mandate-recorded">
      <h2 id="made-h" ref={ref} tabIndex={-1}>
        {t('Authorisation recorded')}
      </h2>
      <p>{t('It is in force now, with you as its witness. Both people get a message. Give the paper form back to the principal, or keep it as your office requires.')}</p>
      <MandateFacts m={m} />
      <div class="actions">
        <button type="button" class="btn" data-testid="mandate-next" onClick={onNext}>
          {t('Record another authorisation')}
        </button>
        <a class="btn secondary" href="/staff/mandates">
          {t('Look up or revoke authorisations')}
        </a>
      </div>
    </section>
  )
}
