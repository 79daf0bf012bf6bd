// Human labels for the API's code values. Each label is a literal t() call so extraction finds it.
import { t } from './i18n'
import type { Audience, Scope, ServiceMode, FormField, ListChange } from './api/types'

export const SCOPES: readonly Scope[] = ['kstb', 'yrd', 'citywide', 'partner']
export const MODES: readonly ServiceMode[] = ['online', 'proxy_window', 'joint']
export const AUDIENCES: readonly Audience[] = ['person', 'enterprise']

export function scopeLabel(s: string): string {
  switch (s) {
    case 'kstb': return t('Cross-province services')
    case 'yrd': return t('Yangtze River Delta one-stop services')
    case 'citywide': return t('Citywide services')
    case 'partner': return t('Partner-region services')
    default: return s
  }
}

export function modeLabel(m: string): string {
  switch (m) {
    case 'online': return t('Fully online')
    case 'proxy_window': return t('At a window here, handled elsewhere')
    case 'joint': return t('Joint handling by several places')
    default: return m
  }
}

export function modeHelp(m: string): string {
  switch (m) {
    case 'online': return t('Apply and get the result online, without visiting a window.')
    case 'proxy_window': return t('Hand in the application at a service window near you; it is checked there and sent to the department that decides it.')
    case 'joint': return t('One place receives the application; several departments each handle their part.')
    default: return ''
  }
}

export function audienceLabel(a: string): string {
  switch (a) {
    case 'person': return t('Individuals')
    case 'enterprise': return t('Enterprises')
    default: return a
  }
}

export function fieldTypeLabel(type: FormField['type'] | string): string {
  switch (type) {
    case 'text': return t('Short text')
    case 'textarea': return t('Longer text')
    case 'date': return t('Date')
    case 'select': return t('Choice from a list')
    case 'id_number': return t('ID card number')
    case 'phone': return t('Phone number')
    case 'region': return t('Region')
    default: return type
  }
}

export function changeKindLabel(k: ListChange['kind'] | string): string {
  switch (k) {
    case 'added': return t('Added')
    case 'removed': return t('Removed')
    case 'changed': return t('Changed')
    default: return k
  }
}

/** Names of the fields a list change may report as changed. */
export function changedFieldLabel(f: string): string {
  switch (f) {
    case 'modes': return t('How to apply')
    case 'deadline': return t('Deadline')
    case 'note': return t('Note')
    case 'name': return t('Name')
    case 'department': return t('Department')
    case 'scopes': return t('Available in')
    default: return f
  }
}

/** The identity level a service needs, in words: a resident never reads the codes L1, L2, L3
 * (read-aloud would speak them as letters). */
export function assuranceLabel(level: string): string {
  switch (level) {
    case 'L1': return t('An account with a checked phone number')
    case 'L2': return t('Real-name verified')
    case 'L3': return t('Verified in person at a window')
    default: return level
  }
}

export const days = (n: number | null | undefined): string =>
  n === null || n === undefined ? t('Not stated') : n === 0 ? t('Same day') : t('{n} working days', { n })

/** The level of assurance a person has, in words (account page, guide hints); never the code. */
export function levelWords(level: string): string {
  switch (level) {
    case 'L1': return t('Phone number verified')
    case 'L2': return t('Real-name verified')
    case 'L3': return t('Verified in person')
    default: return level
  }
}

export const levelRank = (level: string | null | undefined): number => ({ L1: 1, L2: 2, L3: 3 })[level ?? ''] ?? 0

export function roleLabel(role: string): string {
  switch (role) {
    case 'clerk': return t('Window clerk')
    case 'reviewer': return t('Reviewer')
    case 'supervisor': return t('Supervisor')
    case 'admin': return t('Administrator')
    default: return role
  }
}

export function unitTypeLabel(type: string): string {
  switch (type) {
    case 'window': return t('Window')
    case 'department': return t('Department')
    case 'centre': return t('Service centre')
    case 'platform': return t('Platform')
    default: return type
  }
}
