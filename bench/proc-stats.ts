// What a process has used, read from Linux's /proc (the benches measure other processes from outside).

import { readFileSync } from 'node:fs'

/** CPU time (user + system, ms) a process has used so far; /proc counts in clock ticks of 10 ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Resident memory of a process, MB with one decimal. */
export function rssMBOf(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
  return Math.round(kb / 102.4) / 10
}
