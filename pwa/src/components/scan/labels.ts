// Words for what the scanner shows. Offline verdicts are worded here, with the same sentences the
// server's verdict_label uses (backend/tongban/licences/verify.py VERDICTS).
import { t } from '../../i18n'
import type { QrKind, Verdict } from '../../verify/types'

export function verdictLabel(v: Verdict): string {
  switch (v) {
    case 'valid':
      return t('It is valid')
    case 'unreadable':
      return t('Not a Tongban code, or damaged: it cannot be read')
    case 'bad_signature':
      return t('The seal does not match: this code was altered or forged')
    case 'unknown_issuer':
      return t('Sealed by an issuer that is not on the trust list')
    case 'unknown_type':
      return t('A licence type this platform does not know')
    case 'revoked':
      return t('The licence was revoked')
    case 'suspended':
      return t('The licence is suspended')
    case 'expired':
      return t('The licence has expired')
    case 'token_used':
      return t('This code was already scanned once; ask for a new one')
    case 'token_expired':
      return t('This code is older than 60 seconds; ask for a new one')
    case 'token_unknown':
      return t('This code was not issued by Tongban')
    case 'not_found':
      return t('No such case or session')
  }
}

export function kindLabel(k: QrKind): string {
  switch (k) {
    case 'static_licence':
      return t('Licence QR code (printed or saved)')
    case 'presentation':
      return t('Licence shown on the holder’s phone (亮证)')
    case 'receipt':
      return t('Receipt of an application')
    case 'assist_session':
      return t('Help session code (帮办)')
    case 'unknown':
      return t('Unknown code')
  }
}

/** Names of the fields a presentation shows (backend licences/types.py FIELDS). */
export function fieldLabel(key: string): string {
  const labels: Record<string, string> = {
    holder_name: t('Holder'),
    holder_id: t('ID number or credit code'),
    birth_date: t('Date of birth'),
    address: t('Address'),
    licence_class: t('Vehicle class'),
    spouse_name: t('Spouse'),
    spouse_id: t("Spouse's ID number"),
    registered_on: t('Registered on'),
    card_number: t('Card number'),
    school: t('School'),
    degree: t('Qualification'),
    major: t('Major'),
    household_head: t('Head of household'),
    relation: t('Relation to the head'),
    legal_rep: t('Legal representative'),
    capital: t('Registered capital'),
    business_scope: t('Business scope'),
    premises: t('Premises'),
    gender: t('Sex'),
    ethnicity: t('Ethnicity'),
  }
  return labels[key] ?? key
}

export const PURPOSES = [
  { value: 'identity', label: () => t('Identity check for an application') },
  { value: 'material', label: () => t('Checking a material of an application') },
  { value: 'handover', label: () => t('Handing over a result') },
  { value: 'other', label: () => t('Another purpose') },
] as const
