// 办事去哪: how to apply for a matter (online, at which windows, or both), the centres and windows
// that take it nearest to the person first, agency points for 跨省通办, and the region picker.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { dataLang, t } from '../i18n'
import { useUi } from '../context'
import { useApi } from '../api/useApi'
import type { AgencyPoint, AgencyPointList, Centre, CentreList, Region, RegionList, Window } from '../api/types'
import { useAuth } from '../auth/session'
import { signinUrl } from '../auth/next'
import {
  agencyKindLabel,
  centreLevelLabel,
  compareCodes,
  agencyPointsFor,
  centresFor,
  isCrossProvince,
  namedAfterKind,
  offersOnline,
  offersWindow,
  telHref,
  windowKindLabel,
  type MatterReach,
} from '../directory'
import { DemoLabel } from './DemoLabel'
import { DATA, WithData } from './DataText'
import { ErrorView, Loading } from './ErrorView'
import { useSettled } from '../later'
import './where.css'

/** How many places a list shows before "show all" (short on a phone). */
const SHORTLIST = 3

/** The regions a person can say they are in: the home city and its counties (GB/T 2260 order). */
export function useHomeRegions(): { regions: Region[]; name: (code: string) => string; loading: boolean } {
  const res = useApi<RegionList>('/regions')
  const all = res.data?.items ?? []
  const regions = all.filter((r) => r.role === 'home-city' || r.role === 'home').sort((a, b) => (a.level === b.level ? compareCodes(a.code, b.code) : a.level === 'city' ? -1 : 1))
  return { regions, name: (code) => all.find((r) => r.code === code)?.name ?? code, loading: res.loading }
}

