// `npm run bench`: bundles bench/run.ts as ESM the way the server ships (esbuild), then runs it, so the
// figures measure the production code path rather than a dev-time loader.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const entry = process.argv[2] ?? 'run'
const dir = mkdtempSync(path.join(tmpdir(), 'weasley-bench-build-'))
const outfile = path.join(root, 'bench', `.${entry}.bundle.mjs`)
try {
  await build({
    entryPoints: [path.join(root, 'bench', `${entry}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(3)], {
    stdio: 'inherit',
    cwd: root,
  })
  process.exitCode = result.status ?? 1
} finally {
  rmSync(outfile, { force: true })
  rmSync(dir, { recursive: true, force: true })
}
