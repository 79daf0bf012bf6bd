// Pieces of a service guide (pages/Matter.tsx): lists, the fee said once, the materials table.
import type { ComponentChildren } from 'preact'
import { dataLang, t } from '../i18n'
import type { MatterDetail, Material } from '../api/types'
import { DATA, WithData } from '../components/DataText'

const yesNo = (v: boolean, yes: ComponentChildren, no: string) => (
  <span class={v ? 'yes' : 'no'}>
    <span aria-hidden="true">{v ? '✓ ' : '– '}</span>
    {v ? yes : no}
  </span>
)

export const Bullets = ({ items }: { items: string[] }) =>
  items.length ? (
    <ul class="bullets" lang={dataLang()}>
      {items.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ul>
  ) : (
    <p>{t('None stated.')}</p>
  )

/** "Yes: <licence>", the licence's name marked as the catalogue's Chinese (WCAG 3.1.2). */
const LicenceName = ({ name }: { name: string }) => <WithData text={t('Yes: {licence}', { licence: DATA })} value={name} />

// The catalogue writes a free matter's fee standard as 不收费 or 免费: "Free of charge" says it already.
const SAYS_FREE = /^(不收费|免费|免收费用|无)[。.]?$/

/** The fee, said once: 不收费 (and the standard only when it adds something), or the standard. */
export function Fee({ fee }: { fee: MatterDetail['guide']['fee'] }) {
  const dl = dataLang()
  const standard = (fee.standard ?? '').trim()
  if (!fee.free) return standard ? <span lang={dl}>{standard}</span> : <>{t('Charged')}</>
  if (!standard || SAYS_FREE.test(standard)) return <>{t('Free of charge')}</>
  return (
    <>
      {t('Free of charge')}
      {t(': ')}
      <span lang={dl}>{standard}</span>
    </>
  )
}

export function MaterialsTable({ materials }: { materials: Material[] }) {
  if (!materials.length) return <p>{t('No materials are needed.')}</p>
  const dl = dataLang()
  const cols = [t('Material'), t('Required?'), t('E-licence can replace it'), t('Original needed'), t('Copies'), t('Note')] as const
  return (
    <table class="stack materials">
      <caption class="visually-hidden">{t('Materials to hand in')}</caption>
      <thead>
        <tr>
          {cols.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {materials.map((m, i) => (
          <tr key={i}>
            <th scope="row" data-label={cols[0]} lang={dl}>
              {m.name}
            </th>
            <td data-label={cols[1]}>{yesNo(m.required, t('Required'), t('Optional'))}</td>
            <td data-label={cols[2]}>{yesNo(Boolean(m.licence_type), m.licence_type ? <LicenceName name={m.licence_type} /> : '', t('No'))}</td>
            <td data-label={cols[3]}>{yesNo(m.original_required, t('Yes, bring the original'), t('No'))}</td>
            <td data-label={cols[4]}>{m.copies}</td>
            <td data-label={cols[5]} lang={m.note ? dl : undefined}>
              {m.note || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
