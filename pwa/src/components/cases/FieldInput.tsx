// One question of an application form, rendered from its JSON Schema: label above the control,
// the hint, the error (tied by aria-describedby), the right keyboard for the kind of answer. A
// short list of choices is radio buttons, a long one a select.
import type { ComponentChildren } from 'preact'
import type { Region } from '../../api/types'
import { dataLang, t } from '../../i18n'
import { fieldId, hintFor, inputAttrs, type FieldSpec } from '../../cases/form'

const RADIO_MAX = 6

interface Props {
  f: FieldSpec
  value: string
  errors?: string[]
  onValue: (v: string) => void
  regions?: Region[]
  /** 长辈版: the question is the screen's heading */
  asHeading?: boolean
}

function Title({ text, asHeading, children }: { text: string; asHeading?: boolean; children?: ComponentChildren }) {
  const inner = (
    <>
      <span lang={dataLang()}>{text}</span>
      {children}
    </>
  )
  return asHeading ? (
    <h2 class="question" id="step-heading" tabIndex={-1}>
      {inner}
    </h2>
  ) : (
    inner
  )
}

export function FieldInput({ f, value, errors, onValue, regions, asHeading }: Props) {
  const id = fieldId(f.name)
  const hint = hintFor(f)
  const err = errors?.length ? errors : undefined
  const describedBy = [hint && `${id}-hint`, err && `${id}-error`].filter(Boolean).join(' ') || undefined
  const optional = !f.required && <span class="optional">{t(' (optional)')}</span>
  const hintEl = hint && (
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
  )
  const errEl = err && (
    <p class="field-error" id={`${id}-error`}>
      <span aria-hidden="true">! </span>
      {err.join(' ')}
    </p>
  )
  const invalid = err ? true : undefined

  if (f.kind === 'select' && f.options.length <= RADIO_MAX) {
    return (
      <div class={`field choice${err ? ' has-error' : ''}`}>
        <fieldset class="radios" aria-describedby={describedBy} data-testid={`${id}-group`}>
          <legend>
            <Title text={f.title} asHeading={asHeading}>
              {optional}
            </Title>
          </legend>
          {hintEl}
          {errEl}
          {f.options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${i}`
            return (
              <div class="radio" key={o}>
                <input type="radio" id={oid} name={f.name} value={o} checked={value === o} aria-invalid={invalid} onChange={() => onValue(o)} />
                <label for={oid} lang={dataLang()}>
                  {o}
                </label>
              </div>
            )
          })}
        </fieldset>
      </div>
    )
  }

  const label = (
    <label for={id}>
      <span lang={dataLang()}>{f.title}</span>
      {optional}
    </label>
  )
  const head = asHeading ? (
    <h2 class="question" id="step-heading" tabIndex={-1}>
      {label}
    </h2>
  ) : (
    label
  )

  let control: ComponentChildren
  if (f.kind === 'select') {
    control = (
      <select id={id} name={f.name} data-testid={id} value={value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => onValue(e.currentTarget.value)}>
        <option value="">{t('Choose…')}</option>
        {f.options.map((o) => (
          <option key={o} value={o} lang={dataLang()}>
            {o}
          </option>
        ))}
      </select>
    )
  } else if (f.kind === 'region' && regions?.length) {
    const known = regions.some((r) => r.code === value)
    const other = value !== '' && !known
    control = (
      <>
        <select
          id={id}
          name={f.name}
          data-testid={id}
          value={other ? '__other' : value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(e) => onValue(e.currentTarget.value === '__other' ? ' ' : e.currentTarget.value)}
        >
          <option value="">{t('Choose…')}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code} lang={dataLang()}>
              {r.name}
            </option>
          ))}
          <option value="__other">{t('Another region (enter its code)')}</option>
        </select>
        {other && (
          <div class="field sub-field">
            <label for={`${id}-code`}>{t('Region code')}</label>
            <input id={`${id}-code`} data-testid={`${id}-code`} {...inputAttrs(f)} value={value.trim()} onInput={(e) => onValue(e.currentTarget.value || ' ')} aria-describedby={`${id}-hint`} />
          </div>
        )}
      </>
    )
  } else if (f.kind === 'textarea') {
    control = (
      <textarea id={id} name={f.name} data-testid={id} rows={4} maxLength={f.maxLength} value={value} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onValue(e.currentTarget.value)} />
    )
  } else {
    control = <input id={id} name={f.name} data-testid={id} {...inputAttrs(f)} value={value} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onValue(e.currentTarget.value)} />
  }

  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      {head}
      {hintEl}
      {errEl}
      {control}
    </div>
  )
}

/** The result's delivery, asked when the form itself does not ask it. */
export function ChoiceInput({ id, title, options, value, errors, onValue, asHeading }: { id: string; title: string; options: { value: string; label: string }[]; value: string; errors?: string[]; onValue: (v: string) => void; asHeading?: boolean }) {
  const err = errors?.length ? errors : undefined
  return (
    <div class={`field choice${err ? ' has-error' : ''}`}>
      <fieldset class="radios" aria-describedby={err ? `${id}-error` : undefined} data-testid={`${id}-group`}>
        <legend>
          <Title text={title} asHeading={asHeading} />
        </legend>
        {err && (
          <p class="field-error" id={`${id}-error`}>
            <span aria-hidden="true">! </span>
            {err.join(' ')}
          </p>
        )}
        {options.map((o, i) => {
          const oid = i === 0 ? id : `${id}-${i}`
          return (
            <div class="radio" key={o.value}>
              <input type="radio" id={oid} name={id} value={o.value} checked={value === o.value} aria-invalid={err ? true : undefined} onChange={() => onValue(o.value)} />
              <label for={oid}>{o.label}</label>
            </div>
          )
        })}
      </fieldset>
    </div>
  )
}

/** A longer free text (the postal address, a note to the reviewer). */
export function TextArea({ id, label, hint, value, errors, onValue, maxLength = 200, optional, asHeading }: { id: string; label: string; hint?: string; value: string; errors?: string[]; onValue: (v: string) => void; maxLength?: number; optional?: boolean; asHeading?: boolean }) {
  const err = errors?.length ? errors : undefined
  const describedBy = [hint && `${id}-hint`, err && `${id}-error`].filter(Boolean).join(' ') || undefined
  const lab = (
    <label for={id}>
      {label}
      {optional && <span class="optional">{t(' (optional)')}</span>}
    </label>
  )
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      {asHeading ? (
        <h2 class="question" id="step-heading" tabIndex={-1}>
          {lab}
        </h2>
      ) : (
        lab
      )}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {err.join(' ')}
        </p>
      )}
      <textarea id={id} name={id} data-testid={id} rows={3} maxLength={maxLength} value={value} aria-describedby={describedBy} aria-invalid={err ? true : undefined} onInput={(e) => onValue(e.currentTarget.value)} />
    </div>
  )
}
