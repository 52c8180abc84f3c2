/**
 * @module Code samples per endpoint: curl (bash, zsh, sh), PowerShell, C# (HttpClient, a
 * complete program), PHP (curl) and TypeScript (fetch). Each shows this server's base URL and
 * runs as printed once the placeholders are replaced. Placeholders are slots: the page marks
 * them up so the test form can write its values in, quoted for the literal they sit in.
 * JSON bodies are single-quoted, so no shell expands them (the original's curl broke in bash);
 * single-quoted strings may span lines in every shell, PowerShell and PHP, so they are indented.
 */
import type { DocumentedRoute } from './route-table.ts'
import { documentedErrorStatuses, type RouteDocs } from '../http/route-docs.ts'
import { message, statusMeaning, type Lang } from './i18n.ts'
import { quote, type QuoteStyle } from './quoting.ts'

export interface Slot {
  /** `username`, `password`, `uri:NAME`, `query:NAME` or `body`: the test form field that fills it. */
  readonly slot: string
  readonly style: QuoteStyle
  /** Shown until filled in: `{customerId}`, `{lösenord}`, or a query's quoted example. */
  readonly placeholder: string
}

export type Segment = string | Slot

export interface CodeSample {
  /** Stable id: `curl`, `powershell`, `csharp`, `php`, `typescript`. */
  readonly id: string
  readonly label: string
  readonly segments: readonly Segment[]
}

export interface SampleInput {
  readonly route: DocumentedRoute
  readonly docs: RouteDocs
  /** `http://host:port`, no trailing slash. */
  readonly baseUrl: string
  readonly lang: Lang
  /** The request body as indented JSON, when the endpoint takes one. */
  readonly bodyJson: string | undefined
}

type UrlPiece = { readonly literal: string } | { readonly parameter: string }

const JSON_TYPE = 'application/json'

export function sampleText(sample: CodeSample): string {
  return sample.segments.map((segment) => (typeof segment === 'string' ? segment : segment.placeholder)).join('')
}

/** Placeholders a reader has to replace, as printed: `{customerId}`, `{användarnamn}`, … */
export function samplePlaceholders(input: Pick<SampleInput, 'docs' | 'lang'>): string[] {
  return [
    ...input.docs.uriParameters.map((parameter) => `{${parameter.name}}`),
    message(input.lang, 'usernamePlaceholder'),
    message(input.lang, 'passwordPlaceholder'),
  ]
}

export function codeSamples(input: SampleInput): CodeSample[] {
  return [
    { id: 'curl', label: 'curl', segments: curlSample(input) },
    { id: 'powershell', label: 'PowerShell', segments: powerShellSample(input) },
    { id: 'csharp', label: 'C# (HttpClient)', segments: csharpSample(input) },
    { id: 'php', label: 'PHP (curl)', segments: phpSample(input) },
    { id: 'typescript', label: 'TypeScript (fetch)', segments: typeScriptSample(input) },
  ]
}

function urlPieces(url: string): UrlPiece[] {
  const pieces: UrlPiece[] = []
  for (const part of url.split(/(:\w+(?:\([^)]*\))?)/)) {
    if (part === '') continue
    const name = /^:(\w+)/.exec(part)?.[1]
    pieces.push(name === undefined ? { literal: part } : { parameter: name })
  }
  return pieces
}

function usernameSlot(input: SampleInput, style: QuoteStyle): Slot {
  return { slot: 'username', style, placeholder: message(input.lang, 'usernamePlaceholder') }
}

function passwordSlot(input: SampleInput, style: QuoteStyle): Slot {
  return { slot: 'password', style, placeholder: message(input.lang, 'passwordPlaceholder') }
}

/**
 * The request body, as the test form's body field holds it while its Content-Type is JSON
 * (the samples send JSON); until edited, the sample body.
 */
function bodySlot(style: QuoteStyle, body: string): Slot {
  return { slot: 'body', style, placeholder: quote(style, body) }
}

function uriSlot(name: string, style: QuoteStyle): Slot {
  return { slot: `uri:${name}`, style, placeholder: `{${name}}` }
}

/** Required query parameters, with their examples: optional ones are left out of the samples. */
function querySlots(input: SampleInput, style: QuoteStyle): { readonly name: string; readonly slot: Slot }[] {
  const required = (input.docs.queryParameters ?? []).filter((parameter) => parameter.required)
  return required.map((parameter) => ({
    name: parameter.name,
    slot: { slot: `query:${parameter.name}`, style, placeholder: quote(style, parameter.example) },
  }))
}

/** Comment lines naming what each error status means, with the language's comment mark. */
function statusComments(input: SampleInput, mark: string, indent: string): string {
  return documentedErrorStatuses(input.docs)
    .map((status) => `${indent}${mark} ${status}: ${statusMeaning(input.lang, status)}\n`).join('')
}

