// The headers every answer of the clock's web server carries: nothing sniffed into a script, no
// referrer sent on, nothing loaded from elsewhere.

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
} as const
