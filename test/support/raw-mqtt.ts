// A bare socket to the embedded broker that has sent one CONNECT and nothing else, for tests that need
// to go below what an MQTT client library would do (stop reading, stay silent, send malformed bytes).

import { once } from 'node:events'
import { createConnection, type Socket } from 'node:net'
import mqttPacket, { type IConnectPacket } from 'mqtt-packet'
import { onTestFinished } from 'vitest'

export interface RawLogin {
  clientId: string
  username: string
  password: string
  /** Seconds; 0 (the default) switches the broker's keepalive check off. */
  keepalive?: number
  will?: IConnectPacket['will']
}

/** MQTT 3.1.1, clean session; the socket is destroyed after the test. */
export async function rawLogin(port: number, login: RawLogin): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port })
  onTestFinished(() => {
    socket.destroy()
  })
  await once(socket, 'connect')
  const packet: IConnectPacket = {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: true,
    clientId: login.clientId,
    keepalive: login.keepalive ?? 0,
    username: login.username,
    password: Buffer.from(login.password),
  }
  if (login.will) packet.will = login.will
  socket.write(mqttPacket.generate(packet))
  return socket
}
