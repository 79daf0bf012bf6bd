// /directory (服务大厅和窗口): service centres (city, county, town) with their windows, and the agency
// points (代收代办点) in villages and parks; ?region= shows one county (or the whole city), nearest to
// the person's region (Settings) first.
import { useLocation } from 'preact-iso'
import { useTitle, useUi } from '../context'
import { t } from '../i18n'
import { useApi } from '../api/useApi'
import type { AgencyPointList, CentreList } from '../api/types'
import { DEFAULT_REGION, byNearness, cityOf, inRegion, isRegionCode } from '../directory'
import { AgencyPointCard, CentreCard, RegionSelect, useHomeRegions } from '../components/WhereToApply'
import { DemoLabel } from '../components/DemoLabel'
import { DATA, WithData } from '../components/DataText'
import { ErrorView, Loading } from '../components/ErrorView'
import '../components/where.css'

export function Directory() {
  const { state } = useUi()
  const { query, route } = useLocation()
  const { regions, name } = useHomeRegions()
  const centres = useApi<CentreList>('/centres')
  const points = useApi<AgencyPointList>('/agency-points')
  useTitle(t('Service centres and windows'))

  const home = state.region
  const city = regions.find((r) => r.level === 'city')?.code ?? cityOf(isRegionCode(home) ? home : DEFAULT_REGION)
  const region = isRegionCode(query.region) ? query.region : city
  const pick = (code: string) => route(code === city ? '/directory' : `/directory?region=${code}`, true)

  const error = centres.error ?? points.error
  const shownCentres = centres.data ? byNearness(centres.data.items.filter((c) => inRegion(c.region_code, region)), home) : []
  const shownPoints = points.data ? byNearness(points.data.items.filter((p) => inRegion(p.region_code, region)), home) : []
  const demo = shownCentres.some((c) => c.demo) || shownPoints.some((p) => p.demo)

  return (
    <>
      <h1>{t('Service centres and windows')}</h1>
      <p class="lead">{t('Where to hand in applications: the windows of the service centres, and agency points in villages and industrial parks.')}</p>
      <DemoLabel demo={demo} />
      <RegionSelect
        id="directory-region"
        label={t('Show places in')}
        value={region}
        regions={regions}
        onChange={pick}
        allLabel={(c) => t('The whole city ({city})', { city: c.name })}
      />
      <p>
        <WithData text={t('Nearest to {region} first.', { region: DATA })} value={name(home)} />{' '}
        <a href="/settings">{t('Change your region in Settings')}</a>
      </p>
      {error && <ErrorView error={error} onRetry={() => (centres.error ? centres.reload() : points.reload())} />}
      {!error && (!centres.data || !points.data) && <Loading />}
      {!error && centres.data && points.data && (
        <>
          <section class="section" aria-labelledby="dir-centres">
            <h2 id="dir-centres">{t('Service centres')}</h2>
            <p class="dir-counts" role="status" data-testid="directory-count">
              {t('{n} service centres', { n: shownCentres.length })}
            </p>
            {shownCentres.length === 0 ? (
              <p>{t('No service centre in this region.')}</p>
            ) : (
              <ul class="places" data-testid="centres">
                {shownCentres.map((c) => (
                  <CentreCard key={c.code} centre={c} windows={c.windows} heading="h3" full />
                ))}
              </ul>
            )}
          </section>
          <section class="section" aria-labelledby="dir-points">
            <h2 id="dir-points">{t('Agency points')}</h2>
            <p>{t('In villages and industrial parks, an agent can hand in your application for you.')}</p>
            {shownPoints.length === 0 ? (
              <p>{t('No agency point in this region.')}</p>
            ) : (
              <ul class="places" data-testid="agency-points">
                {shownPoints.map((p) => (
                  <AgencyPointCard key={p.code} point={p} heading="h3" />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  )
}
