// What follows a new authorisation: granted (the agent accepts on their phone), asked by code (type
// the code the principal read out, or have it sent again), asked as guardian (upload the document,
// then wait for review), and in force (act for the person now).
import { useSignedIn } from '../../auth/session'
import { t } from '../../i18n'
import type { Mandate } from '../../family/types'
import { ActForButton, CodeBox, useActFor } from './MandateBits'
import { EvidenceUpload } from './Evidence'

const enc = encodeURIComponent

export function Created({ m, sentTo, onChange }: { m: Mandate; sentTo?: string | null; onChange: (m: Mandate) => void }) {
  const me = useSignedIn()
  const act = useActFor(me)
  const details = (
    <p class="actions">
      <a class="btn secondary" href={`/family/${enc(m.id)}`} data-testid="created-details">
        {t('See the authorisation')}
      </a>
      <a class="btn secondary" href="/family">
        {t('Back to my family')}
      </a>
    </p>
  )
  if (m.status === 'active') {
    return (
      <section class="receipt" aria-labelledby="created-h" data-testid="mandate-active">
        <h2 id="created-h">{t('The authorisation is now in force.')}</h2>
        <p>{m.my_role === 'agent' ? t('You may now: {what}.', { what: m.permission_labels.join('、') }) : t('{name} may now: {what}.', { name: m.agent.name, what: m.permission_labels.join('、') })}</p>
        {m.my_role === 'agent' && <ActForButton m={m} onAct={act} />}
        {details}
      </section>
    )
  }
  if (m.my_role === 'principal') {
    return (
      <section class="callout" aria-labelledby="created-h" data-testid="mandate-granted">
        <h2 id="created-h">{t('Authorisation sent')}</h2>
        <p>{t('{name} is told and accepts it on their own phone. Then it is in force.', { name: m.agent.name })}</p>
        {details}
      </section>
    )
  }
  if (m.awaiting === 'reviewer') {
    return (
      <>
        <p class="callout" data-testid="mandate-asked">
          {t('Your request is recorded. Now upload the document; a reviewer checks it.')}
        </p>
        <EvidenceUpload m={m} onDone={onChange} />
        {details}
      </>
    )
  }
  return (
    <>
      <CodeBox m={m} sentTo={sentTo} onDone={onChange} />
      {details}
    </>
  )
}
