// The terms of an authorisation, as form parts: what the agent may do (with plain explanations),
// which services (all, categories, or services picked by search or by code), and until when.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { ApiError, apiGet } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { MatterDetail, MatterPage } from '../../api/types'
import { dataLang, t } from '../../i18n'
import { TextField } from '../../components/Form'
import { endOfDay, isoDay, permissionHelp } from '../../family/labels'
import { PERMISSIONS, type CategoryList, type Permission, type ScopeKind } from '../../family/types'

export type Errors = Record<string, string[]>

export interface TermsValue {
  permissions: Permission[]
  scope: ScopeKind
  categories: string[]
  matters: { code: string; name: string }[]
  until: string
}

const MAX_YEARS = 5

/** The client's checks of one part (the server checks again). */
export function checkTerms(v: TermsValue, part: 'permissions' | 'scope' | 'until'): Errors {
  const e: Errors = {}
  if (part === 'permissions' && v.permissions.length === 0) e.permissions = [t('Choose at least one thing they may do.')]
  if (part === 'scope') {
    if (v.scope === 'categories' && !v.categories.length) e.scope_items = [t('Choose at least one kind of service.')]
    if (v.scope === 'matters' && !v.matters.length) e.scope_items = [t('Add at least one service.')]
  }
  if (part === 'until') {
    const end = endOfDay(v.until)
    const max = new Date()
    max.setFullYear(max.getFullYear() + MAX_YEARS)
    if (!end) e.valid_until = [t('Choose the last day.')]
    else if (new Date(end) <= new Date()) e.valid_until = [t('The last day must be in the future.')]
    else if (v.until > isoDay(max)) e.valid_until = [t('An authorisation may last at most {n} years.', { n: MAX_YEARS })]
  }
  return e
}

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <p class="field-error" id={id}>
      <span aria-hidden="true">! </span>
      {errors.join(' ')}
    </p>
  )
}

/** One question's heading: `hid` is "step-heading" when it is the screen's only question (长辈版). */
export function Question({ hid, text }: { hid: string; text: string }) {
  return (
    <h2 class="question" id={hid} tabIndex={-1}>
      {text}
    </h2>
  )
}

export function Radios({ id, legend, options, value, onValue }: { id: string; legend: ComponentChildren; options: { value: string; label: string }[]; value: string; onValue: (v: string) => void }) {
  return (
    <fieldset class="radios field" data-testid={`${id}-group`}>
      <legend>{legend}</legend>
      {options.map((o, i) => {
        const oid = i === 0 ? id : `${id}-${o.value}`
        return (
          <div class="radio" key={o.value}>
            <input type="radio" id={oid} name={id} value={o.value} checked={value === o.value} onChange={() => onValue(o.value)} />
            <label for={oid}>{o.label}</label>
          </div>
        )
      })}
    </fieldset>
  )
}

export function PermissionsPart({ v, errors, onChange, heading, hid }: { v: TermsValue; errors: Errors; onChange: (p: Permission[]) => void; heading: string; hid: string }) {
  const err = errors.permissions
  return (
    <fieldset class={`checks field${err ? ' has-error' : ''}`} id="terms-permissions" aria-describedby={err ? 'terms-permissions-error' : undefined} data-testid="terms-permissions">
      <legend>
        <Question hid={hid} text={heading} />
      </legend>
      <FieldErrors id="terms-permissions-error" errors={err} />
      {PERMISSIONS.map((p) => {
        const { label, help } = permissionHelp(p)
        const id = `perm-${p}`
        return (
          <div class="check check-help" key={p}>
            <input
              type="checkbox"
              id={id}
              data-testid={id}
              checked={v.permissions.includes(p)}
              aria-describedby={`${id}-help`}
              onChange={(e) => onChange(e.currentTarget.checked ? PERMISSIONS.filter((x) => x === p || v.permissions.includes(x)) : v.permissions.filter((x) => x !== p))}
            />
            <div>
              <label for={id}>{label}</label>
              <p class="hint" id={`${id}-help`}>
                {help}
              </p>
            </div>
          </div>
        )
      })}
    </fieldset>
  )
}

