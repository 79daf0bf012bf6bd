// What an authorisation covers: every service, some categories (GET /mandates/categories), or
// services named one by one (found by a few words, as the reception finds them, and ticked).
import { useState } from 'preact/hooks'
import { apiGet } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { MatterPage } from '../../api/types'
import { t } from '../../i18n'
import { ChoiceInput } from '../cases/FieldInput'
import { Loading } from '../ErrorView'
import { CheckGroup } from './CheckGroup'
import { SELF, type Category } from './staffMandates'

export type ScopeKind = 'all' | 'categories' | 'matters'
export interface ScopeValue {
  scope: ScopeKind
  categories: string[]
  /** matter code → name, in the order ticked */
  matters: Record<string, string>
}
export const EMPTY_SCOPE: ScopeValue = { scope: 'all', categories: [], matters: {} }

/** The codes to send as scope_items. */
export const scopeItems = (v: ScopeValue): string[] => (v.scope === 'categories' ? v.categories : v.scope === 'matters' ? Object.keys(v.matters) : [])

export function ScopePicker({ id, value, onValue, errors, enterprise }: { id: string; value: ScopeValue; onValue: (v: ScopeValue) => void; errors?: { scope?: string[]; items?: string[] }; enterprise?: boolean }) {
  const cats = useApi<{ items: Category[] }>('/mandates/categories')
  const [q, setQ] = useState('')
  const [found, setFound] = useState<{ code: string; name: string }[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [said, setSaid] = useState('')

  const search = async () => {
    const words = q.trim()
    if (!words) {
      setSaid(t('Enter a few words of the service’s name.'))
      return
    }
    setSearching(true)
    try {
      const page = await apiGet<MatterPage>('/matters', { q: words, per_page: 20, audience: enterprise ? 'enterprise' : 'person' }, SELF)
      setFound(page.items.map((m) => ({ code: m.code, name: m.name })))
      setSaid(page.items.length ? t('{n} services found', { n: page.items.length }) : t('No service found. Try other words.'))
    } catch {
      setSaid(t('The search did not work. Try again.'))
    } finally {
      setSearching(false)
    }
  }

  const chosen = Object.entries(value.matters)
  const shown = [...chosen.map(([code, name]) => ({ code, name })), ...(found ?? []).filter((m) => !(m.code in value.matters))]
  return (
    <>
      <ChoiceInput
        id={`${id}-kind`}
        title={t('What does the authorisation cover?')}
        options={[
          { value: 'all', label: enterprise ? t('All services for the enterprise') : t('All services for the principal') },
          { value: 'categories', label: t('Some kinds of services') },
          { value: 'matters', label: t('Only the services named on the form') },
        ]}
        value={value.scope}
        errors={errors?.scope}
        onValue={(v) => onValue({ ...value, scope: v as ScopeKind })}
      />
      {value.scope === 'categories' &&
        (cats.data ? (
          <CheckGroup
            id={`${id}-category`}
            legend={t('The kinds of services covered')}
            options={cats.data.items.map((c) => ({ value: c.code, label: c.name }))}
            values={value.categories}
            errors={errors?.items}
            onValues={(v) => onValue({ ...value, categories: v })}
          />
        ) : (
          <Loading />
        ))}
      {value.scope === 'matters' && (
        <div class="scope-matters">
          <div class="field">
            <label for={`${id}-q`}>{t('Find a service on the form')}</label>
            <p class="hint" id={`${id}-q-hint`}>
              {t('A few words or pinyin, for example 户籍 or hkqy.')}
            </p>
            <div class="search-row">
              <input
                type="search"
                id={`${id}-q`}
                data-testid={`${id}-q`}
                value={q}
                maxLength={100}
                autoComplete="off"
                aria-describedby={`${id}-q-hint`}
                onInput={(e) => setQ(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault()
                    void search()
                  }
                }}
              />
              <button type="button" class="btn" data-testid={`${id}-search`} disabled={searching} onClick={() => void search()}>
                {t('Search')}
              </button>
            </div>
          </div>
          <p role="status" class="status-note" data-testid={`${id}-found`}>
            {said}
          </p>
          {(shown.length > 0 || errors?.items) && (
            <CheckGroup
              id={`${id}-matter`}
              legend={t('The services covered')}
              options={shown.map((m) => ({ value: m.code, label: m.name, hint: m.code, data: true }))}
              values={Object.keys(value.matters)}
              errors={errors?.items}
              onValues={(codes) => onValue({ ...value, matters: Object.fromEntries(codes.map((c) => [c, value.matters[c] ?? shown.find((m) => m.code === c)?.name ?? c])) })}
            />
          )}
        </div>
      )}
    </>
  )
}
