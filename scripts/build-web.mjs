// Builds the web clock into a folder: app.js (bundled, minified ESM), app.css (page + shared face), index.html.
// Fails when the page would weigh more than 20 KB gzipped (PRODUCT.md footprint target).

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, transform } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const web = path.join(root, 'src', 'displays', 'web')
const LIMIT_BYTES = 20 * 1024
// Wall tablets are often old iPads (iOS 12 is the last for the iPad Air 1 and mini 2/3): the script is
// ES2017 (esbuild lowers ?., ?? and the rest; it will not lower destructuring for a Safari target, over a
// bug of Safari's that this code never meets), the styles are for Safari 12.
const SCRIPT_TARGET = 'es2017'
const STYLE_TARGET = 'safari12'

export async function buildWeb({ outDir }) {
  mkdirSync(outDir, { recursive: true })
  await build({
    entryPoints: { app: path.join(web, 'main.ts'), setup: path.join(web, 'setup.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: SCRIPT_TARGET,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  })
  const source = ['page.css', 'face.css'].map((f) => readFileSync(path.join(web, f), 'utf8')).join('\n')
  const css = await transform(source, { loader: 'css', minify: true, target: STYLE_TARGET })
  writeFileSync(path.join(outDir, 'app.css'), css.code)
  copyFileSync(path.join(web, 'index.html'), path.join(outDir, 'index.html'))
  copyFileSync(path.join(web, 'setup.html'), path.join(outDir, 'setup.html'))
  const gzipped = ['app.js', 'app.css', 'index.html'].reduce(
    (sum, f) => sum + gzipSync(readFileSync(path.join(outDir, f))).length,
    0,
  )
  if (gzipped > LIMIT_BYTES)
    throw new Error(`web clock is ${gzipped} bytes gzipped, over the ${LIMIT_BYTES}-byte budget`)
  return { gzippedBytes: gzipped }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { gzippedBytes } = await buildWeb({ outDir: path.join(root, 'dist', 'web') })
  console.log(`web clock: ${gzippedBytes} bytes gzipped`)
}
