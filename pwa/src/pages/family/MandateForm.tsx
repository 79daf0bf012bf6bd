// /family/grant (授权家人为我办理; ?org=<uscc>: 授权经办人 for an enterprise I represent) and
// /family/ask (申请为家人办理; ?kind=guardian: 监护人). Who, what they may do, which services, until
// when; in 长辈版 one question a screen (?step=n) with 上一步 / 下一步. After asking: the code the
// principal received (family) or the guardianship document (guardian).
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import { useSignedIn } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { t } from '../../i18n'
import { useActing } from '../../acting'
import { FormAlert, TextField } from '../../components/Form'
import { ErrorSummary } from '../../components/cases/CaseBits'
import { StepOf } from '../../components/AuthBits'
import { endOfDay, inAYear, looksLikeIdNumber } from '../../family/labels'
import type { CreatedMandate, Mandate, MandateInput, MandateKind, OrganisationList } from '../../family/types'
import { checkTerms, PermissionsPart, Question, Radios, ScopePart, UntilPart, type Errors, type TermsValue } from './Terms'
import { Created } from './Created'
import './family.css'

type Mode = 'grant' | 'ask'
type Part = 'who' | 'permissions' | 'scope' | 'until'
const PARTS: Part[] = ['who', 'permissions', 'scope', 'until']

/** Which part a server error key belongs to. */
function partOf(key: string): Part | null {
  if (/^(agent|principal|kind|organisation)(\.|$)/.test(key)) return 'who'
  if (key === 'permissions') return 'permissions'
  if (key === 'scope' || key === 'scope_items') return 'scope'
  if (key === 'valid_until' || key === 'valid_from') return 'until'
  return null
}

const FIELD_ID: Record<string, string> = {
  name: 'who-name',
  id_number: 'who-id',
  permissions: 'perm-view',
  scope_items: 'terms-scope',
  scope: 'terms-scope',
  valid_until: 'terms-until',
}

export const GrantPage = () => <MandateForm mode="grant" />
export const AskPage = () => <MandateForm mode="ask" />

