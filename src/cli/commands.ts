// What each `weasley-clock` command takes: its options (anything else is an error, not silently ignored:
// `provision --mqtts-port 9999` would otherwise hand the phone the wrong port) and its help text.

import { editDistance } from '../adapters/config/config-reader.js'

/** Every option of any command; `parseArgs` reads them all, then the command's list is enforced. */
export const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  'http-port': { type: 'string' },
  'mqtt-port': { type: 'string' },
  'mqtts-port': { type: 'string' },
  demo: { type: 'boolean' },
  debug: { type: 'boolean' },
  url: { type: 'string' },
  family: { type: 'string' },
  device: { type: 'string', multiple: true },
  ca: { type: 'string' },
  count: { type: 'string' },
  outcome: { type: 'string' },
  code: { type: 'string' },
  since: { type: 'string' },
  interval: { type: 'string' },
  seed: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  out: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export type OptionName = Exclude<keyof typeof OPTIONS, 'help'>

export interface CommandSpec {
  /** One line in the list of commands. */
  summary: string
  /** What follows `weasley-clock <command>`. */
  usage: string
  /** Its options, each with what it means for this command. */
  options: readonly (readonly [OptionName, string])[]
  /** Whether it takes words after the command (a member, config files, `push`). */
  positionals: boolean
}

const CONFIG = [
  'config',
  '--config FILE        config file (.json, .js or a MagicMirror config.js); default: ./weasley.config.json if present, else the demo family',
] as const
const FAMILY = [
  'family',
  '--family NAME        with a MagicMirror config.js of several clocks: the uniqueId of the MMM-WeasleyClock entry to use',
] as const
const DATA_DIR = [
  'data-dir',
  "--data-dir DIR       where state, certificates and credentials live (default: the config's dataDir, ./data unless it names one; ./data/demo for the demo)",
] as const
const ADMIN = [
  [
    'token',
    "--token T            the setup page's admin token (default: $WEASLEY_ADMIN_TOKEN, else <data dir>/admin-token.txt)",
  ],
  ['url', "--url URL            the running clock's web address (default: from the config's http settings)"],
  CONFIG,
  FAMILY,
  DATA_DIR,
] as const

