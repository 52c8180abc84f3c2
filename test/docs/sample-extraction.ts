/**
 * @module Reads the docs pages as a reader would: the code samples' text as printed (tags
 * stripped, entities decoded), the placeholders the page marks, and the endpoint pages the
 * index links to.
 */
import assert from 'node:assert/strict'

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`',
}

export function decodeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#96);/g, (entity) => ENTITIES[entity] ?? entity)
}

/** The text of `<code data-sample="ID">` as the browser shows it. */
export function sampleFromHtml(page: string, id: string): string {
  const match = new RegExp(`<code data-sample="${id}">([\\s\\S]*?)</code>`).exec(page)
  assert.ok(match?.[1] !== undefined, `the page has a ${id} sample`)
  return decodeHtml(match[1].replace(/<[^>]+>/g, ''))
}

/** Slot name → the placeholder text the page prints for it (`uri:customerId` → `{customerId}`). */
export function placeholdersFromHtml(page: string): Map<string, string> {
  const placeholders = new Map<string, string>()
  for (const match of page.matchAll(/<span class="slot" data-slot="([^"]+)" data-quote="[^"]+" data-placeholder="([^"]*)">/g)) {
    const [, slot = '', placeholder = ''] = match
    // A query's example and the body are the sample's own values, not placeholders to replace.
    if (!slot.startsWith('query:') && slot !== 'body') placeholders.set(slot, decodeHtml(placeholder))
  }
  return placeholders
}

/**
 * What a reader does: replaces every placeholder with the value. The values used in tests
 * need no quoting, as the page's note says of ordinary ids and passwords.
 */
export function fillPlaceholders(sample: string, placeholders: ReadonlyMap<string, string>, values: Readonly<Record<string, string>>): string {
  let filled = sample
  for (const [slot, placeholder] of placeholders) {
    const value = values[slot]
    assert.ok(value !== undefined, `a value for the placeholder ${placeholder} (${slot})`)
    filled = filled.split(placeholder).join(value)
  }
  return filled
}

/** `/Help/Api/…` links of the index, in page order. */
export function endpointLinks(indexPage: string): string[] {
  return [...new Set([...indexPage.matchAll(/href="(\/Help\/Api\/[^"?]+)[^"]*"/g)].map((match) => match[1] ?? ''))]
}

/** `curl --include` output: the status code and the body after the headers. */
export function splitCurlOutput(stdout: string): { readonly status: number; readonly body: string } {
  const headerEnd = stdout.indexOf('\r\n\r\n')
  assert.ok(headerEnd > 0, `curl printed headers: ${stdout}`)
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1])
  return { status, body: stdout.slice(headerEnd + 4) }
}
