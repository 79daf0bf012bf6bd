import type { ComponentType } from 'preact'
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks'
import { LocationProvider, Route, Router, lazy } from 'preact-iso'
import { BCP47, getLang, langReady, loadLang, loadRest, setLang, t } from './i18n'
import { UiContext } from './context'
import { setNoStore } from './api/client'
import { applyToDocument, type SettingsStore } from './settings'
import { Layout } from './components/Layout'
import { KioskIdle } from './components/Kiosk'
// The first page's modules, in the main chunk: home, search and the guide (what most people open,
// and the page painted before JavaScript). Every other page is a chunk of its own, fetched with the
// catalogue part it needs when it is first opened (and precached by the service worker).
import { Home } from './pages/Home'
import { Search } from './pages/Search'
import { Matter } from './pages/Matter'
import { AuthProvider } from './auth/session'

/** A page of its own chunk. Its messages (the catalogue's "rest") arrive with it; a chunk that cannot
 * be fetched (offline before the service worker had it, or a release that replaced it) shows a
 * page that says so instead of leaving the previous page on screen. */
function page<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, name: K) {
  return lazy(() => Promise.all([load(), loadRest()]).then(([m]) => m[name], () => PageUnavailable))
}

function PageUnavailable() {
  return (
    <div class="problem" role="alert" data-testid="page-unavailable">
      <h1>{t('This page could not be loaded')}</h1>
      <p>{t('Check your connection, then reload the page.')}</p>
      <p class="actions">
        <button type="button" class="btn" onClick={() => location.reload()}>
          {t('Reload')}
        </button>
      </p>
    </div>
  )
}

const Lists = page(() => import('./pages/Lists'), 'Lists')
const ListDetail = page(() => import('./pages/Lists'), 'ListDetail')
const ListVersionPage = page(() => import('./pages/Lists'), 'ListVersionPage')
const Settings = page(() => import('./pages/Settings'), 'Settings')
const Help = page(() => import('./pages/Help'), 'Help')
const NotFound = page(() => import('./pages/Help'), 'NotFound')
const Signin = page(() => import('./pages/Signin'), 'Signin')
const Signup = page(() => import('./pages/Signup'), 'Signup')
const StaffSignin = page(() => import('./pages/StaffSignin'), 'StaffSignin')
const Account = page(() => import('./pages/Account'), 'Account')
const Passkeys = page(() => import('./pages/Passkeys'), 'Passkeys')
const Sessions = page(() => import('./pages/Sessions'), 'Sessions')
const ConsentPage = page(() => import('./pages/Consent'), 'ConsentPage')
const Staff = page(() => import('./pages/Staff'), 'Staff')
const DevOutbox = page(() => import('./pages/DevOutbox'), 'DevOutbox')
const Directory = page(() => import('./pages/Directory'), 'Directory')
const Apply = page(() => import('./pages/Apply'), 'Apply')
const ApplyForm = page(() => import('./pages/cases/ApplyForm'), 'ApplyForm')
const MyCases = page(() => import('./pages/cases/MyCases'), 'MyCases')
const CasePage = page(() => import('./pages/cases/CasePage'), 'CasePage')
const CaseStatus = page(() => import('./pages/cases/CaseStatus'), 'CaseStatus')
const StaffQueue = page(() => import('./pages/cases/StaffQueue'), 'StaffQueue')
const StaffCase = page(() => import('./pages/cases/StaffCase'), 'StaffCase')
const Inbox = page(() => import('./pages/Inbox'), 'Inbox')
const RateWindow = page(() => import('./pages/RateWindow'), 'RateWindow')
const Reception = page(() => import('./pages/window/Reception'), 'Reception')
const Bundles = page(() => import('./pages/window/Bundles'), 'Bundles')
const BundleApply = page(() => import('./pages/window/Bundles'), 'BundleApply')
// wallet: e-licences (我的证照, 亮证, who checked my licence)
const Wallet = page(() => import('./pages/wallet/Wallet'), 'Wallet')
const LicencePage = page(() => import('./pages/wallet/LicencePage'), 'LicencePage')
const ShowLicence = page(() => import('./pages/wallet/ShowLicence'), 'ShowLicence')
const LicenceChecks = page(() => import('./pages/wallet/Checks'), 'Checks')
// the staff scanner (扫码核验); the ZXing WebAssembly loads only when the camera starts
const ScanPage = page(() => import('./pages/scan/ScanPage'), 'ScanPage')
// mandates: resident pages
const Family = page(() => import('./pages/family/Family'), 'Family')
const MandatePage = page(() => import('./pages/family/MandatePage'), 'MandatePage')
const AskPage = page(() => import('./pages/family/MandateForm'), 'AskPage')
const GrantPage = page(() => import('./pages/family/MandateForm'), 'GrantPage')
const Activity = page(() => import('./pages/family/Activity'), 'Activity')
const StopAll = page(() => import('./pages/family/Stop'), 'StopAll')
const Assist = page(() => import('./pages/assist/Assist'), 'Assist')
const AssistJoin = page(() => import('./pages/assist/Join'), 'AssistJoin')
// mandates: staff pages
const MandatesNew = page(() => import('./pages/window/MandatesNew'), 'MandatesNew')
const MandatesLookup = page(() => import('./pages/window/MandatesLookup'), 'MandatesLookup')
const MandatesAssist = page(() => import('./pages/window/MandatesAssist'), 'MandatesAssist')
const MandateReview = page(() => import('./pages/staff/MandateReview'), 'MandateReview')

