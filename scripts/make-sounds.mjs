// Writes the chimes shipped in sounds/: synthesised here (decaying bell partials), so the project
// carries no third-party audio. Run once; the WAV files are committed.

import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RATE = 22_050

function wav(samples) {
  const data = Buffer.alloc(samples.length * 2)
  samples.forEach((s, i) => {
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32_000), i * 2)
  })
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(RATE, 24)
  header.writeUInt32LE(RATE * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

/** Bell strikes: [start seconds, fundamental Hz]; partials ring with inharmonic ratios like a real bell. */
function bells(strikes, seconds) {
  const out = new Float32Array(Math.round(RATE * seconds))
  const partials = [
    [1, 1, 1.2],
    [2.0, 0.5, 0.9],
    [2.76, 0.35, 0.6],
    [5.4, 0.15, 0.35],
  ]
  for (const [start, f0] of strikes) {
    for (let i = Math.round(start * RATE); i < out.length; i++) {
      const t = i / RATE - start
      let v = 0
      for (const [ratio, amp, decay] of partials)
        v += amp * Math.exp(-t / decay) * Math.sin(2 * Math.PI * f0 * ratio * t)
      out[i] += 0.3 * v * Math.min(1, t * 400)
    }
  }
  return out
}

mkdirSync(path.join(root, 'sounds'), { recursive: true })
writeFileSync(
  path.join(root, 'sounds', 'chime.wav'),
  wav(
    bells(
      [
        [0, 880],
        [0.18, 660],
      ],
      1.4,
    ),
  ),
)
writeFileSync(path.join(root, 'sounds', 'bell.wav'), wav(bells([[0, 523.25]], 1.6)))
writeFileSync(
  path.join(root, 'sounds', 'crank.wav'),
  wav(
    bells(
      [
        [0, 392],
        [0.12, 494],
        [0.24, 587],
        [0.36, 784],
      ],
      1.6,
    ),
  ),
)
