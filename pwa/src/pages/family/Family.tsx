// /family (我的家人): the people I act for and the people who act for me, each with its status, what
// it allows, its scope and end date; what waits for my answer first; the ways to grant, ask, see
// what was done in my name, end everything by a phone code, and 帮办.
import { useApi } from '../../api/useApi'
import { useSessionEnded, useSignedIn } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { t } from '../../i18n'
import { stopActing, useActing } from '../../acting'
import { ErrorView, Loading } from '../../components/ErrorView'
import { otherParty } from '../../family/labels'
import type { Mandate, MyMandates, OrganisationList } from '../../family/types'
import { MandateCard, useActFor } from './MandateBits'
import './family.css'

const enc = encodeURIComponent
const open = (m: Mandate) => m.status === 'pending' || m.status === 'active'
/** My answer is awaited: the principal's "agree?" or the agent's "accept?". */
const waitsForMe = (m: Mandate) => m.allowed_actions.includes('accept') || (m.my_role === 'principal' && m.allowed_actions.includes('confirm'))

export function Family() {
  const me = useSignedIn()
  const { acting } = useActing()
  const { state } = useUi()
  useTitle(t('My family'))
  const res = useApi<MyMandates>(me && !acting ? '/me/mandates' : null)
  const orgs = useApi<OrganisationList>(me && !acting ? '/me/organisations' : null)
  useSessionEnded(res.error)
  const act = useActFor(me)

  if (acting) {
    return (
      <>
        <h1>{t('My family')}</h1>
        <p class="callout">{t('You are acting for {name} now. To see or change your own authorisations, stop acting for someone first.', { name: acting.name })}</p>
        <button type="button" class="btn" data-testid="family-stop-acting" onClick={() => stopActing()}>
          {t('Stop acting for someone')}
        </button>
      </>
    )
  }
  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  if (!me || !res.data) {
    return (
      <>
        <h1>{t('My family')}</h1>
        <Loading />
      </>
    )
  }
  const { as_agent, as_principal } = res.data
  const waiting = [...as_principal, ...as_agent].filter(waitsForMe)
  const elder = state.elder
  const ended = [...as_agent, ...as_principal].filter((m) => !open(m))
  const agentSection = (
    <section class="section" aria-labelledby="as-agent-h" data-testid="family-as-agent">
      <h2 id="as-agent-h">{t('People I act for')}</h2>
      {as_agent.filter(open).length === 0 ? (
        <p class="empty">{t('You do not act for anyone yet.')}</p>
      ) : (
        <ul class="cards">
          {as_agent.filter(open).map((m) => (
            <MandateCard key={m.id} m={m} onAct={act} />
          ))}
        </ul>
      )}
      <p>
        <a class="btn secondary" href="/family/ask" data-testid="family-ask">
          {t('Ask to act for a family member')}
        </a>
      </p>
    </section>
  )
  const principalSection = (
    <section class="section" aria-labelledby="as-principal-h" data-testid="family-as-principal">
      <h2 id="as-principal-h">{t('People who act for me')}</h2>
      {as_principal.filter(open).length === 0 ? (
        <p class="empty">{t('Nobody acts for you.')}</p>
      ) : (
        <ul class="cards">
          {as_principal.filter(open).map((m) => (
            <MandateCard key={m.id} m={m} />
          ))}
        </ul>
      )}
      <p class="actions">
        <a class="btn secondary" href="/family/grant" data-testid="family-grant">
          {t('Authorise a family member')}
        </a>
        <a class="btn secondary" href="/family/activity" data-testid="family-activity">
          {t('What was done in my name')}
        </a>
      </p>
    </section>
  )
  return (
    <>
      <h1>{t('My family')}</h1>
      <p class="lead">{t('Family members can apply for each other when one of them authorises the other. The person who authorises can end it at any time.')}</p>

      {waiting.length > 0 && (
        <section class="section waiting" aria-labelledby="waiting-h" data-testid="family-waiting">
          <h2 id="waiting-h">{t('Waiting for your answer')}</h2>
          <ul class="cards">
            {waiting.map((m) => (
              <li key={m.id} class="card callout-card">
                <p>
                  {m.my_role === 'principal'
                    ? t('{name} asks to act for you: {what}.', { name: otherParty(m).name, what: m.permission_labels.join('、') })
                    : t('{name} authorised you to act for them: {what}.', { name: m.principal.name, what: m.permission_labels.join('、') })}
                </p>
                <a class="btn" href={`/family/${enc(m.id)}`} data-testid="family-answer">
                  {t('See and answer')}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {/* 长辈版: the people who act for me first (an older person is more often the one helped). */}
      {elder ? (
        <>
          {principalSection}
          {agentSection}
        </>
      ) : (
        <>
          {agentSection}
          {principalSection}
        </>
      )}

      {(orgs.data?.items.length ?? 0) > 0 && (
        <section class="section" aria-labelledby="orgs-h" data-testid="family-enterprise">
          <h2 id="orgs-h">{t('Enterprises I represent')}</h2>
          <ul class="menu">
            {orgs.data!.items.map((o) => (
              <li key={o.uscc}>
                <a href={`/family/grant?org=${enc(o.uscc)}`} data-testid="family-grant-org">
                  {t('Authorise an agent for {org}', { org: o.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="section" aria-labelledby="more-h">
        <h2 id="more-h">{t('More')}</h2>
        <ul class="menu">
          <li>
            <a href="/assist" data-testid="link-assist">
              {t('Ask someone to help me apply')}
            </a>
          </li>
          <li>
            <a href="/assist/join" data-testid="link-assist-join">
              {t('Help someone apply')}
            </a>
          </li>
          {!elder && (
            <li>
              <a href="/family/ask?kind=guardian" data-testid="family-guardian">
                {t('I am a legal guardian')}
              </a>
            </li>
          )}
          <li>
            <a href="/family/stop" data-testid="link-family-stop">
              {t('End all authorisations with a code sent to my phone')}
            </a>
          </li>
        </ul>
      </section>

      {!elder && ended.length > 0 && (
        <details class="section more" data-testid="family-ended">
          <summary>{t('Ended authorisations ({n})', { n: ended.length })}</summary>
          <ul class="cards">
            {ended.map((m) => (
              <MandateCard key={m.id} m={m} />
            ))}
          </ul>
        </details>
      )}
    </>
  )
}
