import { t } from '../i18n'
import { HelpCard } from '../components/HelpCard'
import { useTitle, useUi } from '../context'
import { useApi } from '../api/useApi'
import type { MatterPage } from '../api/types'
import { MatterCard, SearchForm, searchHref } from '../components/Search'
import { ErrorView, Loading } from '../components/ErrorView'
import { useAuth } from '../auth/session'
import { useForgetOnSignOut } from './wallet/cache'

function Zones() {
  const zones = [
    { scope: 'kstb', name: t('Cross-province services'), desc: t('Services you can apply for in one province and have handled in another.') },
    { scope: 'yrd', name: t('Yangtze River Delta'), desc: t('One-stop services shared by Shanghai, Jiangsu, Zhejiang and Anhui.') },
    { scope: 'citywide', name: t('Citywide services'), desc: t('Any service window in the city can take these applications.') },
  ]
  return (
    <ul class="zones">
      {zones.map((z) => (
        <li key={z.scope}>
          <a class={`zone zone-${z.scope}`} href={searchHref({ scope: z.scope })} data-testid={`zone-${z.scope}`}>
            <span class="zone-name">{z.name}</span>
            <span class="zone-desc">{z.desc}</span>
          </a>
        </li>
      ))}
    </ul>
  )
}

function Frequent() {
  const res = useApi<MatterPage>('/matters', { scope: 'kstb', per_page: 6 })
  return (
    <section class="section" aria-labelledby="frequent-title">
      <h2 id="frequent-title">{t('Frequently used services')}</h2>
      {res.loading && <Loading />}
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {res.data && (
        <>
          {res.data.items.length === 0 && <p>{t('No services are published yet.')}</p>}
          <ul class="cards">
            {res.data.items.map((m) => (
              <MatterCard key={m.code} m={m} />
            ))}
          </ul>
          <p>
            <a class="btn secondary" href={searchHref({ scope: 'kstb' })}>
              {t('All cross-province services')}
            </a>
          </p>
        </>
      )}
    </section>
  )
}

/** My cases (signed in) and the look-up with a receipt's query code (anyone). */
function Cases() {
  const { me } = useAuth()
  useForgetOnSignOut(me === null)
  return (
    <section class="section" aria-labelledby="cases-title">
      <h2 id="cases-title">{t('Your applications')}</h2>
      <p class="actions">
        {me && (
          <a class="btn" href="/me/cases" data-testid="link-my-cases">
            {t('My cases')}
          </a>
        )}
        {me && (
          <a class="btn" href="/wallet" data-testid="link-wallet">
            {t('My licences')}
          </a>
        )}
        <a class="btn secondary" href="/case-status" data-testid="link-case-status">
          {t('Look up a case with its query code')}
        </a>
      </p>
    </section>
  )
}

export function Home() {
  const { state } = useUi()
  useTitle(t('Home'))
  return (
    <>
      <div class="hero">
        <h1>{t('Government services across provinces and across the city')}</h1>
        <p class="lead">{t('Find a service, see what to bring, and apply near you.')}</p>
        <SearchForm />
      </div>
      <section class="section" aria-labelledby="zones-title">
        <h2 id="zones-title">{t('Service zones')}</h2>
        <Zones />
        <p class="home-directory">
          <a class="btn secondary" href="/directory" data-testid="link-directory">
            {t('Service centres and windows near you')}
          </a>
        </p>
        <p class="home-bundles">
          <a class="btn secondary" href="/bundles" data-testid="link-bundles">
            {t('Several services in one go')}
          </a>
        </p>
      </section>
      <Cases />
      {state.elder ? (
        <HelpCard headingId="help-title" title={t('Need help?')} extraClass="help-card" />
      ) : (
        <Frequent />
      )}
    </>
  )
}