export function App({ store }: { store: SettingsStore }) {
  const [state, setState] = useState(store.get())
  // Bumped by the kiosk reset: remounts every page, dropping whatever was typed.
  const [generation, setGeneration] = useState(0)
  useEffect(() => store.subscribe(setState), [store])
  // A language whose messages are not here yet: keep the one on screen until they are (never a
  // half-translated page), then switch. main.tsx loads the first one before the first render.
  const [, langLoaded] = useState(0)
  const ready = langReady(state.lang)
  useEffect(() => {
    if (!ready) loadLang(state.lang).then(() => langLoaded((n) => n + 1), () => undefined)
  }, [state.lang, ready])
  const lang = ready ? state.lang : getLang()
  // Before children render, so every t() and API call below uses them.
  setLang(lang)
  setNoStore(state.kiosk)
  useLayoutEffect(() => applyToDocument(state, document.documentElement, BCP47[lang]), [state, lang])
  const ui = useMemo(() => ({ state, store }), [state, store])

  return (
    <UiContext.Provider value={ui}>
      <AuthProvider>
        {/* Links to /api/... (CSV export) and /oauth/... are the server's, not app routes. */}
        <LocationProvider scope={/^\/(?!api\/|oauth\/)/}>
          <KioskIdle onReset={() => setGeneration((g) => g + 1)} />
          <Layout key={`${generation}`}>
            {/* tb-route: at least a screen tall (paint.css), so the footer stays below the fold
                while a page or its data loads and never jumps into view. */}
            <div class="tb-route">
              <Router>
                <Route path="/" component={Home} />
                <Route path="/search" component={Search} />
                <Route path="/matters/:code" component={Matter} />
                <Route path="/apply/:code" component={Apply} />
                <Route path="/apply/:code/form" component={ApplyForm} />
                <Route path="/me/cases" component={MyCases} />
                <Route path="/me/inbox" component={Inbox} />
                <Route path="/rate-window" component={RateWindow} />
                <Route path="/cases/:number" component={CasePage} />
                <Route path="/case-status" component={CaseStatus} />
                <Route path="/directory" component={Directory} />
                <Route path="/lists" component={Lists} />
                <Route path="/lists/:code" component={ListDetail} />
                <Route path="/lists/:code/versions/:n" component={ListVersionPage} />
                <Route path="/settings" component={Settings} />
                <Route path="/help" component={Help} />
                <Route path="/signin" component={Signin} />
                <Route path="/signup" component={Signup} />
                <Route path="/staff/signin" component={StaffSignin} />
                <Route path="/staff" component={Staff} />
                <Route path="/staff/queue" component={StaffQueue} />
                <Route path="/staff/cases/:number" component={StaffCase} />
                <Route path="/staff/reception" component={Reception} />
                <Route path="/bundles" component={Bundles} />
                <Route path="/bundles/:code" component={BundleApply} />
                <Route path="/account" component={Account} />
                <Route path="/account/passkeys" component={Passkeys} />
                <Route path="/account/sessions" component={Sessions} />
                <Route path="/consent" component={ConsentPage} />
                {/* wallet: e-licences */}
                <Route path="/wallet" component={Wallet} />
                <Route path="/wallet/:id" component={LicencePage} />
                <Route path="/wallet/:id/show" component={ShowLicence} />
                <Route path="/wallet/:id/checks" component={LicenceChecks} />
                {/* mandates: resident pages (family, acting for, 帮办) */}
                <Route path="/family" component={Family} />
                <Route path="/family/grant" component={GrantPage} />
                <Route path="/family/ask" component={AskPage} />
                <Route path="/family/activity" component={Activity} />
                <Route path="/family/stop" component={StopAll} />
                <Route path="/family/:id" component={MandatePage} />
                <Route path="/assist" component={Assist} />
                <Route path="/assist/join" component={AssistJoin} />
                {/* licences: the staff scanner (扫码核验) */}
                <Route path="/staff/scan" component={ScanPage} />
                {/* mandates: staff pages (window mandates, guardianship review) */}
                <Route path="/staff/mandates" component={MandatesLookup} />
                <Route path="/staff/mandates/new" component={MandatesNew} />
                <Route path="/staff/mandates/review" component={MandateReview} />
                <Route path="/staff/assist" component={MandatesAssist} />
                <Route path="/dev/outbox" component={DevOutbox} />
                <Route default component={NotFound} />
              </Router>
            </div>
          </Layout>
        </LocationProvider>
      </AuthProvider>
    </UiContext.Provider>
  )
}
