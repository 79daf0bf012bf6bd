// What a case shows of the ways it was applied beyond online: the parts of a joint case (多地联办;
// a reviewer decides their own department's part, inline, with the reason the applicant reads),
// where it was received (收件地, the identity check, the formal review, originals) and the other
// cases of its bundle (一件事一次办).
import { apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { BundleLink, Case, CasePart, Reception, RegionList } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { actionLabel } from '../../cases/labels'
import { routeLabel } from '../../cases/modes'
import { Decisions } from '../cases/Decisions'

const enc = encodeURIComponent

/** The Case's optional objects: the generated type allows `{}` besides null. */
export const receptionOf = (c: Case): Reception | null => (c.reception && 'place_code' in c.reception ? (c.reception as Reception) : null)
export const bundleOf = (c: Case): BundleLink | null => (c.bundle && 'number' in c.bundle ? (c.bundle as BundleLink) : null)

const PART_ORDER = ['accept', 'approve', 'not-accept', 'deny'] as const

function partActionLabel(a: string): string {
  switch (a) {
    case 'accept': return t('Accept this part')
    case 'approve': return t('Approve this part')
    case 'not-accept': return t('Do not accept this part')
    case 'deny': return t('Do not approve this part')
    default: return actionLabel(a)
  }
}

function partActionDone(a: string, dept: string): string {
  switch (a) {
    case 'accept': return t('{department}: the part is accepted.', { department: dept })
    case 'approve': return t('{department}: the part is approved.', { department: dept })
    case 'not-accept': return t('{department}: the part is not accepted. The applicant will be told why.', { department: dept })
    case 'deny': return t('{department}: the part is not approved. The applicant will be told why.', { department: dept })
    default: return t('Done.')
  }
}

/** The parts of a joint case: each department, its region and status; with `onDone`, the
 * reviewer's own part has its decisions. */
export function JointParts({ c, onDone }: { c: Case; onDone?: (next: Case, said: string) => void }) {
  const regions = useApi<RegionList>(c.parts.length ? '/regions' : null)
  const regionName = (code: string) => regions.data?.items.find((r) => r.code === code)?.name ?? code
  const dl = dataLang()
  if (!c.parts.length) return null
  return (
    <section class="section parts" aria-labelledby="parts-h" data-testid="case-parts">
      <h2 id="parts-h">{t('Departments handling it')}</h2>
      <p>{t('Several departments handle this application, each its own part. It is approved when every part is; if one part is refused, the whole application ends.')}</p>
      <ul class="cards">
        {c.parts.map((p) => (
          <Part key={p.department.code} c={c} p={p} region={regionName(p.department.region_code)} onDone={onDone} dl={dl} />
        ))}
      </ul>
    </section>
  )
}

function Part({ c, p, region, onDone, dl }: { c: Case; p: CasePart; region: string; onDone?: (next: Case, said: string) => void; dl?: string }) {
  const code = p.department.code
  const fid = `part-reason-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`
  const actions = onDone ? PART_ORDER.filter((a) => p.allowed_actions.includes(a)) : []

  return (
    <li class={`card part part-${p.status}`} data-testid="case-part" data-dept={code}>
      <h3 class="card-title" lang={dl}>
        {p.department.name}
      </h3>
      <dl class="facts">
        <div>
          <dt>{t('Region')}</dt>
          <dd lang={dl}>{region}</dd>
        </div>
        <div>
          <dt>{t('Status')}</dt>
          <dd>
            <strong data-testid="part-status">{p.status_label}</strong>
          </dd>
        </div>
        {p.accepted_at && (
          <div>
            <dt>{t('Accepted on')}</dt>
            <dd>{formatDateTime(p.accepted_at)}</dd>
          </div>
        )}
        {p.decided_at && (
          <div>
            <dt>{t('Decided on')}</dt>
            <dd>{formatDateTime(p.decided_at)}</dd>
          </div>
        )}
        {p.note && (
          <div>
            <dt>{t('Note')}</dt>
            <dd lang={dl}>{p.note}</dd>
          </div>
        )}
      </dl>
      {actions.length > 0 && (
        <div class="part-decide">
          <Decisions
            actions={actions}
            label={partActionLabel}
            run={async (a, reason) => onDone?.(await apiPost<Case>(`/cases/${enc(c.number)}/parts/${enc(code)}/${a}`, { reason }), partActionDone(a, p.department.name))}
            formId={`${fid}-form`}
            reasonId={fid}
            testid="part-action"
            heading="h4"
          />
        </div>
      )}
    </li>
  )
}

/** Where a window case was received; for staff also the identity check, the formal review and
 * the originals that travel to the department. */
export function ReceptionFacts({ r, staff }: { r: Reception; staff?: boolean }) {
  const dl = dataLang()
  const checked = r.checklist.filter((i) => i.checked)
  return (
    <section class="section" aria-labelledby="reception-h" data-testid="case-reception">
      <h2 id="reception-h">{t('Received at a window')}</h2>
      <dl class="facts wide">
        <div>
          <dt>{t('Received at')}</dt>
          <dd lang={dl} data-testid="reception-place">
            {r.place_name}
          </dd>
        </div>
        <div>
          <dt>{t('Way of handling')}</dt>
          <dd>{routeLabel(r.route)}</dd>
        </div>
        {r.received_at && (
          <div>
            <dt>{t('Received on')}</dt>
            <dd>{formatDateTime(r.received_at)}</dd>
          </div>
        )}
        {r.forwarded_at && (
          <div>
            <dt>{t('Forwarded on')}</dt>
            <dd>{formatDateTime(r.forwarded_at)}</dd>
          </div>
        )}
        {staff && (
          <div>
            <dt>{t('ID card checked in person')}</dt>
            <dd>{formatDateTime(r.identity_checked_at)}</dd>
          </div>
        )}
        {r.originals.length > 0 && (
          <div>
            <dt>{t('Originals sent to the department')}</dt>
            <dd lang={dl} data-testid="reception-originals">
              {r.originals.join(t(', '))}
            </dd>
          </div>
        )}
      </dl>
      {staff && r.received_at && checked.length > 0 && (
        <details class="more">
          <summary>{t('Formal review at the window: {n} items checked', { n: checked.length })}</summary>
          <ul class="bullets">
            {checked.map((i) => (
              <li key={i.key} lang={dl}>
                {i.text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  )
}

/** The other cases applied for together with this one (一件事一次办). */
export function BundleCases({ b, number, href }: { b: BundleLink; number: string; href: (n: string) => string }) {
  const others = b.cases.filter((n) => n !== number)
  return (
    <section class="section" aria-labelledby="bundle-h" data-testid="case-bundle">
      <h2 id="bundle-h">{t('Applied for together')}</h2>
      <p>
        <span lang={dataLang()}>{b.name}</span>
        {t(' · ')}
        {t('Application number {number}', { number: b.number })}
      </p>
      {others.length > 0 && (
        <ul class="link-list">
          {others.map((n) => (
            <li key={n}>
              <a href={href(n)} class="code-value">
                {n}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