function curlSample(input: SampleInput): Segment[] {
  const { route, bodyJson } = input
  const segments: Segment[] = [
    // --include shows the status line and headers (Location, ETag) before the body; no
    // --fail-with-body, which curl before 7.76 does not know.
    'curl --silent --show-error --include \\\n',
    `  --request ${route.method} \\\n`,
    "  --user '", usernameSlot(input, 'sh'), ':', passwordSlot(input, 'sh'), "' \\\n",
  ]
  if (bodyJson !== undefined) segments.push(`  --header 'Content-Type: ${JSON_TYPE}' \\\n`)
  segments.push(`  --header 'Accept: ${JSON_TYPE}' \\\n`)
  if (bodyJson !== undefined) segments.push("  --data-raw '", bodySlot('sh', bodyJson), "' \\\n")
  segments.push(`  '${quote('sh', input.baseUrl)}`)
  for (const piece of urlPieces(route.url)) {
    segments.push('literal' in piece ? quote('sh', piece.literal) : uriSlot(piece.parameter, 'sh-url'))
  }
  querySlots(input, 'sh-url').forEach(({ name, slot }, index) => {
    segments.push(`${index === 0 ? '?' : '&'}${quote('sh', encodeURIComponent(name))}=`, slot)
  })
  segments.push("'\n")
  return segments
}

/** `'literal' + Escape('{param}') + …` in a language whose strings are single-quoted. */
function concatenatedUrl(
  input: SampleInput, style: QuoteStyle, join: string, escapeCall: string, quoteMark: string,
): Segment[] {
  const segments: Segment[] = []
  const literal = (text: string): void => {
    if (segments.length > 0) segments.push(join)
    segments.push(`${quoteMark}${quote(style, text)}${quoteMark}`)
  }
  const escaped = (slot: Slot): void => {
    segments.push(join, `${escapeCall}(${quoteMark}`, slot, `${quoteMark})`)
  }
  let pending = ''
  for (const piece of urlPieces(input.route.url)) {
    if ('literal' in piece) {
      pending += piece.literal
      continue
    }
    literal(pending)
    pending = ''
    escaped(uriSlot(piece.parameter, style))
  }
  querySlots(input, style).forEach(({ name, slot }, index) => {
    pending += `${index === 0 ? '?' : '&'}${encodeURIComponent(name)}=`
    literal(pending)
    pending = ''
    escaped(slot)
  })
  if (pending !== '') literal(pending)
  return segments
}

function powerShellSample(input: SampleInput): Segment[] {
  const { route, bodyJson } = input
  const segments: Segment[] = [
    `$baseUrl = '${quote('ps', input.baseUrl)}'\n`,
    '$uri = $baseUrl + ', ...concatenatedUrl(input, 'ps', ' + ', '[Uri]::EscapeDataString', "'"), '\n',
    "$pair = '", usernameSlot(input, 'ps'), ':', passwordSlot(input, 'ps'), "'\n",
    '$headers = @{\n',
    "  Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($pair))\n",
    `  Accept = '${JSON_TYPE}'\n`,
    '}\n',
  ]
  let call = `Invoke-WebRequest -UseBasicParsing -Uri $uri -Method ${route.method} -Headers $headers`
  if (bodyJson !== undefined) {
    segments.push("$body = '", bodySlot('ps', bodyJson), "'\n")
    call += ` -ContentType '${JSON_TYPE}; charset=utf-8' -Body ([Text.Encoding]::UTF8.GetBytes($body))`
  }
  segments.push(
    'try {\n',
    `  $response = ${call}\n`,
    '  $response.StatusCode\n',
    '  $response.Content\n',
    '} catch {\n',
    statusComments(input, '#', '  '),
    '  $_.ErrorDetails.Message\n',
    '  throw\n',
    '}\n',
  )
  return segments
}

