/**
 * @module The page shell every docs page shares: language, title, our stylesheet and script,
 * skip link, header with the language switch, breadcrumb, main landmark and footer. Also the
 * links between pages, which carry `?lang=` on when the reader chose the language by it.
 */
import type { DocsSamples } from './body-samples.ts'
import { html, type SafeHtml } from './html.ts'
import { message, type Lang } from './i18n.ts'

export interface PageContext {
  readonly lang: Lang
  /** The language came from `?lang=`. */
  readonly explicitLang: boolean
  /** `http://host:port` of this server as the reader reached it. */
  readonly baseUrl: string
  /** Path of this page, without query. */
  readonly path: string
  readonly cssUrl: string
  readonly jsUrl: string
  /** The samples for the day the page is served. */
  readonly samples: DocsSamples
}

export interface Crumb {
  readonly label: string
  readonly href: string
}

export const INDEX_PATH = '/Help'

/** A link to another docs page, keeping an explicitly chosen language. */
export function docsHref(context: PageContext, path: string): string {
  return context.explicitLang ? `${path}?lang=${context.lang}` : path
}

export function renderPage(context: PageContext, title: string, crumbs: readonly Crumb[], body: SafeHtml): string {
  const other: Lang = context.lang === 'sv' ? 'en' : 'sv'
  const siteTitle = message(context.lang, 'siteTitle')
  const fullTitle = title === siteTitle ? siteTitle : `${title} – ${siteTitle}`
  return html`<!doctype html>
<html lang="${context.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<link rel="stylesheet" href="${context.cssUrl}">
<link rel="alternate" hreflang="${other}" href="${context.path}?lang=${other}">
<script src="${context.jsUrl}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${message(context.lang, 'skipLink')}</a>
<header class="site-header">
<div class="site-header-inner">
<a class="site-title" href="${docsHref(context, INDEX_PATH)}">${siteTitle}</a>
<a class="lang-switch" href="${context.path}?lang=${other}" hreflang="${other}" lang="${other}">${
  message(context.lang, 'switchTo')}</a>
</div>
</header>
${crumbs.length > 0 ? html`<nav class="breadcrumb" aria-label="${message(context.lang, 'breadcrumb')}"><ol>
<li><a href="${docsHref(context, INDEX_PATH)}">${message(context.lang, 'home')}</a></li>
${crumbs.map((crumb, index) => index === crumbs.length - 1
    ? html`<li><a href="${crumb.href}" aria-current="page">${crumb.label}</a></li>`
    : html`<li><a href="${crumb.href}">${crumb.label}</a></li>`)}
</ol></nav>` : ''}
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site-footer"><p>${message(context.lang, 'footer')}</p></footer>
</body>
</html>
`.value
}
