// What went wrong connecting to a broker, in words a user can act on: the exact fix for the common
// failures (port closed, unknown CA, name not in certificate, wrong password, ACL denies subscribe, a
// login answered by a hang-up).

import type { ExternalBrokerConfig } from '../config/config-types.js'
import { safeUrl } from '../log/safe-url.js'

export interface Diagnosis {
  ok: boolean
  /** One line: what happened. */
  problem?: string
  /** One line: what to change. */
  fix?: string
}

interface ErrorLike {
  message?: string
  code?: string | number
  /** An AggregateError's: Node's connect to a name with several addresses fails with one, message "". */
  errors?: unknown[]
}

/** An error's words; one with none (an AggregateError from a connect) says its first inner error's, or its code. */
export function errorText(error: unknown): string {
  const e = (error ?? {}) as ErrorLike
  if (e.message) return e.message
  const inner = e.errors?.find((x) => (x as ErrorLike)?.message) as ErrorLike | undefined
  if (inner?.message) return inner.message
  return e.code !== undefined ? String(e.code) : String(error)
}

export function diagnoseConnectError(
  error: unknown,
  target: { url: string; username?: string; hasPassword?: boolean; caFile?: string },
): Diagnosis {
  const e = (error ?? {}) as ErrorLike
  const code = String(e.code ?? '')
  const message = errorText(error)
  const where = safeUrl(target.url)
  if (target.hasPassword && target.username === undefined) {
    // mqtt.js's own words for it: "Username is required to use password".
    return {
      ok: false,
      problem: 'broker.password is set but broker.username is not, so no login can be sent',
      fix: 'set broker.username too (mosquitto-config names the clock\'s account "weasley-clock" unless it is set)',
    }
  }
  if (code === 'ECONNRESET' && /^(mqtt|ws):\/\//.test(target.url)) {
    // A TLS port hangs up on plain MQTT (the old module's disableEncryption with port 8883 lands here).
    return {
      ok: false,
      problem: `${where} hung up on plain MQTT: the port probably expects TLS`,
      fix: "use mqtts:// (wss:// for WebSockets) for a TLS port, usually 8883, or the broker's plain port, usually 1883",
    }
  }
  if (code === 'ECONNREFUSED') {
    return {
      ok: false,
      problem: `nothing listens at ${where} (connection refused)`,
      fix: 'start the broker, or check host and port (and any firewall in between)',
    }
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      ok: false,
      problem: `the name in ${where} does not resolve`,
      fix: 'check the host name (or use the broker’s IP address)',
    }
  }
  if (/couldn't connect to server/i.test(message)) {
    return {
      ok: false,
      problem: `${where} closed the connection without answering the login`,
      fix: 'check the broker’s log: cloud brokers (AWS IoT, Losant) close it for a client id their policy does not allow, or a TLS client certificate they do not know',
    }
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return {
      ok: false,
      problem: `no answer from ${where}`,
      fix: 'check the port, and that the broker is reachable from this machine (firewall, NAT)',
    }
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altnames|does not match certificate/i.test(message)) {
    return {
      ok: false,
      problem: `the broker's certificate does not name the host in ${where}`,
      fix: 'connect with a name the certificate lists (see its Subject Alternative Names), or re-issue it with this name (broker.publicHosts)',
    }
  }
  if (
    /self[- ]signed|unable to (get local issuer|verify the first)|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(
      `${code} ${message}`,
    )
  ) {
    return {
      ok: false,
      problem: 'the broker’s certificate is signed by a CA this machine does not trust',
      fix: target.caFile
        ? `broker.caFile (${target.caFile}) is not the CA that signed it: give the one that did (for a Mosquitto set up by mosquitto-config, the ca.crt in its folder)`
        : 'set broker.caFile to the CA certificate that signed it (for our own CA: data/tls/ca.crt)',
    }
  }
  if (/CERT_HAS_EXPIRED|expired/i.test(`${code} ${message}`)) {
    return {
      ok: false,
      problem: 'the broker’s certificate has expired',
      fix: 'renew it (certbot renew), then reload the broker',
    }
  }
  if (/wrong version number|packet length too long|EPROTO/i.test(`${code} ${message}`)) {
    return {
      ok: false,
      problem: `TLS and plain MQTT are mixed up at ${where}`,
      fix: 'use mqtt:// for a plain port and mqtts:// for a TLS port (usually 1883 and 8883)',
    }
  }
  if (
    /bad user ?name or password|not authori[sz]ed/i.test(message) ||
    code === '4' ||
    code === '5' ||
    code === '134' ||
    code === '135'
  ) {
    return {
      ok: false,
      problem: `the broker refused the login${target.username ? ` of "${target.username}"` : ''}`,
      fix: 'check broker.username and broker.password (old config: mirrorUser / mirrorPass) against the broker’s password file',
    }
  }
  return {
    ok: false,
    problem: message.split('\n')[0] ?? 'unknown error',
    fix: 'check the broker’s log',
  }
}

export function diagnoseSubscribe(
  topic: string,
  grantedQos: number | undefined,
  username: string | undefined,
): Diagnosis {
  if (grantedQos !== undefined && grantedQos < 128) return { ok: true }
  return {
    ok: false,
    problem: `the broker refused the subscription to ${topic}`,
    fix: `allow it in the broker's ACL, e.g. for Mosquitto: "user ${username ?? '<clock user>'}" then "topic read ${topic}"`,
  }
}

/** What to check when a broker closes the connection instead of answering the login. */
export const hungUpHint = (profile: ExternalBrokerConfig['profile'], clientId: string, url: string): string =>
  `${loginHint(profile, clientId)}${webSocketHint(url)}${plainHint(url)}`

/** A TLS port hangs up on plain MQTT, much as on a login it refuses (the old module's disableEncryption on 8883). */
function plainHint(url: string): string {
  return /^(mqtt|ws):\/\//i.test(url)
    ? `; or the port expects TLS: use ${url.toLowerCase().startsWith('ws') ? 'wss' : 'mqtts'}:// for it`
    : ''
}

function loginHint(profile: ExternalBrokerConfig['profile'], clientId: string): string {
  switch (profile) {
    case 'aws-iot':
      return `check that the policy allows iot:Connect for client id "${clientId}", and that the certificate is active and attached to that policy`
    case 'losant':
      return `the client id "${clientId}" must be the id of a device registered in the Losant application`
    case 'mosquitto':
      return "check the broker's log: it may refuse this client id, or a TLS client certificate it does not know"
  }
}

/**
 * mqtt.js says nothing of a WebSocket handshake the server refused (a 404 has no error code): the
 * connection just closes, as a refused login does. The path is the usual culprit.
 */
function webSocketHint(url: string): string {
  if (!/^wss?:\/\//i.test(url)) return ''
  let path = '/'
  try {
    path = new URL(url).pathname
  } catch {
    // the config check has refused such a url
  }
  return `; or the WebSocket path ${path} is not the broker's (EMQX, HiveMQ and Mosquitto behind a web server often listen on /mqtt: give it in the url)`
}
