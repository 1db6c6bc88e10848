// Feeds the pipeline from a broker the family already runs (Mosquitto, a cloud broker) with mqtt.js.
// TLS is verified; reconnects back off exponentially with jitter; an MQTT error never ends the process.

import mqtt, { type IConnackPacket, type MqttClient } from 'mqtt'
import type { Inbound, Logger } from '../../app/ports.js'
import type { ConnectionView } from '../../core/clock-view.js'
import type { ExternalBrokerConfig } from '../config/config-types.js'
import { createRepeatFilter } from '../log/repeat-filter.js'
import { safeUrl } from '../log/safe-url.js'
import { diagnoseConnectError, errorText, hungUpHint } from './diagnose.js'
import { clientOptionsOf, plainRemoteHost } from './external-client-options.js'

export interface ExternalBrokerOptions {
  config: ExternalBrokerConfig
  family: string
  /** Stable MQTT client id, so the broker keeps our session and queues QoS 1 messages while we are away. */
  clientId: string
  logger: Logger
  onMessage(inbound: Inbound, done: (error?: Error) => void): void
  onConnectionChange?(view: ConnectionView): void
  /**
   * Called after each (re)connection once the family subscription is in place; `resumed`: the broker
   * kept the clock's session, so what was sent to it meanwhile (QoS 1) is delivered now.
   */
  onSubscribed?(resumed: boolean): void
  now?: () => number
  /** Backoff bounds in ms (tests shorten them). */
  backoff?: { initialMs: number; maxMs: number }
  /** Bounds of the retries of a refused subscription while connected (30 s to 10 min by default). */
  resubscribe?: { initialMs: number; maxMs: number }
  /**
   * The filter an earlier run subscribed to in this client id's session: one of another family name (the
   * family renamed) is unsubscribed once the new one is granted, or its messages would keep coming.
   */
  subscribedBefore?: string
  /** Told the filter the session now holds, to be given as `subscribedBefore` next time. */
  onFilterHeld?: (filter: string) => void
}

/**
 * How long a connection must last before the backoff starts again from its shortest delay: a broker
 * that drops the clock right after accepting it (its client id taken by another clock, a cloud policy
 * refusing a publish) is then retried ever more slowly, not every second.
 */
export const STABLE_CONNECTION_MS = 30_000

/** What mqtt.js tells the caller of a publish it dropped unsent with a connection (client.js). */
const CONNECTION_CLOSED = 'Connection closed'

/** Connections in a row that may die while one kept publish is being sent again before it is dropped. */
const MAX_REPLAY_DEATHS = 2

export interface ExternalBroker {
  connection(): ConnectionView
  publish(topic: string, payload: string | Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void>
  close(): Promise<void>
}

export function startExternalBroker(options: ExternalBrokerOptions): ExternalBroker {
  const { config, logger } = options
  const now = options.now ?? Date.now
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 60_000 }
  const topic = `owntracks/${options.family}/#`
  let view: ConnectionView = { connected: false, lastError: 'connecting' }
  let attempt = 0
  let connectedAtMs: number | undefined
  /** Our QoS 1 publishes the broker has not acknowledged yet, each settled once. */
  const waiting = new Set<(error?: Error) => void>()
  /** Between a CONNACK and mqtt.js' 'connect' it sends the publishes it kept, one at a time. */
  let replaying = false
  /** The kept publish sent last in that replay and not acknowledged yet. */
  let inFlight: { messageId: number; topic: string } | undefined
  /** The kept publish that was in flight when connections died, and how many of them in a row. */
  let suspect: { messageId: number; topic: string; deaths: number } | undefined
  let retryTimer: NodeJS.Timeout | undefined
  let closing = false
  /** Whether the broker answered this attempt's login (a CONNACK, accepting it or not). */
  let answered = false
  /** What went wrong on this attempt before it closed, if anything was said. */
  let attemptError: Error | undefined
  /** A broker that refuses the clock does so on every retry: the same line is said once an hour. */
  const failures = createRepeatFilter(logger, now)
  const connects = createRepeatFilter(logger, now)
  const keepFailures = createRepeatFilter(logger, now)
  /** This connection was dropped by the clock itself (a message it could not keep), not by the broker. */
  let droppedByUs = false
  /** Whether the last connection lasted (STABLE_CONNECTION_MS) and got its subscription. */
  let lastWentWell = true
  /** A failure was said since the last connection: the next "connected" is news, said whatever came before. */
  let failureSaid = false
  const sayFailure = (level: 'warn' | 'error', message: string): void => {
    if (failures.log(level, message)) failureSaid = true
  }
  /** The connection whose SUBSCRIBE is not answered yet, if any. */
  let awaitingSubAck: number | undefined
  /** Whether the last connection got its subscription (or there was none yet). */
  let lastSubscribed = true

