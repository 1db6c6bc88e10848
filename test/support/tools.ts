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

/** Debian packages of the tools (prlimit, which cuts a running process's limits, is util-linux's). */
const PACKAGES = {
  mosquitto: 'mosquitto',
  mosquitto_sub: 'mosquitto-clients',
  chromium: 'chromium',
  prlimit: 'util-linux',
} as const

/** True when the tool is present; false (skip) locally when it is not; throws in CI when it is not. */
export function requireTool(name: keyof typeof PACKAGES): boolean {
  const present = name === 'chromium' ? existsSync(CHROMIUM) : hasCommand(name)
  if (present) return true
  if (inCi())
    throw new Error(`${name} is required in CI but is not installed (apt-get install -y ${PACKAGES[name]})`)
  return false
}
