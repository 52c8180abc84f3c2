/**
 * The small parts of the docs: the HTML escaper, the language choice, the quoting of values
 * in each sample language (checked by the real bash, sh, zsh, PHP and JavaScript), and the
 * route table the onRoute hook fills.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import type { RouteOptions } from 'fastify'
import { escapeHtml, html, unsafeRaw } from '../../src/docs/html.ts'
import { chooseLang, MESSAGES } from '../../src/docs/i18n.ts'
import { quote } from '../../src/docs/quoting.ts'
import { createRouteTable, pageSlug, uriTemplate } from '../../src/docs/route-table.ts'
import { PHP_CURL, skipWithout, ZSH } from '../helpers/outside-tools.ts'

const run = promisify(execFile)

describe('html', () => {
  test('escapes every interpolation, keeps nested templates, drops null/undefined/false', () => {
    const evil = `<script>alert("x")</script>&'\``
    assert.equal(escapeHtml(evil), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;')
    const inner = html`<b>${evil}</b>`
    assert.equal(html`<p title="${evil}">${inner}${null}${undefined}${false}${[1, '<', inner]}</p>`.value,
      `<p title="${escapeHtml(evil)}"><b>${escapeHtml(evil)}</b>1&lt;<b>${escapeHtml(evil)}</b></p>`)
    assert.equal(html`${unsafeRaw('<hr>')}`.value, '<hr>')
  })
})

describe('language choice', () => {
  test('?lang wins, then the best Accept-Language among sv and en, else Swedish', () => {
    assert.deepEqual(chooseLang('en', 'sv'), { lang: 'en', explicit: true })
    assert.deepEqual(chooseLang('SV', 'en'), { lang: 'sv', explicit: true })
    assert.deepEqual(chooseLang('de', 'en-US,en;q=0.9'), { lang: 'en', explicit: false })
    assert.deepEqual(chooseLang(undefined, 'de-DE,en;q=0.5,sv;q=0.7'), { lang: 'sv', explicit: false })
    assert.deepEqual(chooseLang(undefined, 'de-DE,fr;q=0.5'), { lang: 'sv', explicit: false })
    assert.deepEqual(chooseLang(undefined, undefined), { lang: 'sv', explicit: false })
    assert.deepEqual(chooseLang(['en'], undefined), { lang: 'sv', explicit: false })
  })

  test('every message exists in both languages', () => {
    for (const [key, text] of Object.entries(MESSAGES)) {
      assert.ok(text.sv.trim() && text.en.trim(), key)
    }
  })
})

const AWKWARD = [
  'plain', "it's", '"double" \\ back\\slash', '$HOME `id` $(id) !! {a,b} *', 'ä ö å ™ 😀', 'tab\tnew\nline', "‘curly’ 'quotes'",
]

describe('values quoted for each sample language read back unchanged', () => {
  for (const shell of ['bash', 'sh', 'zsh']) {
    test(`inside '…' in ${shell}`, async (t) => {
      if (shell === 'zsh' && skipWithout(t, ZSH)) return
      for (const value of AWKWARD) {
        const { stdout } = await run(shell, ['-c', `printf '%s' '${quote('sh', value)}'`])
        assert.equal(stdout, value)
        const url = await run(shell, ['-c', `printf '%s' 'http://h/${quote('sh-url', value)}'`])
        assert.equal(decodeURIComponent(url.stdout.slice('http://h/'.length)), value)
      }
    })
  }

  test("inside '…' in PHP", async (t) => {
    if (skipWithout(t, PHP_CURL)) return
    for (const value of AWKWARD) {
      const { stdout } = await run('php', ['-r', `echo '${quote('php', value)}';`])
      assert.equal(stdout, value)
    }
  })

  test("inside '…' in JavaScript and \"…\" in C# (whose escapes used here are JSON's)", () => {
    for (const value of AWKWARD) {
      assert.equal(new Function(`return '${quote('js', value)}'`)(), value)
      assert.equal(JSON.parse(`"${quote('cs', value)}"`), value)
    }
  })

  test("inside '…' in PowerShell every kind of single quote is doubled (no pwsh here to run it)", () => {
    assert.equal(quote('ps', "it's ‘x’"), "it''s ‘‘x’’")
    for (const value of AWKWARD) assert.equal(quote('ps', value).replace(/(['‘’‚‛])\1/g, '$1'), value)
  })
})

describe('route table', () => {
  test('records method, URL and docs; leaves out HEAD and the docs pages themselves', () => {
    const table = createRouteTable()
    const docs = { resource: 'X', summary: { sv: 's', en: 'e' }, uriParameters: [], response: { status: 204, description: { sv: '', en: '' } }, errorStatuses: [] }
    const route = (options: Partial<RouteOptions>): RouteOptions => ({ handler: () => undefined, url: '/', method: 'GET', ...options }) as RouteOptions
    table.collect(route({ method: 'GET', url: '/A/:b', config: { docs } }))
    table.collect(route({ method: 'HEAD', url: '/A/:b' }))
    table.collect(route({ method: ['PUT', 'DELETE'], url: '/A/:b/:c' }))
    table.collect(route({ method: 'GET', url: '/Help', config: { docsPage: true } }))
    assert.deepEqual(table.routes.map((r) => [r.method, r.url, r.docs !== undefined]),
      [['GET', '/A/:b', true], ['PUT', '/A/:b/:c', false], ['DELETE', '/A/:b/:c', false]])
    assert.equal(pageSlug({ method: 'POST', url: '/Appointment/:customerId/:id' }), 'POST-Appointment-customerId-id')
    assert.equal(pageSlug({ method: 'GET', url: '/Appointment/:customerId/:id/:appointmentId' }),
      'GET-Appointment-customerId-id-appointmentId')
    assert.equal(uriTemplate('/Appointment/:customerId/:id'), 'Appointment/{customerId}/{id}')
  })
})