/** A labelled region select; the label always sits above it (room for 200 % text on a phone). */
export function RegionSelect(p: {
  id: string
  testid?: string
  label: string
  hint?: string
  value: string
  regions: Region[]
  onChange: (code: string) => void
  allLabel?: (city: Region) => string
}) {
  const hintId = p.hint ? `${p.id}-hint` : undefined
  const known = p.regions.some((r) => r.code === p.value)
  return (
    <div class="field region-field">
      <label for={p.id}>{p.label}</label>
      {p.hint && (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      )}
      <select id={p.id} data-testid={p.testid ?? p.id} value={p.value} aria-describedby={hintId} onChange={(e) => p.onChange(e.currentTarget.value)}>
        {!known && <option value={p.value}>{p.value}</option>}
        {p.regions.map((r) => (
          <option key={r.code} value={r.code} lang={dataLang()}>
            {r.level === 'city' && p.allLabel ? p.allLabel(r) : r.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/** "Your region", stored in the settings (for this visit only in kiosk mode). */
export function MyRegionSelect({ id, testid, regions }: { id: string; testid?: string; regions: Region[] }) {
  const { state, store } = useUi()
  return (
    <RegionSelect
      id={id}
      testid={testid}
      label={t('Your region')}
      hint={t('Used to list the nearest service windows first.')}
      value={state.region}
      regions={regions}
      onChange={(region) => store.update({ region })}
    />
  )
}

function Facts({ children }: { children: ComponentChildren }) {
  return <dl class="facts place-facts">{children}</dl>
}

/** One service centre: name, the windows (kinds in words), address, hours and a tel: link. */
/** `full` (the directory): also the centre's level and each window's kind in words. */
export function CentreCard({ centre, windows, heading: H = 'h4', full = false }: { centre: Centre; windows: Window[]; heading?: 'h3' | 'h4'; full?: boolean }) {
  const dl = dataLang()
  return (
    <li class="place" data-testid="centre" data-code={centre.code}>
      <H class="place-name" lang={dl}>
        {centre.name}
      </H>
      {full && <p class="place-level">{centreLevelLabel(centre.level)}</p>}
      <Facts>
        <div>
          <dt>{t('Windows')}</dt>
          <dd>
            <ul class="window-list">
              {windows.map((w) => (
                <li key={w.code} data-testid="window" data-kind={w.kind}>
                  <span lang={dl}>{w.name}</span>
                  {full && !namedAfterKind(w) && <span class="window-kind">{t('({kind})', { kind: windowKindLabel(w.kind) })}</span>}
                  {full && (
                    <a
                      class="rate-window-link"
                      href={`/rate-window?window=${encodeURIComponent(w.code)}`}
                      aria-label={t('Rate this window’s service') + t(': {title}', { title: `${centre.name} ${w.name}` })}
                      data-testid="rate-window-link"
                    >
                      {t('Rate this window’s service')}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {centre.address && (
          <div>
            <dt>{t('Address')}</dt>
            <dd lang={dl}>{centre.address}</dd>
          </div>
        )}
        {centre.hours && (
          <div>
            <dt>{t('Opening hours')}</dt>
            <dd lang={dl}>{centre.hours}</dd>
          </div>
        )}
        {centre.phone && (
          <div>
            <dt>{t('Telephone')}</dt>
            <dd>
              <a href={telHref(centre.phone)} data-testid="centre-phone" lang={dl}>
                {centre.phone}
              </a>
            </dd>
          </div>
        )}
      </Facts>
    </li>
  )
}

export function AgencyPointCard({ point, heading: H = 'h4' }: { point: AgencyPoint; heading?: 'h3' | 'h4' }) {
  const dl = dataLang()
  return (
    <li class="place" data-testid="agency-point" data-code={point.code}>
      <H class="place-name" lang={dl}>
        {point.name}
      </H>
      <Facts>
        <div>
          <dt>{t('Kind')}</dt>
          <dd>{agencyKindLabel(point.kind)}</dd>
        </div>
        {point.address && (
          <div>
            <dt>{t('Address')}</dt>
            <dd lang={dl}>{point.address}</dd>
          </div>
        )}
      </Facts>
    </li>
  )
}

/** The first `limit` items, and a button that shows (or hides again) the rest. */
function Shortlist<T>({ id, items, render, testid, limit }: { id: string; items: T[]; render: (item: T) => ComponentChildren; testid: string; limit: number }) {
  const [all, setAll] = useState(false)
  const shown = all ? items : items.slice(0, limit)
  return (
    <>
      <ul class="places" id={id} data-testid={testid} hidden={shown.length === 0}>
        {shown.map(render)}
      </ul>
      {items.length > limit && (
        <p>
          <button type="button" class="btn secondary" aria-expanded={all} aria-controls={id} data-testid={`${testid}-toggle`} onClick={() => setAll(!all)}>
            {all ? (limit === 0 ? t('Hide them again') : limit === 1 ? t('Show the nearest only') : t('Show the nearest {n} only', { n: limit })) : t('Show all {n}', { n: items.length })}
          </button>
        </p>
      )}
    </>
  )
}

/** The centres and agency points that take the matter at a window, nearest to the person first. */
export function WindowList({ matter, idPrefix }: { matter: MatterReach; idPrefix: string }) {
  const { state } = useUi()
  const cross = isCrossProvince(matter)
  const centres = useApi<CentreList>('/centres')
  const points = useApi<AgencyPointList>(cross ? '/agency-points' : null)
  const { regions, name } = useHomeRegions()
  if (centres.error) return <ErrorView error={centres.error} onRetry={centres.reload} />
  if (!centres.data || (cross && !points.data && !points.error)) return <Loading />
  const places = centresFor(matter, centres.data.items, state.region)
  const agents = points.data ? agencyPointsFor(matter, points.data.items, state.region) : []
  const demo = places.some((p) => p.centre.demo) || agents.some((a) => a.demo)
  // 长辈版 (and a kiosk) shows one step per screen: the nearest centre only, the others and the agency
  // points on request.
  const limit = state.elder ? 1 : SHORTLIST
  return (
    <div class="window-places" data-testid="window-places">
      <h3 id={`${idPrefix}-windows`}>{t('Windows that take this application')}</h3>
      <DemoLabel demo={demo} />
      <MyRegionSelect id={`${idPrefix}-region`} regions={regions} />
      {places.length === 0 ? (
        <p>{t('No service window takes this service yet. Call 12345 to ask where to apply.')}</p>
      ) : (
        <>
          <p>
            <WithData text={t('Nearest to {region} first.', { region: DATA })} value={name(state.region)} />
          </p>
          <Shortlist id={`${idPrefix}-centres`} testid="centres" items={places} limit={limit} render={(p) => <CentreCard key={p.centre.code} centre={p.centre} windows={p.windows} />} />
        </>
      )}
      {agents.length > 0 && (
        <>
          <h3 id={`${idPrefix}-agents`}>{t('Agency points')}</h3>
          <p>{t('In villages and industrial parks, an agent can hand in your application for you.')}</p>
          <Shortlist id={`${idPrefix}-points`} testid="agency-points" items={agents} limit={state.elder ? 0 : SHORTLIST} render={(a) => <AgencyPointCard key={a.code} point={a} />} />
        </>
      )}
    </div>
  )
}

/** The primary action for an online matter: the application, through sign-in when signed out. */
function ApplyOnlineButton({ code }: { code: string }) {
  const { me } = useAuth()
  const target = `/apply/${encodeURIComponent(code)}`
  return (
    <>
      <p>
        <a class="btn primary-action" href={me ? target : signinUrl(target)} data-testid="apply-online">
          {t('Apply online')}
        </a>
      </p>
      {!me && <p class="hint">{t('You will be asked to sign in first.')}</p>}
    </>
  )
}

/** True once the element is within a screen of the viewport (and from then on). */
function useNear(ref: { current: Element | null }): boolean {
  const [near, setNear] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (near || !el || typeof IntersectionObserver !== 'function') return
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '100% 0px' })
    io.observe(el)
    return () => io.disconnect()
  }, [near])
  return near
}

/** The end of every guide: how to apply, and the way to do it. Its windows (three requests: the
 * centres, the regions, the agency points) are asked for once the page has loaded and gone idle
 * (src/later.ts), or at once when this part is on screen or near it (长辈版's last step, a jump
 * to it): never while the guide's first screen is being drawn. Until then it says it is loading,
 * where the list will be, as it did while the answers were on their way. */
export function WhereToApply({ matter, code }: { matter: MatterReach; code: string }) {
  const online = offersOnline(matter)
  const atWindow = offersWindow(matter)
  const ref = useRef<HTMLDivElement>(null)
  const later = useSettled()
  const near = useNear(ref)
  return (
    <div class="where-to-apply" data-testid="where-to-apply" ref={ref}>
      <p class="lead">
        {online && atWindow
          ? t('Apply online, or hand in your application at one of the windows below.')
          : online
            ? t('This service is fully online: no need to go to a window.')
            : t('Hand in your application at one of the windows below.')}
      </p>
      {online && <ApplyOnlineButton code={code} />}
      {online && !atWindow && <p>{t('Need help applying online? The help and proxy window of any service centre can help you.')}</p>}
      {atWindow && (later || near ? <WindowList matter={matter} idPrefix="where" /> : <Loading />)}
      <p>
        <a href="/directory" data-testid="link-directory">
          {t('All service centres and windows')}
        </a>
      </p>
    </div>
  )
}
