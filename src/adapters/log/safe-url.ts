// A broker URL as logs and messages may show it: without its user:password part.

/** The URL without user info (a password may itself hold an "@": everything up to the host's last one). */
export const safeUrl = (url: string): string => url.replace(/\/\/[^/?#]*@/, '//')