  const clientOptions = clientOptionsOf(config, options.clientId)

  const inClear = config.password === undefined ? undefined : plainRemoteHost(config.url)
  // Not refused: a Mosquitto on the family's own network without TLS is their choice to make.
  if (inClear)
    logger.log(
      'warn',
      `broker.password goes to ${inClear} in clear (${config.url.split(':')[0]}://): anyone on the network between can read it; use mqtts:// or wss:// unless that network is yours alone`,
    )

  const client: MqttClient = mqtt.connect(config.url, clientOptions)
  // mqtt.js sends the PUBACK for a QoS 1 message only after this callback: after our commit.
  client.handleMessage = (packet, callback) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload
    // The retain flag on a delivery marks a stored message sent because we subscribed [MQTT-3.3.1-8].
    const delivery = packet.retain ? 'replayed' : 'relayed'
    const inbound: Inbound = { topic: packet.topic, payload, receivedAtMs: now(), delivery }
    const stream = client.stream
    options.onMessage(inbound, (error) => {
      // The connection it came on is gone: its packet id may already name another message on the new
      // one, so no PUBACK (a resumed session has it sent again, and a duplicate changes nothing).
      if (client.stream !== stream || stream.destroyed) return
      if (!error) return callback()
      // Not kept (the database failed): no PUBACK. A broker sends an unacknowledged message again only
      // on a new connection, and stops delivering once enough wait; so this connection is dropped and
      // the message comes back after the reconnect.
      // Said once an hour while it lasts (the pipeline says why saving fails).
      if (keepFailures.log('warn', 'could not keep a message from the broker: reconnecting to have it again'))
        failureSaid = true
      droppedByUs = true
      stream.destroy()
    })
  }

  const setView = (next: ConnectionView) => {
    view = next
    options.onConnectionChange?.(next)
  }

  // mqtt.js sends the publishes it kept before it reports a connection: one the broker answers by
  // hanging up (a cloud policy refusing its topic, a size limit) would do so on every reconnect.
  // The one to drop is the one in flight each time, with no acknowledgement in between: a connection
  // lost for any other reason (a network flap, a slow broker) drops nothing.
  client.on('packetsend', (packet) => {
    if (replaying && packet.cmd === 'publish' && packet.qos > 0 && packet.messageId !== undefined)
      inFlight = { messageId: packet.messageId, topic: packet.topic }
  })
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'connack') answered = true
    if (packet.cmd === 'connack' && (packet as IConnackPacket).returnCode === 0) replaying = true
    else if (packet.cmd === 'puback' && packet.messageId === inFlight?.messageId) {
      inFlight = undefined
      suspect = undefined
    }
  })
  client.on('connect', (connack) => {
    replaying = false
    inFlight = undefined
    suspect = undefined
    connectedAtMs = now()
    setView({ connected: true })
    const said = `connected to ${safeUrl(config.url)}${connack.sessionPresent ? ' (session resumed)' : ''}`
    // A connection that keeps being dropped soon after (a broker hanging up on the subscription or on
    // a publish its policy refuses) would say this every minute: once an hour then, as its failures are.
    if (lastWentWell || failureSaid) connects.forget()
    connects.log('info', said)
    failureSaid = false
    lastSubscribed = false
    // Subscribed on every connection, resumed session or not: a session kept from a run for another
    // family, or one that lost a refused subscription, would otherwise leave the clock deaf for good.
    // What the broker replays for it comes marked as retained, and duplicates change nothing.
    clearTimeout(resubscribeTimer)
    subscribe(++connection, connack.sessionPresent, 0)
  })
  /**
   * A refused subscription is tried again while the connection lasts, ever less often: the account's
   * ACL or policy may be put right (an AWS IoT policy without iot:Subscribe) on a connection that never
   * drops. Said once per connection; the clock shows the broker's refusal until it is granted.
   */
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined
  /** Counts connections: what a SUBSCRIBE of an earlier one answers (mqtt.js may send a queued one later) is no longer news. */
  let connection = 0
  const retries = options.resubscribe ?? { initialMs: 30_000, maxMs: 600_000 }
  function subscribe(on: number, resumed: boolean, refusals: number): void {
    awaitingSubAck = on
    client.subscribe(topic, { qos: 1 }, (error, granted) => {
      if (on !== connection) return
      awaitingSubAck = undefined
      const refused =
        error || granted?.some((g) => g.qos === 128)
          ? new Error(`the broker refused the subscription to ${topic}${error ? ` (${error.message})` : ''}`)
          : undefined
      if (refused) {
        if (!client.connected || closing) return // the connection went first: the next one subscribes again
        if (refusals === 0) {
          logger.log('error', `${refused.message}: check the broker's ACL for this account`)
          setView({ connected: true, lastError: refused.message })
        }
        const delay = Math.min(retries.maxMs, retries.initialMs * 2 ** refusals)
        resubscribeTimer = setTimeout(() => subscribe(on, resumed, refusals + 1), delay)
        resubscribeTimer.unref?.()
        return
      }
      lastSubscribed = true
      forgetEarlierFilter(resumed)
      if (refusals > 0) {
        logger.log('info', `the broker now grants the subscription to ${topic}`)
        setView({ connected: true })
      }
      options.onSubscribed?.(resumed)
    })
  }
  let earlierFilter = options.subscribedBefore
  /**
   * Once the family's filter is granted: the earlier run's, if another, is given up (only a session the
   * broker kept holds it); the held one noted.
   */
  function forgetEarlierFilter(resumed: boolean): void {
    const earlier = earlierFilter
    if (earlier === topic) return
    if (earlier === undefined || !resumed) {
      earlierFilter = topic
      options.onFilterHeld?.(topic)
      return
    }
    client.unsubscribe(earlier, (error) => {
      if (error || earlierFilter !== earlier) return // tried again after the next subscription
      earlierFilter = topic
      logger.log('info', `gave up the subscription to ${earlier} an earlier run of this clock held`)
      options.onFilterHeld?.(topic)
    })
  }

  client.on('error', (error) => {
    attemptError = error
    // Reset before any answer to the login: the broker hung up on it, said when the connection closes.
    if (!answered && isHangUp(error)) return
    if (view.connected) {
      // On a connection that worked (a reset, a broken pipe): nothing about the settings to diagnose;
      // said with the close, if it comes to that (a protocol error may leave the connection up).
      logger.log('debug', `broker ${safeUrl(config.url)}: ${errorText(error)}`)
      return
    }
    if (wasStable()) failures.forget()
    // In words a user can act on, as `doctor` says them: what happened, then what to change.
    const { problem, fix } = diagnoseConnectError(error, {
      url: config.url,
      ...(config.username === undefined ? {} : { username: config.username }),
      hasPassword: config.password !== undefined,
      ...(config.caFile === undefined ? {} : { caFile: config.caFile }),
    })
    const where = safeUrl(config.url)
    const said = problem === undefined ? errorText(error) : problem
    sayFailure('warn', `${said.includes(where) ? '' : `broker ${where}: `}${said}${fix ? `: ${fix}` : ''}`)
    view = { connected: false, lastError: said }
  })
  client.on('close', () => {
    clearTimeout(resubscribeTimer)
    if (closing) return
    if (replaying && inFlight && !droppedByUs)
      suspect =
        suspect?.messageId === inFlight.messageId
          ? { ...suspect, deaths: suspect.deaths + 1 }
          : { ...inFlight, deaths: 1 }
    replaying = false
    inFlight = undefined
    const hungUp = !answered && (attemptError === undefined || isHangUp(attemptError))
    const reason = attemptError === undefined ? '' : ` (${errorText(attemptError)})`
    const hungUpOnSubscribe =
      awaitingSubAck === connection && (attemptError === undefined || isHangUp(attemptError)) && !droppedByUs
    const ours = droppedByUs
    answered = false
    attemptError = undefined
    awaitingSubAck = undefined
    droppedByUs = false
    // Only a connection that was made says how the last one went (not the failed attempts after it).
    if (connectedAtMs !== undefined) lastWentWell = lastSubscribed && wasStable()
    if (view.connected) {
      if (wasStable()) failures.forget()
      if (ours) setView({ connected: false, lastError: 'could not keep a message: reconnecting' })
      else if (hungUpOnSubscribe) {
        // aedes, and EMQX with deny_action = disconnect, refuse a subscription by hanging up.
        const problem = `${safeUrl(config.url)} closed the connection on the subscription to ${topic}: check the broker's ACL for this account`
        sayFailure('error', problem)
        setView({ connected: false, lastError: problem })
      } else {
        const lost = `lost the connection to ${safeUrl(config.url)}${reason}; reconnecting`
        if (reason) sayFailure('warn', lost)
        else failures.log('info', lost)
        setView({ connected: false, lastError: `connection lost${reason}` })
      }
    } else if (hungUp) {
      // AWS IoT and Losant say nothing to a login they refuse: they close the connection (diagnose.ts).
      const problem = `${safeUrl(config.url)} closed the connection without answering the login: ${hungUpHint(config.profile, options.clientId, config.url)}`
      sayFailure('error', problem)
      setView({ connected: false, lastError: problem })
    } else options.onConnectionChange?.(view)
    scheduleReconnect()
  })

  /** Whether the connection that just ended lasted: what goes wrong now is news, whatever was said before. */
  function wasStable(): boolean {
    return connectedAtMs !== undefined && now() - connectedAtMs >= STABLE_CONNECTION_MS
  }

  function scheduleReconnect(): void {
    if (closing || retryTimer) return
    if (wasStable()) attempt = 0
    connectedAtMs = undefined
    const delay = reconnectDelayMs(attempt, backoff, Math.random())
    attempt++
    logger.log('debug', `reconnecting to ${safeUrl(config.url)} in ${delay} ms`)
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      if (closing) return
      if (suspect && suspect.deaths >= MAX_REPLAY_DEATHS) {
        // The broker hung up each time this one was sent (a topic its policy refuses, a size limit):
        // dropped, or the clock never gets connected again. Its caller hears "Message removed".
        logger.log(
          'warn',
          `dropped a message to ${suspect.topic}: ${safeUrl(config.url)} closed the connection each time it was sent (check its policy for the clock's topics)`,
        )
        client.removeOutgoingMessage(suspect.messageId)
        suspect = undefined
      }
      // With its stores: mqtt.js would otherwise start empty ones and drop every QoS 1 message still
      // waiting for the broker (a hand for a stepper clock, a command for a phone), callbacks and all.
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore })
    }, delay)
    retryTimer.unref()
  }

  function failWaiting(error: Error): void {
    for (const settle of [...waiting]) settle(error)
  }

  return {
    connection: () => view,
    publish(t, payload, { qos, retain }) {
      return new Promise((resolve, reject) => {
        let settled = false
        const settle = (error?: Error) => {
          if (settled) return
          settled = true
          waiting.delete(settle)
          if (error) reject(error)
          else resolve()
        }
        if (qos > 0) waiting.add(settle)
        const send = () =>
          client.publish(t, payload, { qos, retain }, (e) => {
            // Published between a CONNACK and mqtt.js' 'connect' (while it sends the publishes it kept),
            // a message waits in a queue of its own, which a lost connection empties with this error:
            // it was never stored, so it is published again, to be kept for the next connection. Later,
            // once mqtt.js has finished with the connection that died.
            if (qos > 0 && !closing && e?.message === CONNECTION_CLOSED) setImmediate(send)
            else settle(e ?? undefined)
          })
        send()
      })
    },
    async close() {
      closing = true
      if (retryTimer) clearTimeout(retryTimer)
      clearTimeout(resubscribeTimer)
      // A session kept for later keeps them (clean: false): their callers hear now, not never.
      failWaiting(new Error('not sent: the clock is stopping'))
      // Forced: queued QoS 1 hand updates must not hold up a shutdown while the broker is unreachable.
      await client.endAsync(true)
    },
  }
}

/** A connection reset or broken: the other end hung up, with nothing to say why. */
function isHangUp(error: Error & { code?: unknown }): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE'
}

/**
 * Exponential backoff with jitter: the ceiling doubles per failed attempt up to maxMs, and the delay is
 * drawn from its upper half, so many clocks restarting together do not reconnect in lockstep.
 */
export function reconnectDelayMs(
  attempt: number,
  bounds: { initialMs: number; maxMs: number },
  random: number,
): number {
  const ceiling = Math.min(bounds.maxMs, bounds.initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + random * (ceiling / 2))
}
