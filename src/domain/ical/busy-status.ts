/**
 * @module How a VEVENT says what its time shows as in free/busy: TRANSP (RFC 5545 §3.8.2.7),
 * which Google and Apple read, TRANSPARENT for Free and OPAQUE otherwise; and Microsoft's
 * X-MICROSOFT-CDO-BUSYSTATUS, which Outlook reads for the four states.
 */
import { DEFAULT_SHOW_AS, type ShowAs } from '../appointment-schema.ts'
import { property, type JCalProperty } from './jcal.ts'

const BUSY_STATUS: Readonly<Record<ShowAs, string>> = {
  Free: 'FREE', Tentative: 'TENTATIVE', Busy: 'BUSY', OutOfOffice: 'OOF',
}

export function busyStatusProperties(showAs: ShowAs = DEFAULT_SHOW_AS): JCalProperty[] {
  return [
    property('transp', 'text', showAs === 'Free' ? 'TRANSPARENT' : 'OPAQUE'),
    property('x-microsoft-cdo-busystatus', 'unknown', BUSY_STATUS[showAs]),
  ]
}
