// Several choices, each a large checkbox row (as the formal-review checklist), under one legend
// with the group's error. The first box has `id` (an error summary link focuses it); the others
// `${id}-${value}`; every box's data-testid is `${id}-${value}`.
import { dataLang } from '../../i18n'

export interface CheckOption {
  value: string
  label: string
  hint?: string
  /** catalogue data (a matter's name): marked as Chinese in other languages */
  data?: boolean
}

export function CheckGroup({ id, legend, hint, options, values, onValues, errors }: { id: string; legend: string; hint?: string; options: CheckOption[]; values: readonly string[]; onValues: (v: string[]) => void; errors?: string[] }) {
  const err = errors?.length ? errors : undefined
  const dl = dataLang()
  const describedBy = [hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <fieldset class={`checklist field${err ? ' has-error' : ''}`} aria-describedby={describedBy} data-testid={`${id}-group`}>
      <legend>{legend}</legend>
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
      {options.map((o, i) => {
        const oid = i === 0 ? id : `${id}-${o.value}`
        return (
          <div key={o.value} class="check big-check">
            <input
              type="checkbox"
              id={oid}
              data-testid={`${id}-${o.value}`}
              checked={values.includes(o.value)}
              aria-invalid={err ? true : undefined}
              onChange={(e) => {
                const on = e.currentTarget.checked
                onValues(on ? [...values.filter((v) => v !== o.value), o.value] : values.filter((v) => v !== o.value))
              }}
            />
            <label for={oid}>
              <span lang={o.data ? dl : undefined}>{o.label}</span>
              {o.hint && <span class="hint">{o.hint}</span>}
            </label>
          </div>
        )
      })}
    </fieldset>
  )
}
