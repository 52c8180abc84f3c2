/**
 * @module Request body bytes → text, in the encoding the client wrote. A byte-order mark
 * decides first (.NET writes one with XmlWriter and Encoding.UTF8), then the Content-Type
 * charset, then, for XML only, the declaration's encoding when it names an ASCII-compatible
 * one (a declaration readable as ASCII cannot honestly say UTF-16: that is a string
 * serialized by a StringWriter and sent as UTF-8), else UTF-8. The mark is removed. Bytes
 * that are not valid in the chosen encoding are a 400, never silently replaced.
 */
import { TextDecoder } from 'node:util'
import { ValidationFailed } from '../../domain/errors.ts'

const BYTE_ORDER_MARKS: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0xEF, 0xBB, 0xBF], 'utf-8'],
  [[0xFF, 0xFE], 'utf-16le'],
  [[0xFE, 0xFF], 'utf-16be'],
]
const CHARSET_PARAMETER = /;\s*charset\s*=\s*"?([^";\s]+)"?/i
const XML_DECLARED_ENCODING = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/
const NOT_ASCII_COMPATIBLE = /^(utf-16|utf-32|ucs-2|ucs-4|unicode)/i
const SEND_UTF8 = 'Send the body as UTF-8, or name its encoding in the Content-Type header (charset=…).'

const decoders = new Map<string, TextDecoder>()

export function decodeJsonBody(body: Buffer, contentType: string | undefined): string {
  return decode(body, encodingOf(body, contentType, undefined))
}

export function decodeXmlBody(body: Buffer, contentType: string | undefined): string {
  return decode(body, encodingOf(body, contentType, declaredEncoding(body)))
}

function encodingOf(body: Buffer, contentType: string | undefined, declared: string | undefined): string {
  const marked = BYTE_ORDER_MARKS.find(([mark]) => mark.every((byte, index) => body[index] === byte))
  return marked?.[1] ?? CHARSET_PARAMETER.exec(contentType ?? '')?.[1] ?? declared ?? 'utf-8'
}

function declaredEncoding(body: Buffer): string | undefined {
  const encoding = XML_DECLARED_ENCODING.exec(body.toString('latin1', 0, 200))?.[1]
  return encoding && !NOT_ASCII_COMPATIBLE.test(encoding) ? encoding : undefined
}

function decode(body: Buffer, encoding: string): string {
  const decoder = decoderFor(encoding)
  try {
    return decoder.decode(body)
  } catch {
    throw new ValidationFailed({ '': [`The request body is not valid ${decoder.encoding.toUpperCase()} text: some bytes `
      + `cannot be read in that encoding (text saved as Windows-1252 but sent as UTF-8 does this). ${SEND_UTF8}`] })
  }
}

function decoderFor(encoding: string): TextDecoder {
  const key = encoding.toLowerCase()
  let decoder = decoders.get(key)
  if (!decoder) {
    try {
      decoder = new TextDecoder(key, { fatal: true })
    } catch {
      throw new ValidationFailed({ '': [`The body's encoding "${encoding.slice(0, 40)}" is not one this server reads. ${SEND_UTF8}`] })
    }
    decoders.set(key, decoder)
  }
  return decoder
}
