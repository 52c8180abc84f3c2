/**
 * @module The README and the docs/ pages as a reader follows them: the README stays a short
 * entry point, every relative link leads to a file of this repository, and every `#anchor` to
 * a heading of its target as GitHub names it. Absolute links may only point at our own server.
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const README = join(ROOT, 'README.md')
const MAX_README_LINES = 300
const OUR_SERVER = /^https?:\/\/127\.0\.0\.1(:\d+)?(\/|$)/

const PAGES = [README, ...readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(ROOT, 'docs', name))]

/** The text outside fenced code blocks, where a `#` or `[x](y)` is markdown, not code. */
function prose(markdown: string): string {
  let fence: string | undefined
  const kept: string[] = []
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1]
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined
      continue
    }
    if (fence === undefined) kept.push(line)
  }
  return kept.join('\n')
}

/** Link targets of inline links, images and reference definitions; code spans are not links. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown).replace(/(`+)[\s\S]*?\1/g, '')
  const inline = [...text.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '')
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? '')
  return [...inline, ...definitions]
}

/** A heading's anchor as GitHub writes it: the rendered text, lower case, punctuation dropped, spaces as hyphens. */
function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
  return rendered.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
}

/** Every anchor a page's headings give, a repeated one numbered as GitHub numbers it (`-1`, `-2`). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const match of prose(markdown).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm)) {
    const slug = githubSlug(match[1] ?? '')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    result.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return result
}

/** What is wrong with one link of `page`, or undefined when it leads where it says. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return OUR_SERVER.test(target) ? undefined
      : 'leads outside this repository and our server, where no test can follow it: write the address as text'
  }
  const [pathAndQuery = '', anchor] = target.split('#', 2)
  const path = decodeURIComponent(pathAndQuery.split('?')[0] ?? '')
  const file = path === '' ? page : path.startsWith('/') ? join(ROOT, path) : join(dirname(page), path)
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`
  if (anchor === undefined) return undefined
  if (!file.endsWith('.md')) return `an anchor into ${relative(ROOT, file)}, which has no headings`
  const headings = anchors(readFileSync(file, 'utf8'))
  return headings.has(decodeURIComponent(anchor)) ? undefined
    : `no heading "#${anchor}" in ${relative(ROOT, file)} (it has ${[...headings].map((a) => `#${a}`).join(', ')})`
}

test(`README.md is at most ${MAX_README_LINES} lines`, () => {
  const lines = readFileSync(README, 'utf8').replace(/\n$/, '').split('\n').length
  assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines: move details to a page under docs/ and link it`)
})

test('anchors are the ones GitHub gives headings', () => {
  assert.equal(githubSlug('Undantag i serier / Occurrence exceptions'), 'undantag-i-serier--occurrence-exceptions')
  assert.equal(githubSlug('Change feed / Ändringsflöde'), 'change-feed--ändringsflöde')
  assert.equal(githubSlug('Create: `POST /Appointment/{customerId}/{id}`'), 'create-post-appointmentcustomeridid')
  assert.equal(githubSlug('What the service protects, and how'), 'what-the-service-protects-and-how')
  assert.equal(githubSlug('Data flow: http → domain → store'), 'data-flow-http--domain--store')
  assert.equal(githubSlug('See [the API](docs/api.md) for_this'), 'see-the-api-for_this')
  assert.deepEqual([...anchors('# Notes\n\n## Notes\n\n```sh\n# not a heading\n```\n## Notes')], ['notes', 'notes-1', 'notes-2'])
})

for (const page of PAGES) {
  test(`every link in ${relative(ROOT, page)} resolves`, () => {
    const markdown = readFileSync(page, 'utf8')
    const broken = linkTargets(markdown)
      .map((target) => ({ target, problem: brokenLink(page, target) }))
      .filter((link) => link.problem !== undefined)
    assert.deepEqual(broken, [], `broken links in ${relative(ROOT, page)}`)
  })
}
