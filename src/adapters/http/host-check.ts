// Which Host headers the web clock answers to. The read API needs no login (a wall tablet just shows
// the clock), so without this a web page on the internet could rebind its own DNS name to the clock's
// address (DNS rebinding) and read the family's whereabouts through the browser of anyone at home.
// Such a page can only send a name its owner controls in public DNS; every name a home network gives
// a clock is let through, and a name of one's own (behind a reverse proxy) is added in the config.

/** Suffixes no one can register in public DNS: names only a local network can give. */
const LOCAL_SUFFIXES = [
  '.localhost',
  '.local',
  '.lan',
  '.home',
  '.home.arpa',
  '.internal',
  '.localdomain',
  '.corp',
  // FRITZ!Box routers name their network's machines so. ".box" is a public TLD: this holds while AVM
  // holds fritz.box (someone else registered it in 2024 until AVM won it back).
  '.fritz.box',
]

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

/** The host name of a Host header: port and trailing dot gone, lower case; '' when there is none. */
export function hostName(header: string): string {
  const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0]
  return (name ?? '').toLowerCase().replace(/\.$/, '')
}

/**
 * `allowed`: names from the config (`http.allowedHosts`, the broker's public names, the machine's own
 * name); ".example.com" also lets every name under example.com through, "*" lets anything through.
 */
export function createHostCheck(allowed: readonly string[]): (hostHeader: string | undefined) => boolean {
  const names = new Set(allowed.map((a) => a.toLowerCase().replace(/\.$/, '')))
  const anything = names.has('*')
  const domains = [...names].filter((n) => n.startsWith('.'))
  return (hostHeader) => {
    // Browsers always send one; a request without one (HTTP/1.0 tools) comes from no web page.
    if (hostHeader === undefined || anything) return true
    const name = hostName(hostHeader)
    if (name === '') return false
    if (name.startsWith('[') || IPV4.test(name)) return true
    if (name === 'localhost' || !name.includes('.')) return true
    if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true
    if (names.has(name)) return true
    return domains.some((d) => name.endsWith(d) || name === d.slice(1))
  }
}
