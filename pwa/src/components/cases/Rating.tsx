// 好差评: the five national levels as large radio buttons, an optional comment, then what was recorded.
// A case is rated once by its applicant after it is completed; a window visit by anyone (RateWindow).
// 不满意 and 非常不满意 are followed up (整改): the page says so before and after.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, apiGet, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Case, Rating, RatingLevel } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../ErrorView'
import { FormAlert } from '../Form'
import { TextArea } from './FieldInput'
import { RATING_LEVELS, isBadRating, ratingLabel } from '../../cases/around'
import './around.css'

const enc = encodeURIComponent

/** The five levels, best first: one radio button each, the whole row the target. */
export function LevelChoice({ id, legend, value, errors, onValue }: { id: string; legend: string; value: string; errors?: string[]; onValue: (v: RatingLevel) => void }) {
  const err = errors?.length ? errors : undefined
  return (
    <div class={`field choice rating-levels${err ? ' has-error' : ''}`}>
      <fieldset class="radios" aria-describedby={err ? `${id}-error` : undefined} data-testid={`${id}-group`}>
        <legend>{legend}</legend>
        {err && (
          <p class="field-error" id={`${id}-error`}>
            <span aria-hidden="true">! </span>
            {err.join(' ')}
          </p>
        )}
        {RATING_LEVELS.map((level, i) => {
          const oid = i === 0 ? id : `${id}-${i}`
          return (
            <div class="radio" key={level}>
              <input type="radio" id={oid} name={id} value={level} checked={value === level} aria-invalid={err ? true : undefined} onChange={() => onValue(level)} />
              <label for={oid} data-level={level}>
                {ratingLabel(level)}
              </label>
            </div>
          )
        })}
      </fieldset>
    </div>
  )
}

/** What is said about a bad rating, before and after rating. */
export const followUpNote = (): string => t('Every rating is recorded. A “Dissatisfied” or “Very dissatisfied” rating is followed up: the office concerned must look into it and put it right.')

/** A rating as recorded. */
export function RatingView({ r, idPrefix, fresh }: { r: Rating; idPrefix: string; fresh?: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (fresh) ref.current?.focus()
  }, [fresh])
  return (
    <div class="rating-done" data-testid={`${idPrefix}-done`}>
      <p class="result" ref={ref} tabIndex={-1} data-testid={`${idPrefix}-recorded`}>
        {t('Thank you. Your rating is recorded.')}
      </p>
      <dl class="facts wide">
        <div>
          <dt>{t('Your rating')}</dt>
          <dd>
            <strong data-testid={`${idPrefix}-level`}>{ratingLabel(r.level)}</strong>
          </dd>
        </div>
        {r.comment && (
          <div>
            <dt>{t('Your comment')}</dt>
            <dd lang={dataLang()} data-testid={`${idPrefix}-your-comment`}>
              {r.comment}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('Rated on')}</dt>
          <dd>{formatDateTime(r.created_at)}</dd>
        </div>
      </dl>
      {r.rectification || isBadRating(r.level) ? (
        <p class="callout" data-testid={`${idPrefix}-follow-up`}>
          {t('We are sorry the service fell short. Your rating has been passed on to be put right: the office concerned must look into it within the set number of working days.')}
        </p>
      ) : null}
    </div>
  )
}

/** Level and comment, checked here first (a level is required), then sent. */
export function RatingForm({ idPrefix, legend, submitLabel, send, onDone, children }: { idPrefix: string; legend: string; submitLabel: string; send: (level: RatingLevel, comment: string) => Promise<Rating>; onDone: (r: Rating) => void; children?: ComponentChildren }) {
  const [level, setLevel] = useState<RatingLevel | ''>('')
  const [comment, setComment] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [levelError, setLevelError] = useState<string[] | undefined>()
  const [busy, setBusy] = useState(false)
  const levelId = `${idPrefix}-level`
  const submit = async (e: Event) => {
    e.preventDefault()
    setError(null)
    if (!level) {
      setLevelError([t('Choose how satisfied you are.')])
      document.getElementById(levelId)?.focus()
      return
    }
    setLevelError(undefined)
    setBusy(true)
    try {
      onDone(await send(level, comment.trim()))
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="rating-form" onSubmit={(e) => void submit(e)} noValidate data-testid={`${idPrefix}-form`}>
      <FormAlert error={error} fields={['level', 'comment']} />
      {children}
      <LevelChoice id={levelId} legend={legend} value={level} errors={levelError ?? error?.errors?.level} onValue={(v) => { setLevel(v); setLevelError(undefined) }} />
      <TextArea id={`${idPrefix}-comment`} label={t('What went well, or what should be better?')} optional value={comment} errors={error?.errors?.comment} onValue={setComment} maxLength={500} />
      <button type="submit" class="btn" data-testid={`${idPrefix}-submit`} disabled={busy}>
        {submitLabel}
      </button>
    </form>
  )
}

/** 好差评 on the case page: the form once the case is completed, the rating after. */
export function CaseRating({ c }: { c: Pick<Case, 'number' | 'status'> }) {
  const done = c.status === 'completed'
  const res = useApi<Rating>(done ? `/cases/${enc(c.number)}/rating` : null)
  const [mine, setMine] = useState<Rating | null>(null)
  if (!done) return null
  const rating = mine ?? res.data
  const notYet = res.error?.status === 404
  return (
    <section class="section rating" aria-labelledby="rating-h" data-testid="case-rating">
      <h2 id="rating-h">{t('Rate this service')}</h2>
      {rating ? (
        <RatingView r={rating} idPrefix="rating" fresh={!!mine} />
      ) : notYet ? (
        <RatingForm
          idPrefix="rating"
          legend={t('How satisfied are you with how this case was handled?')}
          submitLabel={t('Send my rating')}
          send={async (level, comment) => {
            try {
              return await apiPost<Rating>(`/cases/${enc(c.number)}/rating`, { level, comment })
            } catch (e) {
              // Rated meanwhile (another tab or device): show that rating, the only one there is.
              const had = e instanceof ApiError && e.status === 409 ? await apiGet<Rating>(`/cases/${enc(c.number)}/rating`).catch(() => null) : null
              if (had) return had
              throw e
            }
          }}
          onDone={setMine}
        >
          <p>{t('You can rate each case once, after it is completed.')}</p>
          <p class="hint">{followUpNote()}</p>
        </RatingForm>
      ) : res.error ? (
        <ErrorView error={res.error} onRetry={res.reload} />
      ) : (
        <Loading />
      )}
    </section>
  )
}
