// Builds the MagicMirror² module files at the repository root, where MagicMirror looks for them:
//   MMM-WeasleyClock.js   classic script (IIFE) calling Module.register
//   MMM-WeasleyClock.css  shared face + MagicMirror styling
//   node_helper.js        CommonJS; node_helper and logger come from MagicMirror, native and CommonJS
//                         packages from node_modules; ESM-only aedes is bundled in

import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, transform } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const HEADER = '/* MMM-WeasleyClock — built from src/ by `npm run build`; do not edit. */'

export async function buildMagicMirror() {
  await build({
    entryPoints: [path.join(root, 'src', 'displays', 'magicmirror', 'MMM-WeasleyClock.ts')],
    outfile: path.join(root, 'MMM-WeasleyClock.js'),
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    banner: { js: HEADER },
    logLevel: 'warning',
  })
  await build({
    entryPoints: [path.join(root, 'src', 'adapters', 'magicmirror', 'node-helper.ts')],
    outfile: path.join(root, 'node_helper.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['node_helper', 'logger', 'better-sqlite3', 'mqtt', 'aedes-persistence', 'aedes-persistence/*'],
    legalComments: 'none',
    // checkpointer.ts reads import.meta.url only where __filename is missing, i.e. never in CommonJS.
    logOverride: { 'empty-import-meta': 'silent' },
    banner: { js: HEADER },
    // MagicMirror require()s this file and expects the helper itself as module.exports.
    footer: { js: 'module.exports = module.exports.default;' },
    logLevel: 'warning',
  })
  // Every rule of the shared face is scoped to the module's box: MagicMirror puts all modules' CSS on
  // one page, and bare .hand or .hub rules would restyle another module's elements. Keyframes stay at
  // the top level (they cannot be nested); their names carry the project's prefix.
  const face = readFileSync(path.join(root, 'src/displays/web/face.css'), 'utf8')
  const keyframes = face.match(/@keyframes [\w-]+ \{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g) ?? []
  let scoped = face
  for (const k of keyframes) scoped = scoped.replace(k, '')
  const mm = readFileSync(path.join(root, 'src/displays/magicmirror/mm.css'), 'utf8')
  const css = `${keyframes.join('\n')}\n.weasley-mm {\n${scoped}\n}\n${mm}`
  // A target without CSS nesting: esbuild writes the nested rules out as `.weasley-mm .hand` and so on.
  const minified = await transform(css, { loader: 'css', minify: true, target: ['chrome100', 'firefox100'] })
  writeFileSync(path.join(root, 'MMM-WeasleyClock.css'), `${HEADER}\n${minified.code}`)
}
