// The window where the clerk stands, for the mandate pages: like the reception's choice (the
// clerk's own post windows first, then the other places of their jurisdiction), but every window
// counts here, the help desk (帮办代办) too: a clerk witnesses an authorisation wherever they work.
import { useMemo } from 'preact/hooks'
import { useApi } from '../../api/useApi'
import type { AgencyPointList, CentreList, Profile, RegionList } from '../../api/types'
import { dataLang, t } from '../../i18n'
import { regionWithin, type Place } from '../../cases/modes'
import type { ApiError } from '../../api/client'

/** The places of the clerk's jurisdictions: their own posts first (in the order of their posts). */
export function witnessPlaces(
  centres: CentreList['items'],
  points: AgencyPointList['items'],
  jurisdictions: readonly string[],
  posts: readonly string[],
  parents: ReadonlyMap<string, string | null>,
): Place[] {
  const inside = (region: string) => jurisdictions.some((j) => regionWithin(region, j, parents))
  const found: Place[] = []
  for (const c of centres) {
    if (!inside(c.region_code)) continue
    for (const w of c.windows) found.push({ code: w.code, name: `${c.name} ${w.name}`, kind: w.kind, region: c.region_code, mine: posts.includes(w.code) })
  }
  for (const p of points) if (inside(p.region_code)) found.push({ code: p.code, name: p.name, kind: p.kind, region: p.region_code, mine: posts.includes(p.code) })
  const rank = (p: Place) => (p.mine ? posts.indexOf(p.code) : posts.length)
  return found.sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code))
}

/** The clerk's active window posts, and the places they may witness at (null while loading). */
export function useWitnessPlaces(me: Profile): { places: Place[] | null; error?: ApiError } {
  const posts = me.staff.filter((s) => s.role === 'clerk' && s.active)
  const regions = useApi<RegionList>('/regions')
  const centres = useApi<CentreList>('/centres')
  const points = useApi<AgencyPointList>('/agency-points')
  const places = useMemo(() => {
    if (!regions.data || !centres.data || !points.data) return null
    const parents = new Map(regions.data.items.map((r) => [r.code, r.parent_code]))
    return witnessPlaces(centres.data.items, points.data.items, posts.map((p) => p.jurisdiction), posts.map((p) => p.unit_code), parents)
  }, [regions.data, centres.data, points.data])
  return { places, error: regions.error ?? centres.error ?? points.error }
}

/** The window select, with its field error; `id` is also its data-testid. */
export function WindowSelect({ id, places, value, onValue, errors }: { id: string; places: Place[]; value: string; onValue: (code: string) => void; errors?: string[] }) {
  const mine = places.filter((p) => p.mine)
  const others = places.filter((p) => !p.mine)
  const dl = dataLang()
  const err = errors?.length ? errors : undefined
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>{t('The window where you are')}</label>
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {err.join(' ')}
        </p>
      )}
      <select id={id} data-testid={id} value={value} aria-describedby={err ? `${id}-error` : undefined} aria-invalid={err ? true : undefined} onChange={(e) => onValue(e.currentTarget.value)}>
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
    </div>
  )
}