export function ScopePart({ v, errors, onChange, audience, heading, hid }: { v: TermsValue; errors: Errors; onChange: (patch: Partial<TermsValue>) => void; audience: 'person' | 'enterprise'; heading: string; hid: string }) {
  const cats = useApi<CategoryList>(v.scope === 'categories' ? '/mandates/categories' : null)
  const err = errors.scope_items ?? errors.scope
  return (
    <div class="scope-part" data-testid="terms-scope">
      <Radios
        id="terms-scope"
        legend={<Question hid={hid} text={heading} />}
        value={v.scope}
        options={[
          { value: 'all', label: t('All services') },
          { value: 'categories', label: t('Some kinds of services') },
          { value: 'matters', label: t('Only the services I pick') },
        ]}
        onValue={(s) => onChange({ scope: s as TermsValue['scope'] })}
      />
      {v.scope === 'categories' && (
        <fieldset class={`checks field${err ? ' has-error' : ''}`} id="terms-categories" aria-describedby={err ? 'terms-scope-error' : undefined}>
          <legend>{t('Which kinds of services')}</legend>
          <FieldErrors id="terms-scope-error" errors={err} />
          {cats.data?.items.map((c) => (
            <div class="check" key={c.code}>
              <input
                type="checkbox"
                id={`cat-${c.code}`}
                data-testid={`cat-${c.code}`}
                checked={v.categories.includes(c.code)}
                onChange={(e) => onChange({ categories: e.currentTarget.checked ? [...v.categories, c.code] : v.categories.filter((x) => x !== c.code) })}
              />
              <label for={`cat-${c.code}`}>{c.name}</label>
            </div>
          ))}
          {cats.error && <p class="field-error">{cats.error.detail ?? cats.error.title}</p>}
        </fieldset>
      )}
      {v.scope === 'matters' && <MatterPicker v={v} err={err} audience={audience} onChange={(matters) => onChange({ matters })} />}
    </div>
  )
}

function MatterPicker({ v, err, audience, onChange }: { v: TermsValue; err?: string[]; audience: 'person' | 'enterprise'; onChange: (m: TermsValue['matters']) => void }) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<{ code: string; name: string }[] | null>(null)
  const [error, setError] = useState('')
  const dl = dataLang()
  const add = (m: { code: string; name: string }) => {
    if (!v.matters.some((x) => x.code === m.code)) onChange([...v.matters, m])
  }
  const search = async () => {
    const text = q.trim()
    setError('')
    if (!text) return
    try {
      // A code (FY-GA-0010) is looked up directly; words go to the catalogue search.
      if (/^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$/.test(text)) {
        const one = await apiGet<MatterDetail>(`/matters/${encodeURIComponent(text.toUpperCase())}`).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return null
          throw e
        })
        if (one) {
          setFound([{ code: one.code, name: one.name }])
          return
        }
      }
      const page = await apiGet<MatterPage>('/matters', { q: text, audience, per_page: 5 })
      setFound(page.items.map((m) => ({ code: m.code, name: m.name })))
    } catch (e) {
      setError(e instanceof ApiError ? (e.detail ?? e.title) : t('Something went wrong'))
    }
  }
  return (
    <div class={`field matter-picker${err ? ' has-error' : ''}`} id="terms-matters">
      <FieldErrors id="terms-scope-error" errors={err} />
      {v.matters.length > 0 && (
        <ul class="files" data-testid="picked-matters">
          {v.matters.map((m) => (
            <li class="file" key={m.code}>
              <span lang={dl}>
                {m.name} <span class="muted code-value">{m.code}</span>
              </span>
              <button type="button" class="btn secondary" onClick={() => onChange(v.matters.filter((x) => x.code !== m.code))}>
                {t('Remove')}
                <span class="visually-hidden">{t(': {what}', { what: m.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <TextField
        id="matter-q"
        type="search"
        label={t('Find a service')}
        hint={t('Type words of its name, or its code (for example FY-GA-0010).')}
        value={q}
        onValue={setQ}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            void search()
          }
        }}
      />
      <button type="button" class="btn secondary" data-testid="matter-search" onClick={() => void search()}>
        {t('Search')}
      </button>
      {error && <p class="field-error">{error}</p>}
      {found && (
        <ul class="files" data-testid="matter-results">
          {found.length === 0 && <li>{t('Nothing found.')}</li>}
          {found.map((m) => (
            <li class="file" key={m.code}>
              <span lang={dl}>
                {m.name} <span class="muted code-value">{m.code}</span>
              </span>
              <button type="button" class="btn secondary" data-testid="matter-add" disabled={v.matters.some((x) => x.code === m.code)} onClick={() => add(m)}>
                {t('Add')}
                <span class="visually-hidden">{t(': {what}', { what: m.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function UntilPart({ v, errors, onChange, heading, hid }: { v: TermsValue; errors: Errors; onChange: (until: string) => void; heading: string; hid: string }) {
  const tomorrow = new Date()
  tomorrow.setDate(tomorrow.getDate() + 1)
  return (
    <div class="until-part">
      <Question hid={hid} text={heading} />
      <TextField
        id="terms-until"
        type="date"
        label={t('Last day')}
        hint={t('It ends by itself after this day. It can be ended earlier at any time.')}
        min={isoDay(tomorrow)}
        value={v.until}
        errors={errors.valid_until}
        onValue={onChange}
      />
    </div>
  )
}
