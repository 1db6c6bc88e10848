// A broker URL as logs and messages may show it: without its user:password part.

/**
 * The URL without user info: everything after the scheme (and its slashes, if any) up to the last "@"
 * goes. A password may hold "@", "#", "?" or even an unencoded "/", and the URL may be mistyped
 * ("mqtt:/user:pw@host", "user:pw@host"): whatever it is, no password is shown. A path holding "@"
 * (never seen in MQTT URLs) is cut too; this is for showing, not for connecting.
 */
export const safeUrl = (url: string): string => {
  const at = url.lastIndexOf('@')
  if (at === -1) return url
  const scheme = /^[a-z][a-z\d+.-]*:\/+/i.exec(url)?.[0] ?? ''
  return scheme + url.slice(at + 1)
}
