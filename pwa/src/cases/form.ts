// A matter's application form (GET /matters/{code}/form, a JSON Schema 2020-12 subset) as fields
// to render, and the same checks the server makes at submission, so a person learns of a mistake
// on the screen where it is. Error keys are the server's (`form.<name>`, `delivery`,
// `delivery_address`, `materials.<name>`), so its 400 answer and these checks show the same way.
// Pure functions: unit-tested in tests/cases.test.ts.
import { t } from '../i18n'
import type { FormSchema } from '../api/types'

export type FieldKind = 'text' | 'textarea' | 'date' | 'select' | 'id_number' | 'phone' | 'region'
export type Delivery = 'e_licence' | 'post' | 'pickup'
export type Values = Record<string, string>
export type Errors = Record<string, string[]>

export interface FieldSpec {
  name: string
  title: string
  kind: FieldKind
  required: boolean
  maxLength: number
  options: string[]
  pattern?: string
  format?: string
}

const KINDS: readonly FieldKind[] = ['text', 'textarea', 'date', 'select', 'id_number', 'phone', 'region']
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** The fields of a form schema, in the schema's order. */
export function fieldsOf(schema: Pick<FormSchema, 'properties' | 'required'>): FieldSpec[] {
  const required = new Set(schema.required ?? [])
  return Object.entries(schema.properties ?? {}).map(([name, raw]) => {
    const p = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
    const declared = str(p['x-kind']) as FieldKind | undefined
    const options = Array.isArray(p.enum) ? p.enum.map(String) : []
    const kind: FieldKind = declared && KINDS.includes(declared) ? declared : options.length ? 'select' : p.format === 'date' ? 'date' : 'text'
    return {
      name,
      title: str(p.title) || name,
      kind,
      required: required.has(name),
      maxLength: typeof p.maxLength === 'number' ? p.maxLength : 200,
      options,
      pattern: str(p.pattern),
      format: str(p.format),
    }
  })
}

/** How the guide names its ways of issuing the result, and the case's `delivery` codes. */
export const ISSUING: Readonly<Record<string, Delivery>> = { 电子证照: 'e_licence', 邮寄送达: 'post', 窗口领取: 'pickup' }
export const DELIVERIES: readonly Delivery[] = ['e_licence', 'post', 'pickup']

/** A choice whose every option is a way of issuing the result: it also sets the case's delivery. */
export function deliveryFieldOf(fields: readonly FieldSpec[]): FieldSpec | undefined {
  return fields.find((f) => f.kind === 'select' && f.options.length > 0 && f.options.every((o) => o in ISSUING))
}

/** The deliveries a matter offers, from its guide's issuing methods (all three when it names none,
 * as the server does). */
export function deliveriesOffered(issuing: readonly string[]): Delivery[] {
  const found = issuing.map((m) => ISSUING[m]).filter((d): d is Delivery => Boolean(d))
  return found.length ? [...new Set(found)] : [...DELIVERIES]
}

export function deliveryLabel(d: string): string {
  switch (d) {
    case 'e_licence': return t('As an electronic licence, in this app')
    case 'post': return t('By post')
    case 'pickup': return t('Pick it up at a service window')
    default: return d
  }
}

/** GB 11643-1999: 17 digits weighted 2^(18-i) mod 11, then the check character. */
export function idNumberValid(v: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(v)) return false
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((s, w, i) => s + w * Number(v[i]), 0)
  return '10X98765432'[sum % 11] === v[17]!.toUpperCase()
}

function realDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** What is wrong with one answer (none: an empty list). An empty optional answer is fine. */
export function checkField(f: FieldSpec, raw: string | undefined): string[] {
  const v = (raw ?? '').trim()
  if (!v) return f.required ? [f.kind === 'select' || f.kind === 'region' ? t('Choose {field}.', { field: f.title }) : t('Enter {field}.', { field: f.title })] : []
  if (v.length > f.maxLength) return [t('Enter at most {max} characters.', { max: f.maxLength })]
  if (f.options.length && !f.options.includes(v)) return [t('Choose one of the options.')]
  if ((f.format === 'date' || f.kind === 'date') && !realDate(v)) return [t('Enter a real date, for example 2024-03-15.')]
  if (f.pattern) {
    let ok = true
    try {
      ok = new RegExp(f.pattern).test(v)
    } catch {
      ok = true // a pattern this browser cannot read: the server checks it
    }
    if (!ok) {
      if (f.kind === 'id_number') return [t('An ID card number has 18 characters: 17 digits, then a digit or X.')]
      if (f.kind === 'phone') return [t('Enter a mobile number of 11 digits, or a landline number with its area code.')]
      if (f.kind === 'region') return [t('Choose a region.')]
      return [t('Check the format of {field}.', { field: f.title })]
    }
  }
  if (f.kind === 'id_number' && !idNumberValid(v)) return [t('This ID card number is not valid. Check each digit.')]
  return []
}