function MandateForm({ mode }: { mode: Mode }) {
  const me = useSignedIn()
  const { acting } = useActing()
  const { state } = useUi()
  const { query, route, path } = useLocation()
  const org = mode === 'grant' && query.org ? query.org : null
  const orgs = useApi<OrganisationList>(me && org && !acting ? '/me/organisations' : null)
  const orgName = orgs.data?.items.find((o) => o.uscc === org)?.name ?? ''
  const [kind, setKind] = useState<MandateKind>(org ? 'enterprise_agent' : mode === 'ask' && query.kind === 'guardian' ? 'guardian' : 'family')
  const [who, setWho] = useState({ name: '', id_number: '' })
  const [terms, setTerms] = useState<TermsValue>({ permissions: ['view', 'apply'], scope: 'all', categories: [], matters: [], until: inAYear() })
  const [errors, setErrors] = useState<Errors>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<CreatedMandate | null>(null)
  const title =
    mode === 'grant' ? (org ? t('Authorise an agent for the enterprise') : t('Authorise a family member')) : kind === 'guardian' ? t('Ask as a legal guardian') : t('Ask to act for a family member')
  useTitle(title)

  const elder = state.elder
  const step = Math.min(PARTS.length, Math.max(0, parseInt(query.step ?? '0', 10) || 0))
  const go = (k: number) => route(`${path}?${new URLSearchParams({ ...(org ? { org } : {}), ...(query.kind ? { kind: query.kind } : {}), ...(k ? { step: String(k) } : {}) })}`.replace(/\?$/, ''))

  if (acting) {
    return (
      <>
        <h1>{title}</h1>
        <p class="callout">{t('You are acting for {name} now. To see or change your own authorisations, stop acting for someone first.', { name: acting.name })}</p>
      </>
    )
  }
  if (created) {
    return (
      <>
        <h1>{title}</h1>
        <Created m={created} sentTo={created.code_sent_to} onChange={(m: Mandate) => setCreated({ ...m, code_sent_to: created.code_sent_to })} />
      </>
    )
  }

  const whoLabel = mode === 'grant' ? t('Who may act for you?') : kind === 'guardian' ? t('Whose guardian are you?') : t('Whom do you want to act for?')
  const checkWho = (): Errors => {
    const e: Errors = {}
    if (!who.name.trim()) e.name = [t('Type the full name as on the ID card.')]
    if (!looksLikeIdNumber(who.id_number)) e.id_number = [t('An ID number has 17 digits and a final digit or X.')]
    return e
  }
  const check = (p: Part): Errors => (p === 'who' ? checkWho() : checkTerms(terms, p))
  const setTermsPatch = (patch: Partial<TermsValue>) => {
    setTerms((v) => ({ ...v, ...patch }))
    setErrors({})
  }

  const submit = async () => {
    const found = PARTS.reduce<Errors>((acc, p) => ({ ...acc, ...check(p) }), {})
    setErrors(found)
    setError(null)
    if (Object.keys(found).length) {
      if (elder) go(PARTS.findIndex((p) => Object.keys(check(p)).length))
      return
    }
    const person = { name: who.name.trim(), id_number: who.id_number.trim().toUpperCase() }
    // Fields that do not apply are left out (the API refuses null for them).
    const body: Partial<MandateInput> = {
      kind,
      role: mode === 'grant' ? 'principal' : 'agent',
      ...(mode === 'grant' ? { agent: person } : { principal: person }),
      ...(org ? { organisation: org } : {}),
      scope: terms.scope,
      scope_items: terms.scope === 'categories' ? terms.categories : terms.scope === 'matters' ? terms.matters.map((m) => m.code) : [],
      permissions: terms.permissions,
      valid_until: endOfDay(terms.until)!,
    }
    setBusy(true)
    try {
      setCreated(await apiPost<CreatedMandate>('/mandates', body))
      window.scrollTo(0, 0)
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') })
      const fields: Errors = {}
      for (const [k, v] of Object.entries(err.errors ?? {})) fields[k.replace(/^(agent|principal)\./, '')] = v
      setErrors(fields)
      setError(err)
      const first = Object.keys(err.errors ?? {}).map(partOf).find(Boolean)
      if (elder && first) go(PARTS.indexOf(first))
    } finally {
      setBusy(false)
    }
  }

  const hid = (p: Part) => (elder ? 'step-heading' : `part-${p}-h`)
  const render = (p: Part) => {
    switch (p) {
      case 'who':
        return (
          <div class="who-part" key="who">
            {mode === 'ask' && !elder && (
              <Radios
                id="ask-kind"
                legend={t('How are you related?')}
                value={kind}
                options={[
                  { value: 'family', label: t('A family member (they confirm with a code sent to their phone)') },
                  { value: 'guardian', label: t('Their legal guardian (with the court or civil-affairs document)') },
                ]}
                onValue={(k) => setKind(k as MandateKind)}
              />
            )}
            {org && <p class="callout">{t('For the enterprise {org}. The agent must be a Tongban user with a verified name.', { org: orgName || org })}</p>}
            <Question hid={hid('who')} text={whoLabel} />
            <TextField id="who-name" label={t('Full name')} autoComplete="off" maxLength={64} value={who.name} errors={errors.name} onValue={(v) => setWho((w) => ({ ...w, name: v }))} />
            <TextField
              id="who-id"
              label={t('ID card number')}
              hint={t('18 characters, as on the ID card. It is used only to find the person on Tongban.')}
              autoComplete="off"
              maxLength={18}
              value={who.id_number}
              errors={errors.id_number}
              onValue={(v) => setWho((w) => ({ ...w, id_number: v }))}
            />
          </div>
        )
      case 'permissions':
        return <PermissionsPart key="permissions" hid={hid(p)} v={terms} errors={errors} heading={mode === 'grant' ? t('What may they do for you?') : t('What do you want to do for them?')} onChange={(permissions) => setTermsPatch({ permissions })} />
      case 'scope':
        return <ScopePart key="scope" hid={hid(p)} v={terms} errors={errors} audience={org ? 'enterprise' : 'person'} heading={t('For which services?')} onChange={setTermsPatch} />
      case 'until':
        return <UntilPart key="until" hid={hid(p)} v={terms} errors={errors} heading={t('Until when?')} onChange={(until) => setTermsPatch({ until })} />
    }
  }

  const summary = Object.entries(errors).map(([k, msgs]) => ({ key: k, text: msgs.join(' '), target: FIELD_ID[k] }))
  const onLast = !elder || step >= PARTS.length - 1
  const onSubmit = (e: Event) => {
    e.preventDefault()
    if (onLast) {
      void submit()
      return
    }
    const found = check(PARTS[step]!)
    setErrors(found)
    if (!Object.keys(found).length) go(step + 1)
  }
  return (
    <>
      <h1>{title}</h1>
      {mode === 'grant' && step === 0 && <p class="lead">{t('The person you name can then apply for you, within what you choose here. They accept it on their own phone. You can end it at any time.')}</p>}
      {mode === 'ask' && step === 0 && (
        <p class="lead">{kind === 'guardian' ? t('After you ask, upload the court judgment or the civil-affairs certificate that names you guardian. A reviewer checks it.') : t('After you ask, the person gets a code on their phone. When they tell you the code, type it here and the authorisation is in force.')}</p>
      )}
      <ErrorSummary items={summary} />
      <FormAlert error={error && !Object.keys(error.errors ?? {}).length ? error : null} />
      <form class="case-form mandate-form" noValidate onSubmit={onSubmit} data-testid="mandate-form">
        {elder && <StepOf i={Math.min(step, PARTS.length - 1) + 1} n={PARTS.length} />}
        {(elder ? [PARTS[Math.min(step, PARTS.length - 1)]!] : PARTS).map(render)}
        <div class="step-nav">
          {elder && step > 0 && (
            <button type="button" class="btn secondary" data-testid="step-previous" onClick={() => go(step - 1)}>
              {t('Previous step')}
            </button>
          )}
          {!(elder && step > 0) && (
            <a class="btn secondary" href="/family">
              {t('Cancel')}
            </a>
          )}
          <button type="submit" class="btn" data-testid={onLast ? 'mandate-submit' : 'step-next'} disabled={busy}>
            {onLast ? (mode === 'grant' ? t('Give the authorisation') : t('Send the request')) : t('Next step')}
          </button>
        </div>
      </form>
    </>
  )
}
