// The window where the clerk stands: the places of their jurisdiction (their own post windows
// first) and the select that chooses one. The reception offers the receiving places; the mandate
// pages every window, the help desk (帮办代办) too: a clerk witnesses an authorisation wherever they work.
import { useMemo } from 'preact/hooks'
import { useApi } from '../../api/useApi'
import type { AgencyPointList, CentreList, Profile, RegionList } from '../../api/types'
import { dataLang, t } from '../../i18n'
import { clerkPlaces, receivingPlaces, type Place } from '../../cases/modes'
import type { ApiError } from '../../api/client'

/** Every place of the clerk's jurisdictions, the help desks too: their own posts first. */
export const witnessPlaces = (...args: Parameters<typeof receivingPlaces>): Place[] => clerkPlaces(...args, null)

/** The clerk's places (null while loading), as `pick` chooses them from the directory: the reception
 * takes receivingPlaces, the mandate pages witnessPlaces. */
export function useClerkPlaces(me: Profile, pick: typeof receivingPlaces = witnessPlaces): { places: Place[] | null; error?: ApiError } {
  const posts = me.staff.filter((s) => s.role === 'clerk' && s.active)
  const regions = useApi<RegionList>('/regions')
  const centres = useApi<CentreList>('/centres')
  const points = useApi<AgencyPointList>('/agency-points')
  const places = useMemo(() => {
    if (!regions.data || !centres.data || !points.data) return null
    const parents = new Map(regions.data.items.map((r) => [r.code, r.parent_code]))
    return pick(centres.data.items, points.data.items, posts.map((p) => p.jurisdiction), posts.map((p) => p.unit_code), parents)
  }, [regions.data, centres.data, points.data])
  return { places, error: regions.error ?? centres.error ?? points.error }
}

/** The window select, with its field error and an optional hint under it; `id` is also its data-testid. */
export function WindowSelect({ id, label, hint, places, value, onValue, errors }: {
  id: string
  label?: string
  hint?: { text: string; testid: string }
  places: Place[]
  value: string
  onValue: (code: string) => void
  errors?: string[]
}) {
  const mine = places.filter((p) => p.mine)
  const others = places.filter((p) => !p.mine)
  const dl = dataLang()
  const err = errors?.length ? errors : undefined
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>{label ?? t('The window where you are')}</label>
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {err.join(' ')}
        </p>
      )}
      <select
        id={id}
        data-testid={id}
        value={value}
        aria-describedby={[hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={err ? true : undefined}
        onChange={(e) => onValue(e.currentTarget.value)}
      >
        {mine.length > 0 && (
          <optgroup label={t('My windows')}>
            {mine.map((p) => (
              <option key={p.code} value={p.code} lang={dl}>
                {p.name}
              </option>
            ))}
          </optgroup>
        )}
        {others.length > 0 && (
          <optgroup label={t('Other places in my area')}>
            {others.map((p) => (
              <option key={p.code} value={p.code} lang={dl}>
                {p.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {hint && (
        <p class="hint" id={`${id}-hint`} data-testid={hint.testid}>
          {hint.text}
        </p>
      )}
    </div>
  )
}
