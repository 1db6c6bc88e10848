// Builds what `npm start` runs, so it needs no dev dependency at run time:
//   dist/weasley.mjs  the server and CLI (ESM; npm packages stay external)
//   dist/web/         the web clock page (see build-web.mjs)
//   MMM-WeasleyClock.js, MMM-WeasleyClock.css, node_helper.js   the MagicMirror² module (build-magicmirror.mjs)
// The output is committed; CI rebuilds it and fails when it differs from what is committed.

import { chmodSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { buildMagicMirror } from './build-magicmirror.mjs'
import { buildWeb } from './build-web.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export async function buildServer() {
  const outfile = path.join(root, 'dist', 'weasley.mjs')
  await build({
    entryPoints: [path.join(root, 'src', 'cli', 'weasley.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  })
  chmodSync(outfile, 0o755)
}

await buildServer()
await buildWeb({ outDir: path.join(root, 'dist', 'web') })
await buildMagicMirror()
