/**
 * @module Namespaces in XML 1.0 over the tree fast-xml-parser gives, which knows none: every
 * element and attribute gets the namespace its prefix (or, for an element, the default
 * namespace) has in scope. A document that is not namespace-well-formed is refused with the
 * reason, as .NET's XmlReader refuses it: a prefix not declared on the element or an
 * ancestor, `xmlns:p=""`, the reserved prefixes `xml` and `xmlns` misused, a name with more
 * than one colon, one attribute twice once its prefix is expanded.
 */

export interface XmlAttribute {
  readonly localName: string
  /** `''` when unprefixed: attributes take no default namespace. */
  readonly namespace: string
  readonly value: string
}

export interface XmlElement {
  /** As written, prefix included. */
  readonly name: string
  readonly localName: string
  /** `''` for no namespace. */
  readonly namespace: string
  /** Namespace declarations left out. */
  readonly attributes: readonly XmlAttribute[]
  /** Grouped by name, as the parser gives them. */
  readonly children: readonly XmlElement[]
  readonly text: string
}

export class NotNamespaceWellFormed extends Error {}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace'
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/'

/**
 * The declarations of one element, prefix (`''`: the default namespace) → namespace name
 * (`''`: none), chained to those around it: looked up through at most the nesting depth,
 * never copied (an element with many declarations costs its children nothing).
 */
interface Scope {
  readonly declared: ReadonlyMap<string, string>
  readonly outer: Scope | undefined
}

const DOCUMENT_SCOPE: Scope = { declared: new Map([['', ''], ['xml', XML_NAMESPACE]]), outer: undefined }

function lookUp(scope: Scope, prefix: string): string | undefined {
  for (let current: Scope | undefined = scope; current; current = current.outer) {
    const namespace = current.declared.get(prefix)
    if (namespace !== undefined) return namespace
  }
  return undefined
}

type ParsedNode = Readonly<Record<string, unknown>>

/** The element `name` whose parsed content is `node`, with all below it; throws NotNamespaceWellFormed. */
export function resolveElement(name: string, node: unknown, parentScope: Scope = DOCUMENT_SCOPE): XmlElement {
  const content: ParsedNode = typeof node === 'object' && node !== null ? node as ParsedNode : {}
  const scope = withDeclarations(name, content, parentScope)
  const [prefix, localName] = splitName(name)
  if (prefix === 'xmlns') throw new NotNamespaceWellFormed(`the element <${name}> uses the prefix xmlns, which only declares namespaces`)
  const namespace = lookUp(scope, prefix)
  if (namespace === undefined) throw undeclared(prefix, `<${name}>`)
  const children: XmlElement[] = []
  for (const [childName, nodes] of Object.entries(content)) {
    if (childName.startsWith('@') || childName === '#text') continue
    for (const child of nodes as unknown[]) children.push(resolveElement(childName, child, scope))
  }
  return { name, localName, namespace, attributes: resolveAttributes(name, content, scope), children, text: textOf(node) }
}

function withDeclarations(element: string, content: ParsedNode, outer: Scope): Scope {
  let declared: Map<string, string> | undefined
  for (const [attribute, value] of Object.entries(content)) {
    const prefix = declaredPrefix(attribute)
    if (prefix === undefined) continue
    checkDeclaration(element, prefix, String(value))
    declared ??= new Map()
    declared.set(prefix, String(value))
  }
  return declared ? { declared, outer } : outer
}

/** `@xmlns` → `''`, `@xmlns:p` → `p`, any other attribute → undefined. */
function declaredPrefix(attribute: string): string | undefined {
  if (attribute === '@xmlns') return ''
  return attribute.startsWith('@xmlns:') ? attribute.slice('@xmlns:'.length) : undefined
}

function checkDeclaration(element: string, prefix: string, namespace: string): void {
  const declaration = prefix === '' ? 'xmlns' : `xmlns:${prefix}`
  const problem = prefix === 'xmlns' ? 'the prefix xmlns cannot be declared'
    : prefix === 'xml' && namespace !== XML_NAMESPACE ? `the prefix xml can only stand for ${XML_NAMESPACE}`
    : prefix !== 'xml' && namespace === XML_NAMESPACE ? `only the prefix xml can stand for ${XML_NAMESPACE}`
    : namespace === XMLNS_NAMESPACE ? `${XMLNS_NAMESPACE} cannot be declared`
    : prefix !== '' && namespace === '' ? `a prefix cannot be declared with an empty namespace (XML 1.0 has no undeclaring of prefixes)`
    : prefix.includes(':') ? 'a prefix cannot hold a colon'
    : undefined
  if (problem) throw new NotNamespaceWellFormed(`${declaration}="${namespace}" on <${element}>: ${problem}`)
}

function resolveAttributes(element: string, content: ParsedNode, scope: Scope): XmlAttribute[] {
  const attributes: XmlAttribute[] = []
  const seen = new Set<string>()
  for (const [key, value] of Object.entries(content)) {
    if (!key.startsWith('@') || declaredPrefix(key) !== undefined) continue
    const name = key.slice(1)
    const [prefix, localName] = splitName(name)
    const namespace = prefix === '' ? '' : lookUp(scope, prefix)
    if (namespace === undefined || prefix === 'xmlns') throw undeclared(prefix, `the attribute ${name} of <${element}>`)
    const expanded = `{${namespace}}${localName}`
    if (seen.has(expanded)) throw new NotNamespaceWellFormed(`<${element}> has the attribute ${expanded} twice`)
    seen.add(expanded)
    attributes.push({ localName, namespace, value: String(value) })
  }
  return attributes
}

/** `p:local` → `['p', 'local']`, `local` → `['', 'local']`. */
function splitName(name: string): [string, string] {
  const parts = name.split(':')
  if (parts.length === 1) return ['', name]
  if (parts.length === 2 && parts[0] && parts[1]) return [parts[0], parts[1]]
  throw new NotNamespaceWellFormed(`${name} is not a qualified name: at most one colon, with a prefix before it and a name after it`)
}

function undeclared(prefix: string, where: string): NotNamespaceWellFormed {
  return new NotNamespaceWellFormed(`the prefix ${prefix} of ${where} is not declared; declare it with `
    + `xmlns:${prefix}="…" on that element or one around it, or leave the prefix out`)
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node
  const text = typeof node === 'object' && node !== null ? (node as ParsedNode)['#text'] : undefined
  return typeof text === 'string' ? text : ''
}
