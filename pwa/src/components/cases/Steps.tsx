// The step-by-step application form the online application (/apply/:code/form) and the bundle
// application (/bundles/:code) share: the screens (every question, the delivery and the address,
// every material, then the review; in 长辈版 one a screen), the error summary of a screen, the
// heading and the 上一步 / 下一步 buttons, the problem of a submission and the materials on the review.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { ApiError } from '../../api/client'
import type { MaterialRule } from '../../api/types'
import { dataLang, t } from '../../i18n'
import { ADDRESS_ID, DELIVERY_ID, fieldId, materialId, type Errors, type FieldSpec } from '../../cases/form'
import { StepOf } from '../AuthBits'
import { focusControl, type SummaryItem } from './CaseBits'

export type StepItem =
  | { kind: 'field'; f: FieldSpec }
  | { kind: 'delivery' }
  | { kind: 'address' }
  | { kind: 'material'; rule: MaterialRule; index: number }
  | { kind: 'review' }
type Part = 'form' | 'materials' | 'review'
const partOf = (i: StepItem): Part => (i.kind === 'material' ? 'materials' : i.kind === 'review' ? 'review' : 'form')

/** The key of an item's errors (as the server names them). */
export function errorKeyOf(i: StepItem): string {
  switch (i.kind) {
    case 'field':
      return `form.${i.f.name}`
    case 'delivery':
      return 'delivery'
    case 'address':
      return 'delivery_address'
    case 'material':
      return `materials.${i.rule.name}`
    default:
      return ''
  }
}

/** The screens: one item a screen in 长辈版, else the form, the materials and the review. */
export function pagesOf(items: StepItem[], elder: boolean): StepItem[][] {
  if (elder) return items.map((i) => [i])
  return (['form', 'materials', 'review'] as Part[]).map((p) => items.filter((i) => partOf(i) === p)).filter((p) => p.length > 0)
}

/** The screen ?step= asks for, within 0…n-1. */
export const stepOf = (param: string | undefined, n: number): number => Math.min(n - 1, Math.max(0, parseInt(param ?? '0', 10) || 0))

/** The id of the control an error key belongs to. */
export function targetOf(key: string, fields: FieldSpec[], materials: MaterialRule[], dField?: FieldSpec): string | undefined {
  if (key.startsWith('form.')) return fields.some((f) => `form.${f.name}` === key) ? fieldId(key.slice(5)) : undefined
  if (key === 'delivery') return dField ? fieldId(dField.name) : DELIVERY_ID
  if (key === 'delivery_address') return ADDRESS_ID
  if (key === 'signature.code') return 'sign-code'
  if (key.startsWith('materials.')) {
    const i = materials.findIndex((m) => `materials.${m.name}` === key)
    return i >= 0 ? `${materialId(i)}-h` : undefined
  }
  return undefined
}

export interface Steps {
  pages: StepItem[][]
  step: number
  fields: FieldSpec[]
  materials: MaterialRule[]
  /** the question whose answer says how the result is delivered */
  dField?: FieldSpec
  go: (step: number) => void
  /** focus this control after the move */
  focus: (id: string) => void
}

/** The screen an error key's item is on (-1: none). */
export const pageOfKey = (s: Pick<Steps, 'pages' | 'dField'>, key: string): number =>
  s.pages.findIndex((p) => p.some((i) => errorKeyOf(i) === key || (key === 'delivery' && i.kind === 'field' && i.f === s.dField)))

/** The error summary: this screen's errors (on the review, all of them), each a link to its field,
 * going to the field's screen first when it is on another. */
export function summaryOf(errors: Errors, s: Steps): SummaryItem[] {
  const page = s.pages[s.step]!
  const onReview = page.some((i) => i.kind === 'review')
  const keys = new Set(page.map(errorKeyOf).filter(Boolean))
  return Object.entries(errors)
    .filter(([k]) => onReview || keys.has(k) || (k === 'delivery' && page.some((i) => i.kind === 'field' && i.f === s.dField)))
    .map(([k, msgs]) => {
      const target = targetOf(k, s.fields, s.materials, s.dField)
      const where = pageOfKey(s, k)
      return {
        key: k,
        text: msgs.join(' '),
        target,
        onSelect:
          where >= 0 && where !== s.step
            ? () => {
                if (target) s.focus(target)
                s.go(where)
              }
            : undefined,
      }
    })
}

/** After a move: focus the control asked for (the error summary's), else the new screen's heading. */
export function useStepFocus(step: number, focusId: string | null, clear: () => void): void {
  const prevStep = useRef(step)
  useEffect(() => {
    if (focusId) {
      setTimeout(() => focusControl(focusId), 0)
      clear()
    } else if (prevStep.current !== step) document.getElementById('step-heading')?.focus()
    prevStep.current = step
  }, [step, focusId])
}

/** "Step i of n" and the screen's heading (in 长辈版 a question or material is its own heading). */
export function StepHead({ page, step, n, single }: { page: StepItem[]; step: number; n: number; single: boolean }) {
  const first = page[0]!
  const title = { form: t('Fill in the form'), materials: t('Upload the materials'), review: t('Check and submit') }[partOf(first)]
  return (
    <>
      <StepOf i={step + 1} n={n} />
      {!(single && first.kind !== 'review' && first.kind !== 'material') && (
        <h2 id="step-heading" tabIndex={-1}>
          {title}
        </h2>
      )}
    </>
  )
}

/** 上一步 (on the first screen: back to `back`) and 下一步, or the submit button on the review. */
export function StepNav({ step, onReview, back, go, submit, testid }: { step: number; onReview: boolean; back: string; go: (step: number) => void; submit: ComponentChildren; testid?: string }) {
  return (
    <div class="step-nav" data-testid={testid}>
      {step > 0 ? (
        <button type="button" class="btn secondary" data-testid="step-previous" onClick={() => go(step - 1)}>
          {t('Previous step')}
        </button>
      ) : (
        <a class="btn secondary" data-testid="step-previous" href={back}>
          {t('Previous step')}
        </a>
      )}
      {onReview ? (
        submit
      ) : (
        <button type="submit" class="btn" data-testid="step-next">
          {t('Next step')}
        </button>
      )}
    </div>
  )
}

/** Why the submission did not go through. */
export function SubmitProblem({ error }: { error: ApiError | null }) {
  if (!error) return null
  return (
    <div class="problem form-problem" role="alert" data-testid="submit-problem">
      <p class="problem-title">
        <span class="problem-mark" aria-hidden="true">
          !
        </span>
        <strong>{error.title}</strong>
      </p>
      {error.detail && <p>{error.detail}</p>}
    </div>
  )
}

/** The review's list of materials: how many files each has, or why none is needed. */
export function MaterialsReview({ materials, files }: { materials: MaterialRule[]; files: { material: string }[] }) {
  const dl = dataLang()
  return (
    <dl class="facts wide answers" data-testid="review-materials">
      {materials.map((m) => {
        const count = files.filter((f) => f.material === m.name).length
        return (
          <div key={m.name}>
            <dt lang={dl}>{m.name}</dt>
            <dd>
              {count ? (
                t('{n} files uploaded', { n: count })
              ) : m.licence_type ? (
                t('Your electronic licence is checked instead')
              ) : m.required ? (
                <strong class="missing">{t('Not uploaded yet')}</strong>
              ) : (
                t('Not uploaded (optional)')
              )}
            </dd>
          </div>
        )
      })}
    </dl>
  )
}
