// Real parts the tests need from the system. Missing locally: the test is skipped with a reason.
// Missing in CI (CI=true): the test fails, so a broken CI machine can never look green.

import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const CHROMIUM = '/usr/bin/chromium'

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const inCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1'

/** True when the tool is present; false (skip) locally when it is not; throws in CI when it is not. */
export function requireTool(name: 'mosquitto' | 'chromium'): boolean {
  const present = name === 'chromium' ? existsSync(CHROMIUM) : hasCommand('mosquitto')
  if (present) return true
  if (inCi()) throw new Error(`${name} is required in CI but is not installed (apt-get install -y ${name})`)
  return false
}
