/**
 * The help pages in a real browser: Debian's Chromium at /usr/bin/chromium driven by
 * playwright-core (no browser download). The test form sends JSON and XML with real
 * credentials and shows the answers; a bad body shows the 400 modelState; the samples take
 * the form's values and then run as printed; tabs work by keyboard and degrade without
 * JavaScript; the language switch works; no console errors (a CSP violation would be one).
 * Screenshots of the index and the create page, desktop and phone, go to
 * test-output/screenshots/. Without Chromium each test skips with one line naming the
 * Debian package; under CI=true it fails instead (.ci/run installs it).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test, type TestContext } from 'node:test'
import { promisify } from 'node:util'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { DEMO_CUSTOMER_ID, DEMO_USER_ID, DEMO_USERNAME } from '../../src/demo-seed.ts'
import { hashPassword } from '../../src/domain/password.ts'
import { CHROMIUM, CURL, MONO, PHP_CURL, skipWithout } from '../helpers/outside-tools.ts'
import { CUSTOMER_ID, PASSWORD, USER_ID, USERNAME, makeTempDir, startServer, type TestServer } from '../helpers/server.ts'
import { splitCurlOutput } from './sample-extraction.ts'

const run = promisify(execFile)

/** The page's document, as the callbacks that run inside Chromium use it (no DOM lib here). */
interface PageElement {
  textContent: string | null
  readonly id: string
  getAttribute(name: string): string | null
  closest(selector: string): PageElement | null
}
declare const document: {
  getElementById(id: string): PageElement | null
  readonly activeElement: PageElement | null
  readonly cookie: string
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number }
}
const CHROMIUM_PATH = '/usr/bin/chromium'
const SCREENSHOTS = join(import.meta.dirname, '../../test-output/screenshots')
const CREATE_PAGE = '/Help/Api/POST-Appointment-customerId-id'
/** Chromium logs every 4xx a fetch gets; the test form sends some on purpose. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 4\d\d/

let launched: Promise<Browser> | undefined

/** The one browser of this file, started on first use. */
function theBrowser(): Promise<Browser> {
  // launch() gives Chromium a fresh, empty --user-data-dir of its own each time.
  launched ??= chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
  return launched
}

after(async () => {
  await (await launched)?.close()
})

/** A page in a new context (Swedish browser unless told otherwise) that records console errors. */
async function openPage(t: TestContext, url: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const browser = await theBrowser()
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, ...options })
  context.setDefaultTimeout(10_000)
  t.after(() => context.close())
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_CONSOLE.test(message.text())) errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  return { page, errors }
}

async function sendAndWait(page: Page): Promise<{ status: string; headers: string; body: string }> {
  await page.evaluate(() => { document.getElementById('tf-status')!.textContent = '' })
  await page.getByRole('button', { name: /^(Skicka|Send)$/ }).click()
  await page.waitForFunction(() => /^\d{3}\b/.test(document.getElementById('tf-status')?.textContent ?? ''))
  return {
    status: await page.locator('#tf-status').textContent() ?? '',
    headers: await page.locator('#tf-headers').textContent() ?? '',
    body: await page.locator('#tf-response-body').textContent() ?? '',
  }
}

async function fillCredentialsAndIds(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username)
  await page.getByLabel('Lösenord').fill(password)
  await page.getByLabel(/^customerId/).fill(CUSTOMER_ID)
  await page.getByLabel(/^id –/).fill(USER_ID)
}

async function assertStored(server: TestServer, appointmentId: string): Promise<void> {
  const stored = await server.store.getAppointment({ customerId: CUSTOMER_ID, userId: USER_ID, appointmentId })
  assert.ok(stored, `appointment ${appointmentId} was created`)
}

