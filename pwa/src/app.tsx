import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks'
import { LocationProvider, Route, Router } from 'preact-iso'
import { BCP47, setLang } from './i18n'
import { UiContext } from './context'
import { setNoStore } from './api/client'
import { applyToDocument, type SettingsStore } from './settings'
import { Layout } from './components/Layout'
import { KioskIdle } from './components/Kiosk'
import { Home } from './pages/Home'
import { Search } from './pages/Search'
import { Matter } from './pages/Matter'
import { ListDetail, ListVersionPage, Lists } from './pages/Lists'
import { Settings } from './pages/Settings'
import { Help, NotFound } from './pages/Help'
import { AuthProvider } from './auth/session'
import { Signin } from './pages/Signin'
import { Signup } from './pages/Signup'
import { StaffSignin } from './pages/StaffSignin'
import { Account } from './pages/Account'
import { Passkeys } from './pages/Passkeys'
import { Sessions } from './pages/Sessions'
import { ConsentPage } from './pages/Consent'
import { Staff } from './pages/Staff'
import { DevOutbox } from './pages/DevOutbox'
import { Directory } from './pages/Directory'
import { Apply } from './pages/Apply'
import { ApplyForm } from './pages/cases/ApplyForm'
import { MyCases } from './pages/cases/MyCases'
import { CasePage } from './pages/cases/CasePage'
import { CaseStatus } from './pages/cases/CaseStatus'
import { StaffQueue } from './pages/cases/StaffQueue'
import { StaffCase } from './pages/cases/StaffCase'
import { Inbox } from './pages/Inbox'
import { RateWindow } from './pages/RateWindow'
import { Reception } from './pages/window/Reception'
import { BundleApply, Bundles } from './pages/window/Bundles'
// wallet: e-licences (我的证照, 亮证, who checked my licence)
import { Wallet } from './pages/wallet/Wallet'
import { LicencePage } from './pages/wallet/LicencePage'
import { ShowLicence } from './pages/wallet/ShowLicence'
import { Checks as LicenceChecks } from './pages/wallet/Checks'
import { ScanPage } from './pages/scan/ScanPage'
// mandates: resident pages
import { Family } from './pages/family/Family'
import { MandatePage } from './pages/family/MandatePage'
import { AskPage, GrantPage } from './pages/family/MandateForm'
import { Activity } from './pages/family/Activity'
import { StopAll } from './pages/family/Stop'
import { Assist } from './pages/assist/Assist'
import { AssistJoin } from './pages/assist/Join'
// mandates: staff pages
import { MandatesNew } from './pages/window/MandatesNew'
import { MandatesLookup } from './pages/window/MandatesLookup'
import { MandatesAssist } from './pages/window/MandatesAssist'
import { MandateReview } from './pages/staff/MandateReview'

export function App({ store }: { store: SettingsStore }) {
  const [state, setState] = useState(store.get())
  // Bumped by the kiosk reset: remounts every page, dropping whatever was typed.
  const [generation, setGeneration] = useState(0)
  useEffect(() => store.subscribe(setState), [store])
  // Before children render, so every t() and API call below uses them.
  setLang(state.lang)
  setNoStore(state.kiosk)
  useLayoutEffect(() => applyToDocument(state, document.documentElement, BCP47[state.lang]), [state])
  const ui = useMemo(() => ({ state, store }), [state, store])

  return (
    <UiContext.Provider value={ui}>
      <AuthProvider>
        {/* Links to /api/... (CSV export) and /oauth/... are the server's, not app routes. */}
        <LocationProvider scope={/^\/(?!api\/|oauth\/)/}>
          <KioskIdle onReset={() => setGeneration((g) => g + 1)} />
          <Layout key={`${generation}`}>
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
          </Layout>
        </LocationProvider>
      </AuthProvider>
    </UiContext.Provider>
  )
}
