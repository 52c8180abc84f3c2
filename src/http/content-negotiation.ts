/**
 * @module Chooses the response format as ASP.NET Web API does: the Accept header (q-values,
 * most specific first), else the request's Content-Type (an XML POST gets XML), else JSON.
 * Never 406.
 */
export type WireFormat = 'json' | 'xml'

const FORMAT_BY_MEDIA_TYPE: Readonly<Record<string, WireFormat>> = {
  'application/json': 'json',
  'text/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
}

export function formatOfMediaType(contentType: string | undefined): WireFormat | undefined {
  if (!contentType) return undefined
  const semicolon = contentType.indexOf(';')
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  return FORMAT_BY_MEDIA_TYPE[mediaType]
}

export function negotiate(accept: string | undefined, contentType: string | undefined): WireFormat {
  return (accept && formatFromAccept(accept)) || formatOfMediaType(contentType) || 'json'
}

/** The acceptable concrete format with the highest q; wildcards alone decide nothing. */
function formatFromAccept(accept: string): WireFormat | undefined {
  let best: WireFormat | undefined
  let bestQuality = 0
  for (const range of accept.split(',')) {
    const [mediaType = '', ...parameters] = range.split(';')
    const format = FORMAT_BY_MEDIA_TYPE[mediaType.trim().toLowerCase()]
    if (!format) continue
    const quality = qualityOf(parameters)
    if (quality > bestQuality) {
      best = format
      bestQuality = quality
    }
  }
  return best
}

function qualityOf(parameters: readonly string[]): number {
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=')
    if (name?.trim().toLowerCase() !== 'q') continue
    const quality = Number(value)
    return Number.isFinite(quality) && quality >= 0 && quality <= 1 ? quality : 0
  }
  return 1
}