export interface Answers {
  form: Values
  delivery: string | null
  deliveryAddress: string
}

/** Checks of the given fields (and, when asked, the delivery and its address), keyed as the server keys them. */
export function checkAnswers(fields: readonly FieldSpec[], a: Answers, opts: { delivery?: boolean; address?: boolean } = {}): Errors {
  const errors: Errors = {}
  for (const f of fields) {
    const e = checkField(f, a.form[f.name])
    if (e.length) errors[`form.${f.name}`] = e
  }
  if (opts.delivery && !a.delivery) errors.delivery = [t('Choose how you want to get the result.')]
  if (opts.address && a.delivery === 'post' && !a.deliveryAddress.trim()) errors.delivery_address = [t('Enter the postal address for the result.')]
  return errors
}

/** Input attributes for a kind of field: the right keyboard on a phone, and no autocorrection of numbers. */
export function inputAttrs(f: FieldSpec): Record<string, string | number | boolean> {
  switch (f.kind) {
    case 'id_number':
      return { type: 'text', inputMode: 'text', autoComplete: 'off', spellcheck: false, autoCapitalize: 'characters', maxLength: 18 }
    case 'phone':
      return { type: 'tel', inputMode: 'tel', autoComplete: 'tel', maxLength: f.maxLength }
    case 'date':
      return { type: 'date' }
    case 'region':
      return { type: 'text', inputMode: 'numeric', autoComplete: 'off', maxLength: 6 }
    default:
      return f.pattern && /^\^?\[0-9\]\{\d+(,\d+)?\}\$?$/.test(f.pattern)
        ? { type: 'text', inputMode: 'numeric', autoComplete: 'off', maxLength: f.maxLength }
        : { type: 'text', maxLength: f.maxLength }
  }
}

/** A hint under the label, where the kind of answer needs one. */
export function hintFor(f: FieldSpec): string | undefined {
  switch (f.kind) {
    case 'id_number': return t('18 characters; the last one may be X.')
    case 'phone': return t('A mobile number, or a landline number with its area code, for example 0558-1234567.')
    case 'region': return t('The 6-digit code of the county or city.')
    default: return undefined
  }
}

/** Element ids (also their data-testid) of the form's controls; errors are `<id>-error`. */
export const fieldId = (name: string): string => `case-field-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`
export const DELIVERY_ID = 'case-delivery'
export const ADDRESS_ID = 'case-delivery-address'
export const materialId = (i: number): string => `case-material-${i}`

/** Human-readable sizes: 10 MB, 350 KB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return t('{n} MB', { n: Math.round((n / 1048576) * 10) / 10 })
  if (n >= 1024) return t('{n} KB', { n: Math.max(1, Math.round(n / 1024)) })
  return t('{n} bytes', { n })
}

/** "PDF, JPG, PNG" from MIME types, in words a person knows. */
export function typesLabel(types: readonly string[]): string {
  const names = types.map((m) => ({ 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' })[m] ?? m.split('/').pop()!.toUpperCase())
  return names.join(t(', '))
}

/** What kind of file an upload is, in words (no file names: they mean nothing to anyone else). */
export function fileKindLabel(contentType: string): string {
  if (contentType === 'application/pdf') return t('PDF document')
  if (contentType.startsWith('image/')) return t('Picture')
  return t('File')
}

/** The `accept` attribute for a file input: the types and their usual extensions. */
export function acceptAttr(types: readonly string[]): string {
  const ext: Record<string, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg,.jpeg', 'image/png': '.png' }
  return [...types, ...types.map((m) => ext[m]).filter(Boolean)].join(',')
}

/** A file the server will refuse anyway: too big (413) or not one of the accepted types (415). */
export function precheckFile(file: { size: number; type: string; name: string }, rule: { accepted_types: readonly string[]; max_bytes: number }): 413 | 415 | null {
  if (file.size > rule.max_bytes) return 413
  const ext = (file.name.split('.').pop() ?? '').toLowerCase()
  const byExt: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' }
  const type = file.type === 'image/jpg' ? 'image/jpeg' : file.type
  if (type && !rule.accepted_types.includes(type)) return 415
  if (!type && !(byExt[ext] && rule.accepted_types.includes(byExt[ext]!))) return 415
  return null
}