function csharpSample(input: SampleInput): Segment[] {
  const { route, bodyJson, lang } = input
  const segments: Segment[] = [
    'using System;\n',
    'using System.Net.Http;\n',
    'using System.Net.Http.Headers;\n',
    'using System.Text;\n',
    'using System.Threading.Tasks;\n',
    '\n',
    'public static class Program\n',
    '{\n',
    `    // ${message(lang, 'csharpSingleton')}\n`,
    `    private static readonly HttpClient Client = new HttpClient { BaseAddress = new Uri("${quote('cs', `${input.baseUrl}/`)}") };\n`,
    '\n',
    '    public static int Main()\n',
    '    {\n',
    '        return RunAsync().GetAwaiter().GetResult();\n',
    '    }\n',
    '\n',
    '    private static async Task<int> RunAsync()\n',
    '    {\n',
    '        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("',
    usernameSlot(input, 'cs'), ':', passwordSlot(input, 'cs'), '"));\n',
    '        var path = ', ...concatenatedUrl(input, 'cs', ' + ', 'Uri.EscapeDataString', '"').map(dropLeadingSlash), ';\n',
    `        using (var request = new HttpRequestMessage(new HttpMethod("${route.method}"), path))\n`,
    '        {\n',
    '            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);\n',
    `            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("${JSON_TYPE}"));\n`,
  ]
  if (bodyJson !== undefined) {
    segments.push('            var json = "', bodySlot('cs', JSON.stringify(JSON.parse(bodyJson))), '";\n',
      `            request.Content = new StringContent(json, Encoding.UTF8, "${JSON_TYPE}");\n`)
  }
  segments.push(
    '            using (var response = await Client.SendAsync(request))\n',
    '            {\n',
    '                var body = await response.Content.ReadAsStringAsync();\n',
    '                Console.WriteLine((int)response.StatusCode + " " + response.ReasonPhrase);\n',
    '                Console.WriteLine(body);\n',
    statusComments(input, '//', '                '),
    `                // 2xx: ${message(lang, 'successComment')}\n`,
    '                return response.IsSuccessStatusCode ? 0 : 1;\n',
    '            }\n',
    '        }\n',
    '    }\n',
    '}\n',
  )
  return segments
}

/** The C# path is relative to BaseAddress: `"Appointment/" + …`, not `"/Appointment/"`. */
function dropLeadingSlash(segment: Segment, index: number): Segment {
  return index === 0 && typeof segment === 'string' ? segment.replace(/^"\//, '"') : segment
}

function phpSample(input: SampleInput): Segment[] {
  const { route, bodyJson, lang } = input
  const headers = bodyJson === undefined
    ? `'Accept: ${JSON_TYPE}'`
    : `'Content-Type: ${JSON_TYPE}', 'Accept: ${JSON_TYPE}'`
  const segments: Segment[] = [
    '<?php\n',
    `$url = '${quote('php', input.baseUrl)}' . `, ...concatenatedUrl(input, 'php', ' . ', 'rawurlencode', "'"), ';\n',
    '$ch = curl_init($url);\n',
    "curl_setopt($ch, CURLOPT_USERNAME, '", usernameSlot(input, 'php'), "');\n",
    "curl_setopt($ch, CURLOPT_PASSWORD, '", passwordSlot(input, 'php'), "');\n",
    `curl_setopt($ch, CURLOPT_CUSTOMREQUEST, '${route.method}');\n`,
    'curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);\n',
    `curl_setopt($ch, CURLOPT_HTTPHEADER, [${headers}]);\n`,
  ]
  if (bodyJson !== undefined) {
    segments.push("$data = '", bodySlot('php', bodyJson), "';\n", 'curl_setopt($ch, CURLOPT_POSTFIELDS, $data);\n')
  }
  segments.push(
    '$result = curl_exec($ch);\n',
    'if ($result === false) {\n',
    '    fwrite(STDERR, curl_error($ch) . PHP_EOL);\n',
    '    exit(1);\n',
    '}\n',
    '$status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);\n',
    statusComments(input, '//', ''),
    `// 2xx: ${message(lang, 'successComment')}\n`,
    'echo $status, PHP_EOL, $result, PHP_EOL;\n',
    'exit($status >= 200 && $status < 300 ? 0 : 1);\n',
  )
  return segments
}

function typeScriptSample(input: SampleInput): Segment[] {
  const { route, bodyJson, lang } = input
  const segments: Segment[] = [
    `const baseUrl = '${quote('js', input.baseUrl)}'\n`,
    'const url = baseUrl + ', ...concatenatedUrl(input, 'js', ' + ', 'encodeURIComponent', "'"), '\n',
    "const credentials = Buffer.from('", usernameSlot(input, 'js'), ':', passwordSlot(input, 'js'),
    "', 'utf8').toString('base64')\n",
    'const response = await fetch(url, {\n',
    `  method: '${route.method}',\n`,
    '  headers: {\n',
    "    Authorization: 'Basic ' + credentials,\n",
  ]
  if (bodyJson !== undefined) segments.push(`    'Content-Type': '${JSON_TYPE}',\n`)
  segments.push(`    Accept: '${JSON_TYPE}',\n`, '  },\n')
  if (bodyJson !== undefined) segments.push('  body: JSON.stringify(', bodySlot('js-expression', bodyJson), '),\n')
  segments.push(
    '})\n',
    statusComments(input, '//', ''),
    `// 2xx: ${message(lang, 'successComment')}\n`,
    'console.log(response.status, response.statusText)\n',
    'console.log(await response.text())\n',
    'if (!response.ok) process.exitCode = 1\n',
  )
  return segments
}
