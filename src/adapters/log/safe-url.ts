// A broker URL as logs and messages may show it: without its user:password part.

/**
 * The URL without user info. Everything up to the last "@" before the first "/" goes: a password may
 * hold an "@", or an unencoded "#" or "?", and the host holds none of them.
 */
export const safeUrl = (url: string): string => url.replace(/\/\/[^/]*@/, '//')
