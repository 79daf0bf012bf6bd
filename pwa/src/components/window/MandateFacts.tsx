// One authorisation as staff see it: its number, both people (ID numbers masked), what it covers,
// what the agent may do, how long, how it was consented to and where a clerk witnessed it.
import type { ComponentChildren } from 'preact'
import { dataLang, formatDate, t } from '../../i18n'
import type { Mandate } from './staffMandates'

export function scopeText(m: Pick<Mandate, 'scope' | 'scope_items'>): string {
  if (m.scope === 'all') return t('All services')
  return m.scope_items.map((i) => i.name).join(t(', '))
}

export function MandateFacts({ m, children }: { m: Mandate; children?: ComponentChildren }) {
  const dl = dataLang()
  return (
    <dl class="facts wide mandate-facts">
      <div>
        <dt>{t('Authorisation number')}</dt>
        <dd class="code-value" data-testid="mandate-id">
          {m.id}
        </dd>
      </div>
      <div>
        <dt>{t('Authorisation status')}</dt>
        <dd data-testid="mandate-status" data-status={m.status}>
          {m.status_label}
        </dd>
      </div>
      <div>
        <dt>{t('Kind')}</dt>
        <dd>{m.kind_label}</dd>
      </div>
      <div>
        <dt>{m.principal.type === 'organisation' ? t('Enterprise (principal)') : t('Principal')}</dt>
        <dd data-testid="mandate-principal">
          <span lang={dl}>{m.principal.name}</span>
          {m.principal.id_masked && <span class="id-masked">{t(' ({what})', { what: m.principal.id_masked })}</span>}
        </dd>
      </div>
      <div>
        <dt>{t('Agent')}</dt>
        <dd data-testid="mandate-agent">
          <span lang={dl}>{m.agent.name}</span>
          {m.agent.id_masked && <span class="id-masked">{t(' ({what})', { what: m.agent.id_masked })}</span>}
        </dd>
      </div>
      <div>
        <dt>{t('Covers')}</dt>
        <dd lang={m.scope === 'all' ? undefined : dl} data-testid="mandate-scope">
          {scopeText(m)}
        </dd>
      </div>
      <div>
        <dt>{t('The agent may')}</dt>
        <dd data-testid="mandate-permissions">{m.permission_labels.join(t(', '))}</dd>
      </div>
      <div>
        <dt>{t('Valid period')}</dt>
        <dd data-testid="mandate-valid">{t('{from} to {until}', { from: formatDate(m.valid_from), until: formatDate(m.valid_until) })}</dd>
      </div>
      <div>
        <dt>{t('Consent')}</dt>
        <dd>{m.consent_label}</dd>
      </div>
      {m.witness_place && (
        <div>
          <dt>{t('Witnessed at')}</dt>
          <dd lang={dl} data-testid="mandate-witness-place">
            {m.witness_place}
          </dd>
        </div>
      )}
      {children}
    </dl>
  )
}