export const COMMANDS: Record<string, CommandSpec> = {
  serve: {
    summary: 'run the clock: embedded broker, web clock, state in SQLite (default)',
    usage: 'serve [options]',
    positionals: false,
    options: [
      CONFIG,
      FAMILY,
      DATA_DIR,
      ['http-port', '--http-port N        web clock port (default 8080; 0 = any free port)'],
      ['mqtt-port', '--mqtt-port N        plain MQTT port on 127.0.0.1 (default 1883)'],
      ['mqtts-port', '--mqtts-port N       MQTT over TLS port for phones (default 8883)'],
      ['demo', "--demo               simulate the family's phones so hands move at once"],
      ['debug', '--debug              log every message (never passwords; coordinates only at this level)'],
    ],
  },
  host: {
    summary: 'several families in one process on one broker',
    usage: 'host FAMILY.json [FAMILY.json …] [options]',
    positionals: true,
    options: [
      [
        'data-dir',
        "--data-dir DIR       where the shared broker keeps its state (default ./data/host; each family's data stays in its own dataDir)",
      ],
      ['mqtt-port', "--mqtt-port N        plain MQTT port on 127.0.0.1 (default: the first config's)"],
      [
        'mqtts-port',
        "--mqtts-port N       MQTT over TLS port for every family's phones (default: the first config's)",
      ],
      ['debug', '--debug              log every message'],
    ],
  },
  simulate: {
    summary: 'publish realistic OwnTracks traffic to a broker, for testing without phones',
    usage: 'simulate --device ID:PASSWORD [--device …] [options]',
    positionals: false,
    options: [
      ['url', '--url URL            broker URL, e.g. mqtts://localhost:8883 (default mqtt://127.0.0.1:1883)'],
      [
        'family',
        '--family NAME        the family (uniqueId) topic level; with a MagicMirror config.js of several clocks, also which one',
      ],
      ['device', '--device ID:PASSWORD a device to simulate (repeat for several)'],
      ['ca', '--ca FILE            CA certificate for mqtts:// (e.g. data/tls/ca.crt)'],
      ['config', "--config FILE        take the family and each device's places from a config file"],
      ['count', '--count N            messages to publish before stopping (default 200)'],
      ['interval', '--interval MS        pause between messages (default 1000)'],
      ['seed', '--seed N             replay the same day'],
    ],
  },
  'check-config': {
    summary: 'validate a config file and list every problem',
    usage: 'check-config [--config FILE] [--family NAME]',
    positionals: false,
    options: [CONFIG, FAMILY],
  },
  doctor: {
    summary: 'check config, certificates and the broker connection, and name the fix',
    usage: 'doctor [options]',
    positionals: false,
    options: [
      CONFIG,
      FAMILY,
      DATA_DIR,
      ['mqtt-port', "--mqtt-port N        the plain MQTT port the clock is run with, if not the config's"],
      ['mqtts-port', "--mqtts-port N       the TLS port the clock is run with, if not the config's"],
    ],
  },
  'hash-password': {
    summary: 'print a passwordHash for a device (reads the password from stdin)',
    usage: 'hash-password < password.txt',
    positionals: false,
    options: [],
  },
  provision: {
    summary: 'set a phone up in one scan: QR code, link and .otrc',
    usage: 'provision MEMBER [options]',
    positionals: true,
    options: [
      ['device', "--device ID          which of the member's devices (default: the first)"],
      [
        'host',
        "--host NAME          the broker's name as the phone reaches it (default: broker.publicHosts[0], else this host)",
      ],
      ['port', '--port N             the TLS port as the phone reaches it (default: broker.mqttsPort)'],
      CONFIG,
      FAMILY,
      DATA_DIR,
    ],
  },
  journal: {
    summary: 'the messages the clock received, newest first, and what it made of each (why one was rejected)',
    usage: 'journal [--outcome accepted|ignored|rejected] [--count N] [options]',
    positionals: false,
    options: [
      ['outcome', '--outcome O          only the accepted, ignored (valid but unused) or rejected ones'],
      ['count', '--count N            how many, newest first (default 20, at most 20000)'],
      CONFIG,
      FAMILY,
      DATA_DIR,
    ],
  },
  'admin-token': {
    summary: 'make a new admin token for the setup page (the old one stops working)',
    usage: 'admin-token [options]',
    positionals: false,
    options: [CONFIG, FAMILY, DATA_DIR],
  },
  'mosquitto-config': {
    summary: 'write a Mosquitto 2.0 setup (conf, hashed passwords, ACL) for the family, or several',
    usage: 'mosquitto-config --out DIR [FAMILY.json …] [options]',
    positionals: true,
    options: [
      [
        'out',
        '--out DIR            the folder to write to (run again, it keeps the passwords already there)',
      ],
      ['port', "--port N             Mosquitto's TLS port (default 8883)"],
      [
        'cert',
        "--cert FILE          your own certificate (e.g. Let's Encrypt fullchain.pem) instead of the clock's CA",
      ],
      ['key', '--key FILE           its private key (with --cert)'],
      CONFIG,
      FAMILY,
      DATA_DIR,
    ],
  },
  places: {
    summary: "send members' places to their phones now",
    usage: 'places push [MEMBER] [options]',
    positionals: true,
    options: ADMIN,
  },
  'report-location': {
    summary: "ask a member's phones for a fix now",
    usage: 'report-location MEMBER [options]',
    positionals: true,
    options: ADMIN,
  },
  replay: {
    summary: 'take the rejected messages in the journal again, after a fix (a device added, a key given)',
    usage: 'replay [--code CODE] [--since TIME] [options]',
    positionals: false,
    options: [
      [
        'code',
        '--code CODE          only those rejected for this reason, as `journal` shows it (unknown-device…)',
      ],
      [
        'since',
        '--since TIME         only those received since TIME: 2026-12-01T18:00 (local time), or 2h, 30m, 3d ago',
      ],
      ...ADMIN,
    ],
  },
}

export function overallHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2
  return [
    'Usage: weasley-clock <command> [options]   (weasley-clock <command> --help for its options)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    `serve options (the default command):`,
    ...(COMMANDS.serve as CommandSpec).options.map(([, text]) => `  ${text}`),
  ].join('\n')
}

export function commandHelp(name: string, command: CommandSpec): string {
  return [
    `Usage: weasley-clock ${command.usage}`,
    '',
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.options.length === 0 ? [] : ['', `${name} options:`]),
    ...command.options.map(([, text]) => `  ${text}`),
  ].join('\n')
}

/** The options given that this command does not take, as they were typed. */
export function foreignOptions(command: CommandSpec, given: Record<string, unknown>): string[] {
  const own = new Set<string>(command.options.map(([name]) => name))
  return Object.keys(given)
    .filter((name) => name !== 'help' && given[name] !== undefined && !own.has(name))
    .map((name) => `--${name}`)
}

/** '; did you mean "provision"?' for a command mistyped by a letter or two, else nothing. */
export function didYouMean(typed: string): string {
  const near = Object.keys(COMMANDS).find((name) => editDistance(name, typed) <= 2)
  return near === undefined ? '' : `; did you mean "${near}"?`
}