describe('the test form on the create page', () => {
  test('sends JSON and XML and shows 200 with an id, then a bad body and the 400 modelState', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    const { page, errors } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    await page.waitForSelector('form[data-ready]')
    await fillCredentialsAndIds(page, USERNAME, PASSWORD)

    assert.equal(await page.getByLabel(/^Content-Type/).inputValue(), 'application/json')
    const json = await sendAndWait(page)
    assert.equal(json.status, '200 OK')
    assert.match(json.headers, /^content-type: application\/json/m)
    assert.match(json.headers, /^location: \/Appointment\/M30011\/HAN001\//m)
    const jsonId = JSON.parse(json.body) as string
    await assertStored(server, jsonId)

    await page.getByLabel(/^Content-Type/).selectOption('application/xml')
    assert.match(await page.getByLabel('Innehåll', { exact: true }).inputValue(), /^<Appointment xmlns:i="/, 'choosing XML fills the XML sample')
    const xml = await sendAndWait(page)
    assert.equal(xml.status, '200 OK')
    assert.match(xml.headers, /^content-type: application\/xml/m)
    const xmlId = /^<string xmlns="http:\/\/schemas\.microsoft\.com\/2003\/10\/Serialization\/">([\w-]+)<\/string>$/.exec(xml.body)?.[1]
    assert.ok(xmlId, xml.body)
    await assertStored(server, xmlId)

    await page.getByLabel(/^Content-Type/).selectOption('application/json')
    assert.match(await page.getByLabel('Innehåll', { exact: true }).inputValue(), /^\{\n {2}"subject"/, 'choosing JSON fills the JSON sample')
    await page.getByLabel('Innehåll', { exact: true }).fill('{"subject": "", "startsAt": "i morgon"}')
    const bad = await sendAndWait(page)
    assert.equal(bad.status, '400 Bad Request')
    const problem = JSON.parse(bad.body) as { message: string; modelState: Record<string, string[]> }
    assert.equal(problem.message, 'The request is invalid.')
    assert.deepEqual(Object.keys(problem.modelState).sort(), ['appointment.startsAt', 'appointment.subject'])

    await page.getByLabel(/^Accept/).selectOption('application/xml')
    const badXml = await sendAndWait(page)
    assert.equal(badXml.status, '400 Bad Request')
    assert.match(badXml.body, /^<Error><Message>The request is invalid\.<\/Message><ModelState>.*<appointment\.subject>/)

    await page.getByLabel('Lösenord').fill('wrong')
    const denied = await sendAndWait(page)
    assert.equal(denied.status, '401 Unauthorized', 'a wrong password shows 401, with no browser login prompt')

    const stored = await page.evaluate(() => ({
      local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
    }))
    assert.deepEqual(stored, { local: 0, session: 0, cookie: '' }, 'nothing is stored in the browser')
    const logs = server.logs.join('')
    assert.ok(!logs.includes(PASSWORD), 'the password is not logged')
    assert.ok(!logs.includes(Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')), 'nor its Basic header')
    assert.deepEqual(errors, [])
  })

  test('the samples take the form\'s values, quoted by docs.js, and then run as printed', async (t) => {
    if (skipWithout(t, CHROMIUM, CURL, PHP_CURL, MONO)) return
    const server = await startServer(t)
    const username = "o'brien"
    const password = 'it\'s "x" \\ $HOME `id` {a,b} ä ‘q’'
    await server.store.addClient({ username, passwordHash: await hashPassword(password), customerIds: [CUSTOMER_ID] })
    const { page, errors } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    await page.waitForSelector('form[data-ready]')
    const curlSlot = page.locator('code[data-sample="curl"] .slot[data-slot="password"]')
    assert.equal(await curlSlot.textContent(), '{lösenord}')
    await fillCredentialsAndIds(page, username, password)
    assert.equal(await curlSlot.textContent(), 'it\'\\\'\'s "x" \\ $HOME `id` {a,b} ä ‘q’')
    assert.equal(await page.locator('code[data-sample="powershell"] .slot[data-slot="password"]').textContent(),
      'it\'\'s "x" \\ $HOME `id` {a,b} ä ‘‘q’’')

    const sample = async (id: string): Promise<string> =>
      await page.locator(`code[data-sample="${id}"]`).textContent() ?? ''
    const dir = await makeTempDir(t)
    const idOf = async (text: string): Promise<void> => assertStored(server, JSON.parse(text) as string)

    await writeFile(join(dir, 'sample.sh'), await sample('curl'))
    const curl = splitCurlOutput((await run('bash', [join(dir, 'sample.sh')])).stdout)
    assert.equal(curl.status, 200)
    await idOf(curl.body)

    await writeFile(join(dir, 'sample.php'), await sample('php'))
    const php = (await run('php', [join(dir, 'sample.php')])).stdout.split('\n')
    assert.equal(php[0], '200')
    await idOf(php[1] ?? '')

    await writeFile(join(dir, 'sample.mts'), await sample('typescript'))
    const typescript = (await run(process.execPath, [join(dir, 'sample.mts')])).stdout.split('\n')
    assert.equal(typescript[0], '200 OK')
    await idOf(typescript[1] ?? '')

    await writeFile(join(dir, 'Program.cs'), await sample('csharp'))
    await run('mcs', ['-r:System.Net.Http.dll', `-out:${join(dir, 'sample.exe')}`, join(dir, 'Program.cs')])
    const csharp = (await run('mono', [join(dir, 'sample.exe')])).stdout.split('\n')
    assert.equal(csharp[0], '200 OK')
    await idOf(csharp[1] ?? '')

    await page.getByLabel('Lösenord').fill('')
    assert.equal(await curlSlot.textContent(), '{lösenord}', 'an emptied field shows the placeholder again')
    assert.deepEqual(errors, [])
  })

  test('editing the body updates every sample\'s body, quoted for its literal, and the edited curl sample runs', async (t) => {
    if (skipWithout(t, CHROMIUM, CURL)) return
    const server = await startServer(t)
    const { page, errors } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    await page.waitForSelector('form[data-ready]')
    await fillCredentialsAndIds(page, USERNAME, PASSWORD)
    const bodySlot = (id: string) => page.locator(`code[data-sample="${id}"] .slot[data-slot="body"]`)
    const original = await bodySlot('curl').textContent()
    const edited = '{\n  "subject": "Kent\'s visning",\n  "startsAt": "2027-05-04T10:00:00"\n}'
    await page.getByLabel('Innehåll', { exact: true }).fill(edited)
    assert.equal(await bodySlot('curl').textContent(), '{\n  "subject": "Kent\'\\\'\'s visning",\n  "startsAt": "2027-05-04T10:00:00"\n}')
    assert.equal(await bodySlot('powershell').textContent(), edited.replace("'", "''"))
    assert.equal(await bodySlot('php').textContent(), edited.replace("'", "\\'"))
    assert.equal(await bodySlot('csharp').textContent(), edited.replace(/"/g, '\\"').replace(/\n/g, '\\n'))
    assert.equal(await bodySlot('typescript').textContent(), edited.replace(/\n/g, '\n  '))

    const dir = await makeTempDir(t)
    await writeFile(join(dir, 'sample.sh'), await page.locator('code[data-sample="curl"]').textContent() ?? '')
    const curl = splitCurlOutput((await run('bash', [join(dir, 'sample.sh')])).stdout)
    assert.equal(curl.status, 200, curl.body)
    const stored = await server.store.getAppointment({ customerId: CUSTOMER_ID, userId: USER_ID, appointmentId: JSON.parse(curl.body) as string })
    assert.equal(stored?.subject, "Kent's visning", 'the sample sent the edited body')

    await page.getByLabel(/^Content-Type/).selectOption('application/xml')
    assert.equal(await bodySlot('curl').textContent(), original, 'with an XML body the JSON samples keep their own body')
    await page.getByLabel(/^Content-Type/).selectOption('application/json')
    assert.equal(await bodySlot('curl').textContent(), original, 'back to JSON: the JSON sample, as the body field now holds')
    assert.deepEqual(errors, [])
  })

  test('the form\'s placeholders are the demo\'s customer, user and username', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    const { page } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    await page.waitForSelector('form[data-ready]')
    assert.equal(await page.getByLabel(/^customerId/).getAttribute('placeholder'), DEMO_CUSTOMER_ID)
    assert.equal(await page.getByLabel(/^id –/).getAttribute('placeholder'), DEMO_USER_ID)
    assert.equal(await page.getByLabel('Användarnamn').getAttribute('placeholder'), DEMO_USERNAME)
  })
})

describe('code sample tabs', () => {
  test('follow the ARIA tabs pattern by keyboard', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    const { page, errors } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    const tabs = page.getByRole('tablist', { name: 'Kodexempel' }).getByRole('tab')
    assert.deepEqual(await tabs.allTextContents(), ['curl', 'PowerShell', 'C# (HttpClient)', 'PHP (curl)', 'TypeScript (fetch)'])
    const selected = async (): Promise<string> => await page.locator('[role="tab"][aria-selected="true"]').textContent() ?? ''
    const visiblePanels = async (): Promise<string[]> => page.locator('[role="tabpanel"]:visible').evaluateAll(
      (panels) => panels.map((panel) => panel.id))
    assert.equal(await selected(), 'curl')
    assert.deepEqual(await visiblePanels(), ['sample-curl'])

    await tabs.first().focus()
    await page.keyboard.press('ArrowRight')
    assert.equal(await selected(), 'PowerShell')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'PowerShell')
    assert.deepEqual(await visiblePanels(), ['sample-powershell'])
    await page.keyboard.press('End')
    assert.equal(await selected(), 'TypeScript (fetch)')
    await page.keyboard.press('ArrowRight')
    assert.equal(await selected(), 'curl', 'wraps around')
    await page.keyboard.press('ArrowLeft')
    assert.equal(await selected(), 'TypeScript (fetch)')
    await page.keyboard.press('Home')
    assert.equal(await selected(), 'curl')
    assert.equal(await tabs.nth(1).getAttribute('tabindex'), '-1', 'one tab stop for the whole list')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[role="tabpanel"]')?.id), 'sample-curl',
      'Tab moves into the open panel')
    await tabs.nth(3).click()
    assert.deepEqual(await visiblePanels(), ['sample-php'])
    assert.deepEqual(errors, [])
  })

  test('without JavaScript every sample is visible and the test form cannot be sent', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    const { page } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`, { javaScriptEnabled: false })
    assert.equal(await page.getByRole('tablist').count(), 0)
    assert.equal(await page.locator('.tab-panel:visible').count(), 5)
    assert.equal(await page.locator('code[data-sample="csharp"]').isVisible(), true)
    assert.equal(await page.locator('#test-form fieldset:not([disabled])').count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Skicka' }).isDisabled(), true)
    assert.equal(await page.getByText('Testformuläret behöver JavaScript.').isVisible(), true)
  })
})

describe('language, accessibility and layout', () => {
  test('the language switch turns the page English and back', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    const { page, errors } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    assert.equal(await page.getAttribute('html', 'lang'), 'sv')
    await page.getByRole('link', { name: /English/ }).click()
    await page.waitForURL(/\?lang=en$/)
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Request information' }).count(), 1)
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Test form' }).count(), 1)
    await page.waitForSelector('form[data-ready]')
    await page.getByLabel('Username').fill(USERNAME)
    assert.equal(await page.locator('code[data-sample="curl"] .slot[data-slot="password"]').textContent(), '{password}')
    await page.getByRole('link', { name: /Svenska/ }).click()
    await page.waitForURL(/\?lang=sv$/)
    assert.equal(await page.getAttribute('html', 'lang'), 'sv')
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Testformulär' }).count(), 1)
    assert.deepEqual(errors, [])
  })

  test('landmarks, a label for every control, and a skip link', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    const { page } = await openPage(t, `${server.baseUrl}${CREATE_PAGE}`)
    await page.waitForSelector('form[data-ready]')
    assert.equal(await page.getByRole('main').count(), 1)
    assert.equal(await page.getByRole('banner').count(), 1)
    assert.equal(await page.getByRole('contentinfo').count(), 1)
    const unlabelled = await page.locator('input, select, textarea').evaluateAll((controls) =>
      controls.filter((control) => (control as unknown as { labels: { length: number } }).labels.length === 0).map((control) => control.id))
    assert.deepEqual(unlabelled, [])
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#main', 'the first Tab reaches the skip link')
  })

  test('index and create page: screenshots at 1280 and 375 px, no horizontal scroll on a phone', async (t) => {
    if (skipWithout(t, CHROMIUM)) return
    const server = await startServer(t)
    await mkdir(SCREENSHOTS, { recursive: true })
    const pages = [
      ['index', '/Help'], ['create', CREATE_PAGE], ['occurrences', '/Help/Api/GET-Appointment-customerId-id'],
      ['appointment-type', '/Help/Model/Appointment'],
    ] as const
    for (const [name, path] of pages) {
      for (const width of [1280, 375]) {
        const { page, errors } = await openPage(t, `${server.baseUrl}${path}`, { viewport: { width, height: 900 } })
        const [scrollWidth, clientWidth] = await page.evaluate(() =>
          [document.documentElement.scrollWidth, document.documentElement.clientWidth])
        assert.ok((scrollWidth ?? 0) <= (clientWidth ?? 0), `${name} at ${width}px scrolls sideways: ${scrollWidth} > ${clientWidth}`)
        if (name === 'index' || name === 'create') {
          await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true })
        }
        assert.deepEqual(errors, [])
        await page.context().close()
      }
    }
  })
})
