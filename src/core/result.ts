// Pure. The Result shape every decoder and validator returns instead of throwing.

export type Result<T, E> = { ok: true; value: T } | { ok: false; problem: E }

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value })
export const fail = <E>(problem: E): { ok: false; problem: E } => ({ ok: false, problem })
