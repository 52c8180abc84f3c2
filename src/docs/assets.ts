/**
 * @module The docs' one stylesheet and one script, read once at start-up and served from
 * our own origin under a content-hashed name: `/Help/assets/docs-1a2b3c4d5e.css`. The hash
 * changes with the content, so the files are cached for a year as immutable, with an ETag.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

export interface Asset {
  /** Path the pages link to. */
  readonly url: string
  readonly contentType: string
  readonly body: Buffer
  readonly etag: string
}

export interface DocsAssets {
  readonly css: Asset
  readonly js: Asset
  /** By file name (`docs-<hash>.css`). */
  readonly byName: ReadonlyMap<string, Asset>
}

export const ASSET_PREFIX = '/Help/assets/'

async function loadAsset(file: string, extension: string, contentType: string): Promise<Asset> {
  const body = await readFile(new URL(`./assets/${file}`, import.meta.url))
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12)
  return { url: `${ASSET_PREFIX}docs-${hash}.${extension}`, contentType, body, etag: `"${hash}"` }
}

export async function loadDocsAssets(): Promise<DocsAssets> {
  const css = await loadAsset('docs.css', 'css', 'text/css; charset=utf-8')
  const js = await loadAsset('docs.js', 'js', 'text/javascript; charset=utf-8')
  const byName = new Map([css, js].map((asset) => [asset.url.slice(ASSET_PREFIX.length), asset]))
  return { css, js, byName }
}
