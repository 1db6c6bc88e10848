#!/usr/bin/env node

// src/cli/weasley.ts
import { existsSync as existsSync15 } from "node:fs";
import path22 from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
import { parseArgs } from "node:util";

// src/adapters/config/load-config.ts
import { existsSync as existsSync2, readFileSync as readFileSync4 } from "node:fs";
import path3 from "node:path";
import { pathToFileURL } from "node:url";

// src/core/clock-face.ts
var OLD_MODULE_FACE = { width: 300, radius: 85 };
var faceRadiusPxOfOldRadius = (radius) => radius * OLD_MODULE_FACE.width / 2 / OLD_MODULE_FACE.radius;
function dialAngles(dial) {
  const step = 360 / Math.max(1, dial.length);
  return new Map(dial.map((label, i) => [label, i * step]));
}
var dialLabelOf = (place, dial) => dial.includes(place) ? place : "Lost";
var FAN_STEP_DEG = 15;
var FAN_REACH = 0.35;
var FAN_REACH_BESIDE_EMPTY = 0.45;
function handLayout(view, options = {}) {
  const angles = dialAngles(view.dial);
  const sector = 360 / Math.max(1, view.dial.length);
  const lostAngle = angles.get("Lost") ?? 0;
  const groups = /* @__PURE__ */ new Map();
  for (const m of view.members) {
    const label = dialLabelOf(m.place, view.dial);
    groups.set(label, [...groups.get(label) ?? [], m.id]);
  }
  const wanted = options.fanSpreadDegrees ?? FAN_STEP_DEG;
  const reach = (index, side) => {
    const neighbour = view.dial[(index + side + view.dial.length) % view.dial.length];
    const empty = index >= 0 && view.dial.length > 2 && neighbour !== void 0 && !groups.has(neighbour);
    return (empty ? FAN_REACH_BESIDE_EMPTY : FAN_REACH) * sector;
  };
  const positions = /* @__PURE__ */ new Map();
  for (const [label, ids] of groups) {
    const centre2 = angles.get(label) ?? lostAngle;
    const index = view.dial.indexOf(label);
    const before = reach(index, -1);
    const after = reach(index, 1);
    const gaps = Math.max(1, ids.length - 1);
    const step = Math.min(wanted, (before + after) / gaps);
    const width = step * (ids.length - 1);
    const first2 = centre2 - Math.min(before, Math.max(width / 2, width - after));
    ids.forEach((id, i) => {
      positions.set(id, {
        id,
        angleDeg: normalise(first2 + i * step),
        placeAngleDeg: normalise(centre2),
        lengthFactor: ids.length > 1 && i % 2 === 1 ? 0.62 : 0.74
      });
    });
  }
  return view.members.map((m) => positions.get(m.id));
}
var normalise = (deg) => Math.round((deg % 360 + 360) % 360 * 1e3) / 1e3;

// src/adapters/config/certificate-files.ts
import { createPrivateKey, X509Certificate } from "node:crypto";
import { accessSync, constants, readFileSync } from "node:fs";
import path from "node:path";
import { createSecureContext } from "node:tls";
function unusableCertificateFiles(config, baseDir = ".") {
  const b = config.broker;
  const files = {};
  if (b.kind === "external" && b.caFile !== void 0) files.caFile = b.caFile;
  if (b.certFile !== void 0) files.certFile = b.certFile;
  if (b.keyFile !== void 0) files.keyFile = b.keyFile;
  return unusableFiles(files, baseDir);
}
function unusableFiles(files, baseDir) {
  const unreadable = Object.entries(files).flatMap(([key, f]) => {
    try {
      accessSync(path.resolve(baseDir, f), constants.R_OK);
      return [];
    } catch (error) {
      const code = error.code;
      const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "not readable by this user" : String(code);
      return [{ path: `broker.${key}`, message: `${f}: ${why}` }];
    }
  });
  if (unreadable.length > 0 || files.certFile === void 0 || files.keyFile === void 0) return unreadable;
  return pairProblems({ ...files, certFile: files.certFile, keyFile: files.keyFile }, baseDir);
}
function pairProblems(files, baseDir) {
  const read = (f) => readFileSync(path.resolve(baseDir, f));
  const cert = read(files.certFile);
  const key = read(files.keyFile);
  const keyProblem = (message) => [
    { path: "broker.keyFile", message: `${files.keyFile}: ${message}` }
  ];
  const encrypted = keyProblem(
    "encrypted keys are not supported: write it out without its passphrase (openssl pkey -in <key> -out <new key>) and let only the clock read that file"
  );
  const mismatch = keyProblem(`the key does not match the certificate (${files.certFile})`);
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: *4, *ENCRYPTED/.test(key.toString("latin1")))
    return encrypted;
  try {
    createSecureContext({ cert, key, ...files.caFile === void 0 ? {} : { ca: read(files.caFile) } });
  } catch (error) {
    const code = String(error.code ?? "");
    if (code === "ERR_OSSL_X509_KEY_VALUES_MISMATCH") return mismatch;
    if (code === "ERR_OSSL_BAD_DECRYPT") return encrypted;
    return [unreadablePem(files, cert, key, error)];
  }
  if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) return mismatch;
  return [];
}
function unreadablePem(files, cert, key, error) {
  const reason = (e) => (e instanceof Error ? e.message : String(e)).split("\n")[0];
  try {
    new X509Certificate(cert);
  } catch (certError) {
    return {
      path: "broker.certFile",
      message: `${files.certFile}: is not a PEM certificate (${reason(certError)})`
    };
  }
  try {
    createPrivateKey(key);
  } catch (keyError) {
    return {
      path: "broker.keyFile",
      message: `${files.keyFile}: is not a PEM private key (${reason(keyError)})`
    };
  }
  return { path: "broker.certFile", message: `${files.certFile}: cannot be used (${reason(error)})` };
}

// src/adapters/config/config-reader.ts
var describeConfigProblem = (p) => `${p.path}: ${p.message}`;
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var join = (path23, key) => typeof key === "number" ? `${path23}[${key}]` : !/^[\w$-]+$/.test(key) ? `${path23}[${JSON.stringify(key)}]` : path23 === "" ? key : `${path23}.${key}`;
var SECRET_KEYS = /* @__PURE__ */ new Set(["password", "clockPassword", "mirrorPass", "passwordHash", "encryptionKey"]);
var show = (v) => {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v);
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : String(v);
};
function createReader() {
  const problems = [];
  const report = (path23, message) => {
    problems.push({ path: path23, message });
  };
  const wrong = (path23, expected, v, key) => {
    report(
      path23,
      typeof key === "string" && SECRET_KEYS.has(key) ? `must be ${expected} (the value given is not shown: it is a secret)` : `must be ${expected}, got ${show(v)}`
    );
    return void 0;
  };
  return {
    problems,
    report,
    string(obj, key, path23) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (typeof v !== "string" || v.trim() === "")
        return wrong(join(path23, key), "a non-empty string", v, key);
      return v;
    },
    number(obj, key, path23, range = {}) {
      const v = obj[key];
      if (v === void 0) return void 0;
      const at = join(path23, key);
      if (typeof v !== "number" || !Number.isFinite(v)) return wrong(at, "a number", v, key);
      if (range.integer && !Number.isInteger(v)) return wrong(at, "a whole number", v, key);
      if (range.min !== void 0 && v < range.min) return wrong(at, `at least ${range.min}`, v, key);
      if (range.max !== void 0 && v > range.max) return wrong(at, `at most ${range.max}`, v, key);
      return v;
    },
    boolean(obj, key, path23) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (typeof v !== "boolean") return wrong(join(path23, key), "true or false", v, key);
      return v;
    },
    stringList(obj, key, path23) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (!Array.isArray(v)) return wrong(join(path23, key), "a list of strings", v, key);
      const out = [];
      v.forEach((item, i) => {
        if (typeof item === "string" && item.trim() !== "") out.push(item);
        else wrong(join(join(path23, key), i), "a non-empty string", item);
      });
      return out;
    },
    list(obj, key, path23) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (!Array.isArray(v)) return wrong(join(path23, key), "a list", v, key);
      return v;
    },
    object(obj, key, path23) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (!isObject(v)) return wrong(join(path23, key), "an object", v, key);
      return v;
    },
    unknownKeys(obj, known, path23) {
      for (const key of Object.keys(obj)) {
        if (known.includes(key)) continue;
        const guess = nearest(key, known);
        report(
          join(path23, key),
          guess ? `unknown key; did you mean "${guess}"?` : `unknown key (known: ${known.join(", ")})`
        );
      }
    }
  };
}
function nearest(key, known) {
  let best;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(k.toLowerCase(), key.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

// src/adapters/config/defaults.ts
var DEFAULTS = {
  lostAfterMinutes: 720,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 256 * 1024,
  httpHost: "127.0.0.1",
  httpPort: 8080,
  mqttHost: "127.0.0.1",
  mqttPort: 1883,
  mqttsHost: "0.0.0.0",
  mqttsPort: 8883,
  dataDir: "data",
  clockUsername: "weasley-clock"
};

// src/adapters/config/magicmirror-data.ts
import { existsSync, mkdirSync, readFileSync as readFileSync2, realpathSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import path2 from "node:path";
import { parseEnv } from "node:util";

// src/core/model.ts
var TRAVELING = "Traveling";
var LOST = "Lost";

// src/core/owntracks/names.ts
function placeKeyOf(rawName) {
  let name = rawName.trim();
  if (name.startsWith("+")) return null;
  const bar = name.indexOf("|");
  if (bar >= 0) name = name.slice(0, bar);
  name = name.replace(/^-+/, "").trim();
  if (name === "") return null;
  return name.normalize("NFC").toLowerCase();
}
function regionNameClash(name) {
  const trimmed = name.trim();
  const bar = trimmed.indexOf("|");
  if (bar >= 0) return { character: "|", bareName: withoutHoldMode(trimmed.slice(0, bar)) };
  if (trimmed.startsWith("-")) return { character: "-", bareName: withoutHoldMode(trimmed) };
  if (trimmed.includes(":")) return { character: ":" };
  return null;
}
var withoutHoldMode = (name) => name.replace(/^-+/, "").trim();

// src/adapters/config/read-family.ts
var ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]{0,63}$/u;
function readFamily(r, raw) {
  const uniqueId = r.string(raw, "uniqueId", "");
  const family = r.string(raw, "family", "");
  if (uniqueId !== void 0 && family !== void 0 && uniqueId !== family) {
    r.report("family", `differs from uniqueId (${JSON.stringify(uniqueId)}); give only one of them`);
  }
  const value = (family ?? uniqueId)?.normalize("NFC");
  if (value === void 0)
    r.report("uniqueId", "is required: the family name used in topics owntracks/<uniqueId>/<device>");
  else if (!ID_PATTERN.test(value)) {
    r.report(
      family ? "family" : "uniqueId",
      'may hold only letters, digits, "_", "." and "-" (it is an MQTT topic level)'
    );
  }
  return value;
}
function readPlaces(r, raw) {
  const byKey = /* @__PURE__ */ new Map();
  const order = [];
  const add = (place, at) => {
    if (byKey.has(place.key) && !place.memberIds) {
      const existing = byKey.get(place.key);
      if (existing && existing.lat === void 0 && place.lat !== void 0)
        return byKey.set(place.key, place);
      return r.report(at, `duplicates the place "${existing?.name}" (names match case-insensitively)`);
    }
    const key = place.memberIds ? `${place.key}@${place.memberIds.join(",")}` : place.key;
    if (!byKey.has(key)) order.push(key);
    byKey.set(key, place);
  };
  for (const [i, name] of (r.stringList(raw, "locations", "") ?? []).entries()) {
    if (isReservedName(name)) continue;
    const key = checkPlaceName(r, name, `locations[${i}]`, { pushed: false });
    if (key) add({ name: name.trim(), key, aliases: [] }, `locations[${i}]`);
  }
  for (const [i, item] of (r.list(raw, "places", "") ?? []).entries()) {
    const at = join("places", i);
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Home", "lat": 51.5, "lon": -0.1, "radius": 100 }');
      continue;
    }
    r.unknownKeys(item, ["name", "lat", "lon", "radius", "aliases", "members", "hidden"], at);
    const name = r.string(item, "name", at);
    if (name === void 0) r.report(join(at, "name"), "is required");
    const hidden = r.boolean(item, "hidden", at) === true;
    const lat = r.number(item, "lat", at, { min: -90, max: 90 });
    const lon = r.number(item, "lon", at, { min: -180, max: 180 });
    const radius = r.number(item, "radius", at, { min: 1, max: 1e5 });
    const pushed = !hidden && lat !== void 0 && lon !== void 0 && radius !== void 0;
    const key = name === void 0 ? null : checkPlaceName(r, name, join(at, "name"), { pushed });
    if (item.lat === void 0 !== (item.lon === void 0))
      r.report(at, "needs both lat and lon, or neither");
    if (lat !== void 0 && radius === void 0 && item.radius === void 0)
      r.report(join(at, "radius"), "is required with lat/lon (metres)");
    const aliases = readAliases(r, item, at);
    const memberIds = r.stringList(item, "members", at)?.map((m) => m.toLowerCase());
    if (!name || !key) continue;
    const place = { name: name.trim(), key, aliases };
    if (lat !== void 0 && lon !== void 0 && radius !== void 0)
      Object.assign(place, { lat, lon, radiusMeters: radius });
    if (memberIds && memberIds.length > 0) place.memberIds = memberIds;
    if (hidden) place.hidden = true;
    add(place, at);
  }
  return order.map((k) => byKey.get(k)).filter((p) => p !== void 0);
}
function checkPlaceName(r, name, at, { pushed }) {
  const key = placeKeyOf(name);
  if (key === null) {
    r.report(at, `${JSON.stringify(name)} cannot be a place (${NEVER_A_PLACE})`);
    return null;
  }
  if (isReservedName(name)) {
    r.report(at, `"${TRAVELING}" and "${LOST}" are reserved and always on the dial`);
    return null;
  }
  const clash = pushed ? regionNameClash(name) : null;
  if (clash) {
    r.report(at, clashMessage(name.trim(), clash));
    return null;
  }
  return key;
}
function isReservedName(name) {
  const key = placeKeyOf(name);
  return key === TRAVELING.toLowerCase() || key === LOST.toLowerCase();
}
var NEVER_A_PLACE = 'OwnTracks "+" follow regions and empty names never are';
function clashMessage(name, { character, bareName }) {
  const quoted = JSON.stringify(name);
  const rename = `name the place ${JSON.stringify(bareName)} (a phone region ${quoted} still counts as it)`;
  switch (character) {
    case ":":
      return `${quoted} holds ":", which iOS reads as the start of an iBeacon's uuid:major:minor (the phone would get a region ${JSON.stringify(name.slice(0, name.indexOf(":")))}): name the place without it (a phone region spelled with it can still be an alias)`;
    case "|":
      return `${quoted} holds "|", which iOS reads as monitoring modes to switch to on entering and leaving: ${rename}`;
    case "-":
      return `${quoted} starts with "-", which marks an iBeacon region's hold mode: ${rename}`;
  }
}
function readAliases(r, item, at) {
  const keys = [];
  const given = item.aliases;
  for (const alias of r.stringList(item, "aliases", at) ?? []) {
    const key = placeKeyOf(alias);
    if (key !== null) keys.push(key);
    else {
      const index = Array.isArray(given) ? given.indexOf(alias) : -1;
      r.report(
        join(join(at, "aliases"), index),
        `${JSON.stringify(alias)} can never name a place (${NEVER_A_PLACE})`
      );
    }
  }
  return keys;
}
function readMembers(r, raw) {
  const problemsBefore = r.problems.length;
  const members = [];
  const devices = [];
  const seenDevices = /* @__PURE__ */ new Map();
  const addMember = (member, at) => {
    if (members.some((m) => m.id === member.id)) return r.report(at, `duplicates member "${member.id}"`);
    if (/[/+#]/.test(member.id))
      return r.report(
        at,
        `the member id "${member.id}" is an MQTT topic level and may not hold "/", "+" or "#": give "id" (e.g. "${member.id.replace(/[/+#]+/g, "-")}")`
      );
    members.push(member);
  };
  const addDevice = (account, at) => {
    if (!ID_PATTERN.test(account.deviceId)) {
      return r.report(
        at,
        'device ids may hold only letters, digits, "_", "." and "-" (they are MQTT topic levels and usernames)'
      );
    }
    const owner = seenDevices.get(account.deviceId);
    if (owner) return r.report(at, `device "${account.deviceId}" already belongs to member "${owner}"`);
    seenDevices.set(account.deviceId, account.memberId);
    devices.push(account);
  };
  for (const [i, name] of (r.stringList(raw, "people", "") ?? []).entries()) {
    const id = name.trim().normalize("NFC").toLowerCase();
    if (id !== "" && !ID_PATTERN.test(id)) {
      const cleaned = id.replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, "-").replace(/^[^\p{L}\p{N}]+|-+$/gu, "").slice(0, 64);
      const suggested = ID_PATTERN.test(cleaned) ? cleaned : "phone";
      r.report(
        `people[${i}]`,
        `"${name}" cannot be a device id (only letters, digits, "_", "." and "-"): give the member as { "name": ${JSON.stringify(name.trim())}, "devices": ["${suggested}"] } in "members" and set that phone's Device ID in OwnTracks to ${suggested}`
      );
      continue;
    }
    addMember({ id, name: name.trim(), deviceIds: [id] }, `people[${i}]`);
    addDevice({ memberId: id, deviceId: id }, `people[${i}]`);
  }
  for (const [i, item] of (r.list(raw, "members", "") ?? []).entries()) {
    const at = join("members", i);
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Ginny", "devices": ["ginny-phone"] }');
      continue;
    }
    r.unknownKeys(item, ["name", "id", "devices", "color"], at);
    const name = r.string(item, "name", at);
    if (name === void 0) r.report(join(at, "name"), "is required");
    const id = (r.string(item, "id", at) ?? name ?? "").trim().normalize("NFC").toLowerCase();
    const color = r.string(item, "color", at);
    const rawDevices = r.list(item, "devices", at) ?? [id];
    const deviceIds = [];
    rawDevices.forEach((d, j) => {
      const dat = join(join(at, "devices"), j);
      const account = readDevice(r, d, id, dat);
      if (account) {
        deviceIds.push(account.deviceId);
        addDevice(account, dat);
      }
    });
    if (!name || id === "") continue;
    const member = { id, name: name.trim(), deviceIds };
    if (color) member.color = color;
    addMember(member, at);
  }
  if (raw.members === void 0 && raw.people === void 0) {
    r.report("members", 'configure at least one member (or the old "people" list)');
  } else if (members.length === 0 && problemsBefore === r.problems.length) {
    r.report("members", "is empty: configure at least one member");
  }
  return { members, devices };
}
function readDevice(r, d, memberId, at) {
  if (typeof d === "string" && d.trim() !== "")
    return { memberId, deviceId: d.trim().normalize("NFC").toLowerCase() };
  if (!isObject(d)) {
    r.report(at, 'must be a device id or { "id": "\u2026", "password": "\u2026" }');
    return void 0;
  }
  r.unknownKeys(d, ["id", "password", "passwordHash", "encryptionKey"], at);
  const id = r.string(d, "id", at);
  if (id === void 0) r.report(join(at, "id"), "is required");
  const password = r.string(d, "password", at);
  const passwordHash = r.string(d, "passwordHash", at);
  if (password !== void 0 && password.length < 8)
    r.report(join(at, "password"), "must be at least 8 characters");
  if (passwordHash !== void 0 && !passwordHash.startsWith("scrypt$")) {
    r.report(join(at, "passwordHash"), 'must be a hash made by "weasley-clock hash-password"');
  }
  if (password !== void 0 && passwordHash !== void 0)
    r.report(join(at, "passwordHash"), 'give "password" or "passwordHash", not both');
  if (id === void 0) return void 0;
  const account = { memberId, deviceId: id.trim().normalize("NFC").toLowerCase() };
  if (password !== void 0) account.password = password;
  if (passwordHash !== void 0) account.passwordHash = passwordHash;
  const encryptionKey = r.string(d, "encryptionKey", at);
  if (encryptionKey !== void 0) account.encryptionKey = encryptionKey;
  return account;
}
function checkMemberPlaces(r, places, members) {
  places.forEach((p, i) => {
    for (const id of p.memberIds ?? []) {
      if (!members.some((m) => m.id === id)) r.report(`places[${i}].members`, `names unknown member "${id}"`);
    }
  });
}

// src/adapters/config/magicmirror-data.ts
function magicMirrorDataDir(family, env = process.env) {
  const base = env.XDG_DATA_HOME || path2.join(homedir(), ".local", "share");
  return path2.join(base, "weasley-clock", family);
}
var oldDataDir = (moduleDir) => {
  const old = path2.join(moduleDir, "data");
  return existsSync(path2.join(old, "weasley.db")) ? old : void 0;
};
function unfilledVariables(config) {
  const names = /* @__PURE__ */ new Set();
  for (const m of JSON.stringify(config ?? {}).matchAll(/\$\{([A-Za-z_]\w*)\}/g)) if (m[1]) names.add(m[1]);
  return [...names];
}
function readFromModuleFolder(config, moduleDir, dataDirGiven) {
  const b = config.broker;
  for (const key of ["caFile", "certFile", "keyFile"]) {
    const file = b[key];
    if (file !== void 0) b[key] = path2.resolve(moduleDir, file);
  }
  if (dataDirGiven) config.dataDir = path2.resolve(moduleDir, config.dataDir);
}
var OLD_MODULE_LOCATIONS = [
  "Home",
  "School",
  "Work",
  "Mortal Peril",
  "Jail",
  "Food"
];
function withOldModuleDefaults(raw) {
  if (!isObject(raw) || !("people" in raw) || "locations" in raw || "places" in raw) return raw;
  return { ...raw, locations: [...OLD_MODULE_LOCATIONS] };
}
var isMagicMirrorConfig = (file) => /\.(c|m)?js$/.test(file);
var moduleDirOf = (mirrorConfigFile) => path2.join(path2.dirname(path2.resolve(mirrorConfigFile)), "..", "modules", "MMM-WeasleyClock");
function fromMagicMirrorConfig(mirror, file, dataDir, family) {
  if (!isObject(mirror) || !Array.isArray(mirror.modules)) return { raw: mirror, problems: [] };
  const entries = mirror.modules.filter(
    (m) => isObject(m) && m.module === "MMM-WeasleyClock" && m.disabled !== true
  );
  if (entries.length === 0)
    throw new Error("this MagicMirror config has no MMM-WeasleyClock module that is not disabled");
  const envFile = file.replace(/\.[^./\\]+$/, "") + ".env";
  let fromFile = {};
  try {
    fromFile = parseEnv(readFileSync2(envFile, "utf8"));
  } catch {
  }
  const env = { ...fromFile, ...process.env };
  const filled = (text2) => text2.replace(/\$\{(\w+)\}/g, (whole, name) => {
    const value = env[name];
    return value === void 0 ? whole : JSON.stringify(value).slice(1, -1);
  });
  const nameOf = (e) => {
    const c = isObject(e.config) ? e.config : {};
    const name = c.uniqueId ?? c.family;
    return typeof name === "string" ? filled(name).normalize("NFC") : void 0;
  };
  const families = [...new Set(entries.map((e) => nameOf(e) ?? "(no uniqueId)"))];
  const entry = family === void 0 ? entries[0] : entries.find((e) => nameOf(e) === family.normalize("NFC"));
  if (!entry)
    throw new Error(
      `this MagicMirror config has no MMM-WeasleyClock entry for "${family}" (it has ${families.join(", ")})`
    );
  if (family === void 0 && families.length > 1)
    throw new Error(
      `this MagicMirror config has clocks of ${families.length} families (${families.join(", ")}): say which with --family NAME`
    );
  const text = filled(JSON.stringify(entry.config ?? {}));
  let raw = JSON.parse(text);
  const unfilled = unfilledVariables(raw).map((name) => ({
    path: `\${${name}}`,
    message: `has no value: put ${name}=\u2026 in ${envFile} (or the environment)`
  }));
  if (unfilled.length > 0) return { raw, problems: unfilled };
  raw = withOldModuleDefaults(raw);
  const named = raw.uniqueId ?? raw.family;
  if (dataDir !== void 0 || raw.dataDir !== void 0 || typeof named !== "string" || !ID_PATTERN.test(named))
    return { raw, problems: [] };
  const mirrorDataDir = magicMirrorDataDir(named.normalize("NFC"));
  const old = oldDataDir(moduleDirOf(file));
  if (old && !existsSync(mirrorDataDir))
    return {
      raw,
      problems: [
        {
          path: "dataDir",
          message: `the mirror's data is still in ${old}: restart MagicMirror once with this version (it moves the folder to ${mirrorDataDir}), then run this again`
        }
      ]
    };
  return { raw: { ...raw, dataDir: mirrorDataDir }, problems: [] };
}

// src/adapters/broker/external-client-options.ts
import { readFileSync as readFileSync3 } from "node:fs";

// src/adapters/net/address-key.ts
import { isIP, isIPv6 } from "node:net";
function addressKey(address) {
  const bare = address.replace(/%.*$/, "");
  if (!isIPv6(bare)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail] = bare.split("::");
  const groups = (part) => part ? part.split(":").flatMap((g) => g.includes(".") ? ["0", "0"] : [g]) : [];
  const before = groups(head);
  const after = groups(tail);
  const all = tail === void 0 ? before : [...before, ...Array(8 - before.length - after.length).fill("0"), ...after];
  return `${all.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64`;
}
function peerKey(peer, local) {
  const key = addressKey(peer);
  if (local === void 0 || !key.endsWith("::/64") || key !== addressKey(local)) return key;
  return peer.replace(/%.*$/, "").toLowerCase();
}
function isLoopbackAddress(address) {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1] ?? bare;
  return bare === "::1" || isIP(v4) === 4 && v4.startsWith("127.");
}

// src/adapters/broker/external-client-options.ts
var AWS_IOT_ALPN = "x-amzn-mqtt-ca";
function newExternalClientId(family, randomHex8) {
  const readable = family.normalize("NFKD").replace(/[^0-9A-Za-z]/g, "").slice(0, 6);
  return readable === "" ? `weasley-${randomHex8}` : `weasley-${readable}-${randomHex8}`;
}
function clientOptionsOf(config, clientId) {
  const clientOptions = {
    clientId,
    clean: false,
    protocolVersion: 4,
    keepalive: config.keepaliveSeconds ?? 60,
    // We schedule reconnects ourselves (exponential backoff with jitter).
    reconnectPeriod: 0,
    connectTimeout: 15e3,
    rejectUnauthorized: true,
    // QoS 0 publishes made while offline are dropped instead of piling up.
    queueQoSZero: false
  };
  if (config.username !== void 0) clientOptions.username = config.username;
  if (config.password !== void 0) clientOptions.password = config.password;
  if (config.caFile !== void 0) clientOptions.ca = readFileSync3(config.caFile);
  if (config.certFile !== void 0) clientOptions.cert = readFileSync3(config.certFile);
  if (config.keyFile !== void 0) clientOptions.key = readFileSync3(config.keyFile);
  if (config.profile === "aws-iot" && portOf(config.url) === "443" && config.url.startsWith("mqtts://"))
    clientOptions.ALPNProtocols = [AWS_IOT_ALPN];
  if (/^wss?:\/\//.test(config.url))
    clientOptions.transformWsUrl = (url, options) => options.hostname?.includes(":") ? `${options.protocol}://[${options.hostname}]:${options.port}${options.path ?? "/"}` : url;
  return clientOptions;
}
function portOf(url) {
  try {
    return new URL(url).port;
  } catch {
    return void 0;
  }
}
function plainRemoteHost(url) {
  if (!/^(mqtt|ws):\/\//.test(url)) return void 0;
  let host;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return void 0;
  }
  const loopback = host === "localhost" || host.endsWith(".localhost") || isLoopbackAddress(host);
  return loopback ? void 0 : host;
}

// src/adapters/log/safe-url.ts
var safeUrl = (url) => {
  const at = url.lastIndexOf("@");
  if (at === -1) return url;
  const scheme = /^[a-z][a-z\d+.-]*:\/+/i.exec(url)?.[0] ?? "";
  return scheme + url.slice(at + 1);
};

// src/adapters/config/read-broker.ts
function readBroker(r, raw, overrides) {
  const b = r.object(raw, "broker", "") ?? {};
  r.unknownKeys(
    b,
    [
      "profile",
      "url",
      "username",
      "password",
      "caFile",
      "certFile",
      "keyFile",
      "clientId",
      "keepalive",
      "retained",
      "mqttHost",
      "mqttPort",
      "mqttsHost",
      "mqttsPort",
      "publicHosts",
      "clockUsername",
      "clockPassword"
    ],
    "broker"
  );
  const oldHost = r.string(raw, "host", "");
  const oldPort = r.number(raw, "port", "", { min: 1, max: 65535, integer: true });
  const plain = r.boolean(raw, "disableEncryption", "") ?? false;
  let url = r.string(b, "url", "broker");
  if (url === void 0 && oldHost !== void 0) {
    url = `${plain ? "mqtt" : "mqtts"}://${oldHost}:${oldPort ?? 8883}`;
  }
  const certFile = r.string(b, "certFile", "broker");
  const keyFile = r.string(b, "keyFile", "broker");
  if (certFile === void 0 !== (keyFile === void 0))
    r.report("broker", "certFile and keyFile go together");
  if (url !== void 0) {
    if (!/^(mqtts?|wss?):\/\/[^/]+/.test(url))
      r.report(
        "broker.url",
        `must start with mqtt://, mqtts://, ws:// or wss://, got ${JSON.stringify(safeUrl(url))}`
      );
    else for (const problem of urlProblems(url)) r.report("broker.url", problem);
    const profile = r.string(b, "profile", "broker") ?? "mosquitto";
    if (!["mosquitto", "aws-iot", "losant"].includes(profile)) {
      r.report("broker.profile", `must be "mosquitto", "aws-iot" or "losant", got ${JSON.stringify(profile)}`);
    }
    const ext = { kind: "external", url, profile };
    const username = r.string(b, "username", "broker") ?? r.string(raw, "mirrorUser", "");
    const password = r.string(b, "password", "broker") ?? r.string(raw, "mirrorPass", "");
    const caFile = r.string(b, "caFile", "broker") ?? r.string(raw, "cafile", "");
    const clientId = r.string(b, "clientId", "broker");
    const keepaliveSeconds = r.number(b, "keepalive", "broker", { min: 1, max: 65535, integer: true });
    const retained = r.boolean(b, "retained", "broker");
    const publicHosts = r.stringList(b, "publicHosts", "broker");
    Object.assign(
      ext,
      dropUndefined({
        username,
        password,
        caFile,
        certFile,
        keyFile,
        clientId,
        keepaliveSeconds,
        retained,
        publicHosts
      })
    );
    checkProfile(r, ext);
    return ext;
  }
  for (const [key, why] of EXTERNAL_ONLY)
    if (b[key] !== void 0)
      r.report(`broker.${key}`, `only applies with broker.url (an external broker)${why}`);
  if (b.keepalive !== void 0)
    r.report("broker.keepalive", "only applies to an external broker (with broker.url); phones set their own");
  if (b.retained !== void 0)
    r.report(
      "broker.retained",
      "only applies to an external broker (with broker.url): the embedded one keeps them"
    );
  const port = (key) => r.number(b, key, "broker", { min: 0, max: 65535, integer: true });
  const embedded = {
    kind: "embedded",
    mqttHost: r.string(b, "mqttHost", "broker") ?? DEFAULTS.mqttHost,
    mqttPort: overrides.mqttPort ?? port("mqttPort") ?? DEFAULTS.mqttPort,
    mqttsHost: r.string(b, "mqttsHost", "broker") ?? DEFAULTS.mqttsHost,
    mqttsPort: overrides.mqttsPort ?? port("mqttsPort") ?? DEFAULTS.mqttsPort,
    publicHosts: r.stringList(b, "publicHosts", "broker") ?? [],
    clockUsername: r.string(b, "clockUsername", "broker") ?? r.string(raw, "mirrorUser", "") ?? DEFAULTS.clockUsername
  };
  const clockPassword = r.string(b, "clockPassword", "broker") ?? r.string(raw, "mirrorPass", "");
  Object.assign(embedded, dropUndefined({ certFile, keyFile, clockPassword }));
  return embedded;
}
var EXTERNAL_ONLY = [
  ["profile", ""],
  ["username", ": the embedded broker's own account is broker.clockUsername"],
  ["password", ": the embedded broker's own account is broker.clockPassword"],
  ["caFile", ""],
  ["clientId", ""]
];
function checkProfile(r, b) {
  if (b.profile === "aws-iot") {
    if (!b.url.startsWith("mqtts://")) r.report("broker.url", "AWS IoT needs mqtts:// (port 8883, or 443)");
    if (!b.certFile || !b.keyFile)
      r.report("broker", "AWS IoT authenticates with a client certificate: give certFile and keyFile");
    if (!b.clientId)
      r.report("broker.clientId", "is required with AWS IoT: the thing's policy allows specific client ids");
    else if (b.clientId.length > 128 || b.clientId.startsWith("$"))
      r.report("broker.clientId", 'AWS IoT client ids are at most 128 characters and do not start with "$"');
    const k = b.keepaliveSeconds;
    if (k !== void 0 && (k < 30 || k > 1200))
      r.report("broker.keepalive", `must be from 30 to 1200 seconds with AWS IoT (its limits), got ${k}`);
  }
  if (b.profile === "losant") {
    if (!b.username || !b.password)
      r.report("broker", "Losant needs username and password (an application access key and secret)");
    if (!b.clientId) r.report("broker.clientId", "is required with Losant: it is the Losant device id");
    if (b.retained === true) r.report("broker.retained", "Losant keeps no retained messages");
    if (plainRemoteHost(b.url) !== void 0)
      r.report(
        "broker.url",
        "Losant needs mqtts:// or wss://: its access secret must not cross the network in clear"
      );
  }
}
var portWritten = (url) => /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]*):(\d+)/i.exec(url)?.[1];
function urlProblems(url) {
  const port = portWritten(url);
  if (port !== void 0 && (Number(port) < 1 || Number(port) > 65535))
    return [`port ${port} is not one a broker can listen on (1\u201365535)`];
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return [
      `is not a url a connection can use (a space or a stray character in the host?): ${JSON.stringify(safeUrl(url))}`
    ];
  }
  return parsed.username || parsed.password ? ["holds a login: give it as broker.username and broker.password, which are never logged or shown"] : [];
}
function dropUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter((e) => e[1] !== void 0));
}

// src/core/geo/distance.ts
var EARTH_RADIUS_METERS = 63710088e-1;
var RAD = Math.PI / 180;
var METERS_PER_DEGREE = EARTH_RADIUS_METERS * RAD;
function distanceMeters(a, b) {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
function withinMeters(a, b, reach) {
  const latitudeGap = Math.abs(b.lat - a.lat) * METERS_PER_DEGREE;
  if (latitudeGap > reach) return false;
  let degreesOfLongitude = Math.abs(b.lon - a.lon);
  if (degreesOfLongitude > 180) degreesOfLongitude = 360 - degreesOfLongitude;
  const path23 = latitudeGap + degreesOfLongitude * METERS_PER_DEGREE;
  if (path23 * (1 + 1e-9) + 1e-3 <= reach) return true;
  return distanceMeters(a, b) <= reach;
}

// src/core/geo/places.ts
var hasGeometry = (p) => p.lat !== void 0 && p.lon !== void 0 && p.radiusMeters !== void 0;
function fixEnters(fix, place) {
  const accuracy = fix.accuracyMeters ?? 0;
  const reach = place.radiusMeters + Math.min(accuracy, place.radiusMeters / 2);
  return withinMeters(fix, place, reach);
}
function fixClearlyLeaves(fix, place, hysteresisMeters) {
  const reach = place.radiusMeters + hysteresisMeters + (fix.accuracyMeters ?? 0);
  return !withinMeters(fix, place, reach);
}
var OUTSIDE = { kind: "outside" };
var UNSURE = { kind: "unsure" };
function locateFix(fix, places, currentKey, options) {
  if ((fix.accuracyMeters ?? 0) > options.maxAccuracyMeters) return UNSURE;
  let best;
  let bestHolds = false;
  let bestNearness = 0;
  let current2;
  for (const place of places) {
    if (!hasGeometry(place)) continue;
    if (place.key === currentKey) current2 = place;
    if (!fixEnters(fix, place)) continue;
    const holds = withinMeters(fix, place, place.radiusMeters);
    if (best && bestHolds && !holds) continue;
    if (holds) {
      if (best && bestHolds && place.radiusMeters >= best.radiusMeters) continue;
    } else {
      const nearness = distanceMeters(fix, place) / place.radiusMeters;
      if (best && nearness >= bestNearness) continue;
      bestNearness = nearness;
    }
    best = place;
    bestHolds = holds;
  }
  if (current2 && best !== current2 && !fixClearlyLeaves(fix, current2, options.hysteresisMeters)) {
    const leavesFor = best !== void 0 && bestHolds && (setIn(best, current2) ? true : setIn(current2, best) ? false : squarelyInside(fix, best, options.hysteresisMeters));
    if (!leavesFor) return { kind: "inside", place: current2 };
  }
  return best ? { kind: "inside", place: best } : OUTSIDE;
}
function squarelyInside(fix, place, hysteresisMeters) {
  const quarter = place.radiusMeters / 4;
  const reach = place.radiusMeters - Math.min(fix.accuracyMeters ?? 0, quarter) - Math.min(hysteresisMeters / 2, quarter);
  return withinMeters(fix, place, reach);
}
var setIn = (inner, outer) => inner.radiusMeters < outer.radiusMeters && distanceMeters(inner, outer) < outer.radiusMeters;

// src/core/whereabouts/learned.ts
var RESERVED_TRAVELING = TRAVELING.toLowerCase();
var RESERVED_LOST = LOST.toLowerCase();
var MAX_LEARNED_REGIONS = 100;
function learnRegions(member, event) {
  const incoming = event.regions.map((r) => {
    const { createdSec, name, lat, lon, radiusMeters } = r;
    const region = lat !== void 0 && lon !== void 0 ? { deviceId: event.deviceId, createdSec, name, lat, lon } : { deviceId: event.deviceId, createdSec, name };
    if (radiusMeters !== void 0 && radiusMeters > 0) region.radiusMeters = radiusMeters;
    return region;
  });
  const before = member.learnedRegions ?? [];
  const replacesAll = event.source === "waypoints";
  let replaces = false;
  for (let i = 0; i < before.length && !replaces; i++)
    replaces = drops(before[i], event.deviceId, replacesAll, incoming);
  let regions;
  if (replaces) {
    regions = [];
    for (const old of before) if (!drops(old, event.deviceId, replacesAll, incoming)) regions.push(old);
  } else {
    regions = before.slice(Math.max(0, before.length + incoming.length - MAX_LEARNED_REGIONS));
  }
  for (const region of incoming) regions.push(region);
  return regions.length > MAX_LEARNED_REGIONS ? regions.slice(-MAX_LEARNED_REGIONS) : regions;
}
function drops(old, deviceId, replacesAll, incoming) {
  if (old.deviceId !== deviceId) return false;
  if (replacesAll) return true;
  for (const n of incoming) if (n.createdSec === old.createdSec) return true;
  return false;
}
function learnsPlaces(base, settings) {
  const mode = settings.learnedPlaces ?? "geofence";
  if (mode === "off") return false;
  return mode === "dial" || !base.every((p) => hasGeometry(p) || p.hidden);
}
function withLearnedPlaces(base, learned, memberId, settings) {
  const mode = settings.learnedPlaces ?? "geofence";
  if (learned.length === 0 || !learnsPlaces(base, settings)) return base;
  const geometric = learned.filter(
    (r) => r.lat !== void 0 && r.lon !== void 0 && r.radiusMeters !== void 0
  );
  const byKey = /* @__PURE__ */ new Map();
  for (const r of geometric) {
    const key = placeKeyOf(r.name);
    if (key !== null) byKey.set(key, r);
  }
  const places = base.map((p) => {
    if (hasGeometry(p) || p.hidden) return p;
    const region = byKey.get(p.key) ?? p.aliases.map((a) => byKey.get(a)).find((r) => r !== void 0);
    return region ? {
      ...p,
      lat: region.lat,
      lon: region.lon,
      radiusMeters: region.radiusMeters
    } : p;
  });
  if (mode === "dial") {
    const known = (key) => settings.places.some(
      (p) => (p.key === key || p.aliases.includes(key)) && (!p.memberIds || p.memberIds.includes(memberId))
    );
    for (const [key, r] of byKey) {
      if (known(key) || key === RESERVED_TRAVELING || key === RESERVED_LOST) continue;
      const name = r.name.replace(/\|.*$/, "").replace(/^-+/, "").trim();
      places.push({
        name,
        key,
        aliases: [],
        lat: r.lat,
        lon: r.lon,
        radiusMeters: r.radiusMeters,
        memberIds: [memberId],
        learned: true
      });
    }
  }
  return places;
}

// src/core/whereabouts/member-places.ts
function placesOf(memberId, settings) {
  const mine = settings.places.filter((p) => !p.hidden && (!p.memberIds || p.memberIds.includes(memberId)));
  const own = new Set(mine.flatMap((p) => p.memberIds ? [p.key] : []));
  return own.size === 0 ? mine : mine.filter((p) => p.memberIds || !own.has(p.key));
}
var learnedCache = /* @__PURE__ */ new WeakMap();
function placesNow(member, base, settings, learns = true) {
  const learned = member.learnedRegions;
  if (!learns || !learned || learned.length === 0) return base;
  let places = learnedCache.get(learned);
  if (!places) {
    places = withLearnedPlaces(base, learned, member.memberId, settings);
    learnedCache.set(learned, places);
  }
  return places;
}
var placeCache = /* @__PURE__ */ new WeakMap();
var lastSettings;
var lastPlaces;
function memberPlaces(settings) {
  if (settings === lastSettings && lastPlaces) return lastPlaces;
  let byMember = placeCache.get(settings);
  if (!byMember) {
    byMember = new Map(
      settings.members.map((m) => {
        const base = placesOf(m.id, settings);
        return [m.id, { base, learns: learnsPlaces(base, settings) }];
      })
    );
    placeCache.set(settings, byMember);
  }
  lastSettings = settings;
  lastPlaces = byMember;
  return byMember;
}

// src/core/whereabouts/whereabouts.ts
var whereaboutsLabel = (w) => w.kind === "at-place" ? w.place : w.kind === "traveling" ? "Traveling" : "Lost";
var sameWhereabouts = (a, b) => a.kind === b.kind && (a.kind !== "at-place" || b.kind === "at-place" && a.place === b.place);

// src/core/clock-view.ts
var DEFAULT_COLOR_CYCLE = [
  "#e6194b",
  "#3cb44b",
  "#4363d8",
  "#f58231",
  "#911eb4",
  "#42d4f4",
  "#f032e6",
  "#bfef45",
  "#469990",
  "#fabed4",
  "#dcbeff",
  "#ffd8b1"
];
var fixedDials = /* @__PURE__ */ new WeakMap();
function dialOf(settings, state) {
  if (settings.learnedPlaces !== "dial") {
    let dial = fixedDials.get(settings);
    if (!dial) {
      dial = Object.freeze(buildDial(settings));
      fixedDials.set(settings, dial);
    }
    return dial;
  }
  return buildDial(settings, state);
}
function buildDial(settings, state) {
  const visible = settings.places.filter((p) => !p.hidden);
  const names = visible.filter((p) => !p.memberIds).map((p) => p.name);
  for (const p of visible) if (p.memberIds && !names.includes(p.name)) names.push(p.name);
  if (settings.learnedPlaces === "dial" && state) {
    for (const m of Object.values(state.members)) {
      if (!m.learnedRegions?.length) continue;
      for (const p of withLearnedPlaces(
        placesOf(m.memberId, settings),
        m.learnedRegions,
        m.memberId,
        settings
      )) {
        if (p.learned && !names.includes(p.name)) names.push(p.name);
      }
    }
  }
  return [...names, TRAVELING, LOST];
}
function buildClockView(settings, state, display, connection, nowMs) {
  const colors = display.colorCycle.length > 0 ? display.colorCycle : DEFAULT_COLOR_CYCLE;
  const members = settings.members.map((member, index) => {
    const ms = state.members[member.id];
    const devices = ms ? Object.values(ms.devices) : [];
    const battery = newestBattery(devices);
    const view2 = {
      id: member.id,
      name: ms?.displayName ?? member.name,
      color: member.color ?? colors[index % colors.length] ?? "#888",
      place: ms ? whereaboutsLabel(ms.whereabouts) : LOST,
      kind: ms ? ms.whereabouts.kind : "lost",
      sinceMs: ms?.sinceMs ?? nowMs,
      lastSeenMs: ms?.lastSeenMs ?? null,
      online: devices.length === 0 || devices.some((d) => d.online)
    };
    if (battery !== void 0) view2.batteryPercent = battery;
    if (member.color !== void 0) view2.ownColor = true;
    if (ms?.face) view2.faceVersion = shortHash(ms.face);
    return view2;
  });
  const view = {
    family: settings.family,
    dial: dialOf(settings, state),
    members,
    connection,
    nowMs,
    style: display.clockStyle ?? "clock"
  };
  if (display.radius !== void 0) view.radiusPx = display.radius;
  if (display.hubDisplacement) view.hubDisplacement = display.hubDisplacement;
  if (display.sounds && display.sound) view.chime = { sound: display.sound, volume: display.volume ?? 0.75 };
  return view;
}
function newestBattery(devices) {
  let newest;
  for (const d of devices) {
    if (d.batteryPercent === void 0) continue;
    if (!newest || (d.lastLocationSec ?? 0) > (newest.lastLocationSec ?? 0)) newest = d;
  }
  return newest?.batteryPercent;
}
function shortHash(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// src/adapters/config/read-display.ts
var CLOCK_STYLES = ["clock", "table", "flap"];
function readDisplay(r, raw) {
  const clockStyle = r.string(raw, "clockStyle", "");
  if (clockStyle !== void 0 && !CLOCK_STYLES.includes(clockStyle)) {
    r.report("clockStyle", `must be "clock", "table" or "flap", got ${JSON.stringify(clockStyle)}`);
  }
  const volume = r.number(raw, "volume", "", { min: 0, max: 100 });
  const sound = r.string(raw, "sound", "");
  if (sound !== void 0 && !/^[\w-][\w.-]*\.(wav|mp3|ogg)$/.test(sound)) {
    r.report("sound", `must be the file name of a sound in the module's sounds/ folder, e.g. "chime.wav"`);
  }
  const display = {
    colorCycle: r.stringList(raw, "colorCycle", "") ?? DEFAULT_COLOR_CYCLE,
    clockStyle: CLOCK_STYLES.includes(clockStyle) ? clockStyle : "clock",
    sounds: r.boolean(raw, "sounds", "") ?? true,
    volume: volume === void 0 ? 0.75 : volume > 1 ? volume / 100 : volume,
    sound: sound ?? "chime.wav"
  };
  r.number(raw, "updateInterval", "", { min: 0 });
  r.number(raw, "retryDelay", "", { min: 0 });
  const radius = r.number(raw, "radius", "", { min: 1 });
  if (radius !== void 0) display.radius = radius;
  const hub = r.number(raw, "hubDisplacement", "", { min: 0 });
  if (hub !== void 0) display.hubDisplacement = hub;
  return display;
}

// src/adapters/config/read-http.ts
function readHttp(r, raw, overrides) {
  const httpObj = r.object(raw, "http", "") ?? {};
  r.unknownKeys(httpObj, ["host", "port", "allowedHosts"], "http");
  const allowedHosts = r.stringList(httpObj, "allowedHosts", "http") ?? [];
  for (const [i, name] of allowedHosts.entries()) {
    const problem = hostEntryProblem(name);
    if (problem) r.report(`http.allowedHosts[${i}]`, `"${name.slice(0, 80)}" ${problem}`);
  }
  return {
    host: r.string(httpObj, "host", "http") ?? DEFAULTS.httpHost,
    port: overrides.httpPort ?? r.number(httpObj, "port", "http", { min: 0, max: 65535, integer: true }) ?? DEFAULTS.httpPort,
    allowedHosts
  };
}
var SHARED_DOMAINS = /* @__PURE__ */ new Set([
  "duckdns.org",
  "ts.net",
  "no-ip.org",
  "no-ip.com",
  "ddns.net",
  "hopto.org",
  "zapto.org",
  "sytes.net",
  "dynu.net",
  "dyndns.org",
  "freeddns.org",
  "myfritz.net",
  "synology.me",
  "nip.io",
  "sslip.io",
  "ngrok.io",
  "ngrok-free.app"
]);
function hostEntryProblem(name) {
  if (name === "*") return void 0;
  if (!/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(name))
    return 'is not a host name (a name, ".example.com" for every name under it, or "*")';
  if (!name.startsWith(".")) return void 0;
  const domain = name.slice(1).toLowerCase().replace(/\.$/, "");
  if (!domain.includes(".") || SHARED_DOMAINS.has(domain))
    return "would let names anyone can register through: list your own names exactly";
  return void 0;
}

// src/adapters/config/load-config.ts
var ConfigError = class extends Error {
  constructor(source, problems, options) {
    super(
      `${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:
${problems.map((p) => `  - ${describeConfigProblem(p)}`).join("\n")}`,
      options
    );
    this.source = source;
    this.name = "ConfigError";
    this.problems = problems;
  }
  source;
  problems;
};
var OLD_MODULE_KEYS = [
  "uniqueId",
  "locations",
  "people",
  "colorCycle",
  "radius",
  "hubDisplacement",
  "sounds",
  "volume",
  "debug",
  "host",
  "port",
  "disableEncryption",
  "mirrorUser",
  "mirrorPass",
  "clockStyle",
  "cafile",
  "updateInterval",
  "retryDelay"
];
var TOP_KEYS = [
  ...OLD_MODULE_KEYS,
  // Weasley Clock keys
  "family",
  "places",
  "members",
  "broker",
  "http",
  "dataDir",
  "lostAfterMinutes",
  "lwtMeansLost",
  "maxAccuracyMeters",
  "hysteresisMeters",
  "maxPayloadBytes",
  "sound",
  "encryptionKey",
  "learnedPlaces"
];
async function loadConfigFile(file, overrides = {}) {
  let raw;
  let problems = [];
  try {
    if (isMagicMirrorConfig(file)) {
      const mod = await import(pathToFileURL(path3.resolve(file)).href);
      ({ raw, problems } = fromMagicMirrorConfig(
        mod.default ?? mod.config,
        file,
        overrides.dataDir,
        overrides.mirrorEntry
      ));
    } else {
      raw = JSON.parse(readFileSync4(file, "utf8").replace(/^\uFEFF/, ""));
    }
  } catch (error) {
    const reason = readError(error, isMagicMirrorConfig(file) ? "JavaScript" : "JSON", file);
    throw new ConfigError(file, [{ path: "(file)", message: `cannot be read: ${reason}` }], { cause: error });
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  let config;
  try {
    config = parseConfig(raw, overrides, file);
  } catch (error) {
    if (!(error instanceof ConfigError) || !isObject(raw) || !isObject(raw.broker)) throw error;
    const broker = raw.broker;
    const named = Object.fromEntries(
      ["caFile", "certFile", "keyFile"].map((k) => [k, broker[k]]).filter(([, f]) => typeof f === "string")
    );
    const base = isMagicMirrorConfig(file) ? moduleDirOf(file) : ".";
    const missing = unusableFiles(named, base).filter((m) => !error.problems.some((p) => p.path === m.path));
    if (missing.length === 0) throw error;
    throw new ConfigError(file, [...error.problems, ...missing], { cause: error });
  }
  if (isMagicMirrorConfig(file)) {
    const given = overrides.dataDir === void 0 && isObject(raw) ? raw.dataDir : void 0;
    readFromModuleFolder(config, moduleDirOf(file), given !== void 0);
    if (config.display.radius !== void 0)
      config.display.radius = faceRadiusPxOfOldRadius(config.display.radius);
    const here2 = typeof given === "string" ? path3.resolve(given) : void 0;
    const madeHere = here2 !== void 0 && existsSync2(path3.join(here2, "weasley.db"));
    if (here2 && here2 !== config.dataDir && !existsSync2(config.dataDir) && madeHere)
      throw new ConfigError(file, [
        {
          path: "dataDir",
          message: `is read from the module folder (${config.dataDir}, which does not exist), not from where this runs (${here2}, which does): give it as an absolute path`
        }
      ]);
  }
  return config;
}
function readError(error, language, file) {
  const message = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
  if (!(error instanceof SyntaxError)) return message;
  const bare = message.replace(/, .* is not valid JSON$/, "").replace(/'([^']*)'|"([^"]*)"/g, (quoted, a, b) => /^[,:{}[\]]$/.test(a ?? b) ? quoted : "\u2026");
  return `${placeOfMistake(bare, file)} (a syntax error: the file is not valid ${language})`;
}
function placeOfMistake(message, file) {
  const at = /at position (\d+)/.exec(message);
  if (!at) return message;
  let text;
  try {
    text = readFileSync4(file, "utf8");
  } catch {
    return message;
  }
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return message.replace(/at position \d+( \(line \d+ column \d+\))?/, `at line ${line}, column ${column}`);
}
function parseConfig(input, overrides = {}, source = "config") {
  const r = createReader();
  if (!isObject(input))
    throw new ConfigError(source, [{ path: "(root)", message: "must be an object of settings" }]);
  r.unknownKeys(input, TOP_KEYS, "");
  const raw = Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) => value !== null || !OLD_MODULE_KEYS.includes(key)
    )
  );
  const family = readFamily(r, raw);
  const places = readPlaces(r, raw);
  const { members, devices } = readMembers(r, raw);
  checkMemberPlaces(r, places, members);
  const learnedPlaces = r.string(raw, "learnedPlaces", "");
  if (learnedPlaces !== void 0 && !["geofence", "dial", "off"].includes(learnedPlaces)) {
    r.report("learnedPlaces", `must be "geofence", "dial" or "off", got ${JSON.stringify(learnedPlaces)}`);
  }
  const settings = {
    learnedPlaces: learnedPlaces === "dial" || learnedPlaces === "off" ? learnedPlaces : "geofence",
    family: family ?? "family",
    members,
    places,
    lostAfterMinutes: r.number(raw, "lostAfterMinutes", "", { min: 1 }) ?? DEFAULTS.lostAfterMinutes,
    lwtMeansLost: r.boolean(raw, "lwtMeansLost", "") ?? false,
    maxAccuracyMeters: r.number(raw, "maxAccuracyMeters", "", { min: 1 }) ?? DEFAULTS.maxAccuracyMeters,
    hysteresisMeters: r.number(raw, "hysteresisMeters", "", { min: 0 }) ?? DEFAULTS.hysteresisMeters,
    maxPayloadBytes: r.number(raw, "maxPayloadBytes", "", { min: 1024, max: 16 * 1024 * 1024, integer: true }) ?? DEFAULTS.maxPayloadBytes
  };
  const display = readDisplay(r, raw);
  const http = readHttp(r, raw, overrides);
  const broker = readBroker(r, raw, overrides);
  const clockUsername = broker.kind === "embedded" ? broker.clockUsername.toLowerCase() : void 0;
  if (clockUsername !== void 0 && devices.some((d) => d.deviceId === clockUsername))
    r.report(
      "broker.clockUsername",
      `"${clockUsername}" is also a device id: give the clock an account of its own`
    );
  if (clockUsername !== void 0 && clockUsername === settings.family.toLowerCase())
    r.report(
      "broker.clockUsername",
      `"${clockUsername}" is the family's uniqueId, which phones log in with: give the clock an account of its own (old configs: mirrorUser)`
    );
  if (broker.kind === "embedded") {
    const listeners = [
      ["http.port", http.port],
      ["broker.mqttPort", broker.mqttPort],
      ["broker.mqttsPort", broker.mqttsPort]
    ];
    listeners.forEach(([name, port], i) => {
      const other = listeners.slice(0, i).find(([, p]) => p === port && port !== 0);
      if (other) r.report(name, `is ${port}, as ${other[0]} is: each listener needs a port of its own`);
    });
  }
  const debug = r.boolean(raw, "debug", "") ?? false;
  const dataDir = overrides.dataDir ?? r.string(raw, "dataDir", "") ?? DEFAULTS.dataDir;
  const encryptionKey = r.string(raw, "encryptionKey", "");
  if (r.problems.length > 0) throw new ConfigError(source, r.problems);
  const config = { settings, devices, display, broker, http, dataDir, debug, demo: false };
  if (encryptionKey !== void 0) config.encryptionKey = encryptionKey;
  return config;
}

// src/cli/admin-client.ts
import { existsSync as existsSync10, readFileSync as readFileSync16 } from "node:fs";

// src/adapters/auth/admin-token.ts
import { createHmac, randomBytes as randomBytes2, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
import { readFileSync as readFileSync5, renameSync as renameSync2, rmSync, writeFileSync } from "node:fs";
import path4 from "node:path";

// src/adapters/auth/passwords.ts
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";
var N = 32768;
var R = 8;
var P = 1;
var KEY_BYTES = 32;
var MAX_MEMORY = 64 * 1024 * 1024;
function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}
function hashGeneratedSecret(secret) {
  const salt = randomBytes(16);
  const hash = createHash("sha256").update(salt).update(secret).digest();
  return ["sha256", salt.toString("base64url"), hash.toString("base64url")].join("$");
}
function verifyPassword(password, stored) {
  const parts = stored.split("$");
  if (parts[0] === "sha256" && parts.length === 3) {
    const expected2 = Buffer.from(parts[2] ?? "", "base64url");
    const actual = createHash("sha256").update(Buffer.from(parts[1] ?? "", "base64url")).update(password).digest();
    return Promise.resolve(expected2.length === actual.length && timingSafeEqual(actual, expected2));
  }
  const [scheme, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== "scrypt" || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, "base64url");
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEMORY };
  return new Promise((resolve2) => {
    try {
      scrypt(password, Buffer.from(salt, "base64url"), expected.length, cost, (error, actual) => {
        resolve2(!error && actual.length === expected.length && timingSafeEqual(actual, expected));
      });
    } catch {
      resolve2(false);
    }
  });
}
var ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomSecret(bits2) {
  const length = Math.ceil(bits2 / Math.log2(ALPHANUMERIC.length));
  let secret = "";
  while (secret.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte < 248 && secret.length < length) secret += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return secret;
}
var generatePassword = () => randomSecret(128);

// src/adapters/auth/admin-token.ts
var KEY = "admin_token_hash";
var adminTokenFile = (dataDir) => path4.resolve(dataDir, "admin-token.txt");
function ensureAdminToken(db, dataDir) {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(KEY);
  return row ? null : rotateAdminToken(db, dataDir);
}
async function upgradeStoredAdminToken(db, dataDir) {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(KEY);
  if (!row?.value.startsWith("scrypt$")) return;
  let token;
  try {
    token = readFileSync5(adminTokenFile(dataDir), "utf8").trim();
  } catch {
    return;
  }
  if (token.length === 0 || token.length > 200 || !await verifyPassword(token, row.value)) return;
  db.prepare("UPDATE meta SET value = ? WHERE key = ? AND value = ?").run(
    hashGeneratedSecret(token),
    KEY,
    row.value
  );
}
function rotateAdminToken(db, dataDir) {
  const token = randomSecret(144);
  writeAdminTokenFile(dataDir, token);
  db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
  ).run(KEY, hashGeneratedSecret(token));
  return token;
}
function createAdminTokenCheck(db) {
  const select = db.prepare("SELECT value FROM meta WHERE key = ?");
  const replace = db.prepare("UPDATE meta SET value = ? WHERE key = ? AND value = ?");
  const key = randomBytes2(32);
  const digestOf3 = (token) => createHmac("sha256", key).update(token).digest();
  let lastGood;
  return async (token) => {
    const row = select.get(KEY);
    if (!row || token.length === 0 || token.length > 200) return false;
    const digest = digestOf3(token);
    if (lastGood && lastGood.hash === row.value && timingSafeEqual2(lastGood.digest, digest)) return true;
    const ok2 = await verifyPassword(token, row.value);
    if (!ok2) return false;
    lastGood = { digest, hash: row.value };
    if (row.value.startsWith("scrypt$")) {
      const hash = hashGeneratedSecret(token);
      if (replace.run(hash, KEY, row.value).changes === 1) lastGood = { digest, hash };
    }
    return true;
  };
}
function writeAdminTokenFile(dataDir, token) {
  const file = adminTokenFile(dataDir);
  const fresh = `${file}.${process.pid}.new`;
  rmSync(fresh, { force: true });
  writeFileSync(fresh, `${token}
`, { mode: 384, flag: "wx" });
  renameSync2(fresh, file);
}

// src/adapters/log/logger.ts
var RANK = { debug: 10, info: 20, warn: 30, error: 40 };
function createConsoleLogger(options) {
  const write = options.write ?? ((line) => process.stderr.write(`${line}
`));
  const secrets = new Set((options.secrets ?? []).filter((s) => s.length >= 4));
  const threshold = RANK[options.level];
  return {
    isEnabled: (level) => RANK[level] >= threshold,
    log(level, message) {
      if (RANK[level] < threshold) return;
      let text = message.replace(/[\r\n]+/g, " ");
      for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join("***");
      write(`${(/* @__PURE__ */ new Date()).toISOString()} ${level.toUpperCase()} ${text}`);
    },
    addSecret(secret) {
      if (secret.length >= 4) secrets.add(secret);
    }
  };
}

// src/app/replay-stopped-clock.ts
import { existsSync as existsSync3 } from "node:fs";

// src/adapters/sqlite/data-lock.ts
import { accessSync as accessSync2, constants as constants3, mkdirSync as mkdirSync4, statSync as statSync2 } from "node:fs";
import path7 from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database2 from "better-sqlite3";

// src/adapters/sqlite/open-database.ts
import { chmodSync, mkdirSync as mkdirSync3, statSync } from "node:fs";
import path6 from "node:path";
import Database from "better-sqlite3";

// src/adapters/sqlite/journal-pack.ts
var OUTCOMES = ["accepted", "ignored", "rejected"];
var OUTCOME_BYTE = { accepted: 0, ignored: 1, rejected: 2 };
var REPLAYED_BIT = 128;
var HEADER_BYTES = 8 + 1 + 4 * 4;
var REPLAYED_FROM_BYTES = 8;
var MAX_UTF8_PER_UNIT = 3;
var topicBytes = /* @__PURE__ */ new Map();
var CACHED_TOPIC_LENGTH = 256;
function topicBytesOf(topic) {
  let bytes = topicBytes.get(topic);
  if (bytes === void 0) {
    bytes = Buffer.from(topic);
    if (topic.length > CACHED_TOPIC_LENGTH) return bytes;
    if (topicBytes.size >= 1024) topicBytes.clear();
    topicBytes.set(topic, bytes);
  }
  return bytes;
}
function packJournal(entries) {
  let bound = 0;
  for (const e of entries) {
    bound += HEADER_BYTES + REPLAYED_FROM_BYTES + e.payload.byteLength;
    bound += (e.topic.length + (e.problemCode?.length ?? 0) + (e.detail?.length ?? 0)) * MAX_UTF8_PER_UNIT;
  }
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  for (const e of entries) {
    const head = at;
    at += HEADER_BYTES;
    out.writeDoubleLE(e.receivedAtMs, head);
    out[head + 8] = OUTCOME_BYTE[e.outcome] | (e.replayedFromMs === void 0 ? 0 : REPLAYED_BIT);
    if (e.replayedFromMs !== void 0) {
      out.writeDoubleLE(e.replayedFromMs, at);
      at += REPLAYED_FROM_BYTES;
    }
    const topic = topicBytesOf(e.topic);
    out.set(topic, at);
    const topicBytes2 = topic.length;
    at += topicBytes2;
    out.set(e.payload, at);
    at += e.payload.byteLength;
    const codeBytes = e.problemCode === void 0 ? 0 : out.write(e.problemCode, at);
    at += codeBytes;
    const detailBytes = e.detail === void 0 ? 0 : out.write(e.detail, at);
    at += detailBytes;
    out.writeUInt32LE(topicBytes2, head + 9);
    out.writeUInt32LE(e.payload.byteLength, head + 13);
    out.writeUInt32LE(codeBytes, head + 17);
    out.writeUInt32LE(detailBytes, head + 21);
  }
  return out.subarray(0, at);
}
function unpackJournal(packed, keep) {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const entries = [];
  let at = 0;
  while (at < buf.length) {
    if (at + HEADER_BYTES > buf.length) throw new Error("journal blob is truncated");
    const receivedAtMs = buf.readDoubleLE(at);
    const outcomeByte = buf[at + 8];
    const outcome = OUTCOMES[outcomeByte & ~REPLAYED_BIT];
    const replayed = (outcomeByte & REPLAYED_BIT) !== 0;
    const topicBytes2 = buf.readUInt32LE(at + 9);
    const payloadBytes = buf.readUInt32LE(at + 13);
    const codeBytes = buf.readUInt32LE(at + 17);
    const detailBytes = buf.readUInt32LE(at + 21);
    at += HEADER_BYTES;
    let replayedFromMs;
    if (replayed) {
      if (at + REPLAYED_FROM_BYTES > buf.length) throw new Error("journal blob is truncated");
      replayedFromMs = buf.readDoubleLE(at);
      at += REPLAYED_FROM_BYTES;
    }
    const size = topicBytes2 + payloadBytes + codeBytes + detailBytes;
    if (outcome === void 0 || at + size > buf.length) throw new Error("journal blob is corrupt");
    if (keep && !keep(outcome, replayed)) {
      at += size;
      continue;
    }
    const topic = buf.toString("utf8", at, at + topicBytes2);
    at += topicBytes2;
    const payload = new Uint8Array(buf.subarray(at, at + payloadBytes));
    at += payloadBytes;
    const entry = { receivedAtMs, topic, payload, outcome };
    if (replayedFromMs !== void 0) entry.replayedFromMs = replayedFromMs;
    if (codeBytes > 0) entry.problemCode = buf.toString("utf8", at, at + codeBytes);
    at += codeBytes;
    if (detailBytes > 0) entry.detail = buf.toString("utf8", at, at + detailBytes);
    at += detailBytes;
    entries.push(entry);
  }
  return entries;
}

// src/adapters/sqlite/journal-segments.ts
import {
  closeSync,
  constants as constants2,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync as mkdirSync2,
  openSync,
  readdir,
  readdirSync,
  readSync,
  unlink,
  unlinkSync,
  writeSync
} from "node:fs";
import path5 from "node:path";
import zlib from "node:zlib";
var SEGMENT_BATCH_BYTES = 2048;
var SEGMENT_BYTES = 1024 * 1024;
var NAME = /^(\d{6,})\.seg$/;
var fileName = (segment) => `${String(segment).padStart(6, "0")}.seg`;
var crc32 = typeof zlib.crc32 === "function" ? (data) => zlib.crc32(data) : tableCrc32;
var crcTable;
function tableCrc32(data) {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    return c >>> 0;
  });
  const table = crcTable;
  let crc = 4294967295;
  for (const byte of data) crc = table[(crc ^ byte) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}
function openJournalSegments(dir, kept, options = {}) {
  const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
  const found = listSegments(dir);
  let current2 = kept?.last.segment ?? Math.max(0, ...found.map((name) => Number(NAME.exec(name)?.[1]))) + 1;
  let end = kept ? kept.last.at + kept.last.bytes : 0;
  let fd;
  let next;
  let dropping = 0;
  const whenDropped = [];
  const doneDropping = () => {
    if (--dropping === 0) for (const resolve2 of whenDropped.splice(0)) resolve2();
  };
  let closed = false;
  const written = /* @__PURE__ */ new Set();
  let madeFile = false;
  let madeFolder = false;
  try {
    for (const name of found) {
      const segment = Number(NAME.exec(name)?.[1]);
      const file = path5.join(dir, name);
      if (!kept || segment < kept.first || segment > current2) unlinkQuietly(file);
      else if (segment === current2) {
        fd = openSync(file, "r+");
        if (fstatSync(fd).size > end) ftruncateSync(fd, end);
      }
    }
  } catch (error) {
    if (fd !== void 0) closeSync(fd);
    throw error;
  }
  const open2 = (segment) => {
    madeFile = true;
    if (mkdirSync2(dir, { recursive: true, mode: 448 }) !== void 0) madeFolder = true;
    return openSync(path5.join(dir, fileName(segment)), constants2.O_RDWR | constants2.O_CREAT, 384);
  };
  const fdOf = (segment) => {
    if (segment === current2) {
      fd ??= open2(segment);
      return fd;
    }
    if (next?.segment !== segment) {
      if (next) closeQuietly(next.fd);
      next = void 0;
      next = { segment, fd: open2(segment) };
    }
    return next.fd;
  };
  return {
    write(packed) {
      let segment = current2;
      let at = end;
      if (at > 0 && at + packed.byteLength > segmentBytes) {
        segment = current2 + 1;
        at = 0;
      }
      const target = fdOf(segment);
      written.add(segment);
      for (let done = 0; done < packed.byteLength; )
        done += writeSync(target, packed, done, packed.byteLength - done, at + done);
      return { segment, at, bytes: packed.byteLength, crc: crc32(packed) };
    },
    committed(place) {
      end = place.at + place.bytes;
      if (place.segment !== current2 && next?.segment === place.segment) {
        const old = fd;
        fd = next.fd;
        next = void 0;
        current2 = place.segment;
        if (old !== void 0) closeQuietly(old);
      }
    },
    dropBefore(segment) {
      const below = Math.min(segment, current2);
      dropping++;
      readdir(dir, (error, names) => {
        if (!error && !closed)
          for (const name of names) {
            if (Number(NAME.exec(name)?.[1]) < below) {
              dropping++;
              unlink(path5.join(dir, name), doneDropping);
            }
          }
        doneDropping();
      });
    },
    dropped: () => dropping === 0 ? Promise.resolve() : new Promise((resolve2) => whenDropped.push(resolve2)),
    unsynced() {
      const files = [...written].map((segment) => path5.join(dir, fileName(segment)));
      if (madeFile) files.push(dir);
      if (madeFolder) files.push(path5.dirname(dir));
      written.clear();
      madeFile = false;
      madeFolder = false;
      return files;
    },
    close() {
      closed = true;
      if (fd !== void 0) closeQuietly(fd);
      if (next) closeQuietly(next.fd);
      fd = void 0;
      next = void 0;
    }
  };
}
function openSegmentReader(dir) {
  let reading;
  const fdFor = (segment) => {
    if (reading?.segment === segment) return reading.fd;
    if (reading) closeQuietly(reading.fd);
    reading = void 0;
    reading = { segment, fd: openSync(path5.join(dir, fileName(segment)), "r") };
    return reading.fd;
  };
  return {
    read(place) {
      const out = Buffer.allocUnsafe(place.bytes);
      try {
        const target = fdFor(place.segment);
        for (let done = 0; done < place.bytes; ) {
          const read = readSync(target, out, done, place.bytes - done, place.at + done);
          if (read === 0) return void 0;
          done += read;
        }
      } catch {
        return void 0;
      }
      return crc32(out) === place.crc ? out : void 0;
    },
    close() {
      if (reading) closeQuietly(reading.fd);
      reading = void 0;
    }
  };
}
function closeQuietly(fd) {
  try {
    closeSync(fd);
  } catch {
  }
}
function syncFiles(files) {
  for (const file of files) {
    let fd;
    try {
      fd = openSync(file, "r");
    } catch (error) {
      if (error.code === "ENOENT") continue;
      throw error;
    }
    try {
      if (file.endsWith(".seg")) fdatasyncSync(fd);
      else fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
function allSegmentFiles(dir) {
  const files = listSegments(dir).map((name) => path5.join(dir, name));
  return files.length > 0 ? [...files, dir, path5.dirname(dir)] : [];
}
function listSegments(dir) {
  try {
    return readdirSync(dir).filter((name) => NAME.test(name));
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
}
function unlinkQuietly(file) {
  try {
    unlinkSync(file);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
}

// src/adapters/sqlite/journal-read.ts
var readForReplay = (outcome, replayed) => replayed || outcome === "rejected";
function readJournal(db, { limit, outcome, forReplay }, from = {}) {
  const out = [];
  if (limit <= 0) return out;
  const rows = db.prepare(
    `SELECT packed, segment, at, bytes, crc FROM journal_batch${forReplay ? " WHERE replay_entries IS NULL OR replay_entries > 0" : ""} ORDER BY id DESC`
  ).iterate();
  const reader = openSegmentReader(from.folder ?? journalFolderOf(db.name));
  try {
    for (const row of rows) {
      const packed = row.segment === null ? row.packed : reader.read({ ...row, segment: row.segment });
      if (!packed) {
        from.onUnreadable?.();
        continue;
      }
      const entries = unpackJournal(
        packed,
        forReplay ? readForReplay : outcome === void 0 ? void 0 : (o) => o === outcome
      );
      for (let i = entries.length - 1; i >= 0; i--) {
        out.push(entries[i]);
        if (out.length >= limit) return out;
      }
    }
    return out;
  } finally {
    reader.close();
  }
}
var journalFolderOf = (file) => `${file}.journal`;

// src/adapters/sqlite/schema.ts
var ROWS_PER_PACK = 512;
var MIGRATIONS = [
  `
  CREATE TABLE member_state (
    member_id TEXT PRIMARY KEY,
    state_json TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE TABLE place_history (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    from_place TEXT NOT NULL,
    to_place TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  );
  CREATE INDEX place_history_member ON place_history (member_id, id);
  CREATE TABLE inbound_journal (
    id INTEGER PRIMARY KEY,
    received_ms INTEGER NOT NULL,
    topic TEXT NOT NULL,
    payload BLOB NOT NULL,
    outcome TEXT NOT NULL,
    problem_code TEXT,
    detail TEXT
  );
  CREATE TABLE device_credential (
    device_id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_ms INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // The journal as one packed row per group commit (journal-pack.ts) instead of a row per message.
  (db) => {
    db.exec(`
      CREATE TABLE journal_batch (
        id INTEGER PRIMARY KEY,
        entries INTEGER NOT NULL,
        packed BLOB NOT NULL
      );
    `);
    const insert = db.prepare("INSERT INTO journal_batch (entries, packed) VALUES (?, ?)");
    const page = db.prepare("SELECT * FROM inbound_journal WHERE id > ? ORDER BY id LIMIT ?");
    let after = 0;
    for (; ; ) {
      const rows = page.all(after, ROWS_PER_PACK);
      if (rows.length === 0) break;
      after = rows.at(-1).id;
      insert.run(rows.length, packJournal(rows.map(entryOf)));
    }
    db.exec("DROP TABLE inbound_journal");
  },
  // What rarely changes but can be large is kept apart from the hand and the devices' evidence, which
  // every commit rewrites (member-rows.ts): the card (a face is up to 128 KB) and learned regions.
  // The place history loses its member index: it cost more per move than the row itself, and the
  // history is bounded, so a per-member query scans newest first instead (sqlite-store.ts).
  `
  CREATE TABLE member_profile (
    member_id TEXT PRIMARY KEY,
    profile_json TEXT NOT NULL
  );
  CREATE TABLE member_region (
    member_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    region_json TEXT NOT NULL,
    PRIMARY KEY (member_id, seq)
  ) WITHOUT ROWID;
  DROP INDEX place_history_member;
  `,
  // A big journal batch moves out of its row into a segment file beside the database
  // (journal-segments.ts): its row keeps its size and where it is, and an empty `packed`. Columns are
  // added rather than the table rebuilt: a rebuild (and its RENAME) left ~100 KB of SQLite's freed
  // memory in the process for every database created, 20 MB for a host's 200 new families.
  `
  ALTER TABLE journal_batch ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE journal_batch ADD COLUMN segment INTEGER;
  ALTER TABLE journal_batch ADD COLUMN at INTEGER;
  ALTER TABLE journal_batch ADD COLUMN crc INTEGER;
  UPDATE journal_batch SET bytes = length(packed);
  `,
  // How many of a batch's entries a replay reads (rejected ones, and replays): the setup page's list
  // and a replay pass over the batches that have none unread. NULL, a batch from before, is read.
  `
  ALTER TABLE journal_batch ADD COLUMN replay_entries INTEGER;
  `
];
function entryOf(row) {
  const entry = {
    receivedAtMs: row.received_ms,
    topic: row.topic,
    payload: row.payload,
    outcome: row.outcome
  };
  if (row.problem_code !== null) entry.problemCode = row.problem_code;
  if (row.detail !== null) entry.detail = row.detail;
  return entry;
}

// src/adapters/sqlite/open-database.ts
var databaseFileOf = (dataDir) => path6.join(dataDir, "weasley.db");
var noDatabaseAt = (file) => `no database at ${path6.resolve(file)}: has the clock run with this data folder? (--data-dir DIR, --config FILE)`;
var PAGE_CACHE_KIB = { ownProcess: 256, hosted: 64 };
function openDatabase(file, options = {}) {
  try {
    return open(file, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(cannotOpen(file, reason, process.versions.electron), { cause: error });
  }
}
function cannotOpen(file, reason, electron, what = "the database") {
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(reason);
  if (abi)
    return `cannot open ${what} ${file}: better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${abi[1]}; this ${electron ? `Electron ${electron}` : `Node.js ${process.version}`} needs ${abi[2]}): ${electron ? `rebuild it for MagicMirror's Electron, in the module's folder: npx @electron/rebuild -f -w better-sqlite3 -e ../../node_modules/electron (README, "Inside Electron")` : "rebuild it with this Node.js, in the folder it was installed from: npm rebuild better-sqlite3"}`;
  const hint = /malformed|not a database/i.test(reason) ? `: the file is damaged; stop the clock, move ${path6.basename(file)} and its -wal and -shm files aside (or put back a backup) and start it again (history and generated passwords start afresh)` : /EROFS|read-only file ?system/i.test(reason) ? " (the filesystem is mounted read-only: an SD card that is failing often turns itself read-only)" : /disk I\/O|full|no space|read-?only|unable to open|permission/i.test(reason) ? " (is the disk full, or the folder not writable by this user?)" : "";
  return `cannot open ${what} ${file}: ${reason.replace(/\s*\n\s*/g, " ")}${hint}`;
}
function open(file, options) {
  if (file !== ":memory:") mkdirSync3(path6.dirname(file), { recursive: true, mode: 448 });
  if (file !== ":memory:") syncJournalLeftBehind(file);
  const db = new Database(file);
  try {
    prepare(db, file, options);
  } catch (error) {
    try {
      db.close();
    } catch {
    }
    throw error;
  }
  return db;
}
function prepare(db, file, options) {
  if (file !== ":memory:") ownerOnly(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma(`cache_size = -${options.cacheKiB ?? PAGE_CACHE_KIB.ownProcess}`);
  const version = db.pragma("user_version", { simple: true });
  if (version > MIGRATIONS.length)
    throw new Error(
      `it was written by a newer Weasley Clock (schema version ${version}; this one knows up to ${MIGRATIONS.length}): run the newer version, or move the file aside to start afresh`
    );
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v] ?? "";
      if (typeof step === "string") db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
function ownerOnly(file) {
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(each, 384);
    } catch {
    }
  }
}
function syncJournalLeftBehind(file) {
  if (walHasFrames(file)) syncFiles(allSegmentFiles(journalFolderOf(file)));
}
function walHasFrames(file) {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

// src/adapters/sqlite/data-lock.ts
var LOCK_FILE = "clock.lock";
var WAIT_MS = 2e3;
var RETRY_MS = 100;
var heldHere = /* @__PURE__ */ new Set();
async function lockDataFolder(dataDir, waitMs = WAIT_MS) {
  const folder = path7.resolve(dataDir);
  if (heldHere.has(folder)) throw inUse(folder);
  const db = openLockFile(folder);
  const deadline = Date.now() + waitMs;
  for (; ; ) {
    try {
      db.exec("BEGIN EXCLUSIVE");
      break;
    } catch (error) {
      if (error.code !== "SQLITE_BUSY" || Date.now() >= deadline || heldHere.has(folder)) {
        db.close();
        throw error.code === "SQLITE_BUSY" ? inUse(folder) : error;
      }
      await sleep(RETRY_MS);
    }
  }
  heldHere.add(folder);
  return () => {
    if (!db.open) return;
    db.close();
    heldHere.delete(folder);
  };
}
async function checkDataFolderFree(dataDir) {
  ;
  (await lockDataFolder(dataDir, 0))();
}
var FolderInUse = class extends Error {
  name = "FolderInUse";
};
function inUse(folder) {
  return new FolderInUse(
    `the data folder ${folder} is in use by another running Weasley Clock: give each clock (each family) a dataDir of its own, or stop the other one`
  );
}
function openLockFile(folder) {
  const file = path7.join(folder, LOCK_FILE);
  try {
    mkdirSync4(folder, { recursive: true, mode: 448 });
    try {
      accessSync2(file, constants3.W_OK);
    } catch (error) {
      const code = error.code;
      if (code === "EROFS") throw new Error("EROFS: read-only file system");
      if (code !== "ENOENT") throw new Error("permission denied: not writable by this user");
    }
    const db = new Database2(file, { timeout: 0 });
    try {
      if (statSync2(file).size === 0) db.pragma("user_version = 1");
    } catch (error) {
      if (error.code !== "SQLITE_BUSY") {
        db.close();
        throw error;
      }
    }
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(cannotOpen(file, reason, process.versions.electron, "the data folder's lock file"), {
      cause: error
    });
  }
}
function checkDatabaseClosedElsewhere(file) {
  let probe;
  try {
    syncJournalLeftBehind(file);
    probe = new Database2(file, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE; COMMIT");
  } catch (error) {
    if (String(error.code).startsWith("SQLITE_BUSY"))
      throw new DatabaseInUse(
        `${path7.resolve(file)} is open in another process (a running \`weasley-clock host\`, or another command)`
      );
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(cannotOpen(file, reason, process.versions.electron), { cause: error });
  } finally {
    probe?.close();
  }
}
var DatabaseInUse = class extends Error {
  name = "DatabaseInUse";
};

// src/adapters/sqlite/checkpointer.ts
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
var CHECKPOINT_EVERY_PAGES = 1e3;
var FALLBACK_AUTOCHECKPOINT_PAGES = 4 * CHECKPOINT_EVERY_PAGES;
var WORKER_SOURCE = `
const { closeSync, fdatasyncSync, fsyncSync, openSync } = require('node:fs')
const { createRequire } = require('node:module')
const { parentPort, workerData } = require('node:worker_threads')
const Database = createRequire(workerData.from)('better-sqlite3')
parentPort.on('message', (request) => {
  const { op, id } = request
  if (op === 'stop') return parentPort.close()
  let db
  try {
    // Files the rows about to be checkpointed point into go to the disk first; one already deleted
    // (pruned meanwhile) needs nothing.
    for (const file of request.sync) {
      let fd
      try {
        fd = openSync(file, 'r')
      } catch (error) {
        if (error.code === 'ENOENT') continue
        throw error
      }
      try {
        if (file.endsWith('.seg')) fdatasyncSync(fd)
        else fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    }
    db = new Database(request.file, { fileMustExist: true })
    db.pragma('cache_size = -64')
    db.pragma('synchronous = NORMAL')
    parentPort.postMessage({ op: 'checkpointed', id, ...db.pragma('wal_checkpoint(PASSIVE)')[0] })
  } catch (error) {
    parentPort.postMessage({ op: 'failed', id, message: String((error && error.message) || error) })
  } finally {
    if (db) db.close()
  }
})
`;
var WORKER_IDLE_MS = 3e4;
var here = () => typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url);
var users = /* @__PURE__ */ new Map();
var nextId = 1;
var current;
var idleTimer;
var keepRunning = false;
function startWorker() {
  const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { from: here() } });
  thread.unref();
  const running = { thread, outstanding: 0 };
  thread.on("message", (reply) => {
    running.outstanding--;
    users.get(reply.id)?.onReply(reply);
    if (running.outstanding === 0 && current === running && !keepRunning) {
      idleTimer = setTimeout(stopWorker, WORKER_IDLE_MS);
      idleTimer.unref();
    }
  });
  thread.on("error", (error) => {
    if (current === running) stopWorker();
    for (const [id, user] of users)
      if (user.running)
        user.onReply({ op: "failed", id, message: `checkpoint worker stopped: ${error.message}` });
  });
  return running;
}
function keepCheckpointWorker() {
  keepRunning = true;
  clearTimeout(idleTimer);
  current ??= startWorker();
}
function stopWorker() {
  clearTimeout(idleTimer);
  if (!current) return;
  current.thread.postMessage({ op: "stop" });
  current = void 0;
}
function send(request) {
  clearTimeout(idleTimer);
  current ??= startWorker();
  if (request.op === "checkpoint") current.outstanding++;
  current.thread.postMessage(request);
}
function checkpointInBackground(db, file, options = {}) {
  const id = nextId++;
  const pageSize = db.pragma("page_size", { simple: true });
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let pages = 0;
  let failing = false;
  let closed = false;
  const user = {
    running: false,
    onReply(reply) {
      user.running = false;
      const handed = handedOut;
      handedOut = [];
      if (reply.op === "failed") {
        for (const f of handed) notSynced.add(f);
        if (!failing) options.onError?.(`background checkpoint of ${file} failed: ${reply.message}`);
        failing = true;
        return;
      }
      failing = false;
      options.onCheckpoint?.({ walFrames: reply.log, checkpointedFrames: reply.checkpointed });
      if (pages >= CHECKPOINT_EVERY_PAGES) request();
    }
  };
  const notSynced = /* @__PURE__ */ new Set();
  let handedOut = [];
  const request = () => {
    if (closed) return;
    for (const f of options.alsoSync?.() ?? []) notSynced.add(f);
    const sync = [...notSynced];
    try {
      send({ op: "checkpoint", id, file, sync });
    } catch (error) {
      pages = 0;
      if (!failing) options.onError?.(`background checkpoint of ${file} could not start: ${String(error)}`);
      failing = true;
      return;
    }
    notSynced.clear();
    handedOut = sync;
    user.running = true;
    pages = 0;
  };
  users.set(id, user);
  return {
    unsynced: () => [.../* @__PURE__ */ new Set([...notSynced, ...handedOut])],
    committed(bytes) {
      pages += 2 + Math.ceil(bytes / pageSize);
      if (!user.running && pages >= CHECKPOINT_EVERY_PAGES) request();
    },
    close() {
      if (closed) return;
      closed = true;
      users.delete(id);
      if (users.size === 0) {
        keepRunning = false;
        stopWorker();
      }
    }
  };
}

// src/adapters/sqlite/member-rows.ts
var NO_REGIONS = [];
function createMemberRows(db) {
  const upsertHand = db.prepare(
    "INSERT INTO member_state (member_id, state_json, updated_ms) VALUES (?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET state_json = excluded.state_json, updated_ms = excluded.updated_ms"
  );
  const upsertProfile = db.prepare(
    "INSERT INTO member_profile (member_id, profile_json) VALUES (?, ?) ON CONFLICT (member_id) DO UPDATE SET profile_json = excluded.profile_json"
  );
  const insertRegion = db.prepare("INSERT INTO member_region (member_id, seq, region_json) VALUES (?, ?, ?)");
  const deleteRegion = db.prepare("DELETE FROM member_region WHERE member_id = ? AND seq = ?");
  const deleteRegionsUpTo = db.prepare("DELETE FROM member_region WHERE member_id = ? AND seq <= ?");
  const written = /* @__PURE__ */ new Map();
  let nextSeq = db.prepare("SELECT max(seq) FROM member_region").pluck().get() ?? 0;
  const writeRegions = (memberId, regions, before) => {
    const old = before?.regions ?? NO_REGIONS;
    const oldSeqs = before?.seqs ?? [];
    let dropped = regions.length === 0 ? old.length : old.indexOf(regions[0]);
    for (let i = dropped; dropped >= 0 && i < old.length; i++)
      if (regions[i - dropped] !== old[i]) dropped = -1;
    const seqs = [];
    if (dropped >= 0) {
      if (dropped > 0) deleteRegionsUpTo.run(memberId, oldSeqs[dropped - 1]);
      for (let i = dropped; i < old.length; i++) seqs.push(oldSeqs[i]);
    } else {
      const wanted = new Set(regions);
      for (let i = 0; i < old.length; i++) {
        if (wanted.has(old[i]) && regions[seqs.length] === old[i])
          seqs.push(oldSeqs[i]);
        else deleteRegion.run(memberId, oldSeqs[i]);
      }
    }
    for (let i = seqs.length; i < regions.length; i++) {
      const seq = ++nextSeq;
      insertRegion.run(memberId, seq, JSON.stringify(regions[i]));
      seqs.push(seq);
    }
    return seqs;
  };
  return {
    load() {
      const rows = db.prepare(
        "SELECT member_id, state_json, profile_json FROM member_state LEFT JOIN member_profile USING (member_id)"
      ).all();
      if (rows.length === 0) return null;
      const regionRows = db.prepare("SELECT member_id, seq, region_json FROM member_region ORDER BY seq").all();
      const regionsOf = /* @__PURE__ */ new Map();
      for (const row of regionRows) {
        let entry = regionsOf.get(row.member_id);
        if (!entry) {
          entry = { regions: [], seqs: [] };
          regionsOf.set(row.member_id, entry);
        }
        const region = JSON.parse(row.region_json);
        entry.regions.push(region);
        entry.seqs.push(row.seq);
      }
      const members = {};
      for (const row of rows) {
        const member = JSON.parse(row.state_json);
        if (row.profile_json !== null) {
          const profile = JSON.parse(row.profile_json);
          if (profile.displayName !== void 0) member.displayName = profile.displayName;
          if (profile.face !== void 0) member.face = profile.face;
          const stored = regionsOf.get(row.member_id);
          if (stored) member.learnedRegions = stored.regions;
          written.set(row.member_id, {
            displayName: member.displayName,
            face: member.face,
            regions: member.learnedRegions ?? NO_REGIONS,
            seqs: stored?.seqs ?? []
          });
        }
        members[member.memberId] = member;
      }
      return members;
    },
    write(members, nowMs) {
      const updates = [];
      for (const member of members) {
        const { displayName, face, learnedRegions, ...hand } = member;
        upsertHand.run(member.memberId, JSON.stringify(hand), nowMs);
        const before = written.get(member.memberId);
        const regions = learnedRegions ?? NO_REGIONS;
        const profileChanged = before?.displayName !== displayName || before?.face !== face || !before;
        const regionsChanged = before?.regions !== regions;
        if (!profileChanged && !regionsChanged) continue;
        const profile = {};
        if (displayName !== void 0) profile.displayName = displayName;
        if (face !== void 0) profile.face = face;
        if (profileChanged) upsertProfile.run(member.memberId, JSON.stringify(profile));
        const seqs = regionsChanged ? writeRegions(member.memberId, regions, before) : before?.seqs ?? [];
        updates.push([member.memberId, { displayName, face, regions, seqs }]);
      }
      return () => {
        for (const [memberId, w] of updates) written.set(memberId, w);
      };
    }
  };
}

// src/adapters/sqlite/sqlite-store.ts
var MOVE_BLOCK = 32;
function createSqliteStore(db, options = {}) {
  const journalLimit = options.journalLimit ?? 2e4;
  const journalBytesLimit = options.journalBytesLimit ?? 64 * 1024 * 1024;
  const historyLimit = options.historyLimit ?? 1e5;
  const members = createMemberRows(db);
  const checkpointer = options.backgroundCheckpoints !== false && !db.memory ? checkpointInBackground(db, db.name, {
    ...options.onError ? { onError: options.onError } : {},
    alsoSync: () => segments?.unsynced() ?? []
  }) : void 0;
  const insertMoves = [MOVE_BLOCK, 1].map(
    (rows) => db.prepare(
      `INSERT INTO place_history (member_id, from_place, to_place, at_ms) VALUES ${Array(rows).fill("(?, ?, ?, ?)").join(", ")}`
    )
  );
  const pruneHistory = db.prepare("DELETE FROM place_history WHERE id <= ?");
  const renameHistory = db.prepare("UPDATE place_history SET member_id = ? WHERE member_id = ?");
  let keptHistoryAbove = (db.prepare("SELECT min(id) FROM place_history").pluck().get() ?? 1) - 1;
  const insertJournal = db.prepare(
    "INSERT INTO journal_batch (entries, replay_entries, bytes, packed) VALUES (?, ?, ?, ?)"
  );
  const insertJournalPlace = db.prepare(
    "INSERT INTO journal_batch (entries, replay_entries, bytes, packed, segment, at, crc) VALUES (?, ?, ?, X'', ?, ?, ?)"
  );
  const pruneJournal = db.prepare("DELETE FROM journal_batch WHERE id <= ?");
  const findCut = db.prepare(
    "SELECT id, running FROM (SELECT id, sum(entries) OVER (ORDER BY id) AS running FROM journal_batch) WHERE running <= ? ORDER BY id DESC LIMIT 1"
  );
  const findBytesCut = db.prepare(
    "SELECT id, entries, bytes FROM (SELECT id, sum(entries) OVER (ORDER BY id) AS entries, sum(bytes) OVER (ORDER BY id) AS bytes FROM journal_batch) WHERE bytes <= ? ORDER BY id DESC LIMIT 1"
  );
  const firstPlace = db.prepare(
    "SELECT segment, at, bytes, crc FROM journal_batch WHERE segment IS NOT NULL ORDER BY id LIMIT 1"
  );
  const lastPlace = db.prepare(
    "SELECT segment, at, bytes, crc FROM journal_batch WHERE segment IS NOT NULL ORDER BY id DESC LIMIT 1"
  );
  let keptEntries = db.prepare("SELECT total(entries) FROM journal_batch").pluck().get();
  const sumJournalBytes = db.prepare("SELECT total(bytes) FROM journal_batch").pluck();
  let keptBytes = sumJournalBytes.get();
  let segments;
  if (!db.memory) {
    const dir = journalFolderOf(db.name);
    try {
      segments = openJournalSegments(
        dir,
        segmentsKept(
          firstPlace.get(),
          lastPlace.get()
        ),
        options.segments
      );
    } catch (error) {
      checkpointer?.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot open the message journal's files in ${dir}: ${reason}`, { cause: error });
    }
  }
  const write = db.transaction((batch) => {
    const nowMs = Date.now();
    const settleMembers = members.write(batch.members, nowMs);
    for (const { from, to } of batch.renamed ?? []) renameHistory.run(to, from);
    let historyFloor;
    const moves = batch.moves;
    for (let at = 0; at < moves.length; ) {
      const rows = moves.length - at >= MOVE_BLOCK ? MOVE_BLOCK : 1;
      const values2 = [];
      for (const move2 of moves.slice(at, at + rows))
        values2.push(move2.memberId, whereaboutsLabel(move2.from), whereaboutsLabel(move2.to), move2.atMs);
      at += rows;
      const statement = rows === MOVE_BLOCK ? insertMoves[0] : insertMoves[1];
      const id = Number(statement.run(values2).lastInsertRowid);
      if (id - (historyFloor ?? keptHistoryAbove) > historyLimit + Math.ceil(historyLimit / 10)) {
        historyFloor = id - historyLimit;
        pruneHistory.run(historyFloor);
      }
    }
    const rowBytes = 64 * (moves.length + batch.members.length);
    const journal = batch.journal;
    if (journal.length === 0)
      return {
        settleMembers,
        historyFloor,
        journalEntries: keptEntries,
        journalBytes: keptBytes,
        bytes: rowBytes
      };
    const packed = packJournal(journal);
    let forReplay = 0;
    for (const e of journal) if (readForReplay(e.outcome, e.replayedFromMs !== void 0)) forReplay++;
    let place;
    if (segments && packed.byteLength >= SEGMENT_BATCH_BYTES) {
      place = segments.write(packed);
      insertJournalPlace.run(journal.length, forReplay, place.bytes, place.segment, place.at, place.crc);
    } else insertJournal.run(journal.length, forReplay, packed.byteLength, packed);
    let total = keptEntries + journal.length;
    let totalBytes = keptBytes + packed.byteLength;
    let pruned = false;
    if (total > journalLimit + Math.ceil(journalLimit / 10)) {
      const cut = findCut.get(total - journalLimit);
      if (cut) {
        pruneJournal.run(cut.id);
        total -= cut.running;
        pruned = true;
      }
    }
    const bytesBound = journalBytesLimit + Math.ceil(journalBytesLimit / 10);
    if (totalBytes > bytesBound) totalBytes = sumJournalBytes.get();
    if (totalBytes > bytesBound) {
      const cut = findBytesCut.get(totalBytes - journalBytesLimit);
      if (cut) {
        pruneJournal.run(cut.id);
        total -= cut.entries;
        totalBytes -= cut.bytes;
        pruned = true;
      }
    }
    const dropBefore = pruned ? firstPlace.get()?.segment ?? Infinity : void 0;
    return {
      settleMembers,
      historyFloor,
      journalEntries: total,
      journalBytes: totalBytes,
      place,
      dropBefore,
      bytes: rowBytes + (place ? 0 : packed.byteLength)
    };
  });
  const commit = (batch) => {
    const written = write(batch);
    written.settleMembers();
    if (written.historyFloor !== void 0) keptHistoryAbove = written.historyFloor;
    keptEntries = written.journalEntries;
    keptBytes = written.journalBytes;
    if (written.place) segments?.committed(written.place);
    if (written.dropBefore !== void 0) segments?.dropBefore(written.dropBefore);
    checkpointer?.committed(written.bytes);
  };
  return {
    walWritten: (bytes) => checkpointer?.committed(bytes),
    journalFilesDropped: () => segments?.dropped() ?? Promise.resolve(),
    loadState() {
      const loaded = members.load();
      return loaded ? { members: loaded } : null;
    },
    commit,
    history({ memberId, memberIds, limit }) {
      const rows = memberId !== void 0 ? db.prepare("SELECT * FROM place_history WHERE member_id = ? ORDER BY id DESC LIMIT ?").all(memberId, limit) : memberIds ? db.prepare(
        "SELECT * FROM place_history WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?"
      ).all(JSON.stringify(memberIds), limit) : db.prepare("SELECT * FROM place_history ORDER BY id DESC LIMIT ?").all(limit);
      return rows.map((r) => ({ memberId: r.member_id, from: r.from_place, to: r.to_place, atMs: r.at_ms }));
    },
    journal: (options2) => readJournal(db, options2),
    close() {
      const unsynced = [...checkpointer?.unsynced() ?? [], ...segments?.unsynced() ?? []];
      checkpointer?.close();
      try {
        if (db.open) syncFiles([...new Set(unsynced)]);
      } catch (error) {
        options.onError?.(
          `could not fsync the journal before closing: ${error instanceof Error ? error.message : String(error)}`
        );
      }
      segments?.close();
      if (db.open) db.close();
    }
  };
}
function segmentsKept(first2, last) {
  return first2 && last ? { first: first2.segment, last } : void 0;
}
function openSqliteStore(file, options = {}) {
  const { cacheKiB, ...storeOptions } = options;
  const db = openDatabase(file, cacheKiB === void 0 ? {} : { cacheKiB });
  try {
    return { db, store: createSqliteStore(db, storeOptions) };
  } catch (error) {
    db.close();
    throw error;
  }
}

// src/adapters/crypto/owntracks-crypto.ts
import nacl from "tweetnacl";
var KEY_BYTES2 = nacl.secretbox.keyLength;
var NONCE_BYTES = nacl.secretbox.nonceLength;
function keyFromSecret(secret) {
  const key = new Uint8Array(KEY_BYTES2);
  key.set(new TextEncoder().encode(secret).subarray(0, KEY_BYTES2));
  return key;
}
function keysFromSecret(secret) {
  const android = keyFromSecret(secret);
  const ios = new Uint8Array(KEY_BYTES2);
  const { written } = new TextEncoder().encodeInto(secret, ios);
  return written === KEY_BYTES2 || android.every((b, i) => b === ios[i]) ? [android] : [android, ios];
}
function openSealed(dataBase64, key) {
  const raw = Buffer.from(dataBase64, "base64");
  if (raw.length < NONCE_BYTES + nacl.secretbox.overheadLength) return null;
  return nacl.secretbox.open(raw.subarray(NONCE_BYTES), raw.subarray(0, NONCE_BYTES), key);
}
function seal(plaintext, key) {
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const box = nacl.secretbox(plaintext, nonce, key);
  return Buffer.concat([nonce, box]).toString("base64");
}
function createKeyring(options) {
  const familyKeys = options.family ? keysFromSecret(options.family) : void 0;
  const deviceKeys = new Map(
    [...options.devices ?? []].map(([id, secret]) => [id.toLowerCase(), keysFromSecret(secret)])
  );
  const opened = /* @__PURE__ */ new Map();
  const rememberedKey = (id) => `encryption-key-opened:${id}`;
  const openedBy = (id) => {
    let index = opened.get(id);
    if (index === void 0) {
      try {
        index = Number(options.remember?.get(rememberedKey(id)) ?? 0) || 0;
      } catch {
        index = 0;
      }
      opened.set(id, index);
    }
    return index;
  };
  const sending = /* @__PURE__ */ new Map();
  const rememberedSending = (id) => `encryption-unused:${id}`;
  const sendingOf = (id) => {
    let known = sending.get(id);
    if (known === void 0) {
      let stored;
      try {
        stored = options.remember?.get(rememberedSending(id));
      } catch {
        stored = void 0;
      }
      known = stored === "1" ? "plain" : stored === "0" ? "sealed" : "unknown";
      sending.set(id, known);
    }
    return known;
  };
  const sendsPlain = (id) => sendingOf(id) === "plain";
  const noteSending = (id, how) => {
    const before = sendingOf(id);
    if (before === how || how === "plain" && before === "sealed" && options.sealedForGood) return;
    sending.set(id, how);
    try {
      options.remember?.set(rememberedSending(id), how === "plain" ? "1" : "0");
    } catch {
    }
    if (how === "plain") options.onTurnedPlain?.(id);
  };
  const keysFor = (deviceId) => deviceKeys.get(deviceId.toLowerCase()) ?? familyKeys;
  const keyFor = (deviceId) => {
    const keys = keysFor(deviceId);
    return keys && keys.length > 1 ? keys[openedBy(deviceId.toLowerCase())] : keys?.[0];
  };
  return {
    decrypt(deviceId, data, current2 = true) {
      const keys = keysFor(deviceId);
      if (!keys) return { ok: false, reason: "no-key" };
      const id = deviceId.toLowerCase();
      const first2 = keys.length > 1 ? openedBy(id) : 0;
      for (const index of first2 === 0 ? [0, 1] : [first2, 0]) {
        const key = keys[index];
        if (!key) continue;
        const plaintext = openSealed(data, key);
        if (!plaintext) continue;
        if (current2) noteSending(id, "sealed");
        if (current2 && keys.length > 1 && first2 !== index) {
          opened.set(id, index);
          try {
            options.remember?.set(rememberedKey(id), String(index));
          } catch {
          }
        }
        return { ok: true, plaintext };
      }
      return { ok: false, reason: "failed" };
    },
    wrapForDevice(deviceId, message) {
      const json = JSON.stringify(message);
      const key = keyFor(deviceId);
      if (!key || sendsPlain(deviceId.toLowerCase())) return json;
      return JSON.stringify({ _type: "encrypted", data: seal(new TextEncoder().encode(json), key) });
    },
    sentPlain(deviceId) {
      if (keysFor(deviceId)) noteSending(deviceId.toLowerCase(), "plain");
    },
    hasKeys: () => familyKeys !== void 0 || deviceKeys.size > 0
  };
}

// src/adapters/sqlite/meta.ts
function createMeta(db) {
  const select = db.prepare("SELECT value FROM meta WHERE key = ?");
  const upsert = db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
  );
  return {
    get: (key) => select.get(key)?.value,
    set: (key, value) => {
      upsert.run(key, value);
    }
  };
}

// src/core/result.ts
var ok = (value) => ({ ok: true, value });
var fail = (problem) => ({ ok: false, problem });

// src/core/owntracks/decode-fields.ts
var MILLISECONDS_ABOVE = 1e11;
var POSITIVE_TIME = "must be a positive epoch time";
function isAbsent(value) {
  return value === void 0 || value === null;
}
function toNumber(value) {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}
function toTimestampSec(value) {
  const seconds = Math.round(value > MILLISECONDS_ABOVE ? value / 1e3 : value);
  return seconds > 0 && seconds <= MILLISECONDS_ABOVE ? seconds : Number.NaN;
}
function isValidLatLon(lat, lon) {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat === 0 && lon === 0);
}
function missingField(topic, type, field) {
  return { code: "missing-field", topic, type, field };
}
function wrongType(topic, type, field, expected) {
  return { code: "wrong-type", topic, type, field, expected };
}
function invalidValue(topic, type, field, detail) {
  return { code: "invalid-value", topic, type, field, detail };
}
function numberProblem(raw, field, topic, type, detail) {
  if (isAbsent(raw)) return missingField(topic, type, field);
  if (!Number.isFinite(toNumber(raw))) return wrongType(topic, type, field, "number");
  return invalidValue(topic, type, field, detail);
}
function requiredNumber(msg, field, topic, type) {
  const raw = msg[field];
  if (isAbsent(raw)) return missingField(topic, type, field);
  const value = toNumber(raw);
  return Number.isFinite(value) ? value : wrongType(topic, type, field, "number");
}
function requiredTimestamp(msg, field, topic, type) {
  const value = requiredNumber(msg, field, topic, type);
  return typeof value === "number" ? checkedTimestamp(value, field, topic, type) : value;
}
function optionalTimestamp(msg, field, topic, type) {
  if (isAbsent(msg[field])) return void 0;
  return requiredTimestamp(msg, field, topic, type);
}
function checkedTimestamp(value, field, topic, type) {
  const seconds = toTimestampSec(value);
  return Number.isNaN(seconds) ? invalidValue(topic, type, field, POSITIVE_TIME) : seconds;
}
function requiredString(msg, field, topic, type) {
  const raw = msg[field];
  if (isAbsent(raw)) return missingField(topic, type, field);
  return typeof raw === "string" ? raw : wrongType(topic, type, field, "string");
}
var MAX_DECORATIVE_LENGTH = 64;
function decorativeString(raw) {
  if (typeof raw !== "string" || raw === "") return void 0;
  if (raw.length <= MAX_DECORATIVE_LENGTH) return raw;
  const cut = raw.slice(0, MAX_DECORATIVE_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
function metresOrUndefined(raw) {
  const value = Math.round(toNumber(raw));
  return value >= 0 && Number.isFinite(value) ? value : void 0;
}
function optionalLatLon(msg) {
  const lat = toNumber(msg.lat);
  const lon = toNumber(msg.lon);
  return isValidLatLon(lat, lon) ? { lat, lon } : void 0;
}

// src/core/owntracks/decode-location.ts
var TYPE = "location";
var LAT_RANGE = "must be between -90 and 90";
var LON_RANGE = "must be between -180 and 180";
function decodeLocation(msg, topic, sender) {
  const rawLat = msg.lat;
  const lat = typeof rawLat === "number" ? rawLat : toNumber(rawLat);
  if (!(lat >= -90 && lat <= 90)) return fail(numberProblem(rawLat, "lat", topic, TYPE, LAT_RANGE));
  const rawLon = msg.lon;
  const lon = typeof rawLon === "number" ? rawLon : toNumber(rawLon);
  if (!(lon >= -180 && lon <= 180)) return fail(numberProblem(rawLon, "lon", topic, TYPE, LON_RANGE));
  if (lat === 0 && lon === 0) return fail(invalidValue(topic, TYPE, "lat", 'and "lon" are both 0'));
  const rawTst = msg.tst;
  const timestampSec = toTimestampSec(typeof rawTst === "number" ? rawTst : toNumber(rawTst));
  if (Number.isNaN(timestampSec)) return fail(numberProblem(rawTst, "tst", topic, TYPE, POSITIVE_TIME));
  let fix;
  const rawAcc = msg.acc;
  if (rawAcc === void 0 || rawAcc === null) {
    fix = { lat, lon };
  } else {
    const acc = typeof rawAcc === "number" ? rawAcc : toNumber(rawAcc);
    if (!(acc >= 0 && acc < Number.POSITIVE_INFINITY)) {
      return fail(numberProblem(rawAcc, "acc", topic, TYPE, "must not be negative"));
    }
    fix = { lat, lon, accuracyMeters: Math.round(acc) };
  }
  const event = {
    kind: "location",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    timestampSec,
    fix
  };
  const rawRegions = msg.inregions;
  if (rawRegions !== void 0 && rawRegions !== null) {
    if (!Array.isArray(rawRegions)) return fail(wrongType(topic, TYPE, "inregions", "array of strings"));
    event.insidePlaceNames = stringsOnly(rawRegions);
  }
  const trigger = msg.t;
  if (isText(trigger)) event.trigger = trigger;
  const batteryPercent = roundedOrNaN(msg.batt);
  if (batteryPercent >= 0 && batteryPercent <= 100) event.batteryPercent = batteryPercent;
  const velocityKmh = roundedOrNaN(msg.vel);
  if (velocityKmh >= 0 && velocityKmh < Number.POSITIVE_INFINITY) event.velocityKmh = velocityKmh;
  const initials2 = msg.tid;
  if (isText(initials2)) event.initials = initials2;
  const upperSsid = msg.SSID;
  const wifiSsid = isText(upperSsid) ? upperSsid : msg.ssid;
  if (isText(wifiSsid)) event.wifiSsid = wifiSsid;
  return ok(event);
}
function isText(value) {
  return typeof value === "string" && value !== "" && value.length <= MAX_DECORATIVE_LENGTH;
}
function roundedOrNaN(value) {
  if (typeof value === "number") return Math.round(value);
  return typeof value === "string" ? Math.round(toNumber(value)) : Number.NaN;
}
function stringsOnly(values2) {
  for (const value of values2) {
    if (typeof value !== "string") return values2.filter((v) => typeof v === "string");
  }
  return values2;
}

// src/core/owntracks/decode-regions.ts
function decodeWaypoint(msg, topic, sender) {
  const region = regionOf(msg, topic, "waypoint");
  if (!isRegion(region)) return fail(region);
  return ok({
    kind: "regions",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    source: "waypoint",
    regions: [region]
  });
}
function decodeWaypoints(msg, topic, sender) {
  const entries = msg.waypoints;
  if (isAbsent(entries)) return fail(missingField(topic, "waypoints", "waypoints"));
  if (!Array.isArray(entries)) return fail(wrongType(topic, "waypoints", "waypoints", "array of waypoints"));
  const regions = [];
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) continue;
    const region = regionOf(entry, topic, "waypoints");
    if (isRegion(region)) regions.push(region);
  }
  return ok({
    kind: "regions",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    source: "waypoints",
    regions
  });
}
var MAX_REGION_NAME_LENGTH = 200;
function regionOf(msg, topic, type) {
  const name = requiredString(msg, "desc", topic, type);
  if (typeof name !== "string") return name;
  if (name.length > MAX_REGION_NAME_LENGTH)
    return invalidValue(topic, type, "desc", `is longer than ${MAX_REGION_NAME_LENGTH} characters`);
  const createdSec = requiredTimestamp(msg, "tst", topic, type);
  if (typeof createdSec !== "number") return createdSec;
  const region = { name, createdSec };
  const centre2 = optionalLatLon(msg);
  if (centre2 !== void 0) {
    region.lat = centre2.lat;
    region.lon = centre2.lon;
  }
  const radiusMeters = metresOrUndefined(msg.rad);
  if (radiusMeters !== void 0) region.radiusMeters = radiusMeters;
  return region;
}
function isRegion(value) {
  return !("code" in value);
}

// src/core/owntracks/decode-transition.ts
var TYPE2 = "transition";
function decodeTransition(msg, topic, sender) {
  const direction = requiredString(msg, "event", topic, TYPE2);
  if (typeof direction !== "string") return fail(direction);
  if (direction !== "enter" && direction !== "leave") {
    return fail(invalidValue(topic, TYPE2, "event", 'must be "enter" or "leave"'));
  }
  const placeName = requiredString(msg, "desc", topic, TYPE2);
  if (typeof placeName !== "string") return fail(placeName);
  const timestampSec = requiredTimestamp(msg, "tst", topic, TYPE2);
  if (typeof timestampSec !== "number") return fail(timestampSec);
  const event = {
    kind: "transition",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    timestampSec,
    event: direction,
    placeName
  };
  const position = optionalLatLon(msg);
  if (position !== void 0) {
    const accuracyMeters = metresOrUndefined(msg.acc);
    const fix = accuracyMeters === void 0 ? position : { lat: position.lat, lon: position.lon, accuracyMeters };
    event.fix = fix;
  }
  const trigger = decorativeString(msg.t);
  if (trigger !== void 0) event.trigger = trigger;
  return ok(event);
}

// src/core/owntracks/exact-decimal.ts
var POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
var EXACT_DIGITS = 15;
function decimalToDouble(head, tail, tailDigits, fraction) {
  const divisor = POWERS_OF_TEN[fraction];
  if (tailDigits === 0) return fraction === 0 ? head : head / divisor;
  const scale = POWERS_OF_TEN[tailDigits];
  const product = head * scale;
  const productError = twoProductError(head, scale, product);
  const hi = product + tail;
  const lo = productError + (tail - (hi - product));
  const q1 = hi / divisor;
  const p1 = q1 * divisor;
  const remainder = hi - p1 - twoProductError(q1, divisor, p1) + lo;
  const q2 = remainder / divisor;
  const rounded = q1 + q2;
  const below = q2 - (rounded - q1);
  bits[0] = rounded;
  const high = words[HIGH];
  const exponentBits = high >>> 20 & 2047;
  if (exponentBits <= 54 || (high & 1048575) === 0 && words[LOW] === 0) return Number.NaN;
  words[HIGH] = exponentBits - 53 << 20;
  words[LOW] = 0;
  const halfUlp = bits[0];
  const margin = rounded * 2 ** -80;
  return Math.abs(Math.abs(below) - halfUlp) <= margin ? Number.NaN : rounded;
}
var bits = new Float64Array(1);
var words = new Uint32Array(bits.buffer);
var HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
var LOW = 1 - HIGH;
function twoProductError(a, b, product) {
  const aScaled = SPLITTER * a;
  const aHi = aScaled - (aScaled - a);
  const aLo = a - aHi;
  const bScaled = SPLITTER * b;
  const bHi = bScaled - (bScaled - b);
  const bLo = b - bHi;
  return aLo * bLo - (product - aHi * bHi - aLo * bHi - aHi * bLo);
}
var SPLITTER = 2 ** 27 + 1;

// src/core/owntracks/scan-json.ts
var WIRE_FIELDS = [
  "_type",
  "lat",
  "lon",
  "tst",
  "acc",
  "inregions",
  "t",
  "batt",
  "vel",
  "tid",
  "SSID",
  "ssid",
  "event",
  "desc",
  "rad",
  "waypoints",
  "data",
  "name",
  "face"
];
function fieldsOf(v) {
  return {
    _type: v[0],
    lat: v[1],
    lon: v[2],
    tst: v[3],
    acc: v[4],
    inregions: v[5],
    t: v[6],
    batt: v[7],
    vel: v[8],
    tid: v[9],
    SSID: v[10],
    ssid: v[11],
    event: v[12],
    desc: v[13],
    rad: v[14],
    waypoints: v[15],
    data: v[16],
    name: v[17],
    face: v[18]
  };
}
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var COLON = 58;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
var MINUS = 45;
var PLUS = 43;
var DOT = 46;
var ZERO = 48;
var NINE = 57;
var MAX_DEPTH = 64;
var BAIL = -1;
var KEY_SLOTS = 256;
var keySlot = (length, first2, last) => length * 4 + first2 * 3 + last & KEY_SLOTS - 1;
var keyTable = new Array(KEY_SLOTS).fill(void 0);
for (let f = 0; f < WIRE_FIELDS.length; f++) {
  const name = WIRE_FIELDS[f];
  const slot = keySlot(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1));
  if (keyTable[slot] !== void 0) throw new Error(`scan-json: fields collide in slot ${slot}`);
  keyTable[slot] = f;
}
var STRING_SLOTS = 512;
var CACHED_LENGTH = 48;
var stringCache = new Array(STRING_SLOTS).fill("");
var utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
var scanned;
var values = new Array(WIRE_FIELDS.length).fill(void 0);
function scanWireObject(b) {
  values.fill(void 0);
  const n = b.length;
  let i = skipSpace(b, 0, n);
  if (i >= n || b[i] !== OPEN_BRACE) return void 0;
  i = skipSpace(b, i + 1, n);
  if (i < n && b[i] === CLOSE_BRACE) {
    i++;
  } else {
    for (; ; ) {
      if (i >= n || b[i] !== QUOTE) return void 0;
      const start = i + 1;
      let j = start;
      for (; j < n; j++) {
        const c2 = b[j];
        if (c2 === QUOTE) break;
        if (c2 === BACKSLASH || c2 < 32 || c2 > 126) return void 0;
      }
      if (j >= n) return void 0;
      const field = j === start ? void 0 : keyTable[keySlot(j - start, b[start], b[j - 1])];
      const kept = field !== void 0 && sameBytes(b, start, j, WIRE_FIELDS[field]);
      i = skipSpace(b, j + 1, n);
      if (i >= n || b[i] !== COLON) return void 0;
      i = skipSpace(b, i + 1, n);
      if (kept) {
        i = keptValue(b, i, n);
        if (i === BAIL) return void 0;
        values[field] = scanned;
      } else {
        i = skipValue(b, i, n, 0);
        if (i === BAIL) return void 0;
      }
      i = skipSpace(b, i, n);
      if (i >= n) return void 0;
      const c = b[i];
      i++;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return void 0;
      i = skipSpace(b, i, n);
    }
  }
  if (skipSpace(b, i, n) !== n) return void 0;
  return fieldsOf(values);
}
function skipSpace(b, i, n) {
  while (i < n) {
    const c = b[i];
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
  return i;
}
function sameBytes(b, start, end, text) {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[start + k] !== text.charCodeAt(k)) return false;
  return true;
}
function keptValue(b, i, n) {
  if (b[i] !== OPEN_BRACKET) return scalar(b, i, n);
  const list = [];
  i = skipSpace(b, i + 1, n);
  if (i < n && b[i] === CLOSE_BRACKET) {
    scanned = list;
    return i + 1;
  }
  for (; ; ) {
    i = scalar(b, i, n);
    if (i === BAIL) return BAIL;
    list.push(scanned);
    i = skipSpace(b, i, n);
    if (i >= n) return BAIL;
    const c = b[i];
    if (c === CLOSE_BRACKET) break;
    if (c !== COMMA) return BAIL;
    i = skipSpace(b, i + 1, n);
  }
  scanned = list;
  return i + 1;
}
function scalar(b, i, n) {
  if (i >= n) return BAIL;
  const c = b[i];
  if (c === QUOTE) return keptString(b, i + 1, n);
  if (c === MINUS || c >= ZERO && c <= NINE) return number(b, i, n, true);
  return literal(b, i, n, true);
}
function keptString(b, start, n) {
  let h = 0;
  let wide = false;
  let j = start;
  while (j < n) {
    const c = b[j];
    if (c === QUOTE) break;
    if (c === BACKSLASH || c < 32) return BAIL;
    if (c >= 128) {
      j = utf8Sequence(b, j, n);
      if (j === BAIL) return BAIL;
      wide = true;
      continue;
    }
    h = Math.imul(h, 31) + c | 0;
    j++;
  }
  if (j >= n) return BAIL;
  const length = j - start;
  if (wide || length > CACHED_LENGTH) {
    scanned = utf8.decode(b.subarray(start, j));
    return j + 1;
  }
  const slot = h & STRING_SLOTS - 1;
  const cached = stringCache[slot];
  if (sameBytes(b, start, j, cached)) {
    scanned = cached;
  } else {
    const text = utf8.decode(b.subarray(start, j));
    stringCache[slot] = text;
    scanned = text;
  }
  return j + 1;
}
var MAX_DIGITS = 19;
function number(b, i, n, keep) {
  const start = i;
  const negative = b[i] === MINUS;
  if (negative) i++;
  if (i >= n) return BAIL;
  const first2 = b[i];
  let head = 0;
  let tail = 0;
  let digits = 0;
  if (first2 === ZERO) {
    i++;
  } else if (first2 > ZERO && first2 <= NINE) {
    for (; i < n; i++) {
      const d = b[i] - ZERO;
      if (d < 0 || d > 9) break;
      if (digits < EXACT_DIGITS) head = head * 10 + d;
      else tail = tail * 10 + d;
      digits++;
    }
  } else {
    return BAIL;
  }
  let fraction = 0;
  if (i < n && b[i] === DOT) {
    const from = ++i;
    for (; i < n; i++) {
      const d = b[i] - ZERO;
      if (d < 0 || d > 9) break;
      if (digits === 0 && d === 0) continue;
      if (digits < EXACT_DIGITS) head = head * 10 + d;
      else tail = tail * 10 + d;
      digits++;
    }
    fraction = i - from;
    if (fraction === 0) return BAIL;
  }
  let exponent = false;
  if (i < n && (b[i] === 101 || b[i] === 69)) {
    exponent = true;
    i++;
    if (i < n && (b[i] === PLUS || b[i] === MINUS)) i++;
    const from = i;
    while (i < n && b[i] >= ZERO && b[i] <= NINE) i++;
    if (i === from) return BAIL;
  }
  if (keep) {
    let value = Number.NaN;
    if (!exponent && fraction <= 22 && digits <= MAX_DIGITS) {
      value = decimalToDouble(head, tail, Math.max(0, digits - EXACT_DIGITS), fraction);
    }
    if (Number.isNaN(value)) value = Number(utf8.decode(b.subarray(negative ? start + 1 : start, i)));
    scanned = negative ? -value : value;
  }
  return i;
}
function literal(b, i, n, keep) {
  const c = b[i];
  const word = c === 116 ? "true" : c === 102 ? "false" : c === 110 ? "null" : void 0;
  if (word === void 0 || i + word.length > n || !sameBytes(b, i, i + word.length, word)) return BAIL;
  if (keep) scanned = c === 116 ? true : c === 102 ? false : null;
  return i + word.length;
}
function skipValue(b, i, n, depth) {
  if (i >= n) return BAIL;
  const c = b[i];
  if (c === QUOTE) return skipString(b, i + 1, n);
  if (c === MINUS || c >= ZERO && c <= NINE) return number(b, i, n, false);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth >= MAX_DEPTH) return BAIL;
    const object = c === OPEN_BRACE;
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
    i = skipSpace(b, i + 1, n);
    if (i < n && b[i] === close) return i + 1;
    for (; ; ) {
      if (object) {
        if (i >= n || b[i] !== QUOTE) return BAIL;
        i = skipString(b, i + 1, n);
        if (i === BAIL) return BAIL;
        i = skipSpace(b, i, n);
        if (i >= n || b[i] !== COLON) return BAIL;
        i = skipSpace(b, i + 1, n);
      }
      i = skipValue(b, i, n, depth + 1);
      if (i === BAIL) return BAIL;
      i = skipSpace(b, i, n);
      if (i >= n) return BAIL;
      const next = b[i];
      if (next === close) return i + 1;
      if (next !== COMMA) return BAIL;
      i = skipSpace(b, i + 1, n);
    }
  }
  return literal(b, i, n, false);
}
function skipString(b, i, n) {
  while (i < n) {
    const c = b[i];
    if (c === QUOTE) return i + 1;
    if (c < 32) return BAIL;
    if (c >= 128) {
      i = utf8Sequence(b, i, n);
      if (i === BAIL) return BAIL;
      continue;
    }
    if (c === BACKSLASH) {
      const e = b[i + 1];
      if (e === 117) {
        if (i + 6 > n) return BAIL;
        for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k])) return BAIL;
        i += 6;
        continue;
      }
      if (e !== QUOTE && e !== BACKSLASH && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116)
        return BAIL;
      i += 2;
      continue;
    }
    i++;
  }
  return BAIL;
}
function utf8Sequence(b, i, n) {
  const lead = b[i];
  let count;
  let low = 128;
  let high = 191;
  if (lead >= 194 && lead <= 223) count = 1;
  else if (lead >= 224 && lead <= 239) {
    count = 2;
    if (lead === 224) low = 160;
    else if (lead === 237) high = 159;
  } else if (lead >= 240 && lead <= 244) {
    count = 3;
    if (lead === 240) low = 144;
    else if (lead === 244) high = 143;
  } else return BAIL;
  if (i + count >= n) return BAIL;
  const second = b[i + 1];
  if (second < low || second > high) return BAIL;
  for (let k = i + 2; k <= i + count; k++) {
    const c = b[k];
    if (c < 128 || c > 191) return BAIL;
  }
  return i + count + 1;
}
var isHex = (c) => c >= ZERO && c <= NINE || c >= 65 && c <= 70 || c >= 97 && c <= 102;

// src/core/owntracks/topic.ts
var OWNTRACKS_ROOT = "owntracks";
var ROOT_PREFIX = `${OWNTRACKS_ROOT}/`;
function parseTopic(topic, family) {
  if (topic.indexOf("+") >= 0 || topic.indexOf("#") >= 0) return badTopic(topic, "contains a wildcard");
  if (topic.slice(0, ROOT_PREFIX.length) !== ROOT_PREFIX) {
    return badTopic(topic, `does not start with "${ROOT_PREFIX}"`);
  }
  const familyStart = ROOT_PREFIX.length;
  const familyEnd = topic.indexOf("/", familyStart);
  if (familyEnd < 0) return badTopic(topic, "has no device level");
  if (familyEnd === familyStart) return badTopic(topic, "has an empty family level");
  const deviceEnd = topic.indexOf("/", familyEnd + 1);
  const deviceId = topic.slice(familyEnd + 1, deviceEnd < 0 ? topic.length : deviceEnd);
  if (deviceId === "") return badTopic(topic, "has an empty device level");
  let subtopic = "";
  if (deviceEnd >= 0) {
    subtopic = topic.slice(deviceEnd + 1);
    if (subtopic === "" || subtopic[0] === "/" || subtopic.endsWith("/") || subtopic.indexOf("//") >= 0) {
      return badTopic(topic, "has an empty level");
    }
  }
  const topicFamily = topic.slice(familyStart, familyEnd);
  if (topicFamily !== family) return badTopic(topic, `family "${topicFamily}" is not "${family}"`);
  return ok({ family, deviceId, subtopic });
}
function badTopic(topic, detail) {
  return fail({ code: "bad-topic", topic, detail });
}

// src/core/owntracks/decode.ts
var MAX_FACE_BASE64 = 204800;
var UNTYPED = "message";
var parsedTopics = /* @__PURE__ */ new Map();
var PARSED_TOPICS_LIMIT = 256;
var utf82 = new TextDecoder("utf-8", { fatal: true });
function decodeOwnTracks(topic, payload, ctx) {
  const bytes = payload.byteLength;
  if (bytes > ctx.maxPayloadBytes) {
    return fail({ code: "oversize", topic, bytes, limitBytes: ctx.maxPayloadBytes });
  }
  let device = parsedTopics.get(topic);
  if (device === void 0 || device.family !== ctx.family) {
    const parsed = parseTopic(topic, ctx.family);
    if (!parsed.ok) return parsed;
    device = parsed.value;
    if (parsedTopics.size >= PARSED_TOPICS_LIMIT) parsedTopics.clear();
    parsedTopics.set(topic, device);
  }
  const subtopic = device.subtopic;
  const sender = ctx.senderOf(device.deviceId);
  if (sender === void 0) return fail({ code: "unknown-device", topic, deviceId: device.deviceId });
  if (subtopic === "cmd") return ok(ignored(sender, "cmd"));
  if (bytes === 0) {
    if (subtopic === "") return ok({ kind: "forget", memberId: sender.memberId, deviceId: sender.deviceId });
    if (subtopic === "info")
      return ok({ kind: "card", memberId: sender.memberId, deviceId: sender.deviceId, cleared: true });
    return ok(ignored(sender, "clear"));
  }
  const scanned2 = scanWireObject(payload);
  if (scanned2 !== void 0) return decodeMessage(scanned2, topic, sender, ctx);
  let text;
  try {
    text = utf82.decode(payload);
  } catch {
    return fail({ code: "not-json", topic, detail: "invalid UTF-8" });
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return fail({ code: "not-json", topic, detail: `invalid JSON syntax in ${bytes} bytes` });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return fail({ code: "not-object", topic });
  return decodeMessage(json, topic, sender, ctx);
}
function decodeMessage(msg, topic, sender, ctx) {
  const type = msg._type;
  if (type === void 0 || type === null) {
    return fail({ code: "missing-field", topic, type: UNTYPED, field: "_type" });
  }
  if (typeof type !== "string") return fail(wrongType(topic, UNTYPED, "_type", "string"));
  const known = type;
  switch (known) {
    case "location":
      return saidPlain(decodeLocation(msg, topic, sender), ctx);
    case "transition":
      return saidPlain(decodeTransition(msg, topic, sender), ctx);
    case "waypoint":
      return decodeWaypoint(msg, topic, sender);
    case "waypoints":
      return decodeWaypoints(msg, topic, sender);
    case "lwt":
      return decodeLastWill(msg, topic, sender);
    case "card":
      return ok(cardOf(msg, sender));
    case "encrypted":
      return decodeEncrypted(msg, topic, sender, ctx);
    // Valid messages that never move a hand (§1.7, §1.8, §1.10–§1.14): acknowledged, not parsed.
    case "status":
    case "steps":
    case "cmd":
    case "beacon":
    case "dump":
    case "configuration":
    case "request":
      return ok(ignored(sender, known));
    default: {
      const other = known;
      return fail({ code: "unknown-type", topic, type: other });
    }
  }
}
function saidPlain(decoded, ctx) {
  if (decoded.ok && ctx?.sentPlain) ctx.sentPlain(decoded.value.deviceId);
  return decoded;
}
function decodeEncrypted(msg, topic, sender, ctx) {
  const data = msg.data;
  if (data === void 0 || data === null)
    return fail({ code: "missing-field", topic, type: "encrypted", field: "data" });
  if (typeof data !== "string") return fail(wrongType(topic, "encrypted", "data", "string"));
  const opened = ctx?.decrypt ? ctx.decrypt(sender.deviceId, data) : { ok: false, reason: "no-key" };
  if (!opened.ok)
    return fail({ code: opened.reason === "no-key" ? "encrypted-no-key" : "decrypt-failed", topic });
  let inner;
  try {
    inner = JSON.parse(utf82.decode(opened.plaintext));
  } catch {
    return fail({ code: "decrypt-failed", topic });
  }
  if (typeof inner !== "object" || inner === null || Array.isArray(inner) || inner._type === "encrypted") {
    return fail({ code: "decrypt-failed", topic });
  }
  return decodeMessage(inner, topic, sender);
}
function decodeLastWill(msg, topic, sender) {
  const timestampSec = optionalTimestamp(msg, "tst", topic, "lwt");
  if (typeof timestampSec === "object") return fail(timestampSec);
  const event = { kind: "lwt", memberId: sender.memberId, deviceId: sender.deviceId };
  if (timestampSec !== void 0) event.timestampSec = timestampSec;
  return ok(event);
}
function cardOf(msg, sender) {
  const card = { kind: "card", memberId: sender.memberId, deviceId: sender.deviceId };
  const name = decorativeString(msg.name);
  if (name !== void 0) card.name = name;
  const face = typeof msg.face === "string" && msg.face !== "" ? msg.face : void 0;
  if (face !== void 0 && face.length <= MAX_FACE_BASE64) card.face = face;
  const initials2 = decorativeString(msg.tid);
  if (initials2 !== void 0) card.initials = initials2;
  return card;
}
function ignored(sender, type) {
  return { kind: "ignored", memberId: sender.memberId, deviceId: sender.deviceId, type };
}

// src/core/problems.ts
var PROBLEM_CODES = [
  "oversize",
  "bad-topic",
  "unknown-device",
  "not-json",
  "not-object",
  "missing-field",
  "wrong-type",
  "invalid-value",
  "unknown-type",
  "encrypted-no-key",
  "decrypt-failed"
];
var SHOWN_LENGTH = 120;
var UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function clipped(text, length = SHOWN_LENGTH) {
  const shown = text.length > length ? `${text.slice(0, length)}\u2026` : text;
  return shown.replace(UNSHOWABLE, "?");
}
function describeProblem(problem) {
  const p = { ...problem, topic: clipped(problem.topic) };
  if (p.code === "unknown-type") p.type = clipped(p.type);
  if (p.code === "unknown-device") p.deviceId = clipped(p.deviceId);
  switch (p.code) {
    case "oversize":
      return `payload on ${p.topic} is ${p.bytes} bytes, over the ${p.limitBytes}-byte limit`;
    case "bad-topic":
      return `topic ${p.topic} is not an OwnTracks device topic (${p.detail})`;
    case "unknown-device":
      return `device "${p.deviceId}" on ${p.topic} belongs to no configured member`;
    case "not-json":
      return `payload on ${p.topic} is not JSON (${p.detail})`;
    case "not-object":
      return `payload on ${p.topic} is JSON but not an object with a "_type"`;
    case "missing-field":
      return `${p.type} on ${p.topic}: required field "${p.field}" is missing`;
    case "wrong-type":
      return `${p.type} on ${p.topic}: field "${p.field}" should be ${p.expected}`;
    case "invalid-value":
      return `${p.type} on ${p.topic}: field "${p.field}" ${p.detail}`;
    case "unknown-type":
      return `payload on ${p.topic} has unknown _type "${p.type}"`;
    case "encrypted-no-key":
      return `encrypted payload on ${p.topic} but no encryption key is configured for that device`;
    case "decrypt-failed":
      return `encrypted payload on ${p.topic} does not open with the configured key (wrong key, or damaged data)`;
  }
}

// src/core/whereabouts/evidence.ts
var newDevice = (deviceId) => ({
  deviceId,
  lastTimestampSec: 0,
  lastReceivedMs: 0,
  enteredPlaceKeys: [],
  placeKey: null,
  placedSec: 0,
  sendsRegionLists: false,
  online: true
});
var NO_NAMES = [];
var indexes = /* @__PURE__ */ new WeakMap();
function indexOf(places) {
  let index = indexes.get(places);
  if (!index) {
    index = /* @__PURE__ */ new Map();
    for (let i = places.length - 1; i >= 0; i--) {
      const place = places[i];
      for (const alias of place.aliases) index.set(alias, place);
      index.set(place.key, place);
    }
    indexes.set(places, index);
  }
  return index;
}
var keyCache = /* @__PURE__ */ new Map();
var CACHED_NAME_LENGTH = 200;
function cachedKeyOf(rawName) {
  let key = keyCache.get(rawName);
  if (key === void 0) {
    key = placeKeyOf(rawName);
    if (rawName.length > CACHED_NAME_LENGTH) return key;
    if (keyCache.size >= 1e3) keyCache.clear();
    keyCache.set(rawName, key);
  }
  return key;
}
function placeNamed(rawName, places) {
  const key = cachedKeyOf(rawName);
  return key === null ? void 0 : indexOf(places).get(key);
}
function placesIn(names, places) {
  if (names.length === 0) return NO_KEYS;
  const index = indexOf(places);
  if (names.length === 1) {
    const key = cachedKeyOf(names[0]);
    const place = key === null ? void 0 : index.get(key);
    return place ? onlyKey(place.key) : NO_KEYS;
  }
  const found = [];
  for (const name of names) {
    const key = cachedKeyOf(name);
    const place = key === null ? void 0 : index.get(key);
    if (place !== void 0 && !found.includes(place)) found.push(place);
  }
  return found.sort((a, b) => places.indexOf(b) - places.indexOf(a)).map((p) => p.key);
}
var NO_KEYS = [];
var onlyKeys = /* @__PURE__ */ new Map();
function onlyKey(key) {
  let keys = onlyKeys.get(key);
  if (!keys) {
    if (onlyKeys.size >= 1e3) onlyKeys.clear();
    keys = [key];
    onlyKeys.set(key, keys);
  }
  return keys;
}
var sameKeys = (a, b) => a.length === b.length && a.every((k, i) => k === b[i]);
function stillEntered(keys, fix, places, options, fromTransition = false) {
  const accuracy = fix.accuracyMeters ?? 0;
  if (keys.length === 0 || accuracy > options.maxAccuracyMeters || fromTransition && accuracy === 0)
    return keys;
  const index = indexOf(places);
  const kept = keys.filter((k) => {
    const place = index.get(k);
    return !place || !hasGeometry(place) || !fixClearlyLeaves(fix, place, options.hysteresisMeters);
  });
  return kept.length === keys.length ? keys : kept;
}
function placeFromFix(fix, places, current2, hasInregions, options) {
  return placeFromVerdict(locateFix(fix, places, current2, options), places, current2, hasInregions);
}
function placeFromVerdict(verdict, places, current2, hasInregions) {
  if (verdict.kind === "inside") return verdict.place.key;
  const currentPlace = current2 === null ? void 0 : places.find((p) => p.key === current2);
  if (currentPlace && !hasGeometry(currentPlace) && !hasInregions) return current2;
  if (verdict.kind === "unsure")
    return hasInregions && currentPlace && !hasGeometry(currentPlace) ? null : current2;
  return null;
}
function locateDevice(device, event, places, options) {
  if (event.insidePlaceNames !== void 0 && !device.sendsRegionLists) device.sendsRegionLists = true;
  if (device.placedSec === void 0) device.placedSec = device.lastTimestampSec;
  const names = event.insidePlaceNames ?? (device.sendsRegionLists ? NO_NAMES : void 0);
  const inside = names ? placesIn(names, places) : void 0;
  const named = inside?.at(-1);
  const entered = inside ?? stillEntered(device.enteredPlaceKeys, event.fix, places, options);
  let placed = true;
  if (named !== void 0) device.placeKey = named;
  else {
    const verdict = locateFix(event.fix, places, device.placeKey, options);
    const before = device.placeKey;
    device.placeKey = placeFromVerdict(verdict, places, before, names !== void 0);
    if (device.placeKey === null && names === void 0 && verdict.kind === "outside")
      device.placeKey = entered.at(-1) ?? null;
    placed = names !== void 0 || verdict.kind !== "unsure" || device.placeKey !== before;
  }
  if (placed) device.placedSec = event.timestampSec;
  device.lastTimestampSec = event.timestampSec;
  device.lastLocationSec = event.timestampSec;
  device.lastFix = event.fix;
  device.lastFixSec = event.timestampSec;
  if (!sameKeys(device.enteredPlaceKeys, entered)) device.enteredPlaceKeys = entered;
  if (event.batteryPercent !== void 0) device.batteryPercent = event.batteryPercent;
}
function transitionDevice(device, event, places, options) {
  const place = placeNamed(event.placeName, places);
  if (!place) return false;
  device.lastTimestampSec = event.timestampSec;
  device.placedSec = event.timestampSec;
  if (event.fix) {
    device.lastFix = event.fix;
    device.lastFixSec = event.timestampSec;
  }
  const keys = device.enteredPlaceKeys;
  if (event.event === "enter") {
    if (!keys.includes(place.key)) device.enteredPlaceKeys = [...keys, place.key];
    device.placeKey = place.key;
    return true;
  }
  const left = keys.filter((k) => k !== place.key);
  const entered = event.fix ? stillEntered(left, event.fix, places, options, true) : left;
  device.enteredPlaceKeys = entered;
  if (device.placeKey !== place.key) return true;
  const stillIn = entered.at(-1);
  if (stillIn !== void 0) {
    device.placeKey = stillIn;
  } else {
    const others = places.filter((p) => p.key !== place.key);
    device.placeKey = event.fix ? placeFromFix(event.fix, others, null, true, options) : null;
  }
  return true;
}
function forgetGonePlaces(device, keys, relocate) {
  const fixIsNewest = device.lastFix !== void 0 && (device.lastFixSec ?? device.lastLocationSec) === device.lastTimestampSec;
  if (device.placeKey !== null && !keys.has(device.placeKey))
    device.placeKey = relocate && fixIsNewest && device.lastFix ? placeFromFix(device.lastFix, relocate.places, null, false, relocate.options) : null;
  if (device.enteredPlaceKeys.some((k) => !keys.has(k)))
    device.enteredPlaceKeys = device.enteredPlaceKeys.filter((k) => keys.has(k));
}

// src/core/whereabouts/resolve.ts
var LOST2 = { kind: "lost" };
var TRAVELING2 = { kind: "traveling" };
var MAX_CLOCK_AHEAD_SEC = 15 * 60;
function initialFamilyState(settings, nowMs) {
  const members = {};
  for (const m of settings.members) members[m.id] = emptyMember(m.id, nowMs);
  return { members };
}
var emptyMember = (memberId, nowMs) => ({
  memberId,
  whereabouts: LOST2,
  sinceMs: nowMs,
  lastSeenMs: null,
  devices: {}
});
var evidenceSec = (d) => {
  const heardSec = d.lastReceivedMs / 1e3;
  const placedSec = d.placedSec ?? d.lastTimestampSec;
  return placedSec > heardSec + MAX_CLOCK_AHEAD_SEC ? heardSec : placedSec;
};
function resolve(member, places, settings, nowMs) {
  if (member.lastSeenMs === null || nowMs - member.lastSeenMs > settings.lostAfterMinutes * 6e4)
    return LOST2;
  let best;
  let anyOnline = false;
  for (const id in member.devices) {
    const d = member.devices[id];
    if (d.lastTimestampSec === 0) continue;
    anyOnline ||= d.online;
    if (!best || evidenceSec(d) > evidenceSec(best) || evidenceSec(d) === evidenceSec(best) && d.lastReceivedMs > best.lastReceivedMs)
      best = d;
  }
  if (!best) return LOST2;
  if (settings.lwtMeansLost && !anyOnline) return LOST2;
  if (best.placeKey === null) return TRAVELING2;
  const key = best.placeKey;
  for (const place of places) {
    if (place.key !== key) continue;
    const current2 = member.whereabouts;
    return current2.kind === "at-place" && current2.place === place.name ? current2 : { kind: "at-place", place: place.name };
  }
  return TRAVELING2;
}

// src/core/whereabouts/settle.ts
function settle(member, places, settings, nowMs, before) {
  const whereabouts = resolve(member, places, settings, nowMs);
  if (sameWhereabouts(whereabouts, before.whereabouts)) {
    return member === before ? before : { ...member, whereabouts: before.whereabouts, sinceMs: before.sinceMs };
  }
  const silentSinceMs = whereabouts.kind === "lost" && member.lastSeenMs !== null ? member.lastSeenMs + settings.lostAfterMinutes * 6e4 : nowMs;
  return { ...member, whereabouts, sinceMs: Math.min(nowMs, Math.max(before.sinceMs, silentSinceMs)) };
}
function tick(state, settings, nowMs) {
  let members;
  const changes = [];
  const byMember = memberPlaces(settings);
  for (const config of settings.members) {
    const before = state.members[config.id];
    if (!before) continue;
    const own = byMember.get(config.id);
    const after = settle(
      before,
      own ? placesNow(before, own.base, settings, own.learns) : [],
      settings,
      nowMs,
      before
    );
    if (after === before) continue;
    members ??= { ...state.members };
    members[config.id] = after;
    changes.push(move(before, after, after.sinceMs));
  }
  return members ? { state: { members }, changes } : { state, changes };
}
var move = (before, after, atMs) => ({
  memberId: after.memberId,
  from: before.whereabouts,
  to: after.whereabouts,
  atMs
});
function reconcileWithSettings(state, settings, nowMs) {
  const members = {};
  const savedDevices = /* @__PURE__ */ new Map();
  for (const saved of Object.values(state.members))
    for (const [id, device] of Object.entries(saved.devices)) savedDevices.set(id, device);
  const formerOwner = formerOwners(state);
  for (const config of settings.members) {
    const saved = state.members[config.id] ?? takenOver(config.deviceIds, formerOwner, config.id, nowMs);
    if (!saved) {
      members[config.id] = emptyMember(config.id, nowMs);
      continue;
    }
    const places = placesOf(config.id, settings);
    const current2 = placesNow(saved, places, settings);
    const keys = new Set(current2.map((p) => p.key));
    const devices = {};
    let handedOn = false;
    for (const id of config.deviceIds) {
      const d = saved.devices[id] ?? savedDevices.get(id);
      if (!d) continue;
      handedOn ||= saved.devices[id] === void 0;
      const device = { ...d };
      forgetGonePlaces(device, keys, { places: current2, options: settings });
      devices[id] = device;
    }
    const member = { ...saved, devices };
    if (handedOn) member.lastSeenMs = lastHeardMs(devices);
    if (member.cardFrom !== void 0 && !(member.cardFrom in devices)) delete member.cardFrom;
    members[config.id] = settle(member, placesNow(member, places, settings), settings, nowMs, saved);
  }
  return { members };
}
function lastHeardMs(devices) {
  const newest = Math.max(0, ...Object.values(devices).map((d) => d.lastReceivedMs));
  return newest > 0 ? newest : null;
}
function takenOver(deviceIds, formerOwner, memberId, nowMs) {
  const formers = formersOf(deviceIds, formerOwner);
  if (formers.size === 0) return void 0;
  const fresh = emptyMember(memberId, nowMs);
  const [only] = formers;
  if (formers.size > 1 || !only) return fresh;
  const taken = {
    ...fresh,
    whereabouts: only.whereabouts,
    sinceMs: only.sinceMs,
    lastSeenMs: only.lastSeenMs
  };
  const regions = only.learnedRegions?.filter((r) => deviceIds.includes(r.deviceId));
  if (regions && regions.length > 0) taken.learnedRegions = regions;
  if (only.cardFrom !== void 0 && deviceIds.includes(only.cardFrom)) {
    taken.cardFrom = only.cardFrom;
    if (only.displayName !== void 0) taken.displayName = only.displayName;
    if (only.face !== void 0) taken.face = only.face;
  }
  return taken;
}
function formerOwners(state) {
  const owners = /* @__PURE__ */ new Map();
  for (const saved of Object.values(state.members))
    for (const id of Object.keys(saved.devices)) owners.set(id, saved);
  return owners;
}
var formersOf = (deviceIds, formerOwner) => new Set(deviceIds.flatMap((id) => formerOwner.get(id) ?? []));
function renamedMembers(state, settings) {
  const configured = new Set(settings.members.map((m) => m.id));
  const formerOwner = formerOwners(state);
  const takers = /* @__PURE__ */ new Map();
  for (const config of settings.members) {
    if (state.members[config.id]) continue;
    const formers = [...formersOf(config.deviceIds, formerOwner)];
    const only = formers.length === 1 ? formers[0] : void 0;
    if (!only || configured.has(only.memberId)) continue;
    takers.set(only.memberId, [...takers.get(only.memberId) ?? [], config.id]);
  }
  return [...takers].flatMap(([from, to]) => to.length === 1 && to[0] ? [{ from, to: to[0] }] : []);
}

// src/core/whereabouts/reduce.ts
function reduceWhereabouts(state, event, settings, nowMs) {
  if (event.kind === "tick") return tick(state, settings, nowMs);
  const result = reduceMember(state, event, settings, nowMs);
  if (!result) return { state, changes: [] };
  return {
    state: { members: { ...state.members, [event.memberId]: result.member } },
    changes: result.move ? [result.move] : []
  };
}
function reduceMember(state, event, settings, nowMs) {
  const before = state.members[event.memberId];
  if (!before) return null;
  const devices = {};
  for (const id in before.devices) devices[id] = { ...before.devices[id] };
  const member = { ...before, devices };
  const change = updateMember(member, event, settings, nowMs);
  if (change === UNCHANGED) return null;
  return change === CHANGED ? { member } : { member, move: change };
}
function claimsTheFuture(event, nowMs) {
  return (event.kind === "location" || event.kind === "transition") && event.timestampSec > nowMs / 1e3 + MAX_CLOCK_AHEAD_SEC;
}
function newsWhenReplayed(state, event) {
  if (event.kind === "lwt" || event.kind === "forget") return false;
  const member = state.members[event.memberId];
  if (!member) return true;
  if (event.kind === "card") return member.displayName === void 0 && member.face === void 0;
  if (event.kind !== "regions") return true;
  const taught = (member.learnedRegions ?? []).filter((r) => r.deviceId === event.deviceId);
  if (event.source === "waypoints") return taught.length === 0;
  return !event.regions.some((r) => taught.some((t) => t.createdSec === r.createdSec));
}
var UNCHANGED = "unchanged";
var CHANGED = "changed";
function updateMember(member, event, settings, nowMs, delivery) {
  const own = memberPlaces(settings).get(event.memberId);
  if (!own || member.memberId !== event.memberId) return UNCHANGED;
  const { base, learns } = own;
  const places = placesNow(member, base, settings, learns);
  if (!applyEvent(member, event, places, settings, nowMs, delivery)) return UNCHANGED;
  const placesAfter = event.kind === "regions" ? placesNow(member, base, settings, learns) : places;
  if (placesAfter !== places) {
    const keys = new Set(placesAfter.map((p) => p.key));
    for (const id in member.devices) forgetGonePlaces(member.devices[id], keys);
  }
  const whereabouts = resolve(member, placesAfter, settings, nowMs);
  const from = member.whereabouts;
  if (sameWhereabouts(whereabouts, from)) return CHANGED;
  const atMs = movedAt(member.sinceMs, event, nowMs);
  member.whereabouts = whereabouts;
  member.sinceMs = atMs;
  return { memberId: member.memberId, from, to: whereabouts, atMs };
}
function movedAt(previousMs, event, nowMs) {
  if (event.kind !== "location" && event.kind !== "transition") return nowMs;
  return Math.min(nowMs, Math.max(previousMs, event.timestampSec * 1e3));
}
function applyEvent(member, event, places, settings, nowMs, delivery) {
  const existing = member.devices[event.deviceId];
  if (event.kind === "forget") {
    const regions = member.learnedRegions;
    const taught = regions?.some((r) => r.deviceId === event.deviceId) === true;
    if (!existing && !taught) return false;
    delete member.devices[event.deviceId];
    if (taught) {
      const kept = regions?.filter((r) => r.deviceId !== event.deviceId) ?? [];
      if (kept.length > 0) member.learnedRegions = kept;
      else delete member.learnedRegions;
    }
    if (member.cardFrom === event.deviceId) delete member.cardFrom;
    return true;
  }
  if (event.kind === "ignored" && event.type === "cmd") return false;
  if (event.kind === "lwt") {
    if (existing?.online !== true) return false;
    existing.online = false;
    return true;
  }
  let device = existing;
  if (!device) {
    device = newDevice(event.deviceId);
    member.devices[event.deviceId] = device;
  }
  const isFix = event.kind === "location" || event.kind === "transition";
  const heardThen = delivery === "replayed" || delivery === "relayed" && isFix && event.timestampSec * 1e3 < nowMs - settings.lostAfterMinutes * 6e4;
  if (!heardThen) {
    member.lastSeenMs = Math.max(member.lastSeenMs ?? 0, nowMs);
    device.lastReceivedMs = nowMs;
    device.online = true;
  } else if (isFix) {
    const sentMs = Math.min(nowMs, event.timestampSec * 1e3);
    member.lastSeenMs = Math.max(member.lastSeenMs ?? 0, sentMs);
    device.lastReceivedMs = Math.max(device.lastReceivedMs, sentMs);
  }
  switch (event.kind) {
    case "location":
      if (event.timestampSec > (device.lastLocationSec ?? 0) && event.timestampSec >= device.lastTimestampSec || clockPutRight(device, event.timestampSec, nowMs))
        locateDevice(device, event, places, settings);
      return true;
    case "transition":
      if (event.timestampSec >= device.lastTimestampSec) {
        transitionDevice(device, event, places, settings);
      } else if (clockPutRight(device, event.timestampSec, nowMs)) {
        if ((device.lastLocationSec ?? 0) > event.timestampSec) delete device.lastLocationSec;
        transitionDevice(device, event, places, settings);
      }
      return true;
    case "card":
      if (event.cleared) {
        if (member.cardFrom !== void 0 && member.cardFrom !== event.deviceId) return true;
        delete member.displayName;
        delete member.face;
        delete member.cardFrom;
        return true;
      }
      if (event.name !== void 0) member.displayName = event.name;
      if (event.face !== void 0) member.face = event.face;
      if (event.name !== void 0 || event.face !== void 0) member.cardFrom = event.deviceId;
      return true;
    case "regions":
      member.learnedRegions = learnRegions(member, event);
      return true;
    case "ignored":
      return true;
  }
}
function clockPutRight(device, timestampSec, nowMs) {
  const nowSec = nowMs / 1e3;
  const limit = nowSec + MAX_CLOCK_AHEAD_SEC;
  const newestSec = Math.max(device.lastTimestampSec, device.lastLocationSec ?? 0);
  return timestampSec <= limit && timestampSec >= nowSec - MAX_CLOCK_AHEAD_SEC && newestSec > limit && // A clock put right jumps back by more than the skew allowed; a late copy of a message from a
  // phone whose clock runs steadily ahead is only as much older as the time between them.
  newestSec - timestampSec > MAX_CLOCK_AHEAD_SEC;
}

// src/app/after-deliveries.ts
function afterDeliveries(fn) {
  setImmediate(() => setImmediate(fn));
}

// src/app/device-senders.ts
function createSenderLookup(settings, onSpelling, spelledOtherwise) {
  const senders = /* @__PURE__ */ new Map();
  for (const m of settings.members)
    for (const d of m.deviceIds) {
      const sender = { memberId: m.id, deviceId: d };
      senders.set(d.toLowerCase(), sender);
      senders.set(d, sender);
    }
  const respelled = /* @__PURE__ */ new Set();
  if (onSpelling && spelledOtherwise) {
    for (const m of settings.members) for (const d of m.deviceIds) if (spelledOtherwise(d)) respelled.add(d);
  }
  return (deviceId) => {
    const exact = senders.get(deviceId);
    if (exact !== void 0) {
      if (respelled.size !== 0 && respelled.delete(exact.deviceId)) onSpelling?.(exact.deviceId, deviceId);
      return exact;
    }
    const sender = senders.get(deviceId.toLowerCase());
    if (sender !== void 0 && onSpelling) {
      respelled.add(sender.deviceId);
      onSpelling(sender.deviceId, deviceId);
    }
    return sender;
  };
}

// src/app/pending-commit.ts
var MAX_KEPT = 4096;
var MAX_KEPT_BYTES = 8 * 1024 * 1024;
var entryBytes = (entry) => entry.payload.byteLength + entry.topic.length;
var journalBytes = (journal) => journal.reduce((sum, entry) => sum + entryBytes(entry), 0);
var PendingCommit = class {
  journal = [];
  /** The journal's bytes, for the batch's bound. */
  bytes = 0;
  moves = [];
  members = /* @__PURE__ */ new Map();
  #dones = [];
  /** Members renamed in the config: their history goes along in the next commit. */
  #renamed;
  /** How many of the first moves were already shown (kept from a failed commit). */
  #shownMoves = 0;
  constructor(renamed = []) {
    this.#renamed = renamed;
  }
  add(entry, done) {
    this.journal.push(entry);
    this.bytes += entryBytes(entry);
    if (done) this.#dones.push(done);
  }
  get isEmpty() {
    return this.journal.length === 0 && this.members.size === 0;
  }
  /** Everything pending, as one batch; nothing is pending after it. */
  take() {
    const batch = {
      members: [...this.members.values()],
      moves: this.moves,
      journal: this.journal
    };
    if (this.#renamed.length > 0) batch.renamed = this.#renamed;
    const taken = {
      batch,
      bytes: this.bytes,
      dones: this.#dones,
      newMoves: this.#shownMoves === 0 ? batch.moves : batch.moves.slice(this.#shownMoves)
    };
    this.journal = [];
    this.bytes = 0;
    this.moves = [];
    this.members = /* @__PURE__ */ new Map();
    this.#dones = [];
    this.#renamed = [];
    this.#shownMoves = 0;
    return taken;
  }
  /**
   * A batch whose commit failed, pending again: memory already holds its changes, and a resent message
   * would not make its hand moves again. The phones get an error and resend what they sent (the journal,
   * a log of what arrived, then has it twice, as for any redelivery). The next message or tick tries
   * again; while the failure lasts, only the newest entries of the journal and the history are kept.
   * Returns how many older ones were dropped.
   */
  keep({ batch, bytes }) {
    for (const member of batch.members) this.members.set(member.memberId, member);
    this.#renamed = [...batch.renamed ?? []];
    this.moves = batch.moves.length > MAX_KEPT ? batch.moves.slice(-MAX_KEPT) : batch.moves;
    this.#shownMoves = this.moves.length;
    let journal = batch.journal.length > MAX_KEPT ? batch.journal.slice(-MAX_KEPT) : batch.journal;
    let kept = journal === batch.journal ? bytes : journalBytes(journal);
    let from = 0;
    while (kept > MAX_KEPT_BYTES && from < journal.length) {
      kept -= entryBytes(journal[from]);
      from++;
    }
    if (from > 0) journal = journal.slice(from);
    this.journal = journal;
    this.bytes = kept;
    return batch.moves.length - this.moves.length + batch.journal.length - journal.length;
  }
};

// src/app/rejections.ts
var LOG_INTERVAL_MS = 6e4;
var MAX_KEYS = 1e4;
function createRejections(logger, stats) {
  const lastLogged = /* @__PURE__ */ new Map();
  const warnOncePerMinute = (key, atMs, message) => {
    const last = lastLogged.get(key);
    if (last !== void 0 && atMs - last < LOG_INTERVAL_MS) return;
    lastLogged.set(key, atMs);
    if (lastLogged.size > MAX_KEYS) lastLogged.clear();
    logger.log("warn", message());
  };
  return {
    warnOncePerMinute,
    /** Counts the refusal and gives its journal entry; said once a minute per device and reason. */
    reject(inbound, problem) {
      stats.rejected++;
      stats.rejectedByReason[problem.code] = (stats.rejectedByReason[problem.code] ?? 0) + 1;
      const detail = describeProblem(problem);
      warnOncePerMinute(
        `${problem.code}|${deviceOf(inbound.topic)}`,
        inbound.receivedAtMs,
        () => `rejected: ${detail}`
      );
      return {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: holdsPhoneSecrets(inbound) ? NO_PAYLOAD : inbound.payload,
        outcome: "rejected",
        problemCode: problem.code,
        detail
      };
    }
  };
}
function deviceOf(topic) {
  let end = -1;
  for (let level = 0; level < 3; level++) {
    end = topic.indexOf("/", end + 1);
    if (end < 0) return clipped(topic);
  }
  return clipped(topic.slice(0, end));
}
var NO_PAYLOAD = new Uint8Array(0);
var SECRET_TYPES = /"_type"\s*:\s*"(?:dump|configuration)"/;
function holdsPhoneSecrets(inbound) {
  if (inbound.topic.endsWith("/dump")) return true;
  return SECRET_TYPES.test(new TextDecoder().decode(inbound.payload.subarray(0, 1024 * 1024)));
}

// src/app/pipeline.ts
var holdsSecrets = (event) => event.kind === "ignored" && (event.type === "dump" || event.type === "configuration");
var NO_PAYLOAD2 = new Uint8Array(0);
function createPipeline(deps) {
  const { settings, store, logger, now } = deps;
  const maxBatch = deps.maxBatch ?? 512;
  const maxBatchBytes = deps.maxBatchBytes ?? 256 * 1024;
  const schedule = deps.schedule ?? afterDeliveries;
  const ctx = {
    family: settings.family,
    maxPayloadBytes: settings.maxPayloadBytes,
    senderOf: createSenderLookup(settings, deps.onDeviceSpelling, deps.deviceSpelledOtherwise)
  };
  if (deps.decrypt) ctx.decrypt = deps.decrypt;
  if (deps.sentPlain) ctx.sentPlain = deps.sentPlain;
  const replayCtx = { ...ctx, senderOf: createSenderLookup(settings) };
  delete replayCtx.sentPlain;
  const decrypt = deps.decrypt;
  if (decrypt) replayCtx.decrypt = (deviceId, data) => decrypt(deviceId, data, false);
  const loaded = store.loadState();
  let state = loaded ? reconcileWithSettings(loaded, settings, now()) : initialFamilyState(settings, now());
  const outputs = /* @__PURE__ */ new Set();
  const stats = { startedAtMs: now(), accepted: 0, ignored: 0, rejected: 0, rejectedByReason: {} };
  const { reject, warnOncePerMinute } = createRejections(logger, stats);
  const pending = new PendingCommit(loaded ? renamedMembers(loaded, settings) : []);
  let flushScheduled = false;
  for (const [id, member] of Object.entries(state.members)) {
    const before = loaded?.members[id];
    if (member === before) continue;
    pending.members.set(id, member);
    if (before && !sameWhereabouts(before.whereabouts, member.whereabouts))
      pending.moves.push({
        memberId: id,
        from: before.whereabouts,
        to: member.whereabouts,
        atMs: member.sinceMs
      });
  }
  const apply = (event, atMs, delivery) => {
    if (event.kind !== "tick") {
      const member = state.members[event.memberId];
      if (!member) return void 0;
      const change = updateMember(member, event, settings, atMs, delivery);
      if (change === UNCHANGED) return void 0;
      pending.members.set(event.memberId, member);
      if (change === CHANGED) return void 0;
      pending.moves.push(change);
      return change;
    }
    const before = state;
    const result = reduceWhereabouts(state, event, settings, atMs);
    state = result.state;
    for (const move2 of result.changes) pending.moves.push(move2);
    for (const [id, member] of Object.entries(state.members))
      if (member !== before.members[id]) pending.members.set(id, member);
    return void 0;
  };
  const requestFlush = () => {
    if (pending.journal.length >= maxBatch || pending.bytes >= maxBatchBytes) {
      flush();
      return;
    }
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(flush);
  };
  const saveFailures = { count: 0, saidAtMs: 0, dropped: 0, reason: "" };
  function flush() {
    flushScheduled = false;
    if (pending.isEmpty) return;
    const taken = pending.take();
    let failure;
    try {
      store.commit(taken.batch);
      if (saveFailures.count > 0)
        logger.log("info", `saving state works again (${saveFailures.count} commits had failed)`);
      Object.assign(saveFailures, { count: 0, dropped: 0, reason: "" });
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      saveFailures.dropped += pending.keep(taken);
      saveFailures.count++;
      if (saveFailures.count === 1 || failure.message !== saveFailures.reason || now() - saveFailures.saidAtMs >= 6e4) {
        saveFailures.saidAtMs = now();
        saveFailures.reason = failure.message;
        const times = saveFailures.count > 1 ? `, ${saveFailures.count} failed commits so far` : "";
        const dropped = saveFailures.dropped > 0 ? `; ${saveFailures.dropped} older unsaved journal and history entries dropped` : "";
        logger.log(
          "error",
          `could not save state (kept for the next try${times}${dropped}): ${failure.message}`
        );
      }
    }
    for (const done of taken.dones) {
      try {
        done(failure);
      } catch (error) {
        logger.log(
          "error",
          `acknowledging a message failed: ${error instanceof Error ? error.message : String(error)}`
        );
      }
    }
    if (taken.batch.members.length > 0) notify(taken.newMoves);
  }
  const notify = (moves) => {
    if (outputs.size === 0) return;
    let view;
    try {
      view = currentView();
    } catch (error) {
      logger.log(
        "error",
        `could not build the clock's view: ${error instanceof Error ? error.message : String(error)}`
      );
      return;
    }
    for (const output of outputs) {
      try {
        output.show(view, moves);
      } catch (error) {
        logger.log("error", `a display failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const currentView = () => buildClockView(settings, state, deps.display, deps.connection(), now());
  let lastMove;
  function handleMessage(inbound, done) {
    lastMove = void 0;
    const replayedFrom = inbound.replayedFromMs;
    const decoded = decodeOwnTracks(
      inbound.topic,
      inbound.payload,
      replayedFrom === void 0 && inbound.delivery !== "replayed" ? ctx : replayCtx
    );
    let entry;
    if (decoded.ok) {
      const event = decoded.value;
      const stale = replayedFrom !== void 0 && !newsWhenReplayed(state, event);
      if (!stale && claimsTheFuture(event, inbound.receivedAtMs)) {
        const hours = (event.timestampSec * 1e3 - inbound.receivedAtMs) / 36e5;
        warnOncePerMinute(
          `future|${deviceOf(inbound.topic)}`,
          inbound.receivedAtMs,
          () => `${clipped(inbound.topic)}: tst is ${hours.toFixed(1)} h ahead of this clock (is the phone's clock, or this machine's, wrong?)`
        );
      }
      if (!stale) lastMove = apply(event, inbound.receivedAtMs, inbound.delivery);
      const outcome = stale || event.kind === "ignored" ? "ignored" : "accepted";
      if (replayedFrom === void 0) stats[outcome]++;
      entry = {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: holdsSecrets(event) ? NO_PAYLOAD2 : inbound.payload,
        outcome
      };
      if (logger.isEnabled("debug")) logger.log("debug", `${outcome} ${event.kind} from ${inbound.topic}`);
    } else if (replayedFrom !== void 0) {
      const again = {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: inbound.payload,
        outcome: "rejected",
        problemCode: decoded.problem.code,
        detail: describeProblem(decoded.problem),
        replayedFromMs: replayedFrom
      };
      done?.();
      return again;
    } else {
      entry = reject(inbound, decoded.problem);
    }
    if (replayedFrom !== void 0) entry.replayedFromMs = replayedFrom;
    pending.add(entry, done);
    requestFlush();
    return entry;
  }
  function guarded(inbound, done) {
    try {
      return handleMessage(inbound, done);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      logger.log("error", `could not handle a message on ${clipped(inbound.topic)}: ${why}`);
      done?.(error instanceof Error ? error : new Error(why));
      return null;
    }
  }
  if (pending.members.size > 0) requestFlush();
  return {
    handle: (inbound, done) => guarded(inbound, done)?.outcome ?? "rejected",
    handleJournaled(inbound, done) {
      const entry = guarded(inbound, done);
      return entry && (lastMove ? { entry, moved: lastMove } : { entry });
    },
    tick() {
      try {
        apply({ kind: "tick" }, now());
        if (pending.members.size > 0) requestFlush();
      } catch (error) {
        logger.log(
          "error",
          `could not settle the hands: ${error instanceof Error ? error.message : String(error)}`
        );
      }
    },
    flush,
    refresh: () => notify([]),
    view: currentView,
    state: () => state,
    stats: () => ({ ...stats, rejectedByReason: { ...stats.rejectedByReason } }),
    addOutput(output) {
      outputs.add(output);
      output.show(currentView(), []);
      return () => outputs.delete(output);
    }
  };
}

// src/app/topic-spellings.ts
function createTopicSpellings(meta, onError = () => {
}) {
  const known = /* @__PURE__ */ new Map();
  const keyOf2 = (deviceId) => `topic_id:${deviceId}`;
  const topicIdOf = (deviceId) => {
    let spelled = known.get(deviceId);
    if (spelled === void 0) {
      spelled = deviceId;
      try {
        spelled = meta.get(keyOf2(deviceId)) ?? deviceId;
      } catch (error) {
        onError(error);
      }
      known.set(deviceId, spelled);
    }
    return spelled;
  };
  return {
    // Called while a message is decoded: it must not throw into the message's handling.
    saw(deviceId, spelled) {
      if (topicIdOf(deviceId) === spelled) return;
      known.set(deviceId, spelled);
      try {
        meta.set(keyOf2(deviceId), spelled);
      } catch (error) {
        onError(error);
      }
    },
    topicIdOf
  };
}

// src/app/family-pipeline.ts
function createFamilyPipeline(config, deps) {
  const { logger } = deps;
  const meta = createMeta(deps.db);
  const keyring = createKeyring({
    ...config.encryptionKey === void 0 ? {} : { family: config.encryptionKey },
    devices: new Map(
      config.devices.flatMap((d) => d.encryptionKey ? [[d.deviceId, d.encryptionKey]] : [])
    ),
    remember: meta,
    sealedForGood: config.broker.kind === "external",
    ...deps.onDeviceTurnedPlain ? { onTurnedPlain: deps.onDeviceTurnedPlain } : {}
  });
  const spellings = createTopicSpellings(
    meta,
    (error) => logger.log("warn", `could not save how a phone spells its device id: ${error.message}`)
  );
  const pipeline = createPipeline({
    decrypt: keyring.decrypt,
    // Only where there are keys: a family without any seals nothing anyway.
    ...keyring.hasKeys() ? { sentPlain: keyring.sentPlain } : {},
    onDeviceSpelling: spellings.saw,
    deviceSpelledOtherwise: (deviceId) => spellings.topicIdOf(deviceId) !== deviceId,
    settings: config.settings,
    display: config.display,
    store: deps.store,
    logger,
    now: Date.now,
    connection: deps.connection
  });
  return { pipeline, keyring, meta, spellings };
}

// src/app/replay-journal.ts
function waitingForReplay(journal, limit = Number.POSITIVE_INFINITY) {
  const takenAt = /* @__PURE__ */ new Set();
  const taken = /* @__PURE__ */ new Set();
  const waiting = [];
  for (const e of journal) {
    if (waiting.length >= limit) break;
    if (e.replayedFromMs !== void 0) {
      takenAt.add(e.replayedFromMs);
      taken.add(keyOf(e.replayedFromMs, e));
    } else if (e.outcome === "rejected" && !(takenAt.has(e.receivedAtMs) && taken.has(keyOf(e.receivedAtMs, e))))
      waiting.push(e);
  }
  return waiting;
}
var keyOf = (firstReceivedMs, e) => `${firstReceivedMs}|${e.payload.byteLength}|${bytesHash(e.payload)}|${e.topic}`;
function bytesHash(bytes) {
  let hash = 2166136261;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return hash;
}
var journalForReplay = (store) => store.journal({ limit: Number.MAX_SAFE_INTEGER, forReplay: true });
var CHUNK = 256;
function createJournalReplay(deps) {
  let last = Promise.resolve();
  return (filter) => {
    const run = last.then(() => replay(deps, filter));
    last = run.catch(() => void 0);
    return run;
  };
}
async function replay({ pipeline, store, now }, filter) {
  pipeline.flush();
  const chosen = waitingForReplay(journalForReplay(store)).filter(
    (e) => (filter.code === void 0 || e.problemCode === filter.code) && (filter.sinceMs === void 0 || e.receivedAtMs >= filter.sinceMs)
  ).reverse();
  const report = {
    replayed: chosen.length,
    accepted: 0,
    ignored: 0,
    stillRejected: {},
    failed: 0,
    moved: []
  };
  if (chosen.length === 0) return report;
  const made = [];
  const movedMembers = /* @__PURE__ */ new Set();
  const unsaved = /* @__PURE__ */ new Set();
  let saved;
  const allSaved = new Promise((resolve2) => {
    saved = resolve2;
  });
  let waiting = chosen.length;
  const done = (index) => (error) => {
    if (error) unsaved.add(index);
    if (--waiting === 0) saved();
  };
  for (let start = 0; start < chosen.length; start += CHUNK) {
    if (start > 0) await new Promise((resolve2) => setImmediate(resolve2));
    for (let i = start; i < Math.min(start + CHUNK, chosen.length); i++) {
      const entry = chosen[i];
      const handled = pipeline.handleJournaled(
        {
          topic: entry.topic,
          payload: entry.payload,
          receivedAtMs: now(),
          delivery: "replayed",
          replayedFromMs: entry.receivedAtMs
        },
        done(i)
      );
      made[i] = handled?.entry ?? null;
      if (handled?.moved) movedMembers.add(handled.moved.memberId);
    }
  }
  pipeline.flush();
  await allSaved;
  for (const [index, entry] of made.entries()) {
    if (!entry || unsaved.has(index)) report.failed++;
    else if (entry.outcome === "rejected") {
      const code = entry.problemCode;
      report.stillRejected[code] = (report.stillRejected[code] ?? 0) + 1;
    } else report[entry.outcome]++;
  }
  for (const m of pipeline.view().members)
    if (movedMembers.has(m.id)) report.moved.push({ member: m.name, place: m.place });
  return report;
}

// src/app/replay-stopped-clock.ts
var STOP_FIRST = "stop it, replay, then start it again";
async function replayStoppedClock(config, filter, logger) {
  const file = databaseFileOf(config.dataDir);
  if (!existsSync3(file)) throw new Error(noDatabaseAt(file));
  const release = await lockDataFolder(config.dataDir, 0).catch((error) => {
    if (!(error instanceof FolderInUse)) throw error;
    throw new Error(
      `${error.message.replace(/: give each clock.*$/, "")}: the clock is running without a web server to ask (in MagicMirror?): ${STOP_FIRST}`,
      { cause: error }
    );
  });
  try {
    try {
      checkDatabaseClosedElsewhere(file);
    } catch (error) {
      if (!(error instanceof DatabaseInUse)) throw error;
      throw new Error(`${error.message}: ${STOP_FIRST}`, { cause: error });
    }
    const { db, store } = openSqliteStore(file, { onError: (message) => logger.log("warn", message) });
    try {
      const { pipeline } = createFamilyPipeline(config, {
        db,
        store,
        logger,
        connection: () => ({ connected: false, lastError: "replaying" })
      });
      const report = await createJournalReplay({ pipeline, store, now: Date.now })(filter);
      pipeline.flush();
      return report;
    } finally {
      store.close();
    }
  } finally {
    release();
  }
}

// src/core/command-report.ts
function describePlacesPush(report) {
  const { devices, taken, listening, queued } = report;
  if (devices === 0) return "No places with coordinates to send.";
  if (listening === void 0 || queued === void 0)
    return `Places handed to the broker for ${taken} of ${devices} device(s); it does not say which phones listen, and each applies them when it next connects or wakes.`;
  const parts = [`Places sent to ${listening} connected device(s)`];
  if (queued > 0) parts.push(`queued for ${queued} away, which get them when they reconnect`);
  const unreached = taken - listening - queued;
  if (unreached > 0)
    parts.push(`${unreached} device(s) not connected and without a session get them when they next connect`);
  if (devices > taken) parts.push(`the broker could not take them for ${devices - taken} device(s)`);
  return `${parts.join("; ")}.`;
}
function describeLocationRequest(report) {
  const { devices, taken, listening, queued } = report;
  const wakes = "iPhones answer when iOS next wakes the app.";
  if (listening === void 0 || queued === void 0)
    return `Asked the broker to pass the request to ${taken} of ${devices} device(s) (it does not say which phones listen); ${wakes}`;
  const parts = [`Asked ${listening} connected device(s) for their location`];
  if (queued > 0) parts.push(`queued for ${queued} away, which are asked when they reconnect`);
  const unreached = taken - listening - queued;
  if (unreached > 0) parts.push(`${unreached} device(s) not connected and without a session cannot be asked`);
  if (devices > taken) parts.push(`the broker could not take the request for ${devices - taken} device(s)`);
  return `${parts.join("; ")}. ${wakes}`;
}

// src/core/replay-report.ts
function describeReplay(report) {
  if (report.replayed === 0) return "No rejected messages in the journal to replay.";
  const parts = [`${report.accepted} accepted`];
  if (report.ignored > 0) parts.push(`${report.ignored} valid but unused`);
  const refused2 = Object.entries(report.stillRejected);
  const again = refused2.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  if (again > 0)
    parts.push(`${again} rejected again (${refused2.map(([code, n]) => `${code} ${n}`).join(", ")})`);
  if (report.failed > 0) parts.push(`${report.failed} could not be handled or saved (see the clock's log)`);
  const moved = report.moved.length === 0 ? "no hand moved" : report.moved.map((m) => `${m.member}'s hand moved to ${m.place}`).join(", ");
  return `Replayed ${report.replayed} rejected message(s): ${parts.join(", ")}; ${moved}.`;
}

// src/cli/options.ts
import { existsSync as existsSync4 } from "node:fs";

// src/adapters/config/demo-config.ts
var DEMO_CONFIG = {
  uniqueId: "weasleys",
  // Apart from a family's own data: the demo's made-up moves and passwords never show in a real clock.
  // Every command run without a config file (serve, provision, doctor, admin-token…) works on it.
  dataDir: "data/demo",
  places: [
    { name: "Home", lat: 50.7376, lon: -3.2783, radius: 150, aliases: ["The Burrow"] },
    { name: "Work", lat: 51.5007, lon: -0.1246, radius: 200, aliases: ["Ministry"] },
    { name: "School", lat: 56.8198, lon: -5.1052, radius: 400, aliases: ["Hogwarts"] },
    { name: "Hospital", lat: 51.5194, lon: -0.127, radius: 120 },
    { name: "Mortal Peril" }
  ],
  members: [
    { name: "Molly", devices: ["molly"] },
    { name: "Arthur", devices: ["arthur"] },
    { name: "Ginny", devices: ["ginny"] },
    { name: "Ron", devices: ["ron"] }
  ],
  lostAfterMinutes: 60
};

// src/cli/options.ts
var DEFAULT_CONFIG_FILE = "weasley.config.json";
function portOption(value, flag) {
  if (value === void 0) return void 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  return port;
}
function connectPortOption(value, flag) {
  const port = portOption(value, flag);
  if (port === 0)
    throw new Error(
      `${flag} must be the port phones connect to, from 1 to 65535 (0 is no port: it asks a server to pick a free one)`
    );
  return port;
}
function countOption(value, flag, fallback) {
  if (value === void 0) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}
function configFileOf(values2) {
  if (values2.config !== void 0) return values2.config;
  return existsSync4(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : void 0;
}
function readableFiles(config, file) {
  const base = isMagicMirrorConfig(file) ? moduleDirOf(file) : ".";
  const problems = unusableCertificateFiles(config, base);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return config;
}
async function dataDirOf(values2) {
  if (values2["data-dir"] !== void 0) return values2["data-dir"];
  const file = configFileOf(values2);
  return file ? (await loadConfigFile(file, entryOf2(values2))).dataDir : DEMO_CONFIG.dataDir;
}
var entryOf2 = (values2) => values2.family === void 0 ? {} : { mirrorEntry: values2.family };
function overridesOf(values2) {
  const overrides = {};
  if (values2["data-dir"] !== void 0) overrides.dataDir = values2["data-dir"];
  Object.assign(overrides, entryOf2(values2));
  const ports = {
    httpPort: portOption(values2["http-port"], "--http-port"),
    mqttPort: portOption(values2["mqtt-port"], "--mqtt-port"),
    mqttsPort: portOption(values2["mqtts-port"], "--mqtts-port")
  };
  for (const [key, port] of Object.entries(ports)) if (port !== void 0) overrides[key] = port;
  return overrides;
}
async function configOf(values2) {
  const file = configFileOf(values2);
  const overrides = overridesOf(values2);
  return {
    file,
    config: file ? await loadConfigFile(file, overrides) : parseConfig(DEMO_CONFIG, overrides, "demo config")
  };
}

// src/cli/serve.ts
import { existsSync as existsSync9, readFileSync as readFileSync15 } from "node:fs";
import { networkInterfaces } from "node:os";
import path17 from "node:path";

// src/adapters/auth/new-passwords.ts
import { existsSync as existsSync5, readFileSync as readFileSync6, rmSync as rmSync3 } from "node:fs";
import path9 from "node:path";

// src/adapters/files/private-file.ts
import { closeSync as closeSync2, fchmodSync, fsyncSync as fsyncSync2, openSync as openSync2, renameSync as renameSync3, rmSync as rmSync2, writeSync as writeSync2 } from "node:fs";
import path8 from "node:path";
function writeFileAtomically(file, data, mode = 420) {
  const temporary = path8.join(path8.dirname(file), `.${path8.basename(file)}.${process.pid}.tmp`);
  const fd = openSync2(temporary, "w", mode);
  try {
    try {
      fchmodSync(fd, mode);
      writeAll(fd, data);
      fsyncSync2(fd);
    } finally {
      closeSync2(fd);
    }
    renameSync3(temporary, file);
  } catch (error) {
    rmSync2(temporary, { force: true });
    throw error;
  }
}
function writePrivateFile(file, data) {
  writeFileAtomically(file, data, 384);
}
function writeAll(fd, data) {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let written = 0;
  while (written < bytes.length) written += writeSync2(fd, bytes, written);
}

// src/adapters/auth/new-passwords.ts
function newPasswordsFile(dataDir) {
  return path9.resolve(dataDir, "new-passwords.txt");
}
function writeNewPasswords(dataDir, generated) {
  const file = newPasswordsFile(dataDir);
  const lines = generated.map(
    (g) => `${g.username}	${g.password}${g.memberId ? `	member ${g.memberId}` : "	clock account"}`
  );
  const replaced = new Set(generated.map((g) => g.username.toLowerCase()));
  const kept = existsSync5(file) ? withoutAccounts(readFileSync6(file, "utf8").split("\n"), replaced) : [];
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  const before = kept.length > 0 ? `${kept.join("\n")}
` : "";
  writePrivateFile(
    file,
    `${before}# generated ${(/* @__PURE__ */ new Date()).toISOString()}: username<TAB>password
${lines.join("\n")}
`
  );
  return file;
}
function withoutAccounts(lines, names) {
  return lines.filter((line) => line.startsWith("#") || !names.has(line.split("	")[0]?.toLowerCase() ?? ""));
}
function forgetNewPassword(dataDir, username) {
  const file = newPasswordsFile(dataDir);
  if (!existsSync5(file)) return;
  const lines = readFileSync6(file, "utf8").split("\n");
  const kept = withoutAccounts(lines, /* @__PURE__ */ new Set([username.toLowerCase()]));
  if (kept.length === lines.length) return;
  if (!kept.some((line) => line !== "" && !line.startsWith("#"))) rmSync3(file, { force: true });
  else writePrivateFile(file, kept.join("\n"));
}

// src/adapters/tls/read-certificate.ts
import { X509Certificate as X509Certificate2 } from "node:crypto";
import { readFileSync as readFileSync7 } from "node:fs";
import { isIP as isIP2 } from "node:net";
function certificatesIn(pem) {
  const certificates = pemBlocks(pem).flatMap((block) => {
    try {
      return [new X509Certificate2(block).toString()];
    } catch {
      return [];
    }
  });
  return { certificates: certificates.join(""), heldKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) };
}
function fingerprintsOf(pem) {
  return pemBlocks(pem).flatMap((block) => {
    try {
      return [new X509Certificate2(block).fingerprint256];
    } catch {
      return [];
    }
  });
}
var pemBlocks = (pem) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
function certificateCovers(certFile, host) {
  const cert = new X509Certificate2(readFileSync7(certFile));
  return (isIP2(host) ? cert.checkIP(host) : cert.checkHost(host)) !== void 0;
}
function sanNames(pem) {
  const san = new X509Certificate2(pem).subjectAltName ?? "";
  return san.split(", ").map((entry) => canonicalName(entry.replace(/^(DNS|IP Address):/, ""))).filter((n) => n !== "");
}
function canonicalName(name) {
  const lower = name.toLowerCase();
  return isIP2(lower) === 6 ? new URL(`http://[${lower}]/`).hostname.slice(1, -1) : lower;
}

// src/app/start-clock.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import { existsSync as existsSync8, readFileSync as readFileSync13 } from "node:fs";
import path15 from "node:path";

// src/adapters/auth/credentials.ts
import { createHmac as createHmac2, randomBytes as randomBytes3, timingSafeEqual as timingSafeEqual3 } from "node:crypto";

// src/core/waypoints.ts
var BASE_TST = 16e8;
function stableWaypointTst(name) {
  let hash = 2166136261;
  for (const ch of name.toLowerCase()) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return BASE_TST + hash % 1e8;
}
function waypointsFor(memberId, settings) {
  return placesOf(memberId, settings).filter(hasGeometry).map((p) => ({
    _type: "waypoint",
    desc: p.name,
    lat: p.lat,
    lon: p.lon,
    rad: Math.round(p.radiusMeters),
    tst: stableWaypointTst(p.name)
  }));
}
function setWaypointsCommand(memberId, settings) {
  return setWaypointsOf(waypointsFor(memberId, settings));
}
var setWaypointsOf = (waypoints) => ({
  _type: "cmd",
  action: "setWaypoints",
  waypoints: { _type: "waypoints", waypoints }
});
var NOWHERE = { lat: -1e3, lon: -1e3 };
function withRemovals(current2, held) {
  const keyOf2 = (r) => `${r.tst}\0${r.desc}`;
  const kept = new Set(current2.map(keyOf2));
  const removals = /* @__PURE__ */ new Map();
  for (const region of held) {
    const key = keyOf2(region);
    if (kept.has(key) || removals.has(key)) continue;
    removals.set(key, { _type: "waypoint", desc: region.desc, ...NOWHERE, rad: 0, tst: region.tst });
  }
  return [...removals.values(), ...current2];
}
function heldIn(record) {
  if (!record) return [];
  let parsed;
  try {
    parsed = JSON.parse(record);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((r) => {
    if (typeof r !== "object" || r === null) return [];
    const { desc, tst } = r;
    return typeof desc === "string" && typeof tst === "number" ? [{ desc, tst }] : [];
  });
}
var heldRecord = (regions) => JSON.stringify(regions.map(({ desc, tst }) => ({ desc, tst })));

// src/core/provisioning.ts
function provisioningConfig(input) {
  const { settings, memberId, deviceId } = input;
  const member = settings.members.find((m) => m.id === memberId);
  const config = {
    _type: "configuration",
    mode: 0,
    // MQTT
    host: input.host,
    port: input.port,
    tls: true,
    ws: false,
    auth: true,
    // iOS's own switch for sending the password, which an earlier setup may have left off.
    usePassword: true,
    username: input.username,
    password: input.password,
    deviceId,
    // Android allows at most two letters or digits (§1.1).
    tid: initials(member?.name ?? deviceId),
    clientId: compactId(`${settings.family}${deviceId}`),
    // The clock's topic layout, whatever the username is (§2.1).
    pubTopicBase: `owntracks/${settings.family}/%d`,
    mqttProtocolLevel: 4,
    // Android obeys it (since v2.5; it used to raise anything under 15 minutes), and a short one wakes
    // the phone from Doze for a ping every time: 15 minutes, so a silent phone's will comes ~22 later.
    keepalive: 900,
    cleanSession: false,
    pubQos: 1,
    pubRetain: true,
    cmd: true,
    remoteConfiguration: true,
    allowRemoteLocation: true,
    monitoring: 1,
    extendedData: true,
    waypoints: waypointsFor(memberId, settings)
  };
  config.encryptionKey = input.encryptionKey ?? "";
  return config;
}
function initials(name) {
  const firsts = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "").map((w) => String.fromCodePoint(w.codePointAt(0))).join("");
  const source = [...firsts].length >= 2 ? firsts : name.replace(/[^\p{L}\p{N}]/gu, "");
  return [...source.toUpperCase()].slice(0, 2).join("") || "WC";
}
function inlineConfigLink(config) {
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `owntracks:///config?inline=${encodeURIComponent(btoa(binary))}`;
}
function compactId(text) {
  return text.replace(/[^\p{L}\p{N}_]/gu, "").toLowerCase();
}
var isExampleName = (name) => /(^|\.)example(\.(com|net|org))?\.?$/i.test(name) || /\.invalid\.?$/i.test(name);

// src/adapters/auth/credentials.ts
var SELECT = "SELECT password_hash FROM device_credential WHERE device_id = ?";
var UPSERT = "INSERT INTO device_credential (device_id, member_id, password_hash, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET password_hash = excluded.password_hash, created_ms = excluded.created_ms";
function storePassword(db, username, memberId, password) {
  db.prepare(UPSERT).run(username.toLowerCase(), memberId, hashGeneratedSecret(password), Date.now());
}
function loadCredentials(db, devices, clock, family, options = {}) {
  const spend = options.spend ?? spendAVerification;
  const generated = [];
  const select = db.prepare(SELECT);
  const stamp = db.prepare("SELECT count(*) AS rows, total(created_ms) AS times FROM device_credential");
  const accounts = /* @__PURE__ */ new Map();
  const add = (username, identity, memberId, configured) => {
    const key = username.toLowerCase();
    if (configured.passwordHash)
      return accounts.set(key, { identity, configuredHash: configured.passwordHash });
    if (configured.password)
      return accounts.set(key, { identity, configuredDigest: digestOf(configured.password) });
    if (!select.get(key)) {
      const password = generatePassword();
      generated.push(memberId === "" ? { username: key, password } : { username: key, password, memberId });
    }
    return accounts.set(key, { identity });
  };
  for (const d of devices)
    add(d.deviceId, { kind: "device", family, deviceId: d.deviceId, memberId: d.memberId }, d.memberId, d);
  add(
    clock.username,
    { kind: "clock", family },
    "",
    clock.password === void 0 ? {} : { password: clock.password }
  );
  const storedInUse = JSON.stringify(
    [...accounts].filter(([, a]) => !a.configuredHash && !a.configuredDigest).map(([name]) => name)
  );
  const unused = db.prepare(
    "SELECT device_id FROM device_credential WHERE device_id NOT IN (SELECT value FROM json_each(?))"
  ).pluck().all(storedInUse);
  if (unused.length > 0) {
    db.prepare("DELETE FROM device_credential WHERE device_id NOT IN (SELECT value FROM json_each(?))").run(
      storedInUse
    );
    options.forgetRemoved?.(unused);
  }
  if (generated.length > 0) {
    options.keepGenerated?.(generated);
    db.transaction(() => {
      for (const g of generated) storePassword(db, g.username, g.memberId ?? "", g.password);
    })();
  }
  const clockKey = clock.username.toLowerCase();
  const hashOf2 = (username, account) => account.configuredHash ?? select.get(username)?.password_hash;
  const check = async (username, account, password) => {
    if (account.configuredDigest)
      return timingSafeEqual3(account.configuredDigest, digestOf(password)) ? CONFIGURED : "wrong";
    const hash = hashOf2(username, account);
    if (hash === void 0) return "wrong";
    const cacheKey = `${username}\0${hash}`;
    const digest = digestOf(password);
    const right = account.configuredHash ? CONFIGURED : { version: hash };
    const known = verified.get(cacheKey);
    if (known) return timingSafeEqual3(known, digest) ? right : "wrong";
    const ok2 = await verifyPassword(password, hash);
    if (!ok2) return hash.startsWith("scrypt$") ? "wrong-after-scrypt" : "wrong";
    if (verified.size >= MAX_CACHED_LOGINS) verified.clear();
    verified.set(cacheKey, digest);
    return right;
  };
  const accept = (account, checked, options2) => {
    options2.accepted?.(checked.version);
    return account.identity;
  };
  const refuse = async (password, checks, options2) => {
    if (checks.includes("wrong-after-scrypt")) options2.tookScrypt?.();
    else if (options2.spend) await spend(password);
    return null;
  };
  const verified = /* @__PURE__ */ new Map();
  async function authenticateFamilyMember(password, clientId, options2) {
    const hint = compactId(clientId);
    const devicesFirstHinted = [...accounts].filter(([, a]) => a.identity.kind === "device");
    const hinted = ([name]) => Number(hint !== "" && hint.endsWith(compactId(name)));
    devicesFirstHinted.sort((a, b) => hinted(b) - hinted(a));
    const checks = [];
    for (const [name, account] of devicesFirstHinted) {
      const checked = await check(name, account, password);
      if (typeof checked === "object") return accept(account, checked, options2);
      checks.push(checked);
    }
    return refuse(password, checks, options2);
  }
  return {
    generated,
    knows: (username) => username === family || accounts.has(username.toLowerCase()),
    async authenticate(username, password, clientId = "", options2 = { spend: true }) {
      const key = username.toLowerCase();
      if (username === family && !accounts.has(key))
        return authenticateFamilyMember(password, clientId, options2);
      const account = accounts.get(key);
      if (!account) return refuse(password, [], options2);
      const checked = await check(key, account, password);
      return typeof checked === "object" ? accept(account, checked, options2) : refuse(password, [checked], options2);
    },
    passwordsStamp: () => {
      const row = stamp.get();
      return `${row.rows}:${row.times}`;
    },
    passwordVersionOf(identity) {
      const key = identity.kind === "clock" ? clockKey : identity.deviceId.toLowerCase();
      const account = accounts.get(key);
      if (!account || account.identity.family !== identity.family) return void 0;
      if (account.configuredDigest || account.configuredHash) return CONFIGURED.version;
      return select.get(key)?.password_hash;
    }
  };
}
var CONFIGURED = { version: "config" };
async function spendAVerification(password) {
  dummyHash ??= hashPassword("not-a-real-account");
  await verifyPassword(password, dummyHash);
}
var dummyHash;
var CACHE_KEY = randomBytes3(32);
var MAX_CACHED_LOGINS = 1e4;
var digestOf = (password) => createHmac2("sha256", CACHE_KEY).update(password).digest();

// src/adapters/broker/external-broker.ts
import mqtt from "mqtt";

// src/adapters/log/repeat-filter.ts
var REPEAT_EVERY_MS = 36e5;
function createRepeatFilter(logger, now) {
  let last;
  return {
    log(level, message) {
      if (last?.message === message && now() - last.atMs < REPEAT_EVERY_MS) {
        logger.log("debug", `again: ${message}`);
        return false;
      }
      last = { message, atMs: now() };
      logger.log(level, message);
      return true;
    },
    forget() {
      last = void 0;
    }
  };
}

// src/adapters/broker/diagnose.ts
function errorText(error) {
  const e = error ?? {};
  if (e.message) return e.message;
  const inner = e.errors?.find((x) => x?.message);
  if (inner?.message) return inner.message;
  return e.code !== void 0 ? String(e.code) : String(error);
}
function diagnoseConnectError(error, target) {
  const e = error ?? {};
  const code = String(e.code ?? "");
  const message = errorText(error);
  const where = safeUrl(target.url);
  if (target.hasPassword && target.username === void 0) {
    return {
      ok: false,
      problem: "broker.password is set but broker.username is not, so no login can be sent",
      fix: `set broker.username too (mosquitto-config names the clock's account "weasley-clock" unless it is set)`
    };
  }
  if (code === "ECONNRESET" && /^(mqtt|ws):\/\//.test(target.url)) {
    return {
      ok: false,
      problem: `${where} hung up on plain MQTT: the port probably expects TLS`,
      fix: "use mqtts:// (wss:// for WebSockets) for a TLS port, usually 8883, or the broker's plain port, usually 1883"
    };
  }
  if (code === "ECONNREFUSED") {
    return {
      ok: false,
      problem: `nothing listens at ${where} (connection refused)`,
      fix: "start the broker, or check host and port (and any firewall in between)"
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return {
      ok: false,
      problem: `the name in ${where} does not resolve`,
      fix: "check the host name (or use the broker\u2019s IP address)"
    };
  }
  if (/couldn't connect to server/i.test(message)) {
    return {
      ok: false,
      problem: `${where} closed the connection without answering the login`,
      fix: "check the broker\u2019s log: cloud brokers (AWS IoT, Losant) close it for a client id their policy does not allow, or a TLS client certificate they do not know"
    };
  }
  if (code === "ETIMEDOUT" || /timed? ?out/i.test(message)) {
    return {
      ok: false,
      problem: `no answer from ${where}`,
      fix: "check the port, and that the broker is reachable from this machine (firewall, NAT)"
    };
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || /altnames|does not match certificate/i.test(message)) {
    return {
      ok: false,
      problem: `the broker's certificate does not name the host in ${where}`,
      fix: "connect with a name the certificate lists (see its Subject Alternative Names), or re-issue it with this name (broker.publicHosts)"
    };
  }
  if (/self[- ]signed|unable to (get local issuer|verify the first)|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(
    `${code} ${message}`
  )) {
    return {
      ok: false,
      problem: "the broker\u2019s certificate is signed by a CA this machine does not trust",
      fix: target.caFile ? `broker.caFile (${target.caFile}) is not the CA that signed it: give the one that did (for a Mosquitto set up by mosquitto-config, the ca.crt in its folder)` : "set broker.caFile to the CA certificate that signed it (for our own CA: data/tls/ca.crt)"
    };
  }
  if (/CERT_HAS_EXPIRED|expired/i.test(`${code} ${message}`)) {
    return {
      ok: false,
      problem: "the broker\u2019s certificate has expired",
      fix: "renew it (certbot renew), then reload the broker"
    };
  }
  if (/wrong version number|packet length too long|EPROTO/i.test(`${code} ${message}`)) {
    return {
      ok: false,
      problem: `TLS and plain MQTT are mixed up at ${where}`,
      fix: "use mqtt:// for a plain port and mqtts:// for a TLS port (usually 1883 and 8883)"
    };
  }
  if (/bad user ?name or password|not authori[sz]ed/i.test(message) || code === "4" || code === "5" || code === "134" || code === "135") {
    return {
      ok: false,
      problem: `the broker refused the login${target.username ? ` of "${target.username}"` : ""}`,
      fix: "check broker.username and broker.password (old config: mirrorUser / mirrorPass) against the broker\u2019s password file"
    };
  }
  return {
    ok: false,
    problem: message.split("\n")[0] ?? "unknown error",
    fix: "check the broker\u2019s log"
  };
}
function diagnoseSubscribe(topic, grantedQos, username) {
  if (grantedQos !== void 0 && grantedQos < 128) return { ok: true };
  return {
    ok: false,
    problem: `the broker refused the subscription to ${topic}`,
    fix: `allow it in the broker's ACL, e.g. for Mosquitto: "user ${username ?? "<clock user>"}" then "topic read ${topic}"`
  };
}
var hungUpHint = (profile, clientId, url) => `${loginHint(profile, clientId)}${webSocketHint(url)}${plainHint(url)}`;
function plainHint(url) {
  return /^(mqtt|ws):\/\//i.test(url) ? `; or the port expects TLS: use ${url.toLowerCase().startsWith("ws") ? "wss" : "mqtts"}:// for it` : "";
}
function loginHint(profile, clientId) {
  switch (profile) {
    case "aws-iot":
      return `check that the policy allows iot:Connect for client id "${clientId}", and that the certificate is active and attached to that policy`;
    case "losant":
      return `the client id "${clientId}" must be the id of a device registered in the Losant application`;
    case "mosquitto":
      return "check the broker's log: it may refuse this client id, or a TLS client certificate it does not know";
  }
}
function webSocketHint(url) {
  if (!/^wss?:\/\//i.test(url)) return "";
  let path23 = "/";
  try {
    path23 = new URL(url).pathname;
  } catch {
  }
  return `; or the WebSocket path ${path23} is not the broker's (EMQX, HiveMQ and Mosquitto behind a web server often listen on /mqtt: give it in the url)`;
}

// src/adapters/broker/external-broker.ts
var STABLE_CONNECTION_MS = 3e4;
var CONNECTION_CLOSED = "Connection closed";
var MAX_REPLAY_DEATHS = 2;
function startExternalBroker(options) {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? { initialMs: 1e3, maxMs: 6e4 };
  const topic = `owntracks/${options.family}/#`;
  let view = { connected: false, lastError: "connecting" };
  let attempt = 0;
  let connectedAtMs;
  const waiting = /* @__PURE__ */ new Set();
  let replaying = false;
  let inFlight;
  let suspect;
  let retryTimer;
  let closing = false;
  let answered = false;
  let attemptError;
  const failures = createRepeatFilter(logger, now);
  const connects = createRepeatFilter(logger, now);
  const keepFailures = createRepeatFilter(logger, now);
  let droppedByUs = false;
  let lastWentWell = true;
  let failureSaid = false;
  const sayFailure = (level, message) => {
    if (failures.log(level, message)) failureSaid = true;
  };
  let awaitingSubAck;
  let lastSubscribed = true;
  const clientOptions = clientOptionsOf(config, options.clientId);
  const inClear = config.password === void 0 ? void 0 : plainRemoteHost(config.url);
  if (inClear)
    logger.log(
      "warn",
      `broker.password goes to ${inClear} in clear (${config.url.split(":")[0]}://): anyone on the network between can read it; use mqtts:// or wss:// unless that network is yours alone`
    );
  const client = mqtt.connect(config.url, clientOptions);
  client.handleMessage = (packet, callback) => {
    const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
    const delivery = packet.retain ? "replayed" : "relayed";
    const inbound = { topic: packet.topic, payload, receivedAtMs: now(), delivery };
    const stream = client.stream;
    options.onMessage(inbound, (error) => {
      if (client.stream !== stream || stream.destroyed) return;
      if (!error) return callback();
      if (keepFailures.log("warn", "could not keep a message from the broker: reconnecting to have it again"))
        failureSaid = true;
      droppedByUs = true;
      stream.destroy();
    });
  };
  const setView = (next) => {
    view = next;
    options.onConnectionChange?.(next);
  };
  client.on("packetsend", (packet) => {
    if (replaying && packet.cmd === "publish" && packet.qos > 0 && packet.messageId !== void 0)
      inFlight = { messageId: packet.messageId, topic: packet.topic };
  });
  client.on("packetreceive", (packet) => {
    if (packet.cmd === "connack") answered = true;
    if (packet.cmd === "connack" && packet.returnCode === 0) replaying = true;
    else if (packet.cmd === "puback" && packet.messageId === inFlight?.messageId) {
      inFlight = void 0;
      suspect = void 0;
    }
  });
  client.on("connect", (connack) => {
    replaying = false;
    inFlight = void 0;
    suspect = void 0;
    connectedAtMs = now();
    setView({ connected: true });
    const said = `connected to ${safeUrl(config.url)}${connack.sessionPresent ? " (session resumed)" : ""}`;
    if (lastWentWell || failureSaid) connects.forget();
    connects.log("info", said);
    failureSaid = false;
    lastSubscribed = false;
    clearTimeout(resubscribeTimer);
    subscribe(++connection, connack.sessionPresent, 0);
  });
  let resubscribeTimer;
  let connection = 0;
  const retries = options.resubscribe ?? { initialMs: 3e4, maxMs: 6e5 };
  function subscribe(on, resumed, refusals) {
    awaitingSubAck = on;
    client.subscribe(topic, { qos: 1 }, (error, granted) => {
      if (on !== connection) return;
      awaitingSubAck = void 0;
      const refused2 = error || granted?.some((g) => g.qos === 128) ? new Error(`the broker refused the subscription to ${topic}${error ? ` (${error.message})` : ""}`) : void 0;
      if (refused2) {
        if (!client.connected || closing) return;
        if (refusals === 0) {
          logger.log("error", `${refused2.message}: check the broker's ACL for this account`);
          setView({ connected: true, lastError: refused2.message });
        }
        const delay = Math.min(retries.maxMs, retries.initialMs * 2 ** refusals);
        resubscribeTimer = setTimeout(() => subscribe(on, resumed, refusals + 1), delay);
        resubscribeTimer.unref?.();
        return;
      }
      lastSubscribed = true;
      forgetEarlierFilter(resumed);
      if (refusals > 0) {
        logger.log("info", `the broker now grants the subscription to ${topic}`);
        setView({ connected: true });
      }
      options.onSubscribed?.(resumed);
    });
  }
  let earlierFilter = options.subscribedBefore;
  function forgetEarlierFilter(resumed) {
    const earlier = earlierFilter;
    if (earlier === topic) return;
    if (earlier === void 0 || !resumed) {
      earlierFilter = topic;
      options.onFilterHeld?.(topic);
      return;
    }
    client.unsubscribe(earlier, (error) => {
      if (error || earlierFilter !== earlier) return;
      earlierFilter = topic;
      logger.log("info", `gave up the subscription to ${earlier} an earlier run of this clock held`);
      options.onFilterHeld?.(topic);
    });
  }
  client.on("error", (error) => {
    attemptError = error;
    if (!answered && isHangUp(error)) return;
    if (view.connected) {
      logger.log("debug", `broker ${safeUrl(config.url)}: ${errorText(error)}`);
      return;
    }
    if (wasStable()) failures.forget();
    const { problem, fix } = diagnoseConnectError(error, {
      url: config.url,
      ...config.username === void 0 ? {} : { username: config.username },
      hasPassword: config.password !== void 0,
      ...config.caFile === void 0 ? {} : { caFile: config.caFile }
    });
    const where = safeUrl(config.url);
    const said = problem === void 0 ? errorText(error) : problem;
    sayFailure("warn", `${said.includes(where) ? "" : `broker ${where}: `}${said}${fix ? `: ${fix}` : ""}`);
    view = { connected: false, lastError: said };
  });
  client.on("close", () => {
    clearTimeout(resubscribeTimer);
    if (closing) return;
    if (replaying && inFlight && !droppedByUs)
      suspect = suspect?.messageId === inFlight.messageId ? { ...suspect, deaths: suspect.deaths + 1 } : { ...inFlight, deaths: 1 };
    replaying = false;
    inFlight = void 0;
    const hungUp = !answered && (attemptError === void 0 || isHangUp(attemptError));
    const reason = attemptError === void 0 ? "" : ` (${errorText(attemptError)})`;
    const hungUpOnSubscribe = awaitingSubAck === connection && (attemptError === void 0 || isHangUp(attemptError)) && !droppedByUs;
    const ours = droppedByUs;
    answered = false;
    attemptError = void 0;
    awaitingSubAck = void 0;
    droppedByUs = false;
    if (connectedAtMs !== void 0) lastWentWell = lastSubscribed && wasStable();
    if (view.connected) {
      if (wasStable()) failures.forget();
      if (ours) setView({ connected: false, lastError: "could not keep a message: reconnecting" });
      else if (hungUpOnSubscribe) {
        const problem = `${safeUrl(config.url)} closed the connection on the subscription to ${topic}: check the broker's ACL for this account`;
        sayFailure("error", problem);
        setView({ connected: false, lastError: problem });
      } else {
        const lost = `lost the connection to ${safeUrl(config.url)}${reason}; reconnecting`;
        if (reason) sayFailure("warn", lost);
        else failures.log("info", lost);
        setView({ connected: false, lastError: `connection lost${reason}` });
      }
    } else if (hungUp) {
      const problem = `${safeUrl(config.url)} closed the connection without answering the login: ${hungUpHint(config.profile, options.clientId, config.url)}`;
      sayFailure("error", problem);
      setView({ connected: false, lastError: problem });
    } else options.onConnectionChange?.(view);
    scheduleReconnect();
  });
  function wasStable() {
    return connectedAtMs !== void 0 && now() - connectedAtMs >= STABLE_CONNECTION_MS;
  }
  function scheduleReconnect() {
    if (closing || retryTimer) return;
    if (wasStable()) attempt = 0;
    connectedAtMs = void 0;
    const delay = reconnectDelayMs(attempt, backoff, Math.random());
    attempt++;
    logger.log("debug", `reconnecting to ${safeUrl(config.url)} in ${delay} ms`);
    retryTimer = setTimeout(() => {
      retryTimer = void 0;
      if (closing) return;
      if (suspect && suspect.deaths >= MAX_REPLAY_DEATHS) {
        logger.log(
          "warn",
          `dropped a message to ${suspect.topic}: ${safeUrl(config.url)} closed the connection each time it was sent (check its policy for the clock's topics)`
        );
        client.removeOutgoingMessage(suspect.messageId);
        suspect = void 0;
      }
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
    retryTimer.unref();
  }
  function failWaiting(error) {
    for (const settle2 of [...waiting]) settle2(error);
  }
  return {
    connection: () => view,
    publish(t, payload, { qos, retain }) {
      return new Promise((resolve2, reject) => {
        let settled = false;
        const settle2 = (error) => {
          if (settled) return;
          settled = true;
          waiting.delete(settle2);
          if (error) reject(error);
          else resolve2();
        };
        if (qos > 0) waiting.add(settle2);
        const send2 = () => client.publish(t, payload, { qos, retain }, (e) => {
          if (qos > 0 && !closing && e?.message === CONNECTION_CLOSED) setImmediate(send2);
          else settle2(e ?? void 0);
        });
        send2();
      });
    },
    async close() {
      closing = true;
      if (retryTimer) clearTimeout(retryTimer);
      clearTimeout(resubscribeTimer);
      failWaiting(new Error("not sent: the clock is stopping"));
      await client.endAsync(true);
    }
  };
}
function isHangUp(error) {
  return error.code === "ECONNRESET" || error.code === "EPIPE";
}
function reconnectDelayMs(attempt, bounds, random) {
  const ceiling = Math.min(bounds.maxMs, bounds.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}

// src/adapters/mqtt-output/stepper-output.ts
var DIAL = "/dial";
function createStepperOutput(publisher, logger, options = { retain: true }) {
  const last = /* @__PURE__ */ new Map();
  let latest;
  let cleared = false;
  const clearRemoved = async (view) => {
    const meta = options.meta;
    if (!meta) return;
    const key = `hands:${view.family}`;
    const ids = view.members.map((m) => m.id);
    let before = [];
    try {
      before = JSON.parse(meta.get(key) ?? "[]");
    } catch {
    }
    const removed = Array.isArray(before) ? before.filter((id) => typeof id === "string" && !ids.includes(id)) : [];
    try {
      await Promise.all(
        removed.map(
          (id) => publisher.publish(`weasley/${view.family}/hands/${id}`, "", { qos: 1, retain: options.retain })
        )
      );
      meta.set(key, JSON.stringify(ids));
    } catch (error) {
      logger.log(
        "warn",
        `could not empty the hands of removed members: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  };
  let shownDial = [];
  let shown = [];
  const unchanged = (view) => {
    if (view.dial !== shownDial && !sameStrings(view.dial, shownDial)) return false;
    if (view.members.length !== shown.length) return false;
    return view.members.every((m, i) => {
      const s = shown[i];
      return m.id === s.id && m.name === s.name && m.place === s.place && m.sinceMs === s.sinceMs && m.online === s.online;
    });
  };
  return {
    resend() {
      last.clear();
      shown = [];
      if (latest) this.show(latest, []);
    },
    show(view) {
      latest = view;
      if (!cleared) {
        cleared = true;
        void clearRemoved(view);
      }
      if (unchanged(view)) return;
      shownDial = view.dial;
      shown = view.members.map(({ id, name, place, sinceMs, online }) => ({
        id,
        name,
        place,
        sinceMs,
        online
      }));
      const layout = handLayout(view);
      const angles = dialAngles(view.dial);
      const dial = {
        places: view.dial.map((place) => ({ place, angle: angles.get(place) ?? 0 }))
      };
      send2(DIAL, `weasley/${view.family}/dial`, JSON.stringify(dial));
      view.members.forEach((member, i) => {
        const message = {
          member: member.id,
          name: member.name,
          place: member.place,
          angle: layout[i]?.angleDeg ?? 0,
          placeAngle: layout[i]?.placeAngleDeg ?? 0,
          slot: Math.max(0, view.dial.indexOf(dialLabelOf(member.place, view.dial))),
          since: member.sinceMs,
          online: member.online
        };
        send2(member.id, `weasley/${view.family}/hands/${member.id}`, JSON.stringify(message));
      });
    }
  };
  function send2(key, topic, payload) {
    if (last.get(key) === payload) return;
    last.set(key, payload);
    publisher.publish(topic, payload, { qos: 1, retain: options.retain }).catch((error) => {
      last.delete(key);
      shown = [];
      logger.log(
        "warn",
        `could not publish ${key === DIAL ? "the dial" : `the hand of ${key}`}: ${error instanceof Error ? error.message : String(error)}`
      );
    });
  }
}
var sameStrings = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// src/app/clock-web.ts
import { readFileSync as readFileSync9 } from "node:fs";
import path12 from "node:path";

// src/adapters/http/security-headers.ts
var SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
};

// src/adapters/http/admin-routes.ts
var MAX_REJECTED_SHOWN = 200;
var MAX_BODY_BYTES = 4096;
var CA_FINGERPRINT_HEADER = "x-certificate-sha256";
function createAdminRoutes(api, checkToken, reply) {
  return async (req, res, url) => {
    if (url.pathname === "/ca.crt") {
      const ca = api.caCert();
      if (!ca)
        reply(res, 404, {
          error: "no CA certificate to install: the broker's certificate is from a public CA, or from files you gave it"
        });
      else {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "cache-control": "no-cache",
          "content-type": "application/x-x509-ca-cert",
          "content-disposition": 'attachment; filename="weasley-clock-ca.crt"',
          // For the setup page to show (its HEAD asks): what the phone's certificate details must say.
          [CA_FINGERPRINT_HEADER]: fingerprintsOf(ca.toString()).join(", ")
        });
        res.end(ca);
      }
      return true;
    }
    if (!url.pathname.startsWith("/api/admin/")) return false;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (!await checkToken(token)) {
      reply(res, 401, { error: "admin token missing or wrong" });
      return true;
    }
    const action = url.pathname.slice("/api/admin/".length);
    if (req.method === "GET" && action === "members") {
      reply(res, 200, api.members());
      return true;
    }
    if (req.method === "GET" && action === "rejected") {
      const asked = Number(url.searchParams.get("count") ?? 20);
      const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_REJECTED_SHOWN) : 20;
      reply(res, 200, api.rejected(limit));
      return true;
    }
    if (req.method !== "POST") {
      const readable = action === "members" || action === "rejected";
      reply(res, 405, { error: "method not allowed" }, { allow: readable ? "GET, POST" : "POST" });
      return true;
    }
    const body = await readJson(req);
    if (body === void 0) {
      reply(res, 400, { error: `the request body must be a JSON object of at most ${MAX_BODY_BYTES} bytes` });
      return true;
    }
    const member = typeof body.member === "string" ? body.member : void 0;
    switch (action) {
      case "provision":
        if (!member) return missing(res, "member");
        reply(
          res,
          200,
          await api.provision(member, typeof body.device === "string" ? body.device : void 0)
        );
        return true;
      case "push-places":
        reply(res, 200, await api.pushPlaces(member));
        return true;
      case "report-location":
        if (!member) return missing(res, "member");
        reply(res, 200, await api.requestLocation(member));
        return true;
      case "replay": {
        const filter = replayFilterOf(body);
        if (typeof filter === "string") reply(res, 400, { error: filter });
        else reply(res, 200, await api.replay(filter));
        return true;
      }
      default:
        reply(res, 404, { error: `no admin action "${action.slice(0, 40)}"` });
        return true;
    }
  };
  function missing(res, field) {
    reply(res, 400, { error: `"${field}" is required` });
    return true;
  }
}
function replayFilterOf(body) {
  const filter = {};
  const { code, since } = body;
  if (code !== void 0) {
    if (!PROBLEM_CODES.includes(code))
      return `"code" must be one of ${PROBLEM_CODES.join(", ")}`;
    filter.code = code;
  }
  if (since !== void 0) {
    const ms = typeof since === "number" ? since : typeof since === "string" ? Date.parse(since) : Number.NaN;
    if (!Number.isFinite(ms)) return '"since" must be a time, such as 2026-12-01T18:00:00Z';
    filter.sinceMs = ms;
  }
  return filter;
}
async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return void 0;
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}

// src/adapters/http/http-server.ts
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { hostname } from "node:os";
import path11 from "node:path";

// src/adapters/log/printable.ts
var printable = (s) => clipped(s, 80);

// src/adapters/http/byte-range.ts
function byteRangeOf(header, size) {
  if (header === void 0) return void 0;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || m[1] === "" && m[2] === "") return void 0;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    return size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return void 0;
  return start >= size ? "unsatisfiable" : { start, end };
}

// src/adapters/http/event-hub.ts
var HEARTBEAT_MS = 25e3;
var MAX_BACKLOG_BYTES = 256 * 1024;
var MAX_STREAMS = 256;
var MAX_STREAMS_PER_ADDRESS = 8;
var MAX_STREAMS_THROUGH_A_PROXY = 64;
var PROXIED = "(through a proxy)";
function streamOwners(req) {
  const peer = req.socket.remoteAddress ?? "";
  const forwarded = req.headers["x-forwarded-for"];
  const last = typeof forwarded === "string" ? forwarded.split(",").at(-1)?.trim() : void 0;
  if (!last || !isLoopbackAddress(peer)) return [peerKey(peer, req.socket.localAddress)];
  return [addressKey(last), PROXIED];
}
function createEventHub(pageVersion) {
  const clients = /* @__PURE__ */ new Map();
  const streamsFrom = /* @__PURE__ */ new Map();
  let heartbeat;
  const drop = (res) => {
    const owners = clients.get(res);
    if (owners === void 0) return;
    clients.delete(res);
    for (const from of owners) {
      const left = (streamsFrom.get(from) ?? 1) - 1;
      if (left <= 0) streamsFrom.delete(from);
      else streamsFrom.set(from, left);
    }
  };
  const send2 = (res, chunk) => {
    if (res.writableLength > MAX_BACKLOG_BYTES) {
      drop(res);
      res.destroy();
      return;
    }
    res.write(chunk);
  };
  const ensureHeartbeat = () => {
    if (heartbeat || clients.size === 0) return;
    heartbeat = setInterval(() => {
      const ping = `event: ping
data: ${Date.now()}

`;
      for (const res of clients.keys()) send2(res, ping);
      if (clients.size === 0 && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = void 0;
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };
  return {
    attach(req, res, view) {
      const head = {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        // nginx buffers proxied answers, event streams too, and would hold views back until its buffer
        // fills; this header turns that off for this answer alone, with no change to nginx's config.
        "x-accel-buffering": "no",
        "x-content-type-options": "nosniff"
      };
      if (req.method === "HEAD") {
        res.writeHead(200, head).end();
        return;
      }
      const refuse = (status, reason) => {
        res.writeHead(status, { ...head, "content-type": "text/plain; charset=utf-8", "retry-after": "30" });
        res.end(reason);
      };
      const owners = streamOwners(req);
      const [from] = owners;
      if ((streamsFrom.get(from) ?? 0) >= MAX_STREAMS_PER_ADDRESS)
        return refuse(429, `at most ${MAX_STREAMS_PER_ADDRESS} live clocks at once from one address`);
      if (owners.length > 1 && (streamsFrom.get(PROXIED) ?? 0) >= MAX_STREAMS_THROUGH_A_PROXY)
        return refuse(429, `at most ${MAX_STREAMS_THROUGH_A_PROXY} live clocks at once through a proxy`);
      if (clients.size >= MAX_STREAMS) return refuse(503, `at most ${MAX_STREAMS} live clocks at once`);
      res.writeHead(200, { ...head, connection: "keep-alive" });
      res.socket?.setNoDelay(true);
      res.write(`retry: 2000

`);
      if (pageVersion !== void 0) res.write(`event: version
data: ${pageVersion}

`);
      clients.set(res, owners);
      for (const owner of owners) streamsFrom.set(owner, (streamsFrom.get(owner) ?? 0) + 1);
      send2(res, frame(view));
      req.on("close", () => drop(res));
      ensureHeartbeat();
    },
    broadcast(view) {
      if (clients.size === 0) return;
      const chunk = frame(view);
      for (const res of clients.keys()) send2(res, chunk);
    },
    closeAll() {
      for (const res of clients.keys()) res.end();
      clients.clear();
      streamsFrom.clear();
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = void 0;
    },
    size: () => clients.size
  };
}
var frame = (view) => `event: state
data: ${JSON.stringify(view)}

`;

// src/adapters/http/host-check.ts
var LOCAL_SUFFIXES = [
  ".localhost",
  ".local",
  ".lan",
  ".home",
  ".home.arpa",
  ".internal",
  ".localdomain",
  ".corp",
  // FRITZ!Box routers name their network's machines so. ".box" is a public TLD: this holds while AVM
  // holds fritz.box (someone else registered it in 2024 until AVM won it back).
  ".fritz.box"
];
var IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
function hostName(header) {
  const name = header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : header.split(":")[0];
  return (name ?? "").toLowerCase().replace(/\.$/, "");
}
function createHostCheck(allowed) {
  const names = new Set(allowed.map((a) => a.toLowerCase().replace(/\.$/, "")));
  const anything = names.has("*");
  const domains = [...names].filter((n) => n.startsWith("."));
  return (hostHeader) => {
    if (hostHeader === void 0 || anything) return true;
    const name = hostName(hostHeader);
    if (name === "") return false;
    if (name.startsWith("[") || IPV4.test(name)) return true;
    if (name === "localhost" || !name.includes(".")) return true;
    if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true;
    if (names.has(name)) return true;
    return domains.some((d) => name.endsWith(d) || name === d.slice(1));
  };
}

// src/adapters/http/web-assets.ts
import { createHash as createHash2 } from "node:crypto";
import { readdirSync as readdirSync2, readFileSync as readFileSync8, statSync as statSync3 } from "node:fs";
import path10 from "node:path";
var VERSION_META = "weasley-version";
var hashOf = (bytes) => createHash2("sha256").update(bytes).digest("hex").slice(0, 16);
function loadWebAssets(webRoot) {
  const read = /* @__PURE__ */ new Map();
  for (const name of filesIn(webRoot)) {
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) continue;
    try {
      const file = path10.join(webRoot, name);
      if (statSync3(file).isFile()) read.set(name, readFileSync8(file));
    } catch {
    }
  }
  const files = /* @__PURE__ */ new Map();
  for (const [name, body] of read) if (!name.endsWith(".html")) files.set(name, { body, hash: hashOf(body) });
  let version;
  for (const [name, body] of read) {
    if (!name.endsWith(".html")) continue;
    const page = versionAssets(body.toString("utf8"), files);
    if (name !== "index.html") {
      files.set(name, { body: Buffer.from(page) });
      continue;
    }
    version = hashOf(page);
    const meta = new RegExp(`(<meta name="${VERSION_META}" content=")[^"]*"`);
    files.set(name, { body: Buffer.from(page.replace(meta, `$1${version}"`)) });
  }
  return { version, file: (name) => files.get(name) };
}
function filesIn(dir) {
  try {
    return readdirSync2(dir);
  } catch {
    return [];
  }
}
function versionAssets(html, files) {
  return html.replace(/\b(src|href)="([\w.-]+)"/g, (whole, attribute, name) => {
    const hash = files.get(name)?.hash;
    return hash === void 0 ? whole : `${attribute}="${name}?v=${hash}"`;
  });
}

// src/adapters/http/http-server.ts
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".ogg": "audio/ogg"
};
var SOUND_NAME = /^\/sounds\/([\w-][\w.-]*\.(?:wav|mp3|ogg))$/;
var NO_FRAMING = {
  "content-security-policy": `${SECURITY_HEADERS["content-security-policy"]}; frame-ancestors 'none'`,
  "x-frame-options": "DENY"
};
var MAX_CONNECTIONS_PER_ADDRESS = 64;
var MAX_CONNECTIONS_FROM_THIS_MACHINE = MAX_STREAMS + 64;
var MAX_CONNECTIONS = MAX_STREAMS + 256;
var HEADERS_TIMEOUT_MS = 2e4;
async function startHttpServer(options) {
  const { api } = options;
  const assets = loadWebAssets(options.webRoot);
  const hub = createEventHub(assets.version);
  const hostAllowed = createHostCheck([...options.allowedHosts ?? [], hostname()]);
  const refusedHosts = /* @__PURE__ */ new Set();
  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      const known = error instanceof Error && error.name === "ProvisionError";
      if (!known)
        options.logger?.log(
          "error",
          `web server: ${req.method} ${(req.url ?? "").split("?")[0]} failed: ${error instanceof Error ? error.message : String(error)}`
        );
      if (res.headersSent) res.destroy();
      else sendJson(res, known ? 400 : 500, { error: known ? error.message : "internal error" });
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  const connections = /* @__PURE__ */ new Map();
  let refusedSaid = false;
  server.on("connection", (socket) => {
    const key = addressKey(socket.remoteAddress ?? "");
    const count = (connections.get(key) ?? 0) + 1;
    const cap = isLoopbackAddress(socket.remoteAddress ?? "") ? MAX_CONNECTIONS_FROM_THIS_MACHINE : MAX_CONNECTIONS_PER_ADDRESS;
    if (count > cap) {
      if (!refusedSaid)
        options.logger?.log("warn", `web server: ${key} holds ${cap} connections; closing any more it opens`);
      refusedSaid = true;
      return void socket.destroy();
    }
    connections.set(key, count);
    socket.once("close", () => {
      const left = (connections.get(key) ?? 1) - 1;
      if (left > 0) connections.set(key, left);
      else connections.delete(key);
    });
  });
  async function route(req, res) {
    if (!hostAllowed(req.headers.host)) return refuseHost(req.headers.host ?? "", res);
    if (req.method === "OPTIONS" && req.url === "*") {
      res.writeHead(204, { ...SECURITY_HEADERS, allow: "GET, HEAD, POST" });
      return void res.end();
    }
    const url = requestUrl(req.url);
    if (!url) return sendJson(res, 400, { error: "malformed request target" });
    if (options.admin && await options.admin(req, res, url)) return;
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendJson(res, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
    switch (url.pathname) {
      case "/api/state":
        return sendJson(res, 200, api.view());
      case "/api/events":
        return hub.attach(req, res, api.view());
      case "/api/stats":
        return sendJson(res, 200, { ...api.stats(), liveWebClients: hub.size() });
      case "/api/history": {
        const asked = Math.trunc(Number(url.searchParams.get("limit") ?? 100));
        const limit = Math.min(1e3, Math.max(1, asked || 100));
        return sendJson(res, 200, api.history(url.searchParams.get("member") ?? void 0, limit));
      }
      case "/healthz": {
        const health = api.health();
        return sendJson(res, health.ok ? 200 : 503, health);
      }
      case "/setup":
        return serveStatic("/setup.html", url, res);
      case "/api/face":
        return serveFace(url.searchParams.get("member") ?? "", res);
      default: {
        const sound = SOUND_NAME.exec(url.pathname)?.[1];
        if (sound !== void 0 && options.soundsDir) return serveSound(options.soundsDir, sound, req, res);
        return serveStatic(url.pathname, url, res);
      }
    }
  }
  function refuseHost(header, res) {
    const name = printable(hostName(header));
    if (refusedHosts.size < 100 && !refusedHosts.has(name)) {
      refusedHosts.add(name);
      options.logger?.log(
        "warn",
        `web server: refused requests for host "${name}": if the clock is reached by that name, add it to http.allowedHosts`
      );
    }
    sendJson(res, 421, { error: `this clock does not answer to "${name}": add it to http.allowedHosts` });
  }
  function serveFace(memberId, res) {
    const face = api.face(memberId);
    const image = face === void 0 ? void 0 : Buffer.from(face, "base64");
    const type = image && imageType(image);
    if (!image || !type) {
      sendJson(res, 404, { error: "no face for this member" });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": type,
      "cache-control": "private, max-age=31536000, immutable",
      "content-length": image.length
    });
    res.end(image);
  }
  async function serveSound(dir, name, req, res) {
    const file = path11.join(dir, name);
    let body;
    let tag;
    try {
      const info = await stat(file);
      tag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
      if (req.headers["if-none-match"] === tag) {
        res.writeHead(304, { etag: tag, "cache-control": "no-cache" });
        return void res.end();
      }
      body = await readFile(file);
    } catch {
      return sendJson(res, 404, { error: "no such sound" });
    }
    const headers = {
      ...SECURITY_HEADERS,
      "content-type": CONTENT_TYPES[path11.extname(name)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      etag: tag,
      "accept-ranges": "bytes"
    };
    const ifRange = req.headers["if-range"];
    const asked = req.method === "GET" && (ifRange === void 0 || ifRange === tag);
    const range = asked ? byteRangeOf(req.headers.range, body.length) : void 0;
    if (range === "unsatisfiable") {
      res.writeHead(416, { ...headers, "content-range": `bytes */${body.length}`, "content-length": 0 });
      return void res.end();
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        "content-range": `bytes ${range.start}-${range.end}/${body.length}`,
        "content-length": range.end - range.start + 1
      });
      return void res.end(body.subarray(range.start, range.end + 1));
    }
    res.writeHead(200, { ...headers, "content-length": body.length });
    res.end(body);
  }
  function serveStatic(pathname, url, res) {
    const name = pathname === "/" ? "index.html" : pathname.slice(1);
    const file = assets.file(name);
    if (!file) {
      sendJson(res, 404, { error: "not found" });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      // The setup page may not be framed (clicks through another site); the clock may (a dashboard).
      ...name === "setup.html" ? NO_FRAMING : {},
      "content-type": CONTENT_TYPES[path11.extname(name)] ?? "application/octet-stream",
      // A URL with the file's hash never names other bytes, so it is kept for good. Anything else (the
      // pages, which name those URLs) is asked again each time: a page kept a while after an upgrade
      // would load old scripts into a tablet that then runs them for months.
      "cache-control": file.hash !== void 0 && url.searchParams.get("v") === file.hash ? "public, max-age=31536000, immutable" : "no-cache",
      "content-length": file.body.length
    });
    res.end(file.body);
  }
  await new Promise((resolve2, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve2();
    });
  });
  const port = server.address().port;
  const hostForUrl = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    port,
    url: `http://${hostForUrl.includes(":") ? `[${hostForUrl}]` : hostForUrl}:${port}/`,
    version: assets.version,
    output: { show: (view) => hub.broadcast(view) },
    async close() {
      hub.closeAll();
      server.closeAllConnections();
      await new Promise((resolve2) => server.close(() => resolve2()));
    }
  };
}
function imageType(bytes) {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 2303741511) return "image/png";
  if (bytes.length > 3 && bytes[0] === 255 && bytes[1] === 216 && bytes[2] === 255) return "image/jpeg";
  return void 0;
}
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text)
  });
  res.end(text);
}
function requestUrl(target) {
  try {
    if (target === void 0 || target.startsWith("/")) return new URL(`http://localhost${target ?? "/"}`);
    return /^https?:\/\//i.test(target) ? new URL(target) : null;
  } catch {
    return null;
  }
}

// src/adapters/metrics/process-metrics.ts
import { monitorEventLoopDelay } from "node:perf_hooks";
var WINDOW_MS = 1e4;
var RESOLUTION_MS = 10;
var histogram;
var lastWindow = null;
var delayMs = (ns) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
var mb = (bytes) => Math.round(bytes / 2 ** 20 * 10) / 10;
function ensureMonitoring() {
  if (histogram) return;
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  histogram = h;
  setInterval(() => {
    lastWindow = {
      windowSeconds: WINDOW_MS / 1e3,
      endedAtMs: Date.now(),
      p50Ms: delayMs(h.percentile(50)),
      p99Ms: delayMs(h.percentile(99)),
      maxMs: delayMs(h.max)
    };
    h.reset();
  }, WINDOW_MS).unref();
}
function processMetrics() {
  ensureMonitoring();
  const memory = process.memoryUsage();
  return { rssMB: mb(memory.rss), heapUsedMB: mb(memory.heapUsed), eventLoopDelay: lastWindow };
}

// src/adapters/provisioning/provision-device.ts
import { hostname as hostname2 } from "node:os";
import QRCode from "qrcode";
var QR_OPTIONS = { errorCorrectionLevel: "M", margin: 4 };
async function provisionDevice(config, db, memberName, options = {}) {
  const wanted = memberName.toLowerCase();
  const member = config.settings.members.find((m) => m.id === wanted || m.name.toLowerCase() === wanted);
  if (!member)
    throw new ProvisionError(
      `no member "${memberName}" (members: ${config.settings.members.map((m) => m.name).join(", ")})`
    );
  const deviceId = (options.device ?? member.deviceIds[0] ?? "").toLowerCase();
  const account = config.devices.find((d) => d.deviceId === deviceId && d.memberId === member.id);
  if (!account)
    throw new ProvisionError(
      `member "${member.name}" has no device "${deviceId}" (devices: ${member.deviceIds.join(", ")})`
    );
  if (config.broker.kind !== "embedded") {
    throw new ProvisionError(
      "provisioning creates accounts on the embedded broker; with an external broker, use that broker\u2019s account on the phone"
    );
  }
  if (account.passwordHash && !account.password) {
    throw new ProvisionError(
      `the config keeps only a hash of ${deviceId}'s password: put "password" there instead, or remove "passwordHash" so the clock manages it`
    );
  }
  const port = options.port ?? config.broker.mqttsPort;
  if (port === 0)
    throw new ProvisionError(
      "the config's broker.mqttsPort is 0 (a free port picked at each start), so there is no port to give the phone: pass the port the clock listens on now with --port, or use the setup page"
    );
  const password = account.password ?? generatePassword();
  const encryptionKey = account.encryptionKey ?? config.encryptionKey;
  const host = options.host ?? config.broker.publicHosts[0] ?? hostname2();
  const warnings = [];
  if (options.host === void 0 && config.broker.publicHosts.length === 0)
    warnings.push(
      `broker.publicHosts is empty, so the phone is given this machine's name, "${host}": it connects only where the network's DNS knows that name. Put the name or address phones reach the clock by in broker.publicHosts, restart the clock (its certificate then carries it) and set the phone up again.`
    );
  if (isExampleName(host))
    warnings.push(
      `"${host}" is an example name no phone can reach (the example config's placeholder): put the name or address phones reach the clock by in broker.publicHosts, restart the clock (its certificate then carries it) and set the phone up again.`
    );
  if (config.broker.mqttsPort === 0)
    warnings.push(
      `broker.mqttsPort is 0 (a free port picked at each start): port ${port} in this code stops working when the clock restarts. Give broker.mqttsPort a fixed port (8883) and set the phone up again.`
    );
  const otrc = provisioningConfig({
    settings: config.settings,
    memberId: member.id,
    deviceId,
    host,
    port,
    username: options.familyQualifiedUsername ? `${config.settings.family}/${deviceId}` : deviceId,
    password,
    ...encryptionKey === void 0 ? {} : { encryptionKey }
  });
  let link = inlineConfigLink(otrc);
  let svg;
  try {
    svg = await QRCode.toString(link, { ...QR_OPTIONS, type: "svg" });
  } catch {
    link = inlineConfigLink({ ...otrc, waypoints: [] });
    svg = await QRCode.toString(link, { ...QR_OPTIONS, type: "svg" });
    const places = Array.isArray(otrc.waypoints) ? otrc.waypoints.length : 0;
    warnings.push(
      `The ${places} places do not fit in a QR code with the rest, so this code leaves them out: the clock sends them to the phone when it connects (the .otrc file holds them too).`
    );
  }
  const rotated = account.password === void 0;
  return {
    memberName: member.name,
    deviceId,
    config: otrc,
    link,
    svg,
    rotated,
    warnings,
    store: () => {
      if (!rotated) return;
      storePassword(db, deviceId, member.id, password);
      forgetNewPassword(config.dataDir, deviceId);
    }
  };
}
var qrPng = (link) => QRCode.toBuffer(link, { ...QR_OPTIONS, scale: 6 });
var qrTerminal = (link) => QRCode.toString(link, { ...QR_OPTIONS, type: "terminal", small: true });
var ProvisionError = class extends Error {
  name = "ProvisionError";
};

// src/app/places-held.ts
var heldKey = (deviceId) => `places-held:${deviceId}`;
function forgetPlacesHeld(meta, deviceId) {
  meta.set(heldKey(deviceId), heldRecord([]));
}
function createPlacesHeld(meta, logger, sentBefore) {
  const read = (deviceId) => {
    try {
      return meta.get(heldKey(deviceId)) ?? sentBefore(deviceId);
    } catch (error) {
      logger.log("warn", `could not read which places ${deviceId} holds: ${error.message}`);
      return void 0;
    }
  };
  const note = (deviceId, record) => {
    try {
      meta.set(heldKey(deviceId), record);
    } catch (error) {
      logger.log("warn", `could not note which places ${deviceId} holds: ${error.message}`);
    }
  };
  const by = (deviceId) => heldIn(read(deviceId));
  return {
    by,
    async sending(deviceId, places, send2) {
      const before = heldRecord(by(deviceId));
      const after = heldRecord(places);
      note(deviceId, after);
      const sent = await send2();
      if ((!sent.taken || sent.reach === "none") && read(deviceId) === after) note(deviceId, before);
      return sent;
    }
  };
}

// src/app/phone-commands.ts
function forgetPlacesSent(meta, deviceId) {
  meta.set(sentKey(deviceId), "");
  forgetPlacesHeld(meta, deviceId);
}
var sentKey = (deviceId) => `places-sent:${deviceId}`;
var UnknownMemberError = class extends Error {
  name = "ProvisionError";
};
var REPORT_LOCATION = { _type: "cmd", action: "reportLocation" };
var COMMAND_WAIT_MS = 1e4;
function createPhoneCommands(deps) {
  const { settings, logger } = deps;
  const cmdTopicOf = (deviceId) => `owntracks/${settings.family}/${deps.topicIdOf?.(deviceId) ?? deviceId}/cmd`;
  const publish = async (deviceId, command) => {
    const publisher = deps.publisher();
    if (!publisher) return false;
    try {
      await publisher.publish(cmdTopicOf(deviceId), deps.wrap(deviceId, command), { qos: 1, retain: false });
      return true;
    } catch (error) {
      logger.log(
        "warn",
        `could not send a command to ${deviceId}: ${error instanceof Error ? error.message : String(error)}`
      );
      return false;
    }
  };
  const send2 = async (deviceId, command) => {
    if (!deps.publisher()) return false;
    const sent = publish(deviceId, command);
    let timer;
    const queued = new Promise((resolve2) => {
      timer = setTimeout(() => {
        logger.log(
          "info",
          `a command to ${deviceId} waits for the broker: it goes when the connection is back`
        );
        resolve2(true);
      }, deps.commandWaitMs ?? COMMAND_WAIT_MS);
      timer.unref?.();
    });
    try {
      return await Promise.race([sent, queued]);
    } finally {
      clearTimeout(timer);
    }
  };
  const reachOf = async (deviceId) => {
    try {
      return await deps.publisher()?.reachOf?.(settings.family, deviceId, cmdTopicOf(deviceId));
    } catch (error) {
      logger.log("warn", `could not tell whether ${deviceId} listens: ${error.message}`);
      return void 0;
    }
  };
  const sendReported = async (deviceId, command) => {
    const reach = await reachOf(deviceId);
    const taken = await send2(deviceId, command);
    return reach === void 0 ? { taken } : { taken, reach };
  };
  const report = async (jobs) => {
    const sent = await Promise.all(jobs);
    const counted = { devices: sent.length, taken: sent.filter((s) => s.taken).length };
    if (sent.some((s) => s.reach === void 0)) return counted;
    const reaching = (reach) => sent.filter((s) => s.taken && s.reach === reach).length;
    return { ...counted, listening: reaching("listening"), queued: reaching("session") };
  };
  const devicesOf = (member) => {
    const wanted = member?.toLowerCase();
    const found = settings.members.filter(
      (m) => wanted === void 0 || m.id === wanted || m.name.toLowerCase() === wanted
    );
    if (wanted !== void 0 && found.length === 0) throw new UnknownMemberError(`no member "${member}"`);
    return found.flatMap((m) => m.deviceIds.map((deviceId) => ({ deviceId, memberId: m.id })));
  };
  const sentBefore = (deviceId) => {
    try {
      return deps.meta.get(sentKey(deviceId));
    } catch (error) {
      logger.log("warn", `could not read which places ${deviceId} was sent: ${error.message}`);
      return void 0;
    }
  };
  const noteSent = (deviceId, fingerprint) => {
    try {
      deps.meta.set(sentKey(deviceId), fingerprint);
    } catch (error) {
      logger.log("warn", `could not note which places ${deviceId} was sent: ${error.message}`);
    }
  };
  const held = createPlacesHeld(deps.meta, logger, sentBefore);
  const placesCommand = (deviceId, memberId) => {
    const places = waypointsFor(memberId, settings);
    const waypoints = withRemovals(places, held.by(deviceId));
    return {
      command: setWaypointsOf(waypoints),
      places,
      fingerprint: JSON.stringify(places),
      removing: waypoints.length > places.length,
      empty: waypoints.length === 0
    };
  };
  const pushPlaces = async (deviceId, { command, places, fingerprint }) => {
    const { taken } = await held.sending(deviceId, places, async () => {
      const reach = await reachOf(deviceId);
      const taken2 = await publish(deviceId, command);
      return reach === void 0 ? { taken: taken2 } : { taken: taken2, reach };
    });
    if (taken) noteSent(deviceId, fingerprint);
    return taken;
  };
  const pushPlacesOnListening = async (deviceId, memberId, { resumed }) => {
    const push = placesCommand(deviceId, memberId);
    const { fingerprint, removing, empty } = push;
    if (empty) return false;
    if (resumed && !removing && sentBefore(deviceId) === fingerprint) return false;
    return pushPlaces(deviceId, push);
  };
  const pushPlacesTo = async (member) => {
    const pushes = devicesOf(member).flatMap(({ deviceId, memberId }) => {
      const { command, places, fingerprint, empty } = placesCommand(deviceId, memberId);
      if (empty) return [];
      return [
        held.sending(deviceId, places, () => sendReported(deviceId, command)).then((sent) => {
          if (sent.taken && (sent.reach === "listening" || sent.reach === "session"))
            noteSent(deviceId, fingerprint);
          else noteSent(deviceId, "");
          return sent;
        })
      ];
    });
    return report(pushes);
  };
  return {
    pushPlacesOnListening,
    pushPlacesTo,
    pushPlacesToDevice(deviceId, memberId) {
      const push = placesCommand(deviceId, memberId);
      return push.empty ? Promise.resolve(false) : pushPlaces(deviceId, push);
    },
    requestLocation: (member) => report(devicesOf(member).map((d) => sendReported(d.deviceId, REPORT_LOCATION))),
    async pushChangedPlaces() {
      const noted = (error) => logger.log("warn", `places changed since the last start: ${error.message}`);
      const remember = (key, fingerprint) => {
        try {
          deps.meta.set(key, fingerprint);
        } catch (error) {
          noted(error);
        }
      };
      const pushes = [];
      try {
        for (const member of settings.members) {
          const key = `places:${member.id}`;
          const fingerprint = JSON.stringify(setWaypointsCommand(member.id, settings).waypoints.waypoints);
          const previous = deps.meta.get(key);
          if (previous === fingerprint) continue;
          if (previous === void 0) {
            remember(key, fingerprint);
            continue;
          }
          const taken = member.deviceIds.map((deviceId) => {
            const push = placesCommand(deviceId, member.id);
            return push.empty ? Promise.resolve(true) : pushPlaces(deviceId, push);
          });
          pushes.push(
            Promise.all(taken).then((results) => {
              if (results.every(Boolean)) remember(key, fingerprint);
            })
          );
        }
      } catch (error) {
        noted(error);
      }
      await Promise.all(pushes);
    }
  };
}

// src/app/clock-web.ts
async function startClockWeb(deps) {
  const { config, pipeline, store, broker, sharedBroker, commands } = deps;
  const memberIds = config.settings.members.map((m) => m.id);
  return startHttpServer({
    host: config.http.host,
    port: config.http.port,
    webRoot: deps.webRoot,
    // The package's sounds/ folder, beside dist/ (webRoot is dist/web).
    soundsDir: deps.soundsDir ?? path12.join(deps.webRoot, "..", "..", "sounds"),
    logger: deps.logger,
    allowedHosts: [
      ...config.http.allowedHosts,
      ...config.broker.kind === "embedded" ? config.broker.publicHosts : [],
      ...sharedBroker?.publicHost ? [sharedBroker.publicHost] : []
    ],
    admin: createAdminRoutes(
      {
        members: () => config.settings.members.map((m) => ({ id: m.id, name: m.name, devices: m.deviceIds })),
        provision: async (member, device) => {
          const provisioned = await provisionDevice(config, deps.db, member, {
            ...device === void 0 ? {} : { device },
            // The port the broker really listens on (a config may say 0).
            ...broker.kind === "embedded" ? { port: broker.mqttsPort } : {},
            // A hosted family's phones use the shared broker's name (its certificate carries it)
            // and say which family they are.
            ...sharedBroker ? { familyQualifiedUsername: true } : {},
            ...sharedBroker?.publicHost ? { host: sharedBroker.publicHost } : {}
          });
          provisioned.store();
          forgetPlacesSent(deps.meta, provisioned.deviceId);
          return provisioned;
        },
        pushPlaces: (member) => commands.pushPlacesTo(member),
        requestLocation: (member) => commands.requestLocation(member),
        rejected: (limit) => waitingForReplay(journalForReplay(store), limit).map((e) => ({
          atMs: e.receivedAtMs,
          // Wire text: the page shows it as text, yet a phone's topic may be 64 KB.
          topic: clipped(e.topic),
          ...e.problemCode ? { code: e.problemCode } : {},
          ...e.detail ? { detail: clipped(e.detail, 400) } : {}
        })),
        replay: createJournalReplay({ pipeline, store, now: Date.now }),
        caCert: () => {
          const file = deps.caCert();
          return file ? certificatesIn(readFileSync9(file, "utf8")).certificates || null : null;
        }
      },
      createAdminTokenCheck(deps.db),
      sendJson
    ),
    api: {
      view: () => pipeline.view(),
      face: (memberId) => pipeline.state().members[memberId]?.face,
      stats: () => pipeline.stats(),
      // Only members in the config: someone removed from the clock is not shown by its history either.
      history: (memberId, limit) => memberId === void 0 ? store.history({ memberIds, limit }) : memberIds.includes(memberId) ? store.history({ memberId, limit }) : [],
      health: () => {
        const connection = deps.connection();
        return {
          // Connected but refused the family's subscription (an ACL): up, and hearing nothing.
          ok: connection.connected && connection.lastError === void 0,
          broker: connection,
          uptimeMs: Date.now() - pipeline.stats().startedAtMs,
          process: processMetrics()
        };
      }
    }
  });
}

// src/app/served-broker.ts
import { existsSync as existsSync7, readFileSync as readFileSync12 } from "node:fs";
import path14 from "node:path";

// src/adapters/broker/embedded-broker.ts
import { Aedes } from "aedes";

// src/adapters/broker/acl.ts
var levelsOf = (topic) => topic.split("/");
var OWNTRACKS = "owntracks";
var WEASLEY = "weasley";
var SLASH = 47;
function familyLevelEnd(topic, root, family) {
  const end = root.length + 1 + family.length;
  const matches = topic.startsWith(root) && topic.charCodeAt(root.length) === SLASH && topic.startsWith(family, root.length + 1) && (topic.length === end || topic.charCodeAt(end) === SLASH);
  return matches ? end : -1;
}
function mayPublish(identity, topic, ctx) {
  if (identity.kind === "device") {
    const familyEnd = familyLevelEnd(topic, OWNTRACKS, ctx.family);
    if (familyEnd < 0 || familyEnd === topic.length) return false;
    const deviceAt = familyEnd + 1;
    const slash = topic.indexOf("/", deviceAt);
    const deviceEnd = slash < 0 ? topic.length : slash;
    const device = topic.slice(deviceAt, deviceEnd);
    if (device !== identity.deviceId && device.toLowerCase() !== identity.deviceId) return false;
    if (slash < 0) return true;
    const sub = slash + 1;
    if (topic.indexOf("/", sub) >= 0) return false;
    return !(topic.length - sub === 3 && topic.startsWith("cmd", sub));
  }
  return false;
}
function narrowSubscription(_identity, filter, ctx) {
  if (filter.length > MAX_FILTER_LENGTH) return null;
  const levels = levelsOf(filter);
  if (levels.length > MAX_FILTER_LEVELS) return null;
  const [root, family, ...rest] = levels;
  if (root === "#") return `owntracks/${ctx.family}/#`;
  const narrowedRoot = root === "+" ? "owntracks" : root;
  if (narrowedRoot !== "owntracks" && narrowedRoot !== "weasley") return null;
  if (family === "#") return `${narrowedRoot}/${ctx.family}/#`;
  if (family !== "+" && family !== ctx.family) return null;
  return [narrowedRoot, ctx.family, ...rest].join("/");
}
var MAX_FILTER_LENGTH = 300;
var MAX_FILTER_LEVELS = 5;
function mayReceive(topic, ctx) {
  return familyLevelEnd(topic, OWNTRACKS, ctx.family) >= 0 || familyLevelEnd(topic, WEASLEY, ctx.family) >= 0;
}
function topicMatches(filter, topic) {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length || f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

// src/adapters/broker/broker-accounts.ts
import { randomUUID } from "node:crypto";

// src/adapters/broker/account-names.ts
var deviceAccount = (family, deviceId) => `${family}/${deviceId}`;
var accountOf = (identity) => identity.kind === "clock" ? `${identity.family}/(clock)` : deviceAccount(identity.family, identity.deviceId);
async function findIdentity(families, username, password, clientId, accepted, ambiguous) {
  const slash = username.indexOf("/");
  if (slash > 0) {
    const family = families.get(username.slice(0, slash));
    const name = username.slice(slash + 1);
    if (family?.credentials.knows(name))
      return family.credentials.authenticate(name, password, clientId, { spend: true, accepted });
  }
  const candidates = [...families.values()].filter((f) => f.credentials.knows(username));
  let tookScrypt = false;
  const refusal = { spend: false, tookScrypt: () => tookScrypt = true, accepted };
  let found = null;
  for (const family of candidates) {
    const identity = await family.credentials.authenticate(username, password, clientId, refusal);
    if (!identity) continue;
    if (found) {
      ambiguous?.(found, identity);
      return null;
    }
    found = identity;
    if (candidates.length === 1) break;
  }
  if (found) return found;
  if (!tookScrypt) await spendAVerification(password);
  return null;
}
function usernameKnown(families, username) {
  const slash = username.indexOf("/");
  if (slash > 0) {
    const name = username.slice(slash + 1);
    if (families.get(username.slice(0, slash))?.credentials.knows(name)) return true;
  }
  if (families.has(username)) return true;
  for (const { credentials } of families.values()) if (credentials.knows(username)) return true;
  return false;
}
function soleAccountOf(families, username) {
  const slash = username.indexOf("/");
  if (slash > 0) {
    const family = username.slice(0, slash);
    const name = username.slice(slash + 1);
    if (families.get(family)?.credentials.knows(name))
      return name === family ? void 0 : `${family}/${name.toLowerCase()}`;
  }
  let sole;
  for (const [family, { credentials }] of families) {
    if (!credentials.knows(username)) continue;
    if (sole !== void 0 || username === family) return void 0;
    sole = `${family}/${username.toLowerCase()}`;
  }
  return sole;
}
function accountOfWill(families, packet) {
  const clientId = packet.clientId;
  if (typeof clientId !== "string") return void 0;
  const bar = clientId.indexOf("|");
  const slash = clientId.indexOf("/");
  if (slash <= 0 || bar < slash) return void 0;
  const family = clientId.slice(0, slash);
  const deviceId = clientId.slice(slash + 1, bar);
  if (deviceId === "" || deviceId === "(clock)" || deviceId === family) return void 0;
  if (!families.get(family)?.credentials.knows(deviceId)) return void 0;
  return { kind: "device", family, deviceId, memberId: "" };
}

// src/adapters/broker/broker-listeners.ts
import { createServer as createServer2 } from "node:net";
import { createServer as createTlsServer } from "node:tls";

// src/adapters/broker/connection-log.ts
var HANDSHAKE_HINTS = [
  [
    /wrong version number|http request|packet length too long|unknown protocol/i,
    "it does not speak TLS: a phone with TLS off belongs on the plain MQTT port, or turn TLS on"
  ],
  [
    /unknown ca|bad certificate|certificate unknown|decrypt error/i,
    "the client does not trust this clock's certificate: install the CA certificate from the setup page"
  ],
  [/protocol version|no shared cipher|no protocols available/i, "the client is too old for TLS 1.2"]
];
function logHandshakeFailure(logger) {
  const fresh = oncePerMinute();
  return (error, socket) => {
    const reason = error.reason ?? error.message;
    const from = socket.remoteAddress ?? socket._parent?.remoteAddress ?? "unknown address";
    if (!fresh(`${from}|${reason}`)) return;
    const hint = HANDSHAKE_HINTS.find(([pattern]) => pattern.test(reason))?.[1];
    logger.log("info", `TLS handshake from ${from} failed: ${reason}${hint ? ` (${hint})` : ""}`);
  };
}
function rememberPeer(socket) {
  void socket.remoteAddress;
}
function oncePerMinute(limit = 1e3) {
  const lastSaid = /* @__PURE__ */ new Map();
  return (key) => {
    const now = performance.now();
    const last = lastSaid.get(key);
    if (last !== void 0 && now - last < 6e4) return false;
    if (lastSaid.size >= limit) {
      for (const [old, at] of lastSaid) {
        if (now - at < 6e4) break;
        lastSaid.delete(old);
      }
      if (lastSaid.size >= limit) return false;
    }
    lastSaid.delete(key);
    lastSaid.set(key, now);
    return true;
  };
}

// src/adapters/broker/packet-size-guard.ts
function createPacketSizeGuard(limitBytes) {
  let bodyLeft = 0;
  let inHeader = false;
  let length = 0;
  let multiplier = 1;
  let broken = false;
  return {
    check(chunk) {
      if (broken) return false;
      let i = 0;
      while (i < chunk.length) {
        if (bodyLeft > 0) {
          const skip = Math.min(bodyLeft, chunk.length - i);
          bodyLeft -= skip;
          i += skip;
          continue;
        }
        if (!inHeader) {
          inHeader = true;
          length = 0;
          multiplier = 1;
          i++;
          continue;
        }
        const byte = chunk[i++];
        length += (byte & 127) * multiplier;
        multiplier *= 128;
        if (length > limitBytes || byte & 128 && multiplier > 128 ** 3) {
          broken = true;
          return false;
        }
        if ((byte & 128) === 0) {
          inHeader = false;
          bodyLeft = length;
        }
      }
      return true;
    }
  };
}

// src/adapters/broker/socket-guards.ts
function guardPacketSize(socket, limitBytes, logger) {
  const guard = createPacketSizeGuard(limitBytes);
  const read = socket.read.bind(socket);
  socket.read = (size) => {
    const chunk = read(size);
    if (chunk === null || typeof chunk === "string" || guard.check(chunk)) return chunk;
    logger.log(
      "warn",
      `closed the connection from ${socket.remoteAddress ?? "unknown address"}: it announced a packet over ${limitBytes} bytes`
    );
    socket.destroy();
    return null;
  };
}
function closeWhenStalled(socket, timeoutMs, logger) {
  let timer;
  const write = socket.write.bind(socket);
  socket.write = ((...args) => {
    const flushed = write(...args);
    if (!flushed && timer === void 0) {
      timer = setTimeout(() => {
        logger.log(
          "warn",
          `closed the connection from ${socket.remoteAddress ?? "unknown address"}: it stopped reading (${Math.round(socket.writableLength / 1024)} KiB waiting for ${timeoutMs / 1e3} s)`
        );
        socket.destroy();
      }, timeoutMs);
      timer.unref();
    }
    return flushed;
  });
  socket.on("drain", () => {
    clearTimeout(timer);
    timer = void 0;
  });
  socket.once("close", () => clearTimeout(timer));
}
var GATHER_MAX_BYTES = 64 * 1024;
function gatherWrites(socket) {
  let packets = 0;
  let holding = false;
  const release = () => {
    holding = false;
    socket.uncork();
  };
  const endTurn = () => {
    packets = 0;
    if (holding) release();
  };
  const cork = socket.cork.bind(socket);
  socket.cork = () => {
    if (holding && socket.writableLength >= GATHER_MAX_BYTES) release();
    if (packets++ === 0) setImmediate(endTurn);
    else if (!holding && socket.writableCorked === 0) {
      holding = true;
      cork();
    }
    cork();
  };
}

// src/adapters/broker/broker-listeners.ts
var STALL_TIMEOUT_MS = 1e4;
var HANDSHAKE_TIMEOUT_MS = 1e4;
var SILENT_PER_ADDRESS = 32;
var DEFAULT_MAX_PACKET_BYTES = 300 * 1024;
async function listenForBroker(handOver, options) {
  const { config, logger } = options;
  const open2 = /* @__PURE__ */ new Set();
  const handshaking = /* @__PURE__ */ new Set();
  const track = (tcp) => {
    open2.add(tcp);
    tcp.once("close", () => open2.delete(tcp));
  };
  const finished = /* @__PURE__ */ new WeakMap();
  const handle = (socket) => {
    const tcp = socket._parent;
    if (tcp) handshaking.delete(tcp);
    rememberPeer(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    guardPacketSize(socket, options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES, logger);
    const counted = tcp ? finished.get(tcp) : void 0;
    if (counted) awaitingLogin.set(socket, counted);
    closeWhenStalled(socket, STALL_TIMEOUT_MS, logger);
    gatherWrites(socket);
    handOver(socket);
  };
  const plain = createServer2(handle);
  plain.on("connection", track);
  const secure = createTlsServer(
    {
      cert: options.tls.cert,
      key: options.tls.key,
      minVersion: "TLSv1.2",
      handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS
    },
    handle
  );
  const silentFrom = /* @__PURE__ */ new Map();
  const tooMany = oncePerMinute();
  secure.on("connection", (tcp) => {
    rememberPeer(tcp);
    track(tcp);
    const address = addressKey(tcp.remoteAddress ?? "");
    const under = silentFrom.get(address) ?? 0;
    if (under >= SILENT_PER_ADDRESS) {
      if (tooMany(address))
        logger.log(
          "warn",
          `closed connections from ${address}: ${under} TLS connections from it not logged in yet`
        );
      tcp.destroy();
      return;
    }
    silentFrom.set(address, under + 1);
    handshaking.add(tcp);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      handshaking.delete(tcp);
      const left = (silentFrom.get(address) ?? 1) - 1;
      if (left > 0) silentFrom.set(address, left);
      else silentFrom.delete(address);
    };
    tcp.once("close", done);
    finished.set(tcp, done);
  });
  const logFailure = logHandshakeFailure(logger);
  secure.on("tlsClientError", (error, socket) => {
    logFailure(error, socket);
    socket.destroy();
  });
  try {
    await listen(plain, config.mqttPort, config.mqttHost);
    await listen(secure, config.mqttsPort, config.mqttsHost);
  } catch (error) {
    await Promise.all([closeServer(plain), closeServer(secure)]);
    throw error;
  }
  return {
    mqttPort: plain.address().port,
    mqttsPort: secure.address().port,
    setCertificate(tls) {
      secure.setSecureContext({ cert: tls.cert, key: tls.key, minVersion: "TLSv1.2" });
    },
    async close(closeClients) {
      const closed = Promise.all([closeServer(plain), closeServer(secure)]);
      for (const tcp of handshaking) tcp.destroy();
      await closeClients?.();
      for (const socket of open2) socket.destroy();
      await closed;
    }
  };
}
function listen(server, port, host) {
  return new Promise((resolve2, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve2();
    });
  });
}
function closeServer(server) {
  return new Promise((resolve2) => server.listening ? server.close(() => resolve2()) : resolve2());
}
var awaitingLogin = /* @__PURE__ */ new WeakMap();
function loggedIn(socket) {
  if (typeof socket !== "object" || socket === null) return;
  awaitingLogin.get(socket)?.();
  awaitingLogin.delete(socket);
}

// src/adapters/broker/login-throttle.ts
import { createHash as createHash3 } from "node:crypto";
function createLoginThrottle(options = {}) {
  const maxFailures = options.maxFailures ?? 5;
  const maxRunning = options.maxRunning ?? 16;
  const homeFactor = options.homeNetworkFactor ?? 4;
  const windowMs = options.windowMs ?? 6e4;
  const lockMs = options.lockMs ?? 6e4;
  const maxEntries = options.maxEntries ?? 1e4;
  const entries = /* @__PURE__ */ new Map();
  const entryOf3 = (address, nowMs) => {
    let e = entries.get(address);
    const served = e !== void 0 && e.lockedUntilMs !== 0 && e.lockedUntilMs <= nowMs;
    if (e && (served || e.lockedUntilMs === 0 && nowMs - e.firstMs > windowMs)) {
      e.failures = 0;
      e.firstMs = nowMs;
      e.lockedUntilMs = 0;
      e.failedAs = null;
    }
    if (!e) {
      if (entries.size >= maxEntries) {
        for (const [key, old] of entries)
          if (old.running === 0 && old.lockedUntilMs <= nowMs && nowMs - old.firstMs > windowMs)
            entries.delete(key);
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value);
      }
      e = { failures: 0, firstMs: nowMs, lockedUntilMs: 0, running: 0, failedAs: null };
      entries.set(address, e);
    }
    return e;
  };
  const forgetIfIdle = (address, e) => {
    if (e.running === 0 && e.failures === 0 && e.lockedUntilMs === 0) entries.delete(address);
  };
  const tallies = (from, nowMs) => {
    const [own, home] = keysOf(from);
    const peer = { e: entryOf3(own, nowMs), failures: maxFailures, running: maxRunning };
    if (home === void 0) return [peer];
    return [
      peer,
      { e: entryOf3(home, nowMs), failures: maxFailures * homeFactor, running: maxRunning * homeFactor }
    ];
  };
  return {
    begin(from, nowMs) {
      const counted = tallies(from, nowMs);
      const locked = ({ e, failures }) => e.lockedUntilMs > nowMs || e.failures > 0 && e.failures + e.running >= failures;
      if (counted.some(locked)) return "locked";
      if (counted.some(({ e, running }) => e.running >= running)) return "busy";
      for (const { e } of counted) e.running++;
      return "ok";
    },
    failed(from, account, nowMs) {
      const against = account === void 0 ? null : digestOf2(account);
      for (const { e, failures } of tallies(from, nowMs)) {
        e.running = Math.max(0, e.running - 1);
        e.failedAs = e.failures === 0 || e.failedAs === against ? against : null;
        e.failures++;
        if (e.failures >= failures) e.lockedUntilMs = nowMs + lockMs;
      }
    },
    succeeded(from, account) {
      for (const address of keysOf(from)) {
        if (address === void 0) continue;
        const e = entries.get(address);
        if (!e) continue;
        e.running = Math.max(0, e.running - 1);
        if (account !== void 0 && e.failedAs === digestOf2(account) && e.lockedUntilMs === 0) {
          e.failures = 0;
          e.failedAs = null;
        }
        forgetIfIdle(address, e);
      }
    }
  };
}
function keysOf(from) {
  const remote = typeof from === "string" ? from : from.remote;
  const network = addressKey(remote);
  const own = typeof from === "string" ? network : peerKey(remote, from.local);
  return own === network ? [own] : [own, network];
}
var digestOf2 = (account) => createHash3("sha256").update(account).digest("base64");

// src/adapters/broker/open-logins.ts
function createOpenLogins(families, logger, revoke) {
  const connectionsPerAccount = /* @__PURE__ */ new Map();
  const holders = /* @__PURE__ */ new Map();
  const logins = /* @__PURE__ */ new Map();
  const unreadable = oncePerMinute();
  const UNREADABLE = /* @__PURE__ */ Symbol("unreadable");
  const stamps = /* @__PURE__ */ new Map();
  return {
    countOf: (account) => connectionsPerAccount.get(account) ?? 0,
    holderOf: (sessionId) => holders.get(sessionId),
    holdPlace,
    closeOutdatedLogins
  };
  function closeOutdatedLogins() {
    const changed = /* @__PURE__ */ new Map();
    const changedIn = (family) => {
      let result = changed.get(family);
      if (result !== void 0) return result;
      try {
        const now = families.get(family)?.credentials.passwordsStamp();
        result = now === void 0 || now !== stamps.get(family);
        if (now !== void 0) stamps.set(family, now);
      } catch {
        result = true;
      }
      changed.set(family, result);
      return result;
    };
    const versions = /* @__PURE__ */ new Map();
    let closed = 0;
    for (const [client, login] of logins) {
      if (!changedIn(login.identity.family)) continue;
      const account = accountOf(login.identity);
      if (!versions.has(account)) {
        try {
          versions.set(
            account,
            families.get(login.identity.family)?.credentials.passwordVersionOf(login.identity)
          );
        } catch (error) {
          versions.set(account, UNREADABLE);
          stamps.delete(login.identity.family);
          if (unreadable(account))
            logger.log("warn", `could not check the password of ${account}: ${String(error)}`);
        }
      }
      const version = versions.get(account);
      if (version === UNREADABLE || version === login.version) continue;
      logins.delete(client);
      logger.log(
        "info",
        `closed a connection of ${account}: its password has been changed since it logged in`
      );
      revoke(client);
      client.close();
      closed++;
    }
    return closed;
  }
  function holdPlace(client, account, sessionId, login) {
    const socket = client.conn;
    if (socket.destroyed || !socket.once) return;
    connectionsPerAccount.set(account, (connectionsPerAccount.get(account) ?? 0) + 1);
    holders.set(sessionId, client);
    logins.set(client, login);
    socket.once("close", () => {
      logins.delete(client);
      if (holders.get(sessionId) === client) holders.delete(sessionId);
      const left = (connectionsPerAccount.get(account) ?? 1) - 1;
      if (left <= 0) connectionsPerAccount.delete(account);
      else connectionsPerAccount.set(account, left);
    });
  }
}

// src/adapters/broker/broker-accounts.ts
var BAD_CREDENTIALS = 4;
var MAX_PER_ACCOUNT = { device: 3, clock: 20 };
function createBrokerAccounts(families, logger, now) {
  const identities = /* @__PURE__ */ new WeakMap();
  const throttle = createLoginThrottle();
  const openLogins = createOpenLogins(families, logger, (client) => identities.delete(client));
  const badIdentifiers = /* @__PURE__ */ new WeakSet();
  const badWills = /* @__PURE__ */ new WeakSet();
  const fresh = oncePerMinute();
  const preConnect = (client, packet, done) => {
    if (packet.clientId === "" && !packet.clean || packet.clientId.includes("\0"))
      badIdentifiers.add(client);
    const willTopic = packet.will?.topic;
    if (typeof willTopic === "string" && (willTopic.includes("\0") || /[+#]/.test(willTopic)))
      badWills.add(client);
    done(null, true);
  };
  const authenticate = (client, username, password, done) => {
    const sentId = client.id;
    client.id = `(unauthenticated)|${randomUUID()}`;
    if (badIdentifiers.has(client)) {
      if (fresh(`${remoteOf(client)}|identifier`))
        logger.log(
          "info",
          `refused a client from ${remoteOf(client)}: a persistent session needs a client id without U+0000`
        );
      return done(
        Object.assign(new Error("identifier rejected"), { returnCode: 2 }),
        false
      );
    }
    const address = remoteOf(client);
    if (badWills.has(client)) {
      if (fresh(`${address}|will`))
        logger.log("info", `refused a client from ${address}: its will topic has a wildcard or U+0000`);
      return done(Object.assign(new Error("bad will topic"), { returnCode: 5 }), false);
    }
    if (username === void 0 || password === void 0) return done(refused(), false);
    const from = { remote: address, local: client.conn.localAddress };
    const admitted = throttle.begin(from, now());
    if (admitted === "locked") {
      if (fresh(`${address}|locked`))
        logger.log("warn", `refused login from ${address}: too many failed logins, try again in a minute`);
      return done(refused(), false);
    }
    if (admitted === "busy") {
      if (fresh(`${address}|busy`))
        logger.log(
          "warn",
          `refused login from ${address} for now: too many logins from it being checked at once`
        );
      return done(Object.assign(new Error("busy"), { returnCode: 3 }), false);
    }
    let passwordVersion = "";
    let wasAmbiguous = false;
    const ambiguous = (first2, second) => {
      wasAmbiguous = true;
      logger.log(
        "warn",
        `refused login for user "${printable(username)}" from ${address}: its password opens accounts in two families (${first2.family}, ${second.family}); give one of them another password, or log in as "<family>/<username>"`
      );
    };
    findIdentity(
      families,
      username,
      password,
      sentId,
      (version) => passwordVersion = version,
      ambiguous
    ).then(
      (identity) => {
        if (!identity) {
          throttle.failed(from, soleAccountOf(families, username), now());
          if (!wasAmbiguous)
            logger.log(
              "warn",
              `refused login for ${usernameKnown(families, username) ? `user "${printable(username)}"` : "an unknown username"} from ${address}: wrong username or password`
            );
          return done(refused(), false);
        }
        throttle.succeeded(from, soleAccountOf(families, username));
        const account = accountOf(identity);
        const sessionId = `${account}|${sentId}`;
        const open2 = openLogins.countOf(account);
        const previous = openLogins.holderOf(sessionId);
        if (open2 >= MAX_PER_ACCOUNT[identity.kind] && previous === void 0) {
          logger.log("warn", `refused login for "${printable(username)}": it already has ${open2} connections`);
          return done(
            Object.assign(new Error("too many connections"), { returnCode: 5 }),
            false
          );
        }
        identities.set(client, identity);
        loggedIn(client.conn);
        client.id = sessionId;
        openLogins.holdPlace(client, account, sessionId, { identity, version: passwordVersion });
        previous?.close();
        done(null, true);
      },
      (error) => {
        throttle.failed(from, soleAccountOf(families, username), now());
        done(Object.assign(new Error(String(error)), { returnCode: 3 }), false);
      }
    );
  };
  return {
    preConnect,
    authenticate,
    identityOf: (client) => identities.get(client),
    identityOfWill: (packet) => accountOfWill(families, packet),
    closeOutdatedLogins: openLogins.closeOutdatedLogins
  };
}
var refused = () => Object.assign(new Error("bad username or password"), { returnCode: BAD_CREDENTIALS });
var remoteOf = (client) => {
  const socket = client.conn;
  return socket.remoteAddress ?? "unknown address";
};

// src/adapters/broker/publish-ahead.ts
function publishAheadOfAck(aedes) {
  const broker = aedes;
  const publishNow = broker.publish.bind(aedes);
  broker.publish = (packet, client, done) => {
    const callback = (typeof client === "function" ? client : done) ?? (() => {
    });
    if (packet[PUBLISHED] === true) {
      ;
      packet[PUBLISHED] = false;
      return callback();
    }
    publishNow(packet, typeof client === "function" ? null : client, callback);
  };
  const emit = broker.mq.emit.bind(broker.mq);
  broker.mq.emit = (message, done) => {
    const payload = message.payload;
    const signal = typeof payload === "object" && payload !== null ? payload[ON_EMIT] : void 0;
    const emitted = emit(message, done);
    if (signal) {
      ;
      payload[ON_EMIT] = void 0;
      signal();
    }
    return emitted;
  };
  return (packet, client, queued) => {
    let signalled = false;
    const signal = (error) => {
      if (signalled) return;
      signalled = true;
      queued(error);
    };
    const payload = packet.payload;
    const marked = typeof payload === "object" && payload !== null ? payload : void 0;
    if (marked) marked[ON_EMIT] = () => signal();
    packet[PUBLISHED] = true;
    publishNow(packet, client, (error) => {
      if (marked) marked[ON_EMIT] = void 0;
      signal(error);
    });
  };
}
function skipPublish(packet) {
  ;
  packet[PUBLISHED] = true;
}
var PUBLISHED = /* @__PURE__ */ Symbol("published ahead of its PUBACK");
var ON_EMIT = /* @__PURE__ */ Symbol("called when aedes emits the message");

// src/adapters/broker/retain-rules.ts
function mayRetain(identity, topic) {
  if (identity.kind !== "device") return true;
  const second = topic.indexOf("/", topic.indexOf("/") + 1);
  const third = topic.indexOf("/", second + 1);
  return third < 0 || topic.length - third === 5 && topic.endsWith("/info");
}
var MAX_RETAINED_SPELLINGS = 3;
function deviceLevelOf(topic) {
  const second = topic.indexOf("/", topic.indexOf("/") + 1);
  const third = topic.indexOf("/", second + 1);
  return topic.slice(second + 1, third < 0 ? topic.length : third);
}
function createRetainRules(logger) {
  const said = oncePerMinute();
  const spellingsOf = /* @__PURE__ */ new Map();
  const spellingsFor = (family, deviceId) => {
    const key = `${family}/${deviceId.toLowerCase()}`;
    let spellings = spellingsOf.get(key);
    if (!spellings) {
      spellings = /* @__PURE__ */ new Set();
      spellingsOf.set(key, spellings);
    }
    return spellings;
  };
  const retainsUnder = (identity, topic) => {
    if (identity.kind !== "device") return true;
    const spelled = deviceLevelOf(topic);
    const spellings = spellingsFor(identity.family, identity.deviceId);
    if (spellings.has(spelled)) return true;
    if (spellings.size >= MAX_RETAINED_SPELLINGS) return false;
    spellings.add(spelled);
    return true;
  };
  const kept = (family, topic) => {
    const spelled = deviceLevelOf(topic);
    spellingsFor(family, spelled).add(spelled);
  };
  const limit = (identity, packet, who) => {
    if (!packet.retain || packet.payload.length === 0) return;
    if (mayRetain(identity, packet.topic) && retainsUnder(identity, packet.topic)) return;
    packet.retain = false;
    const family = identity.kind === "device" ? identity.family : "";
    if (said(`${family}|${who}`))
      logger.log(
        "info",
        `did not retain the message to ${printable(packet.topic)} by ${who}: phones retain only their location and card, under one spelling of their id`
      );
  };
  return { limit, kept };
}

// src/adapters/broker/subscription-cap.ts
var MAX_SUBSCRIPTIONS_PER_CLIENT = 100;
function createSubscriptionCap(max = MAX_SUBSCRIPTIONS_PER_CLIENT) {
  const admittedMeanwhile = /* @__PURE__ */ new WeakMap();
  return {
    admits(client, topic) {
      const held = client.subscriptions ?? {};
      if (topic in held) return true;
      let waiting = admittedMeanwhile.get(client);
      if (!waiting) {
        waiting = /* @__PURE__ */ new Set();
        admittedMeanwhile.set(client, waiting);
      }
      for (const t of waiting) if (t in held) waiting.delete(t);
      if (waiting.has(topic)) return true;
      if (Object.keys(held).length + waiting.size >= max) return false;
      waiting.add(topic);
      return true;
    },
    forget(client, topics) {
      const waiting = admittedMeanwhile.get(client);
      if (waiting) for (const topic of topics) waiting.delete(topic);
    }
  };
}

// src/adapters/broker/authorize-hooks.ts
var aclOf = (identity) => identity;
function createAuthorizeHooks(options) {
  const { accounts, families, logger, now, sessionRules, subscriptionCap, publishAhead } = options;
  const identityOf = accounts.identityOf;
  const cutOff = /* @__PURE__ */ new WeakSet();
  const refusalsSaid = /* @__PURE__ */ new WeakMap();
  const publishRefusals = oncePerMinute();
  const retainRules = options.retainRules ?? createRetainRules(logger);
  const qos2Keeping = /* @__PURE__ */ new WeakMap();
  const keepQos2Once = (client, packet, keep, done) => {
    let keeping = qos2Keeping.get(client);
    if (!keeping) {
      keeping = /* @__PURE__ */ new Map();
      qos2Keeping.set(client, keeping);
    }
    const id = packet.messageId ?? -1;
    const first2 = keeping.get(id);
    if (first2) return void first2.then(done);
    const held = options.heldForRelease?.(client, packet) ?? Promise.resolve(false);
    const kept = held.then((taken) => taken ? null : keep());
    keeping.set(id, kept);
    void kept.then((error) => {
      if (keeping.get(id) === kept) keeping.delete(id);
      done(error);
    });
  };
  return {
    authorizePublish(client, packet, done) {
      if (packet.topic.includes("\0")) {
        if (client) return done(new Error("U+0000 in topic"));
        skipPublish(packet);
        return done(null);
      }
      const identity = client ? identityOf(client) : accounts.identityOfWill(packet);
      if (!identity || !mayPublish(identity, packet.topic, aclOf(identity))) {
        if (!client) {
          logger.log(
            "warn",
            `dropped the stored will to ${printable(packet.topic)}: no family or device served here owns it`
          );
          skipPublish(packet);
          return done(null);
        }
        if (publishRefusals(`${identity?.kind === "device" ? identity.family : ""}|${describe(identity)}`))
          logger.log("warn", `refused publish to ${printable(packet.topic)} by ${describe(identity)}`);
        return done(new Error("not authorised"));
      }
      retainRules.limit(identity, packet, describe(identity));
      if (identity.kind !== "device" || !packet.topic.startsWith("owntracks/")) return done(null);
      const family = families.get(identity.family);
      if (!family) return done(new Error("family no longer served"));
      const inbound = { topic: packet.topic, payload: packet.payload, receivedAtMs: now() };
      if (packet.qos === 0) {
        family.onMessage(inbound, () => {
        });
        return done(null);
      }
      if (packet.qos === 2 && client)
        return keepQos2Once(
          client,
          packet,
          () => new Promise((resolve2) => family.onMessage(inbound, (error) => resolve2(error ?? null))),
          done
        );
      if (packet.qos !== 1) return family.onMessage(inbound, (error) => done(error ?? null));
      let pending = 2;
      let failure = null;
      const settled = (error) => {
        failure ??= error ?? null;
        if (--pending === 0) done(failure);
      };
      publishAhead(packet, client, settled);
      family.onMessage(inbound, settled);
    },
    authorizeSubscribe(client, subscription, done) {
      const identity = identityOf(client);
      const valid = !subscription.topic.includes("\0");
      const narrowed = identity && valid ? narrowSubscription(identity, subscription.topic, aclOf(identity)) : null;
      const capped = narrowed !== null && client !== null && !subscriptionCap.admits(client, narrowed);
      if (narrowed !== null && !capped) {
        subscription.topic = narrowed;
        sessionRules.allow(subscription);
        return done(null, subscription);
      }
      const said = refusalsSaid.get(client) ?? 0;
      if (said < REFUSALS_SAID_PER_CONNECTION) {
        refusalsSaid.set(client, said + 1);
        const more = said + 1 === REFUSALS_SAID_PER_CONNECTION ? " (further refusals on this connection are not logged)" : "";
        const why = capped ? ` (it holds ${MAX_SUBSCRIPTIONS_PER_CLIENT} filters already)` : "";
        logger.log(
          "info",
          `refused subscription to ${printable(subscription.topic)} by ${describe(identity)}${why}${more}`
        );
      }
      done(null, null);
    },
    authorizeForward(client, packet) {
      const identity = identityOf(client);
      if (!identity || !mayReceive(packet.topic, aclOf(identity))) return null;
      const backlog = client.conn.writableLength ?? 0;
      if (backlog <= MAX_SUBSCRIBER_BACKLOG_BYTES) return packet;
      if (!cutOff.has(client)) {
        cutOff.add(client);
        logger.log(
          "warn",
          `closed the connection of ${describe(identity)} from ${remoteOf(client)}: it stopped reading (${Math.round(backlog / 1024)} KiB waiting)`
        );
        client.close();
      }
      return null;
    }
  };
}
var describe = (identity) => identity === void 0 ? "an unauthenticated client" : identity.kind === "clock" ? "the clock account" : `device "${identity.deviceId}"`;
var REFUSALS_SAID_PER_CONNECTION = 10;
var MAX_SUBSCRIBER_BACKLOG_BYTES = 1024 * 1024;

// src/adapters/broker/device-listening.ts
function watchDeviceListening(aedes, identityOf, families) {
  const listening = /* @__PURE__ */ new WeakSet();
  const resumedSession = /* @__PURE__ */ new WeakMap();
  aedes.on(
    "connackSent",
    (connack, client) => resumedSession.set(client, connack.sessionPresent === true)
  );
  aedes.on("subscribe", (subscriptions, client) => {
    const identity = identityOf(client);
    if (identity?.kind !== "device" || listening.has(client)) return;
    const onListening = families.get(identity.family)?.onDeviceListening;
    const cmdTopic = `owntracks/${identity.family}/${identity.deviceId}/cmd`.toLowerCase();
    const filter = subscriptions.find(
      (s) => s.qos !== 128 && topicMatches(s.topic.toLowerCase(), cmdTopic)
    );
    if (!onListening || !filter) return;
    listening.add(client);
    const spelled = filter.topic.split("/")[2];
    onListening({
      deviceId: identity.deviceId,
      memberId: identity.memberId,
      resumed: resumedSession.get(client) ?? false,
      ...spelled === void 0 || spelled === "+" || spelled === "#" ? {} : { spelled }
    });
  });
}

// src/adapters/broker/device-reach.ts
function createDeviceReach(aedes, identityOf) {
  const { clients, persistence } = aedes;
  return async (family, deviceId, topic) => {
    const isTheDevice = (client) => {
      const identity = identityOf(client);
      return identity?.kind === "device" && identity.family === family && identity.deviceId === deviceId;
    };
    for (const client of Object.values(clients)) {
      if (!client || !isTheDevice(client)) continue;
      const filters = Object.keys(client.subscriptions);
      if (filters.some((filter) => topicMatches(filter, topic))) return "listening";
    }
    const sessionOf = `${deviceAccount(family, deviceId)}|`;
    const kept = await persistence.subscriptionsByTopic(topic);
    return kept.some((s) => s.clientId.startsWith(sessionOf)) ? "session" : "none";
  };
}

// src/adapters/broker/removed-devices.ts
async function forgetRemovedDevices(aedes, family, deviceIds, logger, kept = () => {
}) {
  const known = new Set(deviceIds.map((d) => d.toLowerCase()));
  const prefix = `${family}/`;
  const forgotten = { sessions: 0, retained: 0 };
  forgotten.sessions = await forgetSessions(aedes, prefix, (id) => {
    const device = id.slice(prefix.length, id.indexOf("|"));
    return device === "(clock)" || known.has(device.toLowerCase());
  });
  forgotten.retained = await clearRetained(aedes, [`owntracks/${family}/#`], (topic) => {
    if (!known.has(deviceLevelOf(topic).toLowerCase())) return false;
    kept(topic);
    return true;
  });
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      "info",
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of devices no longer in the config`
    );
  return forgotten;
}
async function forgetRemovedFamilies(aedes, families, logger) {
  const served = new Set(families);
  const forgotten = { sessions: 0, retained: 0 };
  const familyOf = (id) => {
    const slash = id.indexOf("/");
    return slash > 0 ? id.slice(0, slash) : void 0;
  };
  forgotten.sessions = await forgetSessions(aedes, "", (id) => served.has(familyOf(id) ?? ""));
  forgotten.retained = await clearRetained(
    aedes,
    ["owntracks/#", "weasley/#"],
    (topic) => served.has(familyLevelOf(topic))
  );
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      "info",
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of families no longer served`
    );
  return forgotten;
}
var familyLevelOf = (topic) => {
  const first2 = topic.indexOf("/");
  const second = topic.indexOf("/", first2 + 1);
  return topic.slice(first2 + 1, second < 0 ? topic.length : second);
};
async function forgetSessions(aedes, prefix, keep) {
  const { persistence, clients } = aedes;
  let count = 0;
  for (const id of persistence.sessionsStartingWith(prefix)) {
    if (keep(id) || clients[id]) continue;
    await persistence.forgetSession(id);
    count++;
  }
  return count;
}
async function clearRetained(aedes, patterns, keep) {
  const { persistence } = aedes;
  const gone = [];
  for (const pattern of patterns)
    for await (const packet of persistence.createRetainedStream(pattern))
      if (packet.payload.length > 0 && !keep(packet.topic)) gone.push(packet.topic);
  for (const topic of gone)
    await new Promise(
      (resolve2, reject) => aedes.publish(
        { cmd: "publish", topic, payload: Buffer.alloc(0), qos: 1, retain: true, dup: false },
        (error) => error ? reject(error) : resolve2()
      )
    );
  return gone.length;
}

// src/adapters/broker/session-rules.ts
function createSessionRules(identityOf, logger) {
  const allowed = /* @__PURE__ */ new WeakSet();
  return {
    allow: (subscription) => {
      allowed.add(subscription);
    },
    install(aedes) {
      const { persistence, clients } = aedes;
      const keepFewSessions = async (client) => {
        const identity = identityOf(client);
        const bar = client.id.indexOf("|");
        if (!identity || bar < 0 || !persistence.sessionsStartingWith || !persistence.forgetSession) return;
        const keep = MAX_PER_ACCOUNT[identity.kind];
        const sessions = persistence.sessionsStartingWith(client.id.slice(0, bar + 1));
        let excess = sessions.length - keep;
        for (const id of sessions) {
          if (excess <= 0) return;
          if (id === client.id || clients[id]) continue;
          excess--;
          await persistence.forgetSession(id);
          logger.log(
            "info",
            `forgot the persistent session ${printable(id)}: an account keeps its ${keep} newest`
          );
        }
      };
      const addSubscriptions = persistence.addSubscriptions.bind(persistence);
      const storedOf = /* @__PURE__ */ new WeakMap();
      persistence.addSubscriptions = async (client, subscriptions) => {
        let stored = storedOf.get(subscriptions);
        if (!stored) {
          stored = /* @__PURE__ */ new Set();
          storedOf.set(subscriptions, stored);
        }
        const fresh = subscriptions.filter((s) => allowed.has(s) && !stored.has(s));
        if (fresh.length === 0) return;
        for (const s of fresh) stored.add(s);
        await addSubscriptions(client, fresh);
        await keepFewSessions(client);
      };
    }
  };
}

// src/adapters/broker/unsubscribe-narrowing.ts
function narrowUnsubscribes(client, narrow) {
  const parser = client._parser;
  if (!parser) throw new Error("aedes changed: no packet parser on the client to narrow UNSUBSCRIBE");
  const rewrite = (packet) => {
    if (packet.cmd !== "unsubscribe" || !packet.unsubscriptions) return;
    packet.unsubscriptions = packet.unsubscriptions.map((filter) => narrow(client, filter) ?? filter);
  };
  parser.prependListener("packet", rewrite);
  client.prependOnceListener("connected", () => {
    for (const packet of parser._queue ?? []) rewrite(packet);
  });
  return client;
}

// src/adapters/broker/embedded-broker.ts
async function startEmbeddedBroker(options) {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const families = /* @__PURE__ */ new Map();
  const accounts = createBrokerAccounts(families, logger, now);
  const identityOf = accounts.identityOf;
  const sessionRules = createSessionRules(identityOf, logger);
  const subscriptionCap = createSubscriptionCap();
  const retainRules = createRetainRules(logger);
  const aedesOptions = {
    preConnect: accounts.preConnect,
    authenticate: accounts.authenticate,
    ...createAuthorizeHooks({
      accounts,
      families,
      logger,
      now,
      sessionRules,
      subscriptionCap,
      retainRules,
      // aedes, and so publishAhead, exists only once these hooks are given to it.
      publishAhead: (packet, client, queued) => publishAhead(packet, client, queued),
      heldForRelease: (client, packet) => aedes.persistence.incomingGetPacket(client, packet).then(
        () => true,
        () => false
      )
    })
  };
  if (options.persistence) aedesOptions.persistence = options.persistence;
  if (options.heartbeatIntervalMs !== void 0) aedesOptions.heartbeatInterval = options.heartbeatIntervalMs;
  aedesOptions.concurrency = 0;
  const aedes = await Aedes.createBroker(aedesOptions);
  aedes.on(
    "error",
    (error) => logger.log("error", `broker: ${error.message}`)
  );
  const publishAhead = publishAheadOfAck(aedes);
  sessionRules.install(aedes);
  aedes.on("unsubscribe", (topics, client) => subscriptionCap.forget(client, topics));
  watchDeviceListening(aedes, identityOf, families);
  aedes.on("clientError", (client, error) => {
    if (error.message === "connection closed") return;
    const who = identityOf(client) ? printable(client.id) : `from ${remoteOf(client)}`;
    logger.log("info", `client ${who}: ${error.message}`);
  });
  const freshConnectionError = oncePerMinute();
  aedes.on("connectionError", (client, error) => {
    const from = remoteOf(client);
    if (freshConnectionError(`${from}|${error.message}`))
      logger.log("info", `connection from ${from}: ${error.message}`);
  });
  let listeners;
  try {
    const narrowFor = (client, filter) => {
      const identity = identityOf(client);
      return identity ? narrowSubscription(identity, filter, aclOf(identity)) : null;
    };
    listeners = await listenForBroker(
      (socket) => narrowUnsubscribes(aedes.handle(socket), narrowFor),
      options
    );
  } catch (error) {
    await new Promise((resolve2) => aedes.close(() => resolve2()));
    throw error;
  }
  const passwordCheck = setInterval(accounts.closeOutdatedLogins, options.passwordCheckIntervalMs ?? 5e3);
  passwordCheck.unref();
  return {
    mqttPort: listeners.mqttPort,
    mqttsPort: listeners.mqttsPort,
    publish(topic, payload, { qos, retain }) {
      const packet = {
        cmd: "publish",
        topic,
        payload: Buffer.from(payload),
        qos,
        retain,
        dup: false
      };
      return new Promise(
        (resolve2, reject) => aedes.publish(packet, (error) => error ? reject(error) : resolve2())
      );
    },
    addFamily(family, served) {
      if (families.has(family)) throw new Error(`the broker already serves a family named "${family}"`);
      families.set(family, served);
      return () => {
        if (families.get(family) !== served) return;
        families.delete(family);
        const clients = aedes.clients;
        for (const client of Object.values(clients)) if (identityOf(client)?.family === family) client.close();
      };
    },
    forgetRemovedDevices: (family, deviceIds) => forgetRemovedDevices(aedes, family, deviceIds, logger, (topic) => retainRules.kept(family, topic)),
    forgetRemovedFamilies: (served) => forgetRemovedFamilies(aedes, served, logger),
    reachOf: createDeviceReach(aedes, identityOf),
    connectedClients: () => aedes.connectedClients,
    setCertificate: (tls) => listeners.setCertificate(tls),
    async close() {
      clearInterval(passwordCheck);
      await listeners.close(() => new Promise((r) => aedes.close(() => r())));
    }
  };
}

// src/adapters/broker/sqlite-persistence.ts
import { Readable as Readable2 } from "node:stream";

// src/adapters/broker/bounded-persistence.ts
import { Readable } from "node:stream";
import aedesPacket from "aedes-packet";
import MemoryPersistence from "aedes-persistence/asyncPersistence.js";
var MAX_QUEUED_PER_CLIENT = 1e3;
var MAX_QUEUED_BYTES_PER_CLIENT = 8 * 1024 * 1024;
var sizeOf = (packet) => packet.payload?.length ?? 0;
var Packet = aedesPacket;
var MAX_UNRELEASED_PER_ACCOUNT = 32;
var accountOf2 = (clientId) => clientId.slice(0, clientId.indexOf("|") + 1) || clientId;
var TRIM_SLACK = 64;
var BoundedMemoryPersistence = class extends MemoryPersistence {
  #queues = /* @__PURE__ */ new Map();
  /** The payload bytes in each queue. */
  #queuedBytes = /* @__PURE__ */ new Map();
  /** Clients with stored subscriptions (persistent sessions), the one subscribed to last at the end. */
  #sessions = /* @__PURE__ */ new Set();
  async addSubscriptions(client, subs) {
    await super.addSubscriptions(client, subs);
    this.#sessions.delete(client.id);
    this.#sessions.add(client.id);
  }
  async cleanSubscriptions(client) {
    await super.cleanSubscriptions(client);
    this.#sessions.delete(client.id);
  }
  /** Persistent sessions whose client ids start with `prefix`, the one subscribed to longest ago first. */
  sessionsStartingWith(prefix) {
    const found = [];
    for (const id of this.#sessions) if (id.startsWith(prefix)) found.push(id);
    return found;
  }
  /** Ends a persistent session: its subscriptions, what waits for it and what it left unreleased. */
  async forgetSession(clientId) {
    await this.cleanSubscriptions({ id: clientId });
    await this.cleanIncoming({ id: clientId });
    this.#queues.delete(clientId);
    this.#queuedBytes.delete(clientId);
  }
  /** QoS 2 messages stored until their PUBREL: ids by client id, and per account, oldest first. */
  #unreleased = /* @__PURE__ */ new Map();
  #unreleasedOf = /* @__PURE__ */ new Map();
  async incomingStorePacket(client, packet) {
    const messageId = packet.messageId;
    let ids = this.#unreleased.get(client.id);
    if (!ids?.has(messageId)) {
      const account = accountOf2(client.id);
      let held = this.#unreleasedOf.get(account);
      if (!held) {
        held = /* @__PURE__ */ new Map();
        this.#unreleasedOf.set(account, held);
      }
      if (!ids) {
        ids = /* @__PURE__ */ new Set();
        this.#unreleased.set(client.id, ids);
      }
      ids.add(messageId);
      held.set(`${client.id}\0${messageId}`, { clientId: client.id, messageId });
      if (held.size > MAX_UNRELEASED_PER_ACCOUNT) this.#trimSoon(account);
    }
    await super.incomingStorePacket(client, packet);
  }
  /**
   * Cuts an account back to the bound once every store under way is done (a subclass writes its copy
   * after this class's store resolves, and aedes stores the packets of one socket read at the same
   * time): forgetting one whose store is still running would leave its copy behind, uncounted.
   */
  #trimSoon(account) {
    if (this.#trimming.has(account)) return;
    this.#trimming.add(account);
    setImmediate(() => {
      this.#trimming.delete(account);
      const held = this.#unreleasedOf.get(account);
      while (held && held.size > MAX_UNRELEASED_PER_ACCOUNT) {
        const oldest = held.values().next().value;
        this.#release(oldest.clientId, oldest.messageId);
        const forgotten = { messageId: oldest.messageId };
        this.incomingDelPacket({ id: oldest.clientId }, forgotten).catch(() => {
        });
      }
    });
  }
  #trimming = /* @__PURE__ */ new Set();
  async incomingDelPacket(client, packet) {
    this.#release(client.id, packet.messageId);
    await super.incomingDelPacket(client, packet);
  }
  async cleanIncoming(client) {
    for (const messageId of this.#unreleased.get(client.id) ?? []) this.#release(client.id, messageId);
    await super.cleanIncoming(client);
  }
  /** How many QoS 2 messages an account's sessions hold waiting for their PUBREL (for tests). */
  unreleasedOf(account) {
    return this.#unreleasedOf.get(account)?.size ?? 0;
  }
  #release(clientId, messageId) {
    const ids = this.#unreleased.get(clientId);
    if (!ids?.delete(messageId)) return;
    if (ids.size === 0) this.#unreleased.delete(clientId);
    const account = accountOf2(clientId);
    const held = this.#unreleasedOf.get(account);
    held?.delete(`${clientId}\0${messageId}`);
    if (held?.size === 0) this.#unreleasedOf.delete(account);
  }
  async outgoingEnqueue(sub, packet) {
    this.#push(sub.clientId, packet);
  }
  async outgoingEnqueueCombi(subs, packet) {
    for (const sub of subs) this.#push(sub.clientId, packet);
  }
  #push(clientId, packet) {
    let queue = this.#queues.get(clientId);
    if (!queue) {
      queue = [];
      this.#queues.set(clientId, queue);
    }
    queue.push(new Packet(packet));
    let bytes = (this.#queuedBytes.get(clientId) ?? 0) + sizeOf(packet);
    if (queue.length > MAX_QUEUED_PER_CLIENT + TRIM_SLACK || bytes > MAX_QUEUED_BYTES_PER_CLIENT) {
      let drop = Math.max(0, queue.length - MAX_QUEUED_PER_CLIENT);
      for (let i = 0; i < drop; i++) bytes -= sizeOf(queue[i]);
      while (bytes > MAX_QUEUED_BYTES_PER_CLIENT && drop < queue.length - 1)
        bytes -= sizeOf(queue[drop++]);
      queue.splice(0, drop);
    }
    this.#queuedBytes.set(clientId, bytes);
  }
  /**
   * aedes gives a queued packet its packet id when it sends it; a resend may bring a new packet object.
   * A packet not found was trimmed from a full queue while aedes sent it from its copy: it goes out
   * all the same and its acknowledgement clears nothing. (The parent throws "no such packet", which
   * aedes treats as a client error and closes the connection.)
   */
  async outgoingUpdate(client, packet) {
    const queue = this.#queues.get(client.id) ?? [];
    for (let i = 0; i < queue.length; i++) {
      const queued = queue[i];
      if (queued.brokerId === packet.brokerId) {
        if (queued.brokerCounter === packet.brokerCounter) {
          queued.messageId = packet.messageId;
          return;
        }
      } else if (queued.messageId === packet.messageId) {
        queue[i] = packet;
        this.#queuedBytes.set(
          client.id,
          (this.#queuedBytes.get(client.id) ?? 0) - sizeOf(queued) + sizeOf(packet)
        );
        return;
      }
    }
  }
  /** Acknowledged (or given up on): out of the queue; the packet, or undefined if it was not there. */
  async outgoingClearMessageId(client, packet) {
    if (packet.messageId === void 0) return packet;
    const queue = this.#queues.get(client.id);
    if (!queue) return void 0;
    const at = queue.findIndex((queued) => queued.messageId === packet.messageId);
    if (at < 0) return void 0;
    const [cleared] = queue.splice(at, 1);
    if (queue.length === 0) {
      this.#queues.delete(client.id);
      this.#queuedBytes.delete(client.id);
    } else {
      this.#queuedBytes.set(
        client.id,
        (this.#queuedBytes.get(client.id) ?? 0) - sizeOf(cleared)
      );
    }
    return cleared;
  }
  outgoingStream(client) {
    return Readable.from([...this.#queues.get(client.id) ?? []]);
  }
  /** How many messages wait for a client (for tests and diagnostics). */
  queuedFor(clientId) {
    return this.#queues.get(clientId)?.length ?? 0;
  }
};

// src/adapters/broker/persistence-tables.ts
var SCHEMA = `
  CREATE TABLE IF NOT EXISTS broker_retained (topic TEXT PRIMARY KEY, packet TEXT NOT NULL, payload BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS broker_subscription (
    client_id TEXT NOT NULL, topic TEXT NOT NULL, options TEXT NOT NULL, PRIMARY KEY (client_id, topic));
  CREATE TABLE IF NOT EXISTS broker_outgoing (
    id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, broker_id TEXT, broker_counter INTEGER,
    message_id INTEGER, packet TEXT NOT NULL, payload BLOB NOT NULL);
  CREATE INDEX IF NOT EXISTS broker_outgoing_client ON broker_outgoing (client_id, id);
  CREATE TABLE IF NOT EXISTS broker_incoming (
    client_id TEXT NOT NULL, message_id INTEGER NOT NULL, packet TEXT NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (client_id, message_id));
  CREATE TABLE IF NOT EXISTS broker_will (client_id TEXT PRIMARY KEY, packet TEXT NOT NULL, payload BLOB NOT NULL);
`;
var ROW_BYTES = 100;
var encode = (packet) => {
  const { payload, ...rest } = packet;
  return [JSON.stringify(rest), Buffer.isBuffer(payload) ? payload : Buffer.from(payload ?? "")];
};
var decode = (row) => ({ ...JSON.parse(row.packet), payload: row.payload });
function brokerStatements(db) {
  db.exec(SCHEMA);
  return {
    upsertRetained: db.prepare(
      "INSERT OR REPLACE INTO broker_retained (topic, packet, payload) VALUES (?, ?, ?)"
    ),
    deleteRetained: db.prepare("DELETE FROM broker_retained WHERE topic = ?"),
    upsertSub: db.prepare(
      "INSERT OR REPLACE INTO broker_subscription (client_id, topic, options) VALUES (?, ?, ?)"
    ),
    deleteSub: db.prepare("DELETE FROM broker_subscription WHERE client_id = ? AND topic = ?"),
    deleteSubs: db.prepare("DELETE FROM broker_subscription WHERE client_id = ?"),
    enqueue: db.prepare(
      "INSERT INTO broker_outgoing (client_id, broker_id, broker_counter, message_id, packet, payload) VALUES (?, ?, ?, NULL, ?, ?)"
    ),
    // From the oldest up to the newest message at which the newer ones' payloads pass the byte bound.
    trimQueueBytes: db.prepare(
      `DELETE FROM broker_outgoing WHERE client_id = @client AND id <= (
        SELECT id FROM (
          SELECT id, SUM(length(payload)) OVER (ORDER BY id DESC) AS newer
          FROM broker_outgoing WHERE client_id = @client)
        WHERE newer > @limit AND id < (SELECT MAX(id) FROM broker_outgoing WHERE client_id = @client)
        ORDER BY id DESC LIMIT 1)`
    ),
    trimQueue: db.prepare(
      "DELETE FROM broker_outgoing WHERE client_id = ? AND id <= (SELECT id FROM broker_outgoing WHERE client_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)"
    ),
    setMessageId: db.prepare(
      "UPDATE broker_outgoing SET message_id = ? WHERE client_id = ? AND broker_id IS ? AND broker_counter IS ?"
    ),
    clearMessageId: db.prepare("DELETE FROM broker_outgoing WHERE client_id = ? AND message_id = ?"),
    deleteQueue: db.prepare("DELETE FROM broker_outgoing WHERE client_id = ?"),
    storeIncoming: db.prepare(
      "INSERT OR REPLACE INTO broker_incoming (client_id, message_id, packet, payload) VALUES (?, ?, ?, ?)"
    ),
    deleteIncoming: db.prepare("DELETE FROM broker_incoming WHERE client_id = ? AND message_id = ?"),
    cleanIncoming: db.prepare("DELETE FROM broker_incoming WHERE client_id = ?"),
    putWill: db.prepare("INSERT OR REPLACE INTO broker_will (client_id, packet, payload) VALUES (?, ?, ?)"),
    deleteWill: db.prepare("DELETE FROM broker_will WHERE client_id = ?")
  };
}
function readSaved(db) {
  db.prepare(
    "DELETE FROM broker_subscription WHERE length(topic) > ? OR length(topic) - length(replace(topic, '/', '')) >= ?"
  ).run(MAX_FILTER_LENGTH, MAX_FILTER_LEVELS);
  const subscriptions = db.prepare("SELECT client_id, topic, options FROM broker_subscription").all();
  const queued = db.prepare("SELECT client_id, message_id, packet, payload FROM broker_outgoing ORDER BY id").all();
  const incoming = db.prepare("SELECT client_id, message_id, packet, payload FROM broker_incoming").all();
  const wills = db.prepare("SELECT client_id, packet, payload FROM broker_will").all();
  return {
    retained: db.prepare("SELECT packet, payload FROM broker_retained").all().map(decode),
    subscriptions: subscriptions.map((row) => ({
      clientId: row.client_id,
      subscription: { topic: row.topic, ...JSON.parse(row.options) }
    })),
    queued: queued.map((row) => ({
      clientId: row.client_id,
      packet: decode(row),
      messageId: row.message_id
    })),
    incoming: incoming.map((row) => ({
      clientId: row.client_id,
      packet: { ...decode(row), messageId: row.message_id }
    })),
    wills: wills.map((row) => ({ clientId: row.client_id, packet: decode(row) }))
  };
}

// src/adapters/broker/outgoing-queue-writes.ts
var TRIM_EVERY = 32;
var TRIM_EVERY_BYTES = 1024 * 1024;
var OutgoingQueueWrites = class {
  #to;
  // Transaction functions are made once, in the constructor: better-sqlite3 builds a transaction
  // function's wrappers each time it is asked for one.
  /** Enqueues and payload bytes per client since its queue was last cut to the bounds on disk. */
  #sinceTrim = /* @__PURE__ */ new Map();
  /** Queues a message for clients; the bounds are enforced every TRIM_EVERY enqueues or bytes. */
  #enqueueAll;
  /** Writes deferred packet-id updates in order (see flushIdUpdates). */
  #writeIdUpdates;
  constructor(to) {
    this.#to = to;
    const { db, sql } = to;
    const sinceTrim = this.#sinceTrim;
    this.#writeIdUpdates = db.transaction((updates) => {
      for (const update of updates) {
        if (update[0] === 0) sql.setMessageId.run(update[1], update[2], update[3], update[4]);
        else sql.clearMessageId.run(update[1], update[2]);
      }
    });
    this.#enqueueAll = db.transaction((subs, packet, json, payload) => {
      for (const { clientId } of subs) {
        sql.enqueue.run(clientId, packet.brokerId ?? null, packet.brokerCounter ?? null, json, payload);
        let since = sinceTrim.get(clientId);
        if (!since) {
          since = { count: TRIM_EVERY, bytes: 0 };
          sinceTrim.set(clientId, since);
        }
        since.bytes += payload.length;
        if (since.count < TRIM_EVERY && since.bytes < TRIM_EVERY_BYTES) since.count++;
        else {
          sql.trimQueue.run(clientId, clientId, MAX_QUEUED_PER_CLIENT);
          sql.trimQueueBytes.run({ client: clientId, limit: MAX_QUEUED_BYTES_PER_CLIENT });
          since.count = 1;
          since.bytes = 0;
        }
      }
    });
  }
  /** Writes a message queued for each of `subs`, in one transaction. */
  enqueue(subs, packet) {
    const [json, payload] = encode(packet);
    this.#enqueueAll(subs, packet, json, payload);
    this.#to.onCommitted(subs.length * (json.length + payload.length));
  }
  /** A client's session is gone: its count towards the next trim starts again. */
  forget(clientId) {
    this.#sinceTrim.delete(clientId);
  }
  // A queued message's packet id (set when it goes out, cleared at its PUBACK) is written at the end of
  // the event-loop turn, with the turn's others in one transaction: it was two more transactions per
  // QoS 1 delivery. Losing one to a crash only means a redelivery after the restart, which QoS 1
  // allows (the phone and the clock drop duplicates by device and tst); the queued message itself is
  // written through, above.
  #idUpdates = [];
  /** The packet id a queued message went out with. */
  setMessageId(clientId, packet) {
    this.#deferIdUpdate([
      0,
      packet.messageId ?? null,
      clientId,
      packet.brokerId ?? null,
      packet.brokerCounter ?? null
    ]);
  }
  /** The message a client acknowledged is done with. */
  clearMessageId(clientId, messageId) {
    this.#deferIdUpdate([1, clientId, messageId]);
  }
  #deferIdUpdate(update) {
    if (this.#idUpdates.length === 0) setImmediate(() => this.flushIdUpdates());
    this.#idUpdates.push(update);
  }
  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates() {
    const updates = this.#idUpdates;
    if (updates.length === 0 || !this.#to.db.open) return;
    this.#idUpdates = [];
    try {
      this.#writeIdUpdates(updates);
      this.#to.onCommitted(updates.length * ROW_BYTES);
    } catch (error) {
      this.#to.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
};

// src/adapters/broker/retained-write-behind.ts
var RETAINED_WRITE_DELAY_MS = 1e3;
var RetainedWriteBehind = class {
  #to;
  /** Retained messages not yet written, by topic: [packet JSON, payload], or null for a clear. */
  #retained = /* @__PURE__ */ new Map();
  #retainedTimer;
  constructor(to) {
    this.#to = to;
  }
  /** Keeps a retained message (an empty payload clears its topic) for the next write. */
  store(packet) {
    const [json, payload] = encode(packet);
    this.#retained.set(packet.topic, payload.length === 0 ? null : [json, Buffer.from(payload)]);
    this.#retainedTimer ??= setTimeout(() => this.flush(), RETAINED_WRITE_DELAY_MS).unref();
  }
  /** Writes the retained messages still waiting, in one transaction. */
  flush() {
    clearTimeout(this.#retainedTimer);
    this.#retainedTimer = void 0;
    if (this.#retained.size === 0 || !this.#to.db.open) return;
    const pending = this.#retained;
    this.#retained = /* @__PURE__ */ new Map();
    try {
      let bytes = 0;
      this.#to.db.transaction(() => {
        for (const [topic, row] of pending) {
          if (row === null) this.#to.sql.deleteRetained.run(topic);
          else this.#to.sql.upsertRetained.run(topic, ...row);
          bytes += topic.length + (row === null ? 0 : row[0].length + row[1].length);
        }
      })();
      this.#to.onCommitted(bytes);
    } catch (error) {
      for (const [topic, row] of pending) if (!this.#retained.has(topic)) this.#retained.set(topic, row);
      this.#retainedTimer ??= setTimeout(() => this.flush(), RETAINED_WRITE_DELAY_MS).unref();
      this.#to.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
};

// src/adapters/broker/sqlite-persistence.ts
var SqlitePersistence = class extends BoundedMemoryPersistence {
  #db;
  #sql;
  /**
   * Clients that may have rows, per table: every connect and disconnect asks to clean these, and
   * skipping the DELETE when there is nothing keeps a plain reconnect free of disk writes (and of
   * the WAL checkpoints they eventually cause). `outgoing`: clients that have had messages queued.
   */
  #hasRows = {
    subs: /* @__PURE__ */ new Set(),
    incoming: /* @__PURE__ */ new Set(),
    will: /* @__PURE__ */ new Set(),
    outgoing: /* @__PURE__ */ new Set()
  };
  #retained;
  #queue;
  #onCommitted;
  /** Rows deleted: each is a page touched, roughly a row's worth of WAL. */
  #wrote(rows) {
    if (rows > 0) this.#onCommitted(rows * ROW_BYTES);
  }
  constructor(db, options = {}) {
    super();
    this.#onCommitted = options.onCommitted ?? (() => {
    });
    this.#db = db;
    this.#sql = brokerStatements(db);
    const writes = {
      db,
      sql: this.#sql,
      onCommitted: this.#onCommitted,
      onError: options.onError ?? (() => {
      })
    };
    this.#retained = new RetainedWriteBehind(writes);
    this.#queue = new OutgoingQueueWrites(writes);
  }
  async setup(broker) {
    await super.setup(broker);
    const saved = readSaved(this.#db);
    for (const packet of saved.retained) await super.storeRetained(packet);
    for (const { clientId, subscription } of saved.subscriptions) {
      this.#hasRows.subs.add(clientId);
      await super.addSubscriptions(clientOf(clientId), [subscription]);
    }
    for (const { clientId, packet, messageId } of saved.queued) {
      this.#hasRows.outgoing.add(clientId);
      await super.outgoingEnqueue({ clientId }, packet);
      if (messageId !== null) await super.outgoingUpdate(clientOf(clientId), { ...packet, messageId });
    }
    for (const { clientId, packet } of saved.incoming) {
      this.#hasRows.incoming.add(clientId);
      await super.incomingStorePacket(clientOf(clientId), packet);
    }
    for (const { clientId, packet } of saved.wills) {
      const will = packet;
      const brokerId = will.brokerId;
      this.#hasRows.will.add(clientId);
      await super.putWill(clientOf(clientId), will);
      will.brokerId = brokerId;
    }
  }
  async storeRetained(packet) {
    await super.storeRetained(packet);
    this.#retained.store(packet);
  }
  /** Writes the retained messages still waiting, in one transaction; the broker's close calls it. */
  flushRetained() {
    this.#retained.flush();
  }
  async addSubscriptions(client, subs) {
    await super.addSubscriptions(client, subs);
    this.#hasRows.subs.add(client.id);
    this.#db.transaction(() => {
      for (const { topic, ...options } of subs)
        this.#sql.upsertSub.run(client.id, topic, JSON.stringify(options));
    })();
    this.#onCommitted(subs.length * ROW_BYTES);
  }
  async removeSubscriptions(client, topics) {
    await super.removeSubscriptions(client, topics);
    this.#db.transaction(() => {
      for (const topic of topics) this.#sql.deleteSub.run(client.id, topic);
    })();
    this.#onCommitted(topics.length * ROW_BYTES);
  }
  async cleanSubscriptions(client) {
    await super.cleanSubscriptions(client);
    if (this.#hasRows.subs.delete(client.id)) this.#wrote(this.#sql.deleteSubs.run(client.id).changes);
  }
  async forgetSession(clientId) {
    await super.forgetSession(clientId);
    this.#queue.forget(clientId);
    if (this.#hasRows.outgoing.delete(clientId)) this.#wrote(this.#sql.deleteQueue.run(clientId).changes);
  }
  async outgoingEnqueue(sub, packet) {
    await super.outgoingEnqueue(sub, packet);
    this.#enqueue([sub], packet);
  }
  async outgoingEnqueueCombi(subs, packet) {
    const once = subs.length < 2 ? subs : [...new Map(subs.map((sub) => [sub.clientId, sub])).values()];
    await super.outgoingEnqueueCombi(once, packet);
    this.#enqueue(once, packet);
  }
  #enqueue(subs, packet) {
    if (subs.length === 0) return;
    for (const sub of subs) this.#hasRows.outgoing.add(sub.clientId);
    this.#queue.enqueue(subs, packet);
  }
  /**
   * aedes reads this at every CONNECT, to send what was queued while the client was away. The parent's
   * stream (Readable.from over a copy of the queue) keeps a connect's objects alive past V8's next
   * young-generation collection, which then has to copy them: over a run of TLS reconnects those
   * pauses averaged ~5.3 ms with it and ~4.0 ms with this (they are the slow connects of
   * `bench:footprint`; aedes' own stream pipeline around this stream does much of the rest). A client
   * that never had anything queued gets a stream that simply ends.
   */
  outgoingStream(client) {
    if (this.#hasRows.outgoing.has(client.id)) return super.outgoingStream(client);
    return new Readable2({
      objectMode: true,
      read() {
        this.push(null);
      }
    });
  }
  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates() {
    this.#queue.flushIdUpdates();
  }
  async outgoingUpdate(client, packet) {
    await super.outgoingUpdate(client, packet);
    this.#queue.setMessageId(client.id, packet);
  }
  async outgoingClearMessageId(client, packet) {
    if (packet.messageId === void 0) return packet;
    const cleared = await super.outgoingClearMessageId(client, packet);
    if (this.#hasRows.outgoing.has(client.id)) this.#queue.clearMessageId(client.id, packet.messageId);
    return cleared;
  }
  async incomingStorePacket(client, packet) {
    await super.incomingStorePacket(client, packet);
    this.#hasRows.incoming.add(client.id);
    const [json, payload] = encode(packet);
    this.#sql.storeIncoming.run(client.id, packet.messageId ?? null, json, payload);
    this.#onCommitted(ROW_BYTES + json.length + payload.length);
  }
  async incomingDelPacket(client, packet) {
    await super.incomingDelPacket(client, packet);
    this.#sql.deleteIncoming.run(client.id, packet.messageId ?? null);
    this.#onCommitted(ROW_BYTES);
  }
  async cleanIncoming(client) {
    await super.cleanIncoming(client);
    if (this.#hasRows.incoming.delete(client.id)) this.#wrote(this.#sql.cleanIncoming.run(client.id).changes);
  }
  async putWill(client, packet) {
    await super.putWill(client, packet);
    this.#hasRows.will.add(client.id);
    const [json, payload] = encode(packet);
    this.#sql.putWill.run(client.id, json, payload);
    this.#onCommitted(ROW_BYTES + json.length + payload.length);
  }
  async delWill(client) {
    const will = await super.delWill(client);
    if (this.#hasRows.will.delete(client.id)) this.#wrote(this.#sql.deleteWill.run(client.id).changes);
    return will;
  }
};
var clientOf = (id) => ({ id });

// src/adapters/tls/certificates.ts
import { createPrivateKey as createPrivateKey3, X509Certificate as X509Certificate4 } from "node:crypto";
import { existsSync as existsSync6, mkdirSync as mkdirSync5, readFileSync as readFileSync10, renameSync as renameSync4 } from "node:fs";
import { hostname as hostname4 } from "node:os";
import path13 from "node:path";

// src/adapters/tls/issue-certificate.ts
import {
  createHash as createHash4,
  createPrivateKey as createPrivateKey2,
  generateKeyPairSync,
  randomBytes as randomBytes4,
  sign,
  X509Certificate as X509Certificate3
} from "node:crypto";
import { isIP as isIP3 } from "node:net";
import { hostname as hostname3 } from "node:os";
import { domainToASCII } from "node:url";

// src/adapters/tls/der.ts
import { isIPv4, isIPv6 as isIPv62 } from "node:net";
var TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  utcTime: 23,
  generalizedTime: 24,
  sequence: 48,
  set: 49
};
var contextTag = (n, constructed) => (constructed ? 160 : 128) | n;
function tlv(tag, content) {
  const length = content.length;
  const lengthBytes = [];
  if (length < 128) {
    lengthBytes.push(length);
  } else {
    for (let n = length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256);
    lengthBytes.unshift(128 | lengthBytes.length);
  }
  return Buffer.concat([Buffer.from([tag, ...lengthBytes]), content]);
}
var sequence = (...items) => tlv(TAG.sequence, Buffer.concat(items));
var singletonSet = (item) => tlv(TAG.set, item);
var booleanTrue = () => tlv(TAG.boolean, Buffer.from([255]));
var derNull = () => tlv(TAG.null, Buffer.alloc(0));
function unsignedInteger(magnitude) {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const bytes = Buffer.from(magnitude.subarray(start));
  const first2 = bytes[0] ?? 0;
  return tlv(
    TAG.integer,
    first2 & 128 || bytes.length === 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes
  );
}
function objectId(dotted) {
  const arcs = dotted.split(".").map(Number);
  const [first2 = 0, second = 0, ...rest] = arcs;
  const bytes = [40 * first2 + second];
  for (const arc of rest) {
    const base128 = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) base128.unshift(128 | n % 128);
    bytes.push(...base128);
  }
  return tlv(TAG.oid, Buffer.from(bytes));
}
var utf8String = (text) => tlv(TAG.utf8String, Buffer.from(text, "utf8"));
var octetString = (bytes) => tlv(TAG.octetString, bytes);
var bitString = (bytes) => tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]));
function namedBits(bits2) {
  const highest = Math.max(...bits2);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits2) bytes[Math.floor(bit / 8)] = (bytes[Math.floor(bit / 8)] ?? 0) | 128 >> bit % 8;
  const unused = 7 - highest % 8;
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unused]), bytes]));
}
function time(date) {
  const digits = date.toISOString().replace(/\.\d{3}/, "").replace(/[-:T]/g, "");
  return date.getUTCFullYear() < 2050 ? tlv(TAG.utcTime, Buffer.from(digits.slice(2), "ascii")) : tlv(TAG.generalizedTime, Buffer.from(digits, "ascii"));
}
function ipAddressBytes(ip) {
  if (isIPv4(ip)) return Buffer.from(ip.split(".").map(Number));
  if (!isIPv62(ip)) throw new Error(`not an IP address: ${ip}`);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  const text = v4 ? ip.replace(v4, ipv4AsGroups(v4)) : ip;
  const [head = "", tail] = text.split("::");
  const groups = (part) => part === "" ? [] : part.split(":");
  const left = groups(head);
  const right = tail === void 0 ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  const bytes = Buffer.alloc(16);
  for (const [i, group] of all.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2);
  return bytes;
}
function ipv4AsGroups(v4) {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
  return `${(a << 8 | b).toString(16)}:${(c << 8 | d).toString(16)}`;
}
function toPem(label, der) {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}
function readElement(der, at) {
  const tag = der[at];
  const first2 = der[at + 1];
  if (tag === void 0 || first2 === void 0) throw new Error("DER: truncated element");
  let length = first2;
  let contentStart = at + 2;
  if (first2 & 128) {
    const count = first2 & 127;
    if (count === 0 || count > 4) throw new Error("DER: unsupported length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[at + 2 + i] ?? 0);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error("DER: element runs past the end");
  return { tag, start: at, contentStart, end };
}
function childrenOf(der, parent) {
  const children = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readElement(der, at);
    children.push(child);
    at = child.end;
  }
  return children;
}

// src/adapters/tls/issue-certificate.ts
var DAY_MS = 864e5;
var SERVER_VALIDITY_DAYS = 820;
var CA_VALIDITY_DAYS = 3650;
function newKeyPair(type) {
  const { privateKey, publicKey } = type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
var OID = {
  commonName: "2.5.4.3",
  organizationName: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  sha256WithRsa: "1.2.840.113549.1.1.11"
};
var DIGITAL_SIGNATURE = 0;
var KEY_CERT_SIGN = 5;
var CRL_SIGN = 6;
function certificatePem(fields) {
  const algorithm = signatureAlgorithm(fields.signingKey);
  const serial = Buffer.concat([Buffer.from([1]), randomBytes4(15)]);
  const tbs = sequence(
    tlv(contextTag(0, true), unsignedInteger(Buffer.from([2]))),
    // version 3
    unsignedInteger(serial),
    algorithm,
    fields.issuer,
    sequence(time(new Date(fields.nowMs - DAY_MS)), time(new Date(fields.nowMs + fields.days * DAY_MS))),
    fields.subject,
    fields.publicKey.export({ type: "spki", format: "der" }),
    tlv(contextTag(3, true), sequence(...fields.extensions))
  );
  const signature = sign("sha256", tbs, fields.signingKey);
  return toPem("CERTIFICATE", sequence(tbs, algorithm, bitString(signature)));
}
function signatureAlgorithm(key) {
  if (key.asymmetricKeyType === "ec") return sequence(objectId(OID.ecdsaWithSha256));
  if (key.asymmetricKeyType === "rsa") return sequence(objectId(OID.sha256WithRsa), derNull());
  throw new Error(`cannot sign a certificate with a ${key.asymmetricKeyType ?? "unknown"} key`);
}
function distinguishedName(attributes) {
  return sequence(
    ...attributes.map(([oid, value]) => singletonSet(sequence(objectId(oid), utf8String(value))))
  );
}
function extension(oid, value, critical = false) {
  return sequence(objectId(oid), ...critical ? [booleanTrue()] : [], octetString(value));
}
function keyIdentifier(publicKey) {
  const spki = publicKey.export({ type: "spki", format: "der" });
  const [, bits2] = childrenOf(spki, readElement(spki, 0));
  if (!bits2) throw new Error("public key without key bits");
  return createHash4("sha1").update(spki.subarray(bits2.contentStart + 1, bits2.end)).digest();
}
function issueCa(nowMs, keyType = "ec") {
  const keys = newKeyPair(keyType);
  const subject = distinguishedName([
    [OID.commonName, `Weasley Clock CA (${hostname3()})`],
    [OID.organizationName, "Weasley Clock"]
  ]);
  const certPem = certificatePem({
    subject,
    issuer: subject,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    nowMs,
    days: CA_VALIDITY_DAYS,
    extensions: [
      // pathLenConstraint 0 (RFC 5280 §4.2.1.9): it signs server certificates only, never another CA, so
      // its key (in the data folder) cannot mint a sub-CA that the phones trusting it would trust too.
      extension(OID.basicConstraints, sequence(booleanTrue(), unsignedInteger(Uint8Array.of(0))), true),
      extension(OID.keyUsage, namedBits([KEY_CERT_SIGN, CRL_SIGN]), true),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(keys.publicKey)))
    ]
  });
  return { certPem, keyPem: keys.keyPem };
}
function issueServerCert(caCertPem, caKeyPem, names, nowMs) {
  const ca = readCa(caCertPem);
  const keys = newKeyPair("ec");
  const certPem = certificatePem({
    subject: distinguishedName([[OID.commonName, names.find((n) => !isIp(n)) ?? "localhost"]]),
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: createPrivateKey2(caKeyPem),
    nowMs,
    days: SERVER_VALIDITY_DAYS,
    extensions: [
      extension(OID.basicConstraints, sequence()),
      extension(OID.keyUsage, namedBits([DIGITAL_SIGNATURE]), true),
      extension(OID.extKeyUsage, sequence(objectId(OID.serverAuth))),
      // RFC 9525 / OWNTRACKS.md §4.1: phones check the SAN, never the common name.
      extension(
        OID.subjectAltName,
        sequence(
          ...names.map(
            (n) => isIp(n) ? tlv(contextTag(7, false), ipAddressBytes(n)) : tlv(contextTag(2, false), Buffer.from(domainToASCII(n) || n, "ascii"))
          )
        )
      ),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(keys.publicKey))),
      extension(OID.authorityKeyIdentifier, sequence(tlv(contextTag(0, false), ca.keyIdentifier)))
    ]
  });
  return { certPem, keyPem: keys.keyPem };
}
function readCa(caCertPem) {
  const cert = new X509Certificate3(caCertPem);
  const der = cert.raw;
  const [tbs] = childrenOf(der, readElement(der, 0));
  if (!tbs) throw new Error("CA certificate without a body");
  const fields = childrenOf(der, tbs);
  const first2 = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  const subject = fields[first2 + 4];
  if (!subject) throw new Error("CA certificate without a subject");
  return {
    subject: Buffer.from(der.subarray(subject.start, subject.end)),
    keyIdentifier: subjectKeyIdentifierOf(der, fields) ?? keyIdentifier(cert.publicKey)
  };
}
function subjectKeyIdentifierOf(der, fields) {
  const wrapper = fields.find((f) => f.tag === contextTag(3, true));
  const [list] = wrapper ? childrenOf(der, wrapper) : [];
  const wanted = objectId(OID.subjectKeyIdentifier);
  for (const ext of list ? childrenOf(der, list) : []) {
    const parts = childrenOf(der, ext);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (!id || !value || !der.subarray(id.start, id.end).equals(wanted)) continue;
    const inner = readElement(der, value.contentStart);
    return Buffer.from(der.subarray(inner.contentStart, inner.end));
  }
  return void 0;
}
var isIp = (name) => isIP3(name) !== 0;

// src/adapters/tls/certificates.ts
function defaultCertificateNames(publicHosts) {
  const names = ["localhost", "127.0.0.1", "::1", hostname4(), ...publicHosts];
  return [...new Set(names.filter((n) => n.trim() !== "").map((n) => n.toLowerCase()))];
}
function ensureCertificates(dir, names, nowMs = Date.now(), mayMakeCa = true) {
  mkdirSync5(dir, { recursive: true, mode: 448 });
  const caCertFile = path13.join(dir, "ca.crt");
  const caKeyFile = path13.join(dir, "ca.key");
  const certFile = path13.join(dir, "server.crt");
  const keyFile = path13.join(dir, "server.key");
  let action = "reused";
  if (!readableCa(caCertFile, caKeyFile)) {
    if (!mayMakeCa) throw new Error(`the clock's CA in ${dir} is damaged or incomplete`);
    for (const half of [caCertFile, caKeyFile])
      if (existsSync6(half))
        renameSync4(half, `${half}.kept-${new Date(nowMs).toISOString().replace(/[:.]/g, "-")}`);
    const ca = issueCa(nowMs);
    writePrivateFile(caKeyFile, ca.keyPem);
    writeFileAtomically(caCertFile, ca.certPem);
    action = "generated";
  }
  if (action === "generated" || !existsSync6(certFile) || !existsSync6(keyFile) || !serverCertCovers(certFile, keyFile, names, nowMs)) {
    const server = issueServerCert(
      readFileSync10(caCertFile, "utf8"),
      readFileSync10(caKeyFile, "utf8"),
      names,
      nowMs
    );
    writePrivateFile(keyFile, server.keyPem);
    writeFileAtomically(certFile, server.certPem);
    if (action === "reused") action = "reissued";
  }
  return { caCertFile, certFile, keyFile, names: sanNames(readFileSync10(certFile, "utf8")), action };
}
function caExpiryWarning(caCertFile, nowMs = Date.now()) {
  const validTo = new Date(new X509Certificate4(readFileSync10(caCertFile)).validTo);
  const daysLeft = Math.floor((validTo.getTime() - nowMs) / DAY_MS);
  if (daysLeft >= 365) return void 0;
  const when = daysLeft < 0 ? "expired on" : `expires in ${daysLeft} days, on`;
  return `the clock's CA (${caCertFile}) ${when} ${validTo.toISOString().slice(0, 10)}: move ${path13.dirname(caCertFile)} aside and start the clock to make a new one, then install it on every phone`;
}
function readIfThere(file) {
  try {
    return readFileSync10(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
  }
}
function readableCa(caCertFile, caKeyFile) {
  const certPem = readIfThere(caCertFile);
  const keyPem = readIfThere(caKeyFile);
  if (certPem === void 0 || keyPem === void 0) return false;
  try {
    return new X509Certificate4(certPem).checkPrivateKey(createPrivateKey3(keyPem));
  } catch {
    return false;
  }
}
function serverCertCovers(certFile, keyFile, names, nowMs) {
  const pem = readIfThere(certFile);
  const keyPem = readIfThere(keyFile);
  if (pem === void 0 || keyPem === void 0) return false;
  let cert;
  try {
    cert = new X509Certificate4(pem);
    if (!cert.checkPrivateKey(createPrivateKey3(keyPem))) return false;
  } catch {
    return false;
  }
  if (new Date(cert.validTo).getTime() - nowMs < 30 * DAY_MS) return false;
  const have = new Set(sanNames(pem));
  return names.every((n) => have.has(canonicalName(n)));
}

// src/adapters/tls/watch-certificate.ts
import { readFileSync as readFileSync11, unwatchFile, watchFile } from "node:fs";
import { createSecureContext as createSecureContext2 } from "node:tls";
function watchCertificate(files, apply, logger, intervalMs) {
  const { certFile, keyFile } = files;
  const reload = () => {
    try {
      const tls = { cert: readFileSync11(certFile), key: readFileSync11(keyFile) };
      createSecureContext2(tls);
      apply(tls);
      logger.log("info", `reloaded the TLS certificate from ${certFile}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.log(
        "warn",
        `kept the current TLS certificate: ${certFile} and ${keyFile} do not load (${reason})`
      );
    }
  };
  const onChange = (current2, previous) => {
    if (current2.mtimeMs !== previous.mtimeMs || current2.size !== previous.size) reload();
  };
  watchFile(certFile, { interval: intervalMs, persistent: false }, onChange);
  watchFile(keyFile, { interval: intervalMs, persistent: false }, onChange);
  return () => {
    unwatchFile(certFile, onChange);
    unwatchFile(keyFile, onChange);
  };
}

// src/app/served-broker.ts
async function startBrokerWithCertificate(b, options) {
  let tls;
  let info;
  if (b.certFile && b.keyFile) {
    tls = { cert: readFileSync12(b.certFile), key: readFileSync12(b.keyFile) };
    info = { kind: "embedded", mqttPort: 0, mqttsPort: 0, certNames: b.publicHosts };
  } else {
    const files = ensureCertificates(options.tlsDir, defaultCertificateNames(b.publicHosts));
    const expiring = caExpiryWarning(files.caCertFile);
    if (expiring) options.logger.log("warn", expiring);
    tls = { cert: readFileSync12(files.certFile), key: readFileSync12(files.keyFile) };
    info = {
      kind: "embedded",
      mqttPort: 0,
      mqttsPort: 0,
      certNames: files.names,
      caCertFile: files.caCertFile,
      certAction: files.action
    };
  }
  const persistence = new SqlitePersistence(options.db, {
    onError: (error) => options.logger.log("error", `could not save retained messages: ${error.message}`),
    ...options.onCommitted ? { onCommitted: options.onCommitted } : {}
  });
  const broker = await startEmbeddedBroker({
    config: b,
    tls,
    logger: options.logger,
    persistence,
    maxPacketBytes: options.maxPacketBytes,
    ...options.passwordCheckIntervalMs === void 0 ? {} : { passwordCheckIntervalMs: options.passwordCheckIntervalMs }
  });
  info.mqttPort = broker.mqttPort;
  info.mqttsPort = broker.mqttsPort;
  const stopWatching = b.certFile && b.keyFile ? watchCertificate(
    { certFile: b.certFile, keyFile: b.keyFile },
    broker.setCertificate,
    options.logger,
    options.certCheckIntervalMs
  ) : renewWhileRunning(b, options, broker.setCertificate);
  return {
    broker,
    info,
    ...b.publicHosts[0] === void 0 ? {} : { publicHost: b.publicHosts[0] },
    async close() {
      stopWatching();
      await broker.close();
      persistence.flushIdUpdates();
      persistence.flushRetained();
    }
  };
}
function renewWhileRunning(b, options, apply) {
  let told = false;
  const check = () => {
    try {
      if (!existsSync7(path14.join(options.tlsDir, "ca.key")) || !existsSync7(path14.join(options.tlsDir, "ca.crt"))) {
        if (!told)
          options.logger.log(
            "warn",
            `the clock's CA is gone from ${options.tlsDir}: a restart makes a new one, which every phone must then install`
          );
        told = true;
        return;
      }
      const files = ensureCertificates(
        options.tlsDir,
        defaultCertificateNames(b.publicHosts),
        Date.now(),
        false
      );
      told = false;
      if (files.action === "reused") return;
      apply({ cert: readFileSync12(files.certFile), key: readFileSync12(files.keyFile) });
      options.logger.log("info", `issued a new TLS certificate from the clock's CA (${files.certFile})`);
    } catch (error) {
      if (!told)
        options.logger.log(
          "warn",
          `could not renew the TLS certificate: ${error.message} (tried again every minute)`
        );
      told = true;
    }
  };
  const timer = setInterval(check, options.certCheckIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
var couldNotForget = (logger, what) => (error) => logger.log(
  "warn",
  `could not forget the broker's sessions of removed ${what}: ${error instanceof Error ? error.message : String(error)}`
);

// src/app/start-clock.ts
async function startClock(config, options) {
  let release = () => {
  };
  if (options.sharedBroker) await checkDataFolderFree(config.dataDir);
  else release = await lockDataFolder(config.dataDir);
  try {
    if (existsSync8(databaseFileOf(config.dataDir)))
      checkDatabaseClosedElsewhere(databaseFileOf(config.dataDir));
    const clock = await startInLockedFolder(config, options);
    const close = clock.close;
    let closing;
    clock.close = () => {
      closing ??= close().finally(release);
      return closing;
    };
    return clock;
  } catch (error) {
    release();
    throw error;
  }
}
async function startInLockedFolder(config, options) {
  const { logger } = options;
  const { db, store } = openSqliteStore(databaseFileOf(config.dataDir), {
    cacheKiB: options.sharedBroker ? PAGE_CACHE_KIB.hosted : PAGE_CACHE_KIB.ownProcess,
    onError: (message) => logger.log("warn", message)
  });
  let connection = { connected: false, lastError: "starting" };
  let family;
  let turnedPlain = () => {
  };
  try {
    family = createFamilyPipeline(config, {
      db,
      store,
      logger,
      connection: () => connection,
      onDeviceTurnedPlain: (deviceId) => turnedPlain(deviceId)
    });
  } catch (error) {
    store.close();
    const reason = error instanceof SyntaxError ? "a saved row is not valid JSON" : error instanceof Error ? error.message : String(error);
    throw new Error(`could not load the state in ${databaseFileOf(config.dataDir)}: ${reason}`, {
      cause: error
    });
  }
  const { pipeline, keyring, meta, spellings } = family;
  const setConnection = (next) => {
    connection = next;
    pipeline.refresh();
  };
  const closers = [() => store.close(), () => pipeline.flush()];
  let stopping = false;
  const closeAll = async () => {
    stopping = true;
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.log("error", `while stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    let brokerInfo;
    let generatedPasswords = [];
    let publisher;
    let caCert;
    const retainAvailable = config.broker.kind === "embedded" || (config.broker.retained ?? config.broker.profile === "mosquitto");
    let lastAskedMs = Number.NEGATIVE_INFINITY;
    let stepper;
    const commands = createPhoneCommands({
      settings: config.settings,
      wrap: keyring.wrapForDevice,
      publisher: () => publisher,
      logger,
      meta,
      topicIdOf: spellings.topicIdOf
    });
    turnedPlain = (deviceId) => {
      const device = config.devices.find((d) => d.deviceId.toLowerCase() === deviceId);
      if (device === void 0) return;
      setImmediate(() => {
        if (stopping) return;
        commands.pushPlacesToDevice(device.deviceId, device.memberId).then(
          (sent) => {
            if (sent)
              logger.log(
                "info",
                `${deviceId} sends unencrypted messages: sent it its places again, unencrypted`
              );
          },
          (error) => logger.log("warn", `could not send ${deviceId} its places: ${error.message}`)
        );
      });
    };
    const onMessage = (inbound, done) => pipeline.handle(inbound, done);
    if (config.broker.kind === "embedded") {
      const b = config.broker;
      const served = options.sharedBroker ?? await startBrokerWithCertificate(b, {
        db,
        tlsDir: path15.join(config.dataDir, "tls"),
        logger,
        maxPacketBytes: config.settings.maxPayloadBytes + 64 * 1024,
        certCheckIntervalMs: options.certCheckIntervalMs ?? 6e4,
        // The broker keeps its sessions and retained messages in the family's database: its writes
        // count towards that database's background checkpoints.
        onCommitted: (bytes) => store.walWritten(bytes),
        ...options.passwordCheckIntervalMs === void 0 ? {} : { passwordCheckIntervalMs: options.passwordCheckIntervalMs }
      });
      if (!options.sharedBroker) closers.push(() => served.close());
      const clock = b.clockPassword === void 0 ? { username: b.clockUsername } : { username: b.clockUsername, password: b.clockPassword };
      const credentials = loadCredentials(db, config.devices, clock, config.settings.family, {
        keepGenerated: (generated) => writeNewPasswords(config.dataDir, generated),
        // new-passwords.txt lists passwords that work: not those of devices taken out of the config.
        forgetRemoved: (usernames) => {
          for (const username of usernames) forgetNewPassword(config.dataDir, username);
        }
      });
      generatedPasswords = credentials.generated;
      closers.push(
        served.broker.addFamily(config.settings.family, {
          credentials,
          onMessage,
          // OWNTRACKS.md §1.7: setWaypoints gives the phone the member's places as regions, so its own
          // transitions and inregions name them exactly as the clock does (unless it has them already).
          onDeviceListening: ({ deviceId, memberId, spelled, resumed }) => {
            if (spelled !== void 0) spellings.saw(deviceId, spelled);
            void commands.pushPlacesOnListening(deviceId, memberId, { resumed });
          }
        })
      );
      await served.broker.forgetRemovedDevices(
        config.settings.family,
        config.devices.map((d) => d.deviceId)
      ).catch(couldNotForget(logger, "devices"));
      if (!options.sharedBroker)
        await served.broker.forgetRemovedFamilies([config.settings.family]).catch(couldNotForget(logger, "families"));
      publisher = served.broker;
      caCert = served.info.caCertFile;
      brokerInfo = served.info;
      setConnection({ connected: true });
    } else {
      caCert = config.broker.caFile;
      if (caCert && certificatesIn(readFileSync13(caCert, "utf8")).heldKey)
        logger.log(
          "warn",
          `broker.caFile (${caCert}) holds a private key: keep it in a file of its own (the setup page hands out only the certificates)`
        );
      const external = startExternalBroker({
        config: config.broker,
        family: config.settings.family,
        // AWS IoT policies and Losant devices name the client id the clock must use.
        clientId: config.broker.clientId ?? stableClientId(meta, config.settings.family),
        logger,
        onMessage,
        onConnectionChange: setConnection,
        // A family renamed keeps the client id, and with it the session's subscription to the old name.
        ...subscribedFilter(meta),
        onFilterHeld: (filter) => {
          try {
            meta.set(HELD_FILTER, filter);
          } catch (error) {
            logger.log("warn", `could not note the broker subscription: ${error.message}`);
          }
        },
        // Without retained messages (AWS IoT, Losant) nobody replays the phones' last locations: the
        // store has the hands, and when the broker kept no session for the clock (so what the phones
        // sent while it was away is gone) each phone is asked for a fresh fix (OWNTRACKS.md §1.7). At
        // most every two minutes: a connection that keeps dropping must not keep waking the phones.
        // And every hand goes out again: a broker restarted without persistence lost the retained ones,
        // and one that keeps none has nothing for a stepper clock that started in the meantime.
        onSubscribed: (resumed) => {
          const askAfterMs = options.askPhonesAfterMs ?? 2 * 6e4;
          if (!retainAvailable && !resumed && performance.now() - lastAskedMs >= askAfterMs) {
            lastAskedMs = performance.now();
            void commands.requestLocation();
          }
          stepper?.resend();
        }
      });
      closers.push(() => external.close());
      publisher = external;
      brokerInfo = { kind: "external", url: safeUrl(config.broker.url) };
    }
    let httpUrl = "";
    let httpPort = 0;
    if (options.serveHttp !== false) {
      const web = await startClockWeb({
        config,
        webRoot: options.webRoot,
        logger,
        db,
        meta,
        commands,
        pipeline,
        store,
        ...options.sharedBroker ? { sharedBroker: options.sharedBroker } : {},
        broker: brokerInfo,
        caCert: () => caCert,
        connection: () => connection
      });
      closers.push(() => web.close());
      closers.push(pipeline.addOutput(web.output));
      httpUrl = web.url;
      httpPort = web.port;
    }
    if (publisher) {
      const hands = createStepperOutput(publisher, logger, { retain: retainAvailable, meta });
      stepper = hands;
      closers.push(pipeline.addOutput(hands));
      if (!retainAvailable) {
        const republish = setInterval(
          () => {
            if (!connection.connected) return;
            try {
              hands.resend();
            } catch (error) {
              logger.log(
                "warn",
                `could not publish the hands: ${error instanceof Error ? error.message : String(error)}`
              );
            }
          },
          options.handRepublishMs ?? 10 * 6e4
        );
        republish.unref();
        closers.push(() => clearInterval(republish));
      }
    }
    const newAdminToken = options.serveHttp === false ? null : ensureAdminToken(db, config.dataDir);
    if (options.serveHttp !== false) await upgradeStoredAdminToken(db, config.dataDir);
    void commands.pushChangedPlaces();
    const tick2 = setInterval(() => pipeline.tick(), options.tickIntervalMs ?? 3e4);
    tick2.unref();
    closers.push(() => clearInterval(tick2));
    return {
      pipeline,
      httpUrl,
      httpPort,
      broker: brokerInfo,
      generatedPasswords,
      ...newAdminToken ? { newAdminToken } : {},
      inject: (inbound, done) => pipeline.handle(inbound, done),
      close: closeAll
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
var HELD_FILTER = "external_filter";
var subscribedFilter = (meta) => {
  const held = meta.get(HELD_FILTER);
  return held ? { subscribedBefore: held } : {};
};
function stableClientId(meta, family) {
  const existing = meta.get("client_id");
  if (existing) return existing;
  const id = newExternalClientId(family, randomBytes5(4).toString("hex"));
  meta.set("client_id", id);
  return id;
}

// src/app/start-host.ts
import path16 from "node:path";
var MAX_RETRY_DELAY_MS = 5 * 6e4;
async function startHost(configs, options) {
  const problems = hostingProblems(configs);
  const first2 = configs[0];
  if (problems.length > 0 || !first2 || first2.broker.kind !== "embedded")
    throw new ConfigError("the hosted families", problems);
  const release = await lockDataFolder(options.dataDir);
  let db;
  let checkpointer;
  try {
    db = openDatabase(path16.join(options.dataDir, "broker.db"));
    keepCheckpointWorker();
    checkpointer = checkpointInBackground(db, db.name, {
      onError: (message) => options.logger.log("warn", message)
    });
  } catch (error) {
    db?.close();
    release();
    throw error;
  }
  const database = db;
  const families = configs.map((config) => ({ config, clock: void 0, error: void 0 }));
  const retries = /* @__PURE__ */ new Set();
  const starting = /* @__PURE__ */ new Set();
  let closed = false;
  let served;
  const close = async () => {
    closed = true;
    for (const timer of retries) clearTimeout(timer);
    retries.clear();
    await Promise.all(starting);
    for (const family of [...families].reverse()) {
      const clock = family.clock;
      family.clock = void 0;
      await clock?.close();
    }
    try {
      await served?.close();
    } finally {
      checkpointer.close();
      database.close();
      release();
    }
  };
  const startFamily = (family, broker, delayMs2) => {
    const logger = familyLogger(options.logger, family.config.settings.family);
    const started = startClock(family.config, { ...options, logger, sharedBroker: broker }).then(
      async (clock) => {
        if (closed) return clock.close();
        family.clock = clock;
        if (family.error !== void 0)
          logger.log("info", `started${clock.httpUrl ? `: web clock at ${clock.httpUrl}` : ""}`);
        family.error = void 0;
        try {
          options.onFamilyStarted?.(family);
        } catch (error) {
          logger.log("error", `after starting: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      (error) => {
        family.error = error instanceof Error ? error.message : String(error);
        if (closed) return;
        logger.log(
          "error",
          `could not start: ${family.error} (the other families run; trying again in ${Math.round(delayMs2 / 1e3)} s)`
        );
        const timer = setTimeout(() => {
          retries.delete(timer);
          void startFamily(family, broker, Math.min(delayMs2 * 2, MAX_RETRY_DELAY_MS));
        }, delayMs2);
        timer.unref();
        retries.add(timer);
      }
    );
    starting.add(started);
    return started.finally(() => starting.delete(started));
  };
  try {
    const broker = await startBrokerWithCertificate(first2.broker, {
      db: database,
      tlsDir: path16.join(options.dataDir, "tls"),
      logger: options.logger,
      maxPacketBytes: Math.max(...configs.map((c) => c.settings.maxPayloadBytes)) + 64 * 1024,
      certCheckIntervalMs: options.certCheckIntervalMs ?? 6e4,
      onCommitted: (bytes) => checkpointer.committed(bytes)
    });
    served = broker;
    await broker.broker.forgetRemovedFamilies(configs.map((c) => c.settings.family)).catch(couldNotForget(options.logger, "families"));
    for (const family of families) await startFamily(family, broker, options.retryDelayMs ?? 5e3);
    if (families.every((f) => f.clock === void 0))
      throw new Error(
        `no family could start: ${families.map((f) => `${f.config.settings.family}: ${f.error}`).join("; ")}`
      );
    return { broker: broker.info, families, close };
  } catch (error) {
    await close();
    throw error;
  }
}
function hostingProblems(configs) {
  const problems = [];
  if (configs.length === 0) problems.push({ path: "families", message: "no family config was given" });
  const seen = { family: /* @__PURE__ */ new Map(), dataDir: /* @__PURE__ */ new Map(), http: /* @__PURE__ */ new Map() };
  configs.forEach((config, i) => {
    const where = `family ${i + 1} ("${config.settings.family}")`;
    if (config.broker.kind !== "embedded")
      problems.push({ path: `${where} broker`, message: "hosting needs the embedded broker" });
    const clash = (kind, key, what) => {
      const other = seen[kind].get(key);
      if (other !== void 0)
        problems.push({ path: where, message: `${what} is the same as family ${other + 1}'s` });
      else seen[kind].set(key, i);
    };
    clash("family", config.settings.family, `family name "${config.settings.family}"`);
    clash("dataDir", path16.resolve(config.dataDir), `dataDir "${config.dataDir}"`);
    if (config.http.port !== 0) clash("http", String(config.http.port), `web clock port ${config.http.port}`);
  });
  problems.push(...sharedLogins(configs));
  return problems;
}
function sharedLogins(configs) {
  const byLogin = /* @__PURE__ */ new Map();
  for (const config of configs) {
    const family = config.settings.family;
    const logins = config.devices.flatMap((d) => [
      [d.deviceId, d.password ?? d.passwordHash],
      [family.toLowerCase(), d.password ?? d.passwordHash]
    ]);
    if (config.broker.kind === "embedded")
      logins.push([config.broker.clockUsername.toLowerCase(), config.broker.clockPassword]);
    for (const [username, secret] of logins) {
      if (secret === void 0) continue;
      const key = `${username}\0${secret}`;
      byLogin.set(key, (byLogin.get(key) ?? /* @__PURE__ */ new Set()).add(family));
    }
  }
  return [...byLogin].flatMap(([key, set]) => {
    const families = [...set];
    return families.length < 2 ? [] : [
      {
        path: `username "${key.split("\0")[0]}"`,
        message: `has the same password in families ${families.join(", ")}: a login could land in either family; give each its own password`
      }
    ];
  });
}
function familyLogger(logger, family) {
  return {
    log: (level, message) => logger.log(level, `[${family}] ${message}`),
    isEnabled: (level) => logger.isEnabled(level)
  };
}

// src/core/simulation.ts
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function createSimulation(options) {
  const random = seededRandom(options.seed ?? 1);
  const located = (list) => list.filter((p) => p.lat !== void 0 && p.lon !== void 0);
  const everywhere = located(options.places);
  if (everywhere.length === 0) throw new Error("the simulation needs at least one place with coordinates");
  const pick = (items) => items[Math.floor(random() * items.length)];
  const walks = options.deviceIds.map((deviceId) => {
    const own = options.placesFor ? located(options.placesFor(deviceId)) : everywhere;
    const places = own.length > 0 ? own : everywhere;
    const at = pick(places);
    return {
      deviceId,
      places,
      at,
      target: null,
      from: centre(at),
      progress: 0,
      battery: 60 + Math.floor(random() * 40)
    };
  });
  let next = 0;
  return {
    step(nowSec) {
      const walk = walks[next % walks.length];
      next++;
      const base = `owntracks/${options.family}/${walk.deviceId}`;
      const tid = walk.deviceId.slice(0, 2);
      const out = [];
      const location = (pos, extra) => out.push({
        topic: base,
        retain: true,
        payload: JSON.stringify({
          _type: "location",
          lat: round(pos.lat),
          lon: round(pos.lon),
          acc: 10 + Math.floor(random() * 20),
          batt: walk.battery,
          tid,
          tst: nowSec,
          ...extra
        })
      });
      const transition = (event, place, pos) => out.push({
        topic: `${base}/event`,
        retain: false,
        payload: JSON.stringify({
          _type: "transition",
          event,
          desc: place.name,
          lat: round(pos.lat),
          lon: round(pos.lon),
          acc: 15,
          t: "c",
          tid,
          tst: nowSec,
          wtst: 17e8
        })
      });
      walk.battery = Math.max(5, walk.battery - (random() < 0.3 ? 1 : 0));
      if (walk.at && random() < 0.05) {
        out.push({ topic: base, retain: false, payload: JSON.stringify({ _type: "lwt", tst: nowSec }) });
      } else if (walk.at) {
        const leaving = walk.places.length > 1 && random() < 0.5;
        if (!leaving) location(centre(walk.at), { inregions: [walk.at.name], t: "p" });
        else {
          const target = pick(walk.places.filter((p) => p !== walk.at));
          transition("leave", walk.at, centre(walk.at));
          walk.from = centre(walk.at);
          walk.target = target;
          walk.at = null;
          walk.progress = 0;
          location(walk.from, { inregions: [], t: "c", vel: 40 });
        }
      } else if (walk.target) {
        walk.progress += 0.34 + random() * 0.3;
        if (walk.progress >= 1) {
          const arrived = walk.target;
          walk.at = arrived;
          walk.target = null;
          transition("enter", arrived, centre(arrived));
          location(centre(arrived), { inregions: [arrived.name], t: "c" });
        } else {
          const to = centre(walk.target);
          const pos = {
            lat: walk.from.lat + (to.lat - walk.from.lat) * walk.progress,
            lon: walk.from.lon + (to.lon - walk.from.lon) * walk.progress
          };
          location(pos, { inregions: [], vel: 30 + Math.floor(random() * 60) });
        }
      }
      return out;
    }
  };
}
var centre = (p) => ({ lat: p.lat ?? 0, lon: p.lon ?? 0 });
var round = (n) => Math.round(n * 1e6) / 1e6;

// src/cli/simulate.ts
import { readFileSync as readFileSync14 } from "node:fs";
import mqtt2 from "mqtt";
async function runSimulate(values2) {
  const url = values2.url ?? "mqtt://127.0.0.1:1883";
  const count = countOption(values2.count, "--count", 200);
  const intervalMs = countOption(values2.interval, "--interval", 1e3);
  const config = values2.config ? await loadConfigFile(values2.config, entryOf2(values2)) : void 0;
  const family = values2.family ?? config?.settings.family;
  if (!family) throw new Error("give --family NAME (or --config FILE)");
  const devices = (values2.device ?? []).map(parseDevice);
  if (devices.length === 0) throw new Error("give at least one --device ID:PASSWORD");
  const places = config?.settings.places.filter((p) => p.lat !== void 0) ?? DEFAULT_PLACES;
  const ca = values2.ca ? readFileSync14(values2.ca) : void 0;
  const clients = /* @__PURE__ */ new Map();
  try {
    for (const d of devices) clients.set(d.id, await connectDevice(url, family, d, ca));
    const simulation = createSimulation({
      family,
      deviceIds: devices.map((d) => d.id),
      places,
      ...config ? { placesFor: devicePlaces(config) } : {},
      seed: Number(values2.seed ?? Date.now() % 1e5)
    });
    const familyHint = ` (topics are case-sensitive${config ? `; the config's family is "${config.settings.family}"` : ""})`;
    const witness = await watchFamily(clients.get(devices[0]?.id ?? ""), family, familyHint);
    let sent = 0;
    while (sent < count) {
      for (const m of simulation.step(Math.floor(Date.now() / 1e3))) {
        const device = m.topic.split("/")[2] ?? "";
        const published = clients.get(device)?.publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain });
        if (sent === 0) {
          if (!await settlesWithin(published, DELIVERY_WAIT_MS))
            throw new Error(
              `the broker did not acknowledge a message on owntracks/${family}/\u2026 within ${DELIVERY_WAIT_MS / 1e3} s: check --family${familyHint} and that the broker lets these devices publish there (its ACL)`
            );
          if (witness && !await witness.heardWithin(m.payload, DELIVERY_WAIT_MS))
            throw new Error(
              `nothing published on owntracks/${family}/\u2026 came back within ${DELIVERY_WAIT_MS / 1e3} s: check --family${familyHint} and that the broker lets these devices publish there (its ACL)`
            );
        }
        await published;
        sent++;
        process.stdout.write(`${m.topic} ${m.payload}
`);
      }
      if (intervalMs > 0 && sent < count) await new Promise((r) => setTimeout(r, intervalMs));
    }
  } catch (error) {
    await Promise.all([...clients.values()].map((c) => c.endAsync(true)));
    throw error;
  }
  await Promise.all([...clients.values()].map((c) => c.endAsync()));
  return 0;
}
var devicePlaces = (config) => (deviceId) => {
  const device = config.devices.find((d) => d.deviceId === deviceId.toLowerCase());
  return device ? placesOf(device.memberId, config.settings) : config.settings.places;
};
var DELIVERY_WAIT_MS = 1e4;
function settlesWithin(promise, ms) {
  if (!promise) return Promise.resolve(true);
  let timer;
  return Promise.race([
    promise.then(
      () => true,
      () => true
    ),
    new Promise((resolve2) => {
      timer = setTimeout(() => resolve2(false), ms);
    })
  ]).finally(() => clearTimeout(timer));
}
async function watchFamily(client, family, familyHint) {
  if (!client) return void 0;
  const heard = /* @__PURE__ */ new Set();
  const waiting = /* @__PURE__ */ new Map();
  client.on("message", (_topic, payload) => {
    const text = payload.toString();
    if (waiting.size === 0 && heard.size >= 100) return;
    heard.add(text);
    waiting.get(text)?.();
  });
  const granted = await client.subscribeAsync(`owntracks/${family}/#`, { qos: 0 }).catch(() => void 0);
  if (!granted || granted.some((g) => g.qos === 128)) {
    process.stderr.write(
      `weasley-clock simulate: the broker does not let ${client.options.username ?? "the first device"} read owntracks/${family}/\u2026, so whether messages arrive is not checked (is --family right${familyHint}?)
`
    );
    return void 0;
  }
  return {
    heardWithin: (payload, ms) => heard.has(payload) ? Promise.resolve(true) : new Promise((resolve2) => {
      const timer = setTimeout(() => {
        waiting.delete(payload);
        resolve2(false);
      }, ms);
      waiting.set(payload, () => {
        clearTimeout(timer);
        waiting.delete(payload);
        resolve2(true);
      });
    })
  };
}
async function connectDevice(url, family, device, ca) {
  const options = {
    // Not the phone's own client id (core/provisioning.ts): the session of that id is the phone's, and
    // connecting under it would close the phone's connection and take the commands queued for it.
    clientId: `${compactId(`${family}${device.id}`)}-sim`,
    username: device.id,
    password: device.password,
    clean: false,
    keepalive: 60,
    reconnectPeriod: 2e3,
    will: {
      topic: `owntracks/${family}/${device.id}`,
      payload: Buffer.from('{"_type":"lwt"}'),
      qos: 0,
      retain: false
    }
  };
  if (ca) options.ca = ca;
  try {
    return await mqtt2.connectAsync(url, options, false);
  } catch (error) {
    throw new Error(`could not connect to ${url} as ${device.id}: ${error.message}`);
  }
}
function parseDevice(spec) {
  const colon = spec.indexOf(":");
  if (colon <= 0)
    throw new Error(
      "--device must be ID:PASSWORD, e.g. ginny:her-password (the value given is not shown: it may hold a password)"
    );
  return { id: spec.slice(0, colon).toLowerCase(), password: spec.slice(colon + 1) };
}
var DEFAULT_PLACES = [
  { name: "Home", key: "home", aliases: [], lat: 50.7376, lon: -3.2783, radiusMeters: 150 },
  { name: "Work", key: "work", aliases: [], lat: 51.5007, lon: -0.1246, radiusMeters: 200 },
  { name: "School", key: "school", aliases: [], lat: 56.8198, lon: -5.1052, radiusMeters: 400 }
];

// src/cli/serve.ts
var DEMO_STEP_MS = 2500;
async function runServe(values2, packageRoot) {
  const overrides = overridesOf(values2);
  const file = configFileOf(values2);
  const config = file ? readableFiles(await loadConfigFile(file, overrides), file) : { ...parseConfig(DEMO_CONFIG, overrides, "demo config"), demo: true };
  const demo = config.demo || values2.demo === true;
  if (values2.debug) config.debug = true;
  const logger = createConsoleLogger({ level: config.debug ? "debug" : "info", secrets: secretsOf(config) });
  const say = (line = "") => process.stdout.write(`${line}
`);
  const clock = await startClock(config, { logger, webRoot: path17.join(packageRoot, "dist", "web") });
  for (const g of clock.generatedPasswords) logger.addSecret(g.password);
  if (clock.newAdminToken) logger.addSecret(clock.newAdminToken);
  say(`Weasley Clock for family "${config.settings.family}"${file ? ` (config ${file})` : ""}`);
  if (!file) say("No config file given: running the demo family (see weasley.example.json to make your own).");
  say(`  Web clock:   ${clock.httpUrl}`);
  if (clock.broker.kind === "embedded") {
    const b = config.broker.kind === "embedded" ? config.broker : void 0;
    say(`  MQTT (TLS):  port ${clock.broker.mqttsPort} on ${b?.mqttsHost} \u2014 for phones`);
    say(`  MQTT:        port ${clock.broker.mqttPort} on ${b?.mqttHost} \u2014 plain, for local tools`);
    if (clock.broker.caCertFile) {
      say(
        `  CA cert:     ${path17.resolve(clock.broker.caCertFile)} (${CA_NOTES[clock.broker.certAction ?? "reused"]})`
      );
      say(caFingerprintLine(clock.broker.caCertFile));
    }
    say(`  Certificate names: ${clock.broker.certNames.join(", ")}`);
    for (const name of (b?.publicHosts ?? []).filter(isExampleName))
      say(
        `  Warning:     broker.publicHosts has "${name}", a placeholder: put the name or address phones reach this machine by`
      );
  } else {
    say(`  Broker:      ${clock.broker.url}`);
  }
  say(`  Phone setup: ${clock.httpUrl}setup${adminTokenNote(config.dataDir, clock)}`);
  const lan = clock.httpUrl ? lanUrls(config.http.host, Number(new URL(clock.httpUrl).port || 80)) : [];
  if (lan.length > 0) {
    say(`  On the LAN:  ${lan.join("  ")}`);
    say(
      "               (plain HTTP: the setup page shows phone passwords and takes the admin token, so use it on a network you trust, or put a TLS proxy in front)"
    );
  }
  say(`  Data:        ${path17.resolve(config.dataDir)}`);
  sayNewPasswords(config.dataDir, clock, say);
  if (demo) startDemo(clock, config);
  say();
  await untilStopped(logger);
  await clock.close();
  return 0;
}
async function runHost(values2, files, packageRoot) {
  if (files.length === 0)
    throw new Error("host needs one config file per family: weasley-clock host a.json b.json");
  const overrides = {};
  const mqttPort = portOption(values2["mqtt-port"], "--mqtt-port");
  const mqttsPort = portOption(values2["mqtts-port"], "--mqtts-port");
  if (mqttPort !== void 0) overrides.mqttPort = mqttPort;
  if (mqttsPort !== void 0) overrides.mqttsPort = mqttsPort;
  const configs = [];
  const refused2 = [];
  for (const file of files) {
    try {
      configs.push(await loadConfigFile(file, overrides));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      refused2.push(error);
    }
  }
  if (refused2.length === 1) throw refused2[0];
  if (refused2.length > 1)
    throw new ConfigError(
      `${refused2.length} of the config files`,
      refused2.flatMap((e) => e.problems.map((p) => ({ ...p, path: `${e.source}: ${p.path}` })))
    );
  if (configs[0] && files[0]) readableFiles(configs[0], files[0]);
  const logger = createConsoleLogger({
    level: values2.debug || configs.some((c) => c.debug) ? "debug" : "info",
    secrets: configs.flatMap(secretsOf)
  });
  const say = (line = "") => process.stdout.write(`${line}
`);
  const sayFamily = (config, clock) => {
    say(
      `  ${config.settings.family}: ${clock.httpUrl || "(no web clock)"}  data ${path17.resolve(config.dataDir)}${adminTokenNote(config.dataDir, clock)}`
    );
    sayNewPasswords(config.dataDir, clock, say);
  };
  let listed = false;
  const host = await startHost(configs, {
    logger,
    webRoot: path17.join(packageRoot, "dist", "web"),
    dataDir: values2["data-dir"] ?? path17.join("data", "host"),
    onFamilyStarted: ({ config, clock }) => {
      if (!clock) return;
      for (const g of clock.generatedPasswords) logger.addSecret(g.password);
      if (clock.newAdminToken) logger.addSecret(clock.newAdminToken);
      if (listed) sayFamily(config, clock);
    }
  });
  say(`Weasley Clock hosting ${configs.length} families`);
  say(
    `  MQTT (TLS):  port ${host.broker.mqttsPort} \u2014 for every family's phones (log in as <family>/<username>)`
  );
  say(`  MQTT:        port ${host.broker.mqttPort} \u2014 plain, for local tools`);
  if (host.broker.caCertFile) {
    say(`  CA cert:     ${path17.resolve(host.broker.caCertFile)}`);
    say(caFingerprintLine(host.broker.caCertFile));
  }
  for (const { config, clock, error } of host.families) {
    if (clock) sayFamily(config, clock);
    else say(`  ${config.settings.family}: NOT RUNNING: ${error} (tried again, later and later)`);
  }
  listed = true;
  await untilStopped(logger);
  await host.close();
  return 0;
}
var caFingerprintLine = (caCertFile) => `  CA SHA-256:  ${fingerprintsOf(readFileSync15(caCertFile, "utf8")).join(", ")} (compare it with the phone's certificate details)`;
function secretsOf(config) {
  return [
    ...config.devices.flatMap((d) => [d.password ?? "", d.encryptionKey ?? ""]),
    config.encryptionKey ?? "",
    ...config.broker.kind === "embedded" ? [config.broker.clockPassword ?? ""] : [config.broker.password ?? ""]
  ];
}
function adminTokenNote(dataDir, clock) {
  if (!clock.newAdminToken) return "";
  const file = adminTokenFile(dataDir);
  return process.stdout.isTTY ? `  (admin token: ${clock.newAdminToken}, also in ${file})` : `  (admin token in ${file}, readable only by you)`;
}
function sayNewPasswords(dataDir, clock, say) {
  const file = newPasswordsFile(dataDir);
  if (clock.generatedPasswords.length > 0)
    say(
      `  New MQTT passwords for ${clock.generatedPasswords.length} account(s) are in ${file} (readable only by you).`
    );
  else if (existsSync9(file))
    say(`  MQTT passwords still to set up are in ${file}: delete it once the phones have them.`);
}
function untilStopped(logger, signals = process, exit = (code) => process.exit(code)) {
  return new Promise((resolve2) => {
    let received = 0;
    const stop = (signal) => {
      received++;
      if (received === 1) {
        logger.log("info", `${signal}: stopping`);
        resolve2();
      } else if (received === 2) {
        logger.log("info", `${signal} again: still stopping (a third stops at once, without closing cleanly)`);
      } else {
        logger.log("warn", `${signal} a third time: stopping at once`);
        exit(130);
      }
    };
    const hangUp = process.stdout.isTTY || process.stdin.isTTY ? ["SIGHUP"] : [];
    for (const signal of ["SIGINT", "SIGTERM", ...hangUp]) signals.on(signal, () => stop(signal));
  });
}
function startDemo(clock, config) {
  const simulation = createSimulation({
    family: config.settings.family,
    deviceIds: config.devices.map((d) => d.deviceId),
    places: config.settings.places,
    placesFor: devicePlaces(config),
    seed: Date.now() % 1e5
  });
  const step = () => {
    for (const m of simulation.step(Math.floor(Date.now() / 1e3))) {
      clock.inject({ topic: m.topic, payload: Buffer.from(m.payload), receivedAtMs: Date.now() });
    }
  };
  for (let i = 0; i < config.devices.length; i++) step();
  setInterval(step, DEMO_STEP_MS).unref();
  process.stdout.write("  Demo:        simulated phones are moving the hands every few seconds.\n");
}
function lanUrls(host, port) {
  const everywhere = host === "0.0.0.0" || host === "::";
  let interfaces;
  try {
    interfaces = networkInterfaces();
  } catch {
    return [];
  }
  const addresses = Object.values(interfaces).flat().filter((a) => a !== void 0 && !a.internal && (a.family === "IPv4" || host === "::")).map((a) => a.address).filter((a) => !a.startsWith("fe80:"));
  const shown = everywhere ? addresses : addresses.filter((a) => a === host);
  return shown.map((a) => `http://${a.includes(":") ? `[${a}]` : a}:${port}/`);
}
var CA_NOTES = {
  generated: "new: install it on every phone",
  reissued: "unchanged, phones keep it; the server certificate was renewed for its names",
  reused: "phones need it installed once"
};

// src/cli/admin-client.ts
async function baseUrl(values2) {
  if (values2.url) return values2.url.endsWith("/") ? values2.url : `${values2.url}/`;
  const file = configFileOf(values2);
  const http = file ? (await loadConfigFile(file, entryOf2(values2))).http : { host: "127.0.0.1", port: 8080 };
  const host = http.host === "0.0.0.0" || http.host === "::" ? "127.0.0.1" : http.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${http.port}/`;
}
async function tokenOf(values2) {
  const given = values2.token ?? process.env.WEASLEY_ADMIN_TOKEN;
  if (given) return given;
  if (values2.url !== void 0 && !isLoopback(new URL(values2.url).hostname))
    throw new Error(`give the admin token of the clock at ${values2.url} with --token or WEASLEY_ADMIN_TOKEN`);
  const file = adminTokenFile(await dataDirOf(values2));
  if (existsSync10(file)) return readFileSync16(file, "utf8").trim();
  throw new Error(
    `give the admin token with --token or WEASLEY_ADMIN_TOKEN (${file} is not there; see \`weasley-clock admin-token\`)`
  );
}
var NoClockAnswers = class extends Error {
};
var clockAnswers = (url) => fetch(url, { method: "HEAD" }).then(
  async (res) => {
    await res.body?.cancel();
    return res.headers.get("content-type")?.startsWith("application/json") === true;
  },
  () => false
);
async function post(values2, action, body) {
  const url = `${await baseUrl(values2)}api/admin/${action}`;
  const noClock = () => new NoClockAnswers(`no clock answers at ${url}: is it running? (--url to point elsewhere)`);
  let token;
  try {
    token = await tokenOf(values2);
  } catch (error) {
    if (values2.url === void 0 && !await clockAnswers(url)) throw noClock();
    throw error;
  }
  let res;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body)
    });
  } catch {
    throw noClock();
  }
  const data = await res.json().catch(() => {
    throw new NoClockAnswers(`no Weasley Clock answers at ${url} (HTTP ${res.status} from something else)`);
  });
  if (!res.ok) throw new Error(data.error ?? `the clock answered HTTP ${res.status}`);
  return data;
}
async function runPlaces(values2, positionals) {
  if (positionals[0] !== "push") {
    process.stderr.write("usage: weasley-clock places push [member] [--token T] [--url http://clock:8080]\n");
    return 2;
  }
  const member = positionals[1];
  const report = await post(values2, "push-places", member === void 0 ? {} : { member });
  process.stdout.write(`${describePlacesPush(report)}
`);
  return 0;
}
async function runReportLocation(values2, positionals) {
  const member = positionals[0];
  if (!member) {
    process.stderr.write(
      "usage: weasley-clock report-location <member> [--token T] [--url http://clock:8080]\n"
    );
    return 2;
  }
  const report = await post(values2, "report-location", { member });
  process.stdout.write(`${describeLocationRequest(report)}
`);
  return 0;
}
async function runReplay(values2, nowMs = Date.now()) {
  const problems = [];
  const code = values2.code;
  if (code !== void 0 && !PROBLEM_CODES.includes(code))
    problems.push(`--code must be one of ${PROBLEM_CODES.join(", ")}, not "${values2.code}"`);
  const sinceMs = values2.since === void 0 ? void 0 : timeOf(values2.since, nowMs);
  if (sinceMs === null)
    problems.push(
      `--since must be a time (2026-12-01T18:00, local time) or a span back from now (30m, 2h, 3d), not "${values2.since}"`
    );
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`weasley-clock: ${problem}
`);
    return 2;
  }
  const filter = {
    ...code ? { code } : {},
    ...typeof sinceMs === "number" ? { sinceMs } : {}
  };
  let report;
  try {
    report = await post(values2, "replay", { code: filter.code, since: filter.sinceMs });
  } catch (error) {
    if (!(error instanceof NoClockAnswers) || values2.url !== void 0) throw error;
    const { file, config } = await configOf(values2);
    if (!file && values2["data-dir"] !== void 0)
      throw new Error(
        `${error.message}; to replay into the data folder of a clock that is not running, give its config (--config FILE)`
      );
    const logger = createConsoleLogger({ level: "warn", secrets: secretsOf(config) });
    report = await replayStoppedClock(config, filter, logger);
    process.stdout.write(`(no clock answers at its web address: replayed into ${config.dataDir})
`);
  }
  process.stdout.write(`${describeReplay(report)}
`);
  return 0;
}
var SPAN_MS = { m: 6e4, h: 36e5, d: 864e5 };
function timeOf(text, nowMs) {
  const span = /^(\d{1,6})([mhd])$/.exec(text);
  if (span) return nowMs - Number(span[1]) * SPAN_MS[span[2]];
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text);
  if (!day || !Number.isFinite(ms)) return null;
  const [year, month, date] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
  const real = new Date(Date.UTC(year, month, date));
  return real.getUTCMonth() === month && real.getUTCDate() === date ? ms : null;
}
var isLoopback = (host) => host === "localhost" || isLoopbackAddress(host);

// src/cli/commands.ts
var OPTIONS = {
  config: { type: "string" },
  "data-dir": { type: "string" },
  "http-port": { type: "string" },
  "mqtt-port": { type: "string" },
  "mqtts-port": { type: "string" },
  demo: { type: "boolean" },
  debug: { type: "boolean" },
  url: { type: "string" },
  family: { type: "string" },
  device: { type: "string", multiple: true },
  ca: { type: "string" },
  count: { type: "string" },
  outcome: { type: "string" },
  code: { type: "string" },
  since: { type: "string" },
  interval: { type: "string" },
  seed: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  token: { type: "string" },
  out: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  help: { type: "boolean", short: "h" }
};
var CONFIG = [
  "config",
  "--config FILE        config file (.json, .js or a MagicMirror config.js); default: ./weasley.config.json if present, else the demo family"
];
var FAMILY = [
  "family",
  "--family NAME        with a MagicMirror config.js of several clocks: the uniqueId of the MMM-WeasleyClock entry to use"
];
var DATA_DIR = [
  "data-dir",
  "--data-dir DIR       where state, certificates and credentials live (default: the config's dataDir, ./data unless it names one; ./data/demo for the demo)"
];
var ADMIN = [
  [
    "token",
    "--token T            the setup page's admin token (default: $WEASLEY_ADMIN_TOKEN, else <data dir>/admin-token.txt)"
  ],
  ["url", "--url URL            the running clock's web address (default: from the config's http settings)"],
  CONFIG,
  FAMILY,
  DATA_DIR
];
var COMMANDS = {
  serve: {
    summary: "run the clock: embedded broker, web clock, state in SQLite (default)",
    usage: "serve [options]",
    positionals: false,
    options: [
      CONFIG,
      FAMILY,
      DATA_DIR,
      ["http-port", "--http-port N        web clock port (default 8080; 0 = any free port)"],
      ["mqtt-port", "--mqtt-port N        plain MQTT port on 127.0.0.1 (default 1883)"],
      ["mqtts-port", "--mqtts-port N       MQTT over TLS port for phones (default 8883)"],
      ["demo", "--demo               simulate the family's phones so hands move at once"],
      ["debug", "--debug              log every message (never passwords; coordinates only at this level)"]
    ]
  },
  host: {
    summary: "several families in one process on one broker",
    usage: "host FAMILY.json [FAMILY.json \u2026] [options]",
    positionals: true,
    options: [
      [
        "data-dir",
        "--data-dir DIR       where the shared broker keeps its state (default ./data/host; each family's data stays in its own dataDir)"
      ],
      ["mqtt-port", "--mqtt-port N        plain MQTT port on 127.0.0.1 (default: the first config's)"],
      [
        "mqtts-port",
        "--mqtts-port N       MQTT over TLS port for every family's phones (default: the first config's)"
      ],
      ["debug", "--debug              log every message"]
    ]
  },
  simulate: {
    summary: "publish realistic OwnTracks traffic to a broker, for testing without phones",
    usage: "simulate --device ID:PASSWORD [--device \u2026] [options]",
    positionals: false,
    options: [
      ["url", "--url URL            broker URL, e.g. mqtts://localhost:8883 (default mqtt://127.0.0.1:1883)"],
      [
        "family",
        "--family NAME        the family (uniqueId) topic level; with a MagicMirror config.js of several clocks, also which one"
      ],
      ["device", "--device ID:PASSWORD a device to simulate (repeat for several)"],
      ["ca", "--ca FILE            CA certificate for mqtts:// (e.g. data/tls/ca.crt)"],
      ["config", "--config FILE        take the family and each device's places from a config file"],
      ["count", "--count N            messages to publish before stopping (default 200)"],
      ["interval", "--interval MS        pause between messages (default 1000)"],
      ["seed", "--seed N             replay the same day"]
    ]
  },
  "check-config": {
    summary: "validate a config file and list every problem",
    usage: "check-config [--config FILE] [--family NAME]",
    positionals: false,
    options: [CONFIG, FAMILY]
  },
  doctor: {
    summary: "check config, certificates and the broker connection, and name the fix",
    usage: "doctor [options]",
    positionals: false,
    options: [
      CONFIG,
      FAMILY,
      DATA_DIR,
      ["mqtt-port", "--mqtt-port N        the plain MQTT port the clock is run with, if not the config's"],
      ["mqtts-port", "--mqtts-port N       the TLS port the clock is run with, if not the config's"]
    ]
  },
  "hash-password": {
    summary: "print a passwordHash for a device (reads the password from stdin)",
    usage: "hash-password < password.txt",
    positionals: false,
    options: []
  },
  provision: {
    summary: "set a phone up in one scan: QR code, link and .otrc",
    usage: "provision MEMBER [options]",
    positionals: true,
    options: [
      ["device", "--device ID          which of the member's devices (default: the first)"],
      [
        "host",
        "--host NAME          the broker's name as the phone reaches it (default: broker.publicHosts[0], else this host)"
      ],
      ["port", "--port N             the TLS port as the phone reaches it (default: broker.mqttsPort)"],
      CONFIG,
      FAMILY,
      DATA_DIR
    ]
  },
  journal: {
    summary: "the messages the clock received, newest first, and what it made of each (why one was rejected)",
    usage: "journal [--outcome accepted|ignored|rejected] [--count N] [options]",
    positionals: false,
    options: [
      ["outcome", "--outcome O          only the accepted, ignored (valid but unused) or rejected ones"],
      ["count", "--count N            how many, newest first (default 20, at most 20000)"],
      CONFIG,
      FAMILY,
      DATA_DIR
    ]
  },
  "admin-token": {
    summary: "make a new admin token for the setup page (the old one stops working)",
    usage: "admin-token [options]",
    positionals: false,
    options: [CONFIG, FAMILY, DATA_DIR]
  },
  "mosquitto-config": {
    summary: "write a Mosquitto 2.0 setup (conf, hashed passwords, ACL) for the family, or several",
    usage: "mosquitto-config --out DIR [FAMILY.json \u2026] [options]",
    positionals: true,
    options: [
      [
        "out",
        "--out DIR            the folder to write to (run again, it keeps the passwords already there)"
      ],
      ["port", "--port N             Mosquitto's TLS port (default 8883)"],
      [
        "cert",
        "--cert FILE          your own certificate (e.g. Let's Encrypt fullchain.pem) instead of the clock's CA"
      ],
      ["key", "--key FILE           its private key (with --cert)"],
      CONFIG,
      FAMILY,
      DATA_DIR
    ]
  },
  places: {
    summary: "send members' places to their phones now",
    usage: "places push [MEMBER] [options]",
    positionals: true,
    options: ADMIN
  },
  "report-location": {
    summary: "ask a member's phones for a fix now",
    usage: "report-location MEMBER [options]",
    positionals: true,
    options: ADMIN
  },
  replay: {
    summary: "take the rejected messages in the journal again, after a fix (a device added, a key given)",
    usage: "replay [--code CODE] [--since TIME] [options]",
    positionals: false,
    options: [
      [
        "code",
        "--code CODE          only those rejected for this reason, as `journal` shows it (unknown-device\u2026)"
      ],
      [
        "since",
        "--since TIME         only those received since TIME: 2026-12-01T18:00 (local time), or 2h, 30m, 3d ago"
      ],
      ...ADMIN
    ]
  }
};
function overallHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    "Usage: weasley-clock <command> [options]   (weasley-clock <command> --help for its options)",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    "",
    `serve options (the default command):`,
    ...COMMANDS.serve.options.map(([, text]) => `  ${text}`)
  ].join("\n");
}
function commandHelp(name, command) {
  return [
    `Usage: weasley-clock ${command.usage}`,
    "",
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    ...command.options.length === 0 ? [] : ["", `${name} options:`],
    ...command.options.map(([, text]) => `  ${text}`)
  ].join("\n");
}
function foreignOptions(command, given) {
  const own = new Set(command.options.map(([name]) => name));
  return Object.keys(given).filter((name) => name !== "help" && given[name] !== void 0 && !own.has(name)).map((name) => `--${name}`);
}
function didYouMean(typed) {
  const near = Object.keys(COMMANDS).find((name) => editDistance(name, typed) <= 2);
  return near === void 0 ? "" : `; did you mean "${near}"?`;
}

// src/cli/config-commands.ts
async function runCheckConfig(values2) {
  const file = configFileOf(values2);
  if (!file) {
    process.stderr.write("weasley-clock: give --config FILE (no weasley.config.json here)\n");
    return 2;
  }
  const config = readableFiles(await loadConfigFile(file, entryOf2(values2)), file);
  const s = config.settings;
  process.stdout.write(
    `${file} is valid: family "${s.family}", ${s.members.length} member(s), ${config.devices.length} device(s), ${s.places.length} place(s), ${config.broker.kind} broker.
`
  );
  return 0;
}
async function runHashPassword() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const password = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (password.length < 8) {
    process.stderr.write("weasley-clock: the password (read from stdin) must be at least 8 characters\n");
    return 2;
  }
  process.stdout.write(`${hashPassword(password)}
`);
  return 0;
}
async function runAdminToken(values2) {
  const dataDir = await dataDirOf(values2);
  const db = openDatabase(databaseFileOf(dataDir));
  try {
    const token = rotateAdminToken(db, dataDir);
    process.stdout.write(
      `New admin token for the setup page: ${token}
(also in ${adminTokenFile(dataDir)}; the previous token no longer works)
`
    );
  } finally {
    db.close();
  }
  return 0;
}

// src/cli/doctor.ts
import { X509Certificate as X509Certificate5 } from "node:crypto";
import { existsSync as existsSync11, readFileSync as readFileSync17 } from "node:fs";
import { createServer as createServer3 } from "node:net";
import path18 from "node:path";
import { connect as connectTls } from "node:tls";
import mqtt3 from "mqtt";
function doctorClientOptions(b, timeoutMs) {
  const clientId = b.clientId === void 0 ? `weasley-doctor-${process.pid}` : `${b.clientId}-doctor`;
  return { ...clientOptionsOf(b, clientId), clean: true, connectTimeout: timeoutMs };
}
async function checkBroker(config, timeoutMs = 8e3) {
  if (config.broker.kind === "embedded") return checkEmbedded(config);
  const b = config.broker;
  const target = {
    url: b.url,
    ...b.username === void 0 ? {} : { username: b.username },
    ...b.password === void 0 ? {} : { hasPassword: true },
    ...b.caFile === void 0 ? {} : { caFile: b.caFile }
  };
  let options;
  try {
    options = doctorClientOptions(b, timeoutMs);
  } catch (error) {
    return [
      {
        name: "TLS files",
        diagnosis: {
          ok: false,
          problem: error.message,
          fix: "check broker.caFile / certFile / keyFile"
        }
      }
    ];
  }
  let client;
  try {
    client = await mqtt3.connectAsync(b.url, options, false);
  } catch (error) {
    const diagnosis = diagnoseConnectError(error, target);
    if (diagnosis.problem?.endsWith("closed the connection without answering the login"))
      diagnosis.fix = b.profile === "losant" ? `doctor logged in as "${options.clientId}", which Losant refuses unless a device has that id: register one to check the login this way, or look at the clock's own log, which says whether its login works` : `doctor logged in as "${options.clientId}"${b.clientId === void 0 ? "" : " (the clock's id with -doctor)"}: ${hungUpHint(b.profile, String(options.clientId), b.url)}`;
    return [{ name: `connect to ${safeUrl(target.url)}`, diagnosis }];
  }
  const checks = [{ name: "connect and log in", diagnosis: { ok: true } }];
  const expiry = certificateExpiry(client, b);
  if (expiry) checks.push(expiry);
  const topic = `owntracks/${config.settings.family}/#`;
  try {
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    const answer = diagnoseSubscribe(topic, granted[0]?.qos, b.username);
    const diagnosis = answer.ok ? await probeDelivery(client, config.settings.family, b.username) : answer;
    checks.push({ name: `read ${topic}`, diagnosis });
  } catch {
    checks.push({ name: `read ${topic}`, diagnosis: diagnoseSubscribe(topic, void 0, b.username) });
  } finally {
    await client.endAsync(true);
  }
  return checks;
}
var CERTIFICATE_WARNING_DAYS = 30;
function certificateExpiry(client, b) {
  const stream = client.stream;
  const validTo = stream.getPeerCertificate?.()?.valid_to;
  if (!validTo) return void 0;
  const daysLeft = Math.floor((new Date(validTo).getTime() - Date.now()) / 864e5);
  if (!(daysLeft < CERTIFICATE_WARNING_DAYS)) return void 0;
  return {
    name: "the broker's certificate",
    diagnosis: {
      ok: false,
      problem: `expires in ${daysLeft} days (${validTo}): the clock and the phones will refuse it then`,
      fix: b.profile === "mosquitto" ? "if it is the one `weasley-clock mosquitto-config` wrote, run that command again (it re-issues the certificate in its last month) and restart Mosquitto; otherwise renew it (certbot renew)" : "renew the broker's certificate"
    }
  };
}
async function probeDelivery(client, family, username, waitMs = 2e3) {
  const probeTopic = `owntracks/${family}/weasley-doctor/cmd`;
  const arrived = new Promise((resolve2) => {
    const timer = setTimeout(() => resolve2(false), waitMs);
    client.on("message", (topic) => {
      if (topic === probeTopic) {
        clearTimeout(timer);
        resolve2(true);
      }
    });
  });
  await client.publishAsync(probeTopic, JSON.stringify({ _type: "cmd", action: "doctor-probe" }), { qos: 1 }).catch(() => void 0);
  if (await arrived) return { ok: true };
  return {
    ok: false,
    problem: `a test command to ${probeTopic} never came back: the broker's ACL keeps the clock from reading the family or writing commands`,
    fix: `allow both, e.g. for Mosquitto: "user ${username ?? "<clock user>"}", "topic read owntracks/${family}/#", "topic write owntracks/${family}/+/cmd"`
  };
}
async function checkEmbedded(config) {
  const b = config.broker;
  if (b.kind !== "embedded") return [];
  const checks = [];
  const certFile = b.certFile ?? path18.join(config.dataDir, "tls", "server.crt");
  if (existsSync11(certFile)) {
    const cert = new X509Certificate5(readFileSync17(certFile));
    const missing = b.publicHosts.filter((h) => !certificateCovers(certFile, h));
    checks.push({
      name: `certificate ${certFile}`,
      diagnosis: new Date(cert.validTo).getTime() < Date.now() ? {
        ok: false,
        problem: `expired on ${cert.validTo}`,
        fix: b.certFile ? "renew it (certbot renew)" : "delete it; the clock issues a new one at start"
      } : missing.length > 0 ? {
        ok: false,
        problem: `does not name ${missing.join(", ")}`,
        fix: b.certFile ? "issue it with these names" : "start the clock once: it re-issues the certificate with broker.publicHosts"
      } : { ok: true }
    });
  } else {
    checks.push({
      name: "certificate",
      diagnosis: { ok: true, problem: `none yet at ${certFile}; the clock creates it at first start` }
    });
  }
  const tlsPort = await portFree(b.mqttsHost, b.mqttsPort);
  const running = !tlsPort.ok && existsSync11(certFile) && await servesCertificate(b.mqttsHost, b.mqttsPort, certFile, b.certFile ? void 0 : caFileOf(config));
  const inUseByClock = { ok: true, problem: "in use by this clock, which is running" };
  checks.push({ name: `port ${b.mqttsPort} on ${b.mqttsHost}`, diagnosis: running ? inUseByClock : tlsPort });
  const plainPort = await portFree(b.mqttHost, b.mqttPort);
  checks.push({
    name: `port ${b.mqttPort} on ${b.mqttHost}`,
    diagnosis: running && !plainPort.ok ? inUseByClock : plainPort
  });
  return checks;
}
function portFree(host, port) {
  return new Promise((resolve2) => {
    const server = createServer3();
    server.once(
      "error",
      (error) => resolve2(
        error.code === "EADDRINUSE" ? {
          ok: false,
          problem: "already in use (is the clock, or another broker, running?)",
          fix: "stop the other program, or give the clock other ports (broker.mqttsPort / broker.mqttPort)"
        } : {
          ok: false,
          problem: error.message,
          fix: error.code === "EACCES" ? "ports below 1024 need privileges: use 8883/1883" : "check broker.mqttHost / mqttsHost"
        }
      )
    );
    server.listen(port, host, () => server.close(() => resolve2({ ok: true })));
  });
}
var caFileOf = (config) => path18.join(config.dataDir, "tls", "ca.crt");
function servesCertificate(host, port, certFile, caFile) {
  const expected = new X509Certificate5(readFileSync17(certFile));
  const name = /DNS:([^,\s]+)/.exec(expected.subjectAltName ?? "")?.[1] ?? "localhost";
  const address = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return new Promise((resolve2) => {
    const socket = connectTls({
      host: address,
      port,
      servername: name,
      ...caFile && existsSync11(caFile) ? { ca: readFileSync17(caFile) } : {},
      timeout: 3e3
    });
    const done = (same) => {
      socket.destroy();
      resolve2(same);
    };
    socket.once("secureConnect", () => {
      socket.end();
      resolve2(socket.getPeerCertificate().raw?.equals(expected.raw) ?? false);
    });
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}
async function runDoctor(values2) {
  const { file, config } = await configOf(values2);
  if (file) readableFiles(config, file);
  const say = (line) => process.stdout.write(`${line}
`);
  say(
    `Config ${file ?? "(demo)"}: valid \u2014 family "${config.settings.family}", ${config.devices.length} device(s), ${config.broker.kind} broker`
  );
  const checks = await checkBroker(config);
  for (const { name, diagnosis } of checks) {
    say(`${diagnosis.ok ? "ok  " : "FAIL"} ${name}${diagnosis.problem ? `: ${diagnosis.problem}` : ""}`);
    if (!diagnosis.ok && diagnosis.fix) say(`     fix: ${diagnosis.fix}`);
  }
  return checks.every((c) => c.diagnosis.ok) ? 0 : 1;
}

// src/cli/journal-command.ts
import { copyFileSync, existsSync as existsSync12, mkdtempSync, rmSync as rmSync4 } from "node:fs";
import { tmpdir } from "node:os";
import path19 from "node:path";
import Database3 from "better-sqlite3";
var OUTCOMES2 = ["accepted", "ignored", "rejected"];
var DEFAULT_COUNT = 20;
var MAX_COUNT = 2e4;
var SHOWN_CHARACTERS = 400;
async function runJournal(values2) {
  const problems = [];
  const outcome = values2.outcome;
  if (outcome !== void 0 && !OUTCOMES2.includes(outcome))
    problems.push(`--outcome must be accepted, ignored or rejected, not "${values2.outcome}"`);
  const count = values2.count === void 0 ? DEFAULT_COUNT : /^\d{1,9}$/.test(values2.count) ? Number(values2.count) : 0;
  if (count < 1 || count > MAX_COUNT)
    problems.push(`--count must be a whole number from 1 to ${MAX_COUNT}, not "${values2.count}"`);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`weasley-clock: ${problem}
`);
    return 2;
  }
  const dataDir = await dataDirOf(values2);
  const file = path19.resolve(databaseFileOf(dataDir));
  if (!existsSync12(file)) {
    process.stderr.write(`weasley-clock: ${noDatabaseAt(file)}
`);
    return 1;
  }
  let unreadable = 0;
  let entries;
  try {
    entries = withDatabase(file, (db) => {
      const version = db.pragma("user_version", { simple: true });
      if (version !== MIGRATIONS.length)
        throw new Error(
          version === 0 ? "it is empty, or not a Weasley Clock's database" : version < MIGRATIONS.length ? "it was written by an older version of Weasley Clock: start this version of the clock once to bring it up to date" : "it was written by a newer version of Weasley Clock: read it with that version"
        );
      return readJournal(
        db,
        { limit: count, ...outcome ? { outcome } : {} },
        { folder: journalFolderOf(file), onUnreadable: () => unreadable++ }
      );
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `weasley-clock: cannot read the journal in ${file}: ${reason.replace(/\s*\n\s*/g, " ")}
`
    );
    return 1;
  }
  if (unreadable > 0)
    process.stderr.write(
      `weasley-clock: ${unreadable} busy moment(s) of the journal could not be read (pruned by the running clock while this read them, or lost in a power cut)
`
    );
  if (entries.length === 0) {
    process.stdout.write(`No ${outcome ?? ""}${outcome ? " " : ""}messages in the journal of ${dataDir}.
`);
    return 0;
  }
  process.stdout.write(`${entries.map(formatEntry).join("\n")}
`);
  return 0;
}
function withDatabase(file, read) {
  const running = existsSync12(`${file}-wal`) && existsSync12(`${file}-shm`);
  const copy = running ? void 0 : mkdtempSync(path19.join(tmpdir(), "weasley-journal-"));
  try {
    let source = file;
    if (copy) {
      source = databaseFileOf(copy);
      copyFileSync(file, source);
      if (existsSync12(`${file}-wal`)) copyFileSync(`${file}-wal`, `${source}-wal`);
    }
    const db = new Database3(source, { readonly: running, fileMustExist: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    if (copy) rmSync4(copy, { recursive: true, force: true });
  }
}
function formatEntry(entry) {
  const when = new Date(entry.receivedAtMs).toISOString();
  const replayed = entry.replayedFromMs === void 0 ? void 0 : `replayed, first received ${new Date(entry.replayedFromMs).toISOString()}`;
  const notes = [entry.problemCode, replayed].filter(Boolean);
  const outcome = notes.length > 0 ? `${entry.outcome} (${notes.join(", ")})` : entry.outcome;
  const lines = [`${when}  ${outcome}  ${clipped(entry.topic, SHOWN_CHARACTERS)}`];
  if (entry.detail) lines.push(`    ${clipped(entry.detail, SHOWN_CHARACTERS)}`);
  lines.push(`    ${payloadText(entry.payload)}`);
  return lines.join("\n");
}
function payloadText(payload) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(payload);
  } catch {
    const head = Buffer.from(payload.subarray(0, 32)).toString("hex");
    return `(${payload.byteLength} bytes, not UTF-8: ${head}${payload.byteLength > 32 ? "\u2026" : ""})`;
  }
  if (text.length === 0) return "(empty)";
  const shown = clipped(text, SHOWN_CHARACTERS).replace(/\uFEFF/g, "?");
  return text.length > SHOWN_CHARACTERS ? `${shown} (${payload.byteLength} bytes)` : shown;
}

// src/cli/mosquitto-config.ts
import { copyFileSync as copyFileSync2, existsSync as existsSync13, mkdirSync as mkdirSync6, readFileSync as readFileSync18, rmSync as rmSync5, writeFileSync as writeFileSync2 } from "node:fs";
import path20 from "node:path";

// src/adapters/mosquitto/mosquitto-config.ts
import { pbkdf2Sync, randomBytes as randomBytes6 } from "node:crypto";
var PHONE_SUBTOPICS = [
  "event",
  "info",
  "waypoint",
  "waypoints",
  "status",
  "dump",
  "step",
  "beacon",
  "request"
];
function accountClashes(families) {
  const owners = /* @__PURE__ */ new Map();
  const own = (user, owner) => owners.set(user, [...owners.get(user) ?? [], owner]);
  const problems = [];
  const seen = /* @__PURE__ */ new Set();
  for (const { config, clockUsername } of families) {
    const family = config.settings.family;
    if (seen.has(family)) problems.push({ path: "uniqueId", message: `family "${family}" is given twice` });
    seen.add(family);
    for (const d of config.devices) own(d.deviceId, `device "${d.deviceId}" of family "${family}"`);
    own(clockUsername, `the clock of family "${family}"`);
  }
  for (const [user, those] of owners)
    if (those.length > 1)
      problems.push({
        path: "accounts",
        message: `"${user}" would be the account of ${those.join(" and of ")}: the families on one Mosquitto share its accounts, so each needs a name of its own (a clock's broker.username, a device's id)`
      });
  return problems;
}
function mosquittoPasswordHash(password, salt = randomBytes6(12), iterations = 101) {
  const hash = pbkdf2Sync(password, salt, iterations, 64, "sha512");
  return `$7$${iterations}$${salt.toString("base64")}$${hash.toString("base64")}`;
}
function mosquittoFiles(families, options) {
  const names = families.map((f) => `"${f.config.settings.family}"`).join(", ");
  const tlsLines = [
    options.tls.caFile ? `cafile ${options.tls.caFile}` : "# cafile: not needed with a certificate from a public CA (Let's Encrypt)",
    `certfile ${options.tls.certFile}`,
    `keyfile ${options.tls.keyFile}`,
    "tls_version tlsv1.2"
  ];
  const clockListeners = (options.clockListeners ?? []).flatMap((l) => [
    `# The clock connects here (broker.url ${l.url})${l.tls ? "" : l.bind ? ": plain, from this machine only" : ": plain, so its password crosses the network in clear"}.`,
    `listener ${l.port}${l.bind ? ` ${l.bind}` : ""}`,
    `protocol ${l.protocol}`,
    ...l.tls ? tlsLines : [],
    ""
  ]);
  const conf = [
    `# Mosquitto 2.0 for the Weasley Clock of ${families.length === 1 ? "family" : "families"} ${names} \u2014 generated by weasley-clock mosquitto-config.`,
    `# Phones connect with TLS on this port; no anonymous access${clockListeners.length > 0 ? "" : ", and no plain listener"}.`,
    `listener ${options.port}`,
    "protocol mqtt",
    ...tlsLines,
    "",
    ...clockListeners,
    "allow_anonymous false",
    `password_file ${options.dir}/passwords`,
    `acl_file ${options.dir}/acl`,
    "",
    "# Keep sessions and queued commands for sleeping phones across restarts; save often.",
    "persistence true",
    `persistence_location ${options.dir}/`,
    "autosave_interval 60",
    "",
    "# OwnTracks messages are small; a card with a face is the largest (well under 256 KiB).",
    "max_packet_size 262144",
    "# A phone away for days must not queue without bound (commands and friends' locations).",
    "max_queued_messages 1000",
    "max_inflight_messages 20",
    "# Send small packets at once: otherwise Nagle and delayed ACKs hold each CONNACK some 40 ms.",
    "set_tcp_nodelay true",
    "",
    "log_type error",
    "log_type warning",
    "log_type notice",
    ""
  ].join("\n");
  const accounts = families.flatMap((f) => [...f.config.devices.map((d) => d.deviceId), f.clockUsername]);
  const passwords = accounts.map((user) => {
    const password = options.passwords.get(user);
    if (password === void 0) throw new Error(`no password for account "${user}"`);
    return `${user}:${"hash" in password ? password.hash : mosquittoPasswordHash(password.plain)}`;
  }).join("\n");
  const acl = families.flatMap(
    ({ config, clockUsername }) => aclOf2(config.settings.family, config, clockUsername)
  );
  return { "mosquitto.conf": conf, passwords: `${passwords}
`, acl: acl.join("\n") };
}
function aclOf2(family, config, clockUsername) {
  return [
    `# Access rules for family "${family}": a phone writes only its own topics and reads the family's;`,
    "# the clock reads the family and writes commands and hand positions. Nothing else is allowed.",
    "",
    ...config.devices.flatMap((d) => [
      `user ${d.deviceId}`,
      `topic write owntracks/${family}/${d.deviceId}`,
      // The subtopics the apps publish, one by one: Mosquitto's "deny" would stop the phone reading its
      // own cmd topic too, and commands would never reach it.
      ...PHONE_SUBTOPICS.map((sub) => `topic write owntracks/${family}/${d.deviceId}/${sub}`),
      `topic read owntracks/${family}/#`,
      ""
    ]),
    `user ${clockUsername}`,
    `topic read owntracks/${family}/#`,
    `topic write owntracks/${family}/+/cmd`,
    `topic readwrite weasley/${family}/#`,
    ""
  ];
}
function readPasswordsFile(text) {
  const hashes = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (line.startsWith("#") || colon <= 0) continue;
    const hash = line.slice(colon + 1).trim();
    if (hash !== "") hashes.set(line.slice(0, colon).trim(), hash);
  }
  return hashes;
}

// src/cli/mosquitto-config.ts
function listenerPortOf(config) {
  if (config.broker.kind !== "external") return 8883;
  const url = new URL(config.broker.url);
  return url.protocol === "mqtts:" && url.port !== "" ? Number(url.port) : 8883;
}
function clockListenersOf(configs, phonesPort) {
  const phones = {
    port: phonesPort,
    protocol: "mqtt",
    tls: true,
    url: `the phones' TLS listener`
  };
  let listeners = [phones];
  const problems = [];
  const notes = [];
  for (const config of configs) {
    if (config.broker.kind !== "external") continue;
    const url = new URL(config.broker.url);
    const shown = safeUrl(config.broker.url);
    const tls = url.protocol === "mqtts:" || url.protocol === "wss:";
    const protocol = url.protocol.startsWith("ws") ? "websockets" : "mqtt";
    const written = portWritten(config.broker.url);
    if (written === void 0 && protocol === "websockets") {
      notes.push(
        `${shown} names no port: a web server in front of Mosquitto, presumably; give Mosquitto a WebSockets listener for it to pass on to (listener 9001, protocol websockets)`
      );
      continue;
    }
    const port = written !== void 0 ? Number(written) : protocol === "mqtt" && !tls ? 1883 : 8883;
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const bind = tls ? void 0 : host === "localhost" ? "127.0.0.1" : /^127\.|^::1$/.test(host) ? host : void 0;
    const wanted = { port, protocol, tls, url: shown, ...bind ? { bind } : {} };
    const onPort = listeners.filter((l) => l.port === port);
    const other = onPort.find((l) => l.protocol !== protocol || l.tls !== tls);
    if (other) {
      problems.push({
        path: `${config.settings.family}: broker.url`,
        message: `${shown} needs ${describe2(wanted)} on port ${port}, which ${other.url} has as ${describe2(other)}: give it another port`
      });
      continue;
    }
    const everywhere = onPort.find((l) => l.bind === void 0);
    if (everywhere) everywhere.url = everywhere === phones ? everywhere.url : `${everywhere.url} and ${shown}`;
    else if (bind === void 0)
      listeners = [
        ...listeners.filter((l) => l.port !== port),
        { ...wanted, url: [...onPort.map((l) => l.url), shown].join(" and ") }
      ];
    else if (!onPort.some((l) => l.bind === bind)) listeners.push(wanted);
  }
  return { listeners: listeners.filter((l) => l !== phones), problems, notes };
}
var describe2 = (l) => `${l.protocol === "websockets" ? "WebSockets" : "MQTT"} ${l.tls ? "over TLS" : "in plain"}`;
var clockUsernameOf = (config) => config.broker.kind === "embedded" ? config.broker.clockUsername : config.broker.username ?? DEFAULTS.clockUsername;
function writeMosquittoConfig(configs, out, options = {}) {
  const all = Array.isArray(configs) ? configs : [configs];
  const [first2] = all;
  if (!first2) throw new Error("no family to write a Mosquitto setup for");
  const families = all.map((config) => ({
    config,
    clockUsername: clockUsernameOf(config)
  }));
  const port = options.port ?? listenerPortOf(first2);
  const listeners = clockListenersOf(all, port);
  const clashes = [...accountClashes(families), ...listeners.problems];
  if (clashes.length > 0) throw new ConfigError(options.source ?? "the families given", clashes);
  mkdirSync6(out, { recursive: true, mode: 448 });
  const dir = path20.resolve(out);
  const droppedBefore = readIfThere2(path20.join(dir, DROPPED), readPasswordsFile);
  const before = new Map([...droppedBefore, ...readIfThere2(path20.join(dir, "passwords"), readPasswordsFile)]);
  const unsaid = readIfThere2(path20.join(dir, NEW_PASSWORDS), readNewPasswords);
  const generated = /* @__PURE__ */ new Map();
  const kept = [];
  const passwords = /* @__PURE__ */ new Map();
  const passwordFor = (user, configured) => {
    const hash = before.get(user);
    if (configured !== void 0) {
      passwords.set(user, { plain: configured });
    } else if (hash !== void 0) {
      passwords.set(user, { hash });
      kept.push(user);
    } else {
      const password = generatePassword();
      generated.set(user, password);
      passwords.set(user, { plain: password });
    }
  };
  for (const { config, clockUsername } of families) {
    for (const d of config.devices) passwordFor(d.deviceId, d.password);
    passwordFor(
      clockUsername,
      config.broker.kind === "embedded" ? config.broker.clockPassword : config.broker.password
    );
  }
  let tls;
  if (options.certFile && options.keyFile) {
    tls = { certFile: path20.resolve(options.certFile), keyFile: path20.resolve(options.keyFile) };
  } else {
    const names = [
      ...new Set(
        all.flatMap(
          (config) => config.broker.kind === "embedded" ? config.broker.publicHosts : [
            new URL(config.broker.url).hostname.replace(/^\[(.*)\]$/, "$1"),
            ...config.broker.publicHosts ?? []
          ]
        )
      )
    ];
    const files2 = ensureCertificates(path20.join(first2.dataDir, "tls"), defaultCertificateNames(names));
    for (const [from, to] of [
      [files2.caCertFile, "ca.crt"],
      [files2.certFile, "server.crt"],
      [files2.keyFile, "server.key"]
    ]) {
      copyFileSync2(from, path20.join(dir, to));
    }
    tls = {
      caFile: path20.join(dir, "ca.crt"),
      certFile: path20.join(dir, "server.crt"),
      keyFile: path20.join(dir, "server.key")
    };
  }
  const files = mosquittoFiles(families, { dir, port, tls, passwords, clockListeners: listeners.listeners });
  writeFileSync2(path20.join(dir, "mosquitto.conf"), files["mosquitto.conf"]);
  writePrivateFile(path20.join(dir, "passwords"), files.passwords);
  writeFileSync2(path20.join(dir, "acl"), files.acl);
  const written = ["mosquitto.conf", "passwords", "acl"];
  if (tls.caFile) written.push("ca.crt", "server.crt", "server.key");
  const stillToSet = new Map([...unsaid].filter(([user]) => kept.includes(user)));
  for (const [user, password] of generated) stillToSet.set(user, password);
  const newPasswords = path20.join(dir, NEW_PASSWORDS);
  if (stillToSet.size > 0) {
    written.push(NEW_PASSWORDS);
    const lines = [...stillToSet].map(([user, pw]) => `${user}	${pw}`).join("\n");
    writePrivateFile(
      newPasswords,
      `# username<TAB>password (set them on the phones, then delete this file)
${lines}
`
    );
  } else {
    rmSync5(newPasswords, { force: true });
  }
  const clockUsernames = new Map(families.map((f) => [f.config.settings.family, f.clockUsername]));
  const setAside = [...before].filter(([user]) => !passwords.has(user));
  if (setAside.length > 0)
    writePrivateFile(
      path20.join(dir, DROPPED),
      `${setAside.map(([user, hash]) => `${user}:${hash}`).join("\n")}
`
    );
  else rmSync5(path20.join(dir, DROPPED), { force: true });
  const dropped = setAside.map(([user]) => user).filter((user) => !droppedBefore.has(user));
  return { dir, generated, kept, written, clockUsernames, dropped, notes: listeners.notes };
}
function accountLines(config, clockUsername) {
  const family = config.settings.family;
  const width = Math.max(...[...config.devices.map((d) => d.deviceId), clockUsername].map((u) => u.length));
  return [
    "Accounts and topics, exactly as written (Mosquitto tells upper from lower case in both):",
    ...config.devices.map(
      (d) => `  ${d.deviceId.padEnd(width)}  writes owntracks/${family}/${d.deviceId} (and its event, info, \u2026 subtopics), reads owntracks/${family}/#`
    ),
    `  ${clockUsername.padEnd(width)}  the clock: reads owntracks/${family}/#, writes owntracks/${family}/+/cmd and weasley/${family}/#`,
    `  Device ids are written in lowercase: on each phone, Username and Device ID must be the id above in lowercase, letter for letter, and the base topic owntracks/${family}/%d.`
  ];
}
var NEW_PASSWORDS = "new-passwords.txt";
var DROPPED = "dropped-passwords";
function readIfThere2(file, parse) {
  return existsSync13(file) ? parse(readFileSync18(file, "utf8")) : /* @__PURE__ */ new Map();
}
function readNewPasswords(text) {
  const passwords = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const tab = line.indexOf("	");
    if (!line.startsWith("#") && tab > 0) passwords.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return passwords;
}
async function runMosquittoConfig(values2, files = [], say = (line) => process.stdout.write(`${line}
`)) {
  const out = values2.out;
  const usage = (problem) => {
    if (problem) process.stderr.write(`weasley-clock mosquitto-config: ${problem}
`);
    process.stderr.write(
      "usage: weasley-clock mosquitto-config --out DIR [FAMILY.json \u2026] [--config FILE] [--port 8883] [--cert FILE --key FILE]\n"
    );
    return 2;
  };
  if (!out) return usage();
  if (files.length > 0 && values2.config !== void 0)
    return usage("give the families' config files as arguments, or one --config, not both");
  if (values2.cert === void 0 !== (values2.key === void 0))
    return usage("--cert and --key go together (the certificate and its private key)");
  for (const [flag, f] of [
    ["--cert", values2.cert],
    ["--key", values2.key]
  ])
    if (f !== void 0 && !existsSync13(f)) return usage(`${flag} ${f}: no such file`);
  const configs = files.length > 0 ? await Promise.all(files.map((file) => loadConfigFile(file, overridesOf(values2)))) : [(await configOf(values2)).config];
  const port = connectPortOption(values2.port, "--port");
  const result = writeMosquittoConfig(configs, out, {
    ...port === void 0 ? {} : { port },
    ...values2.cert && values2.key ? { certFile: values2.cert, keyFile: values2.key } : {},
    source: files.length > 0 ? files.join(", ") : values2.config ?? "the config"
  });
  const names = configs.map((c) => `"${c.settings.family}"`).join(", ");
  say(
    `Mosquitto setup for ${configs.length === 1 ? "family" : "families"} ${names} written to ${result.dir}:`
  );
  say(`  ${result.written.join("  ")}`);
  for (const note of result.notes) say(`  Note: ${note}`);
  if (result.dropped.length > 0)
    say(
      `  Warning: no longer in it: ${result.dropped.join(", ")}, accounts the folder had that no family given has (a device taken out of a config, or a family not given this time). Their password hashes are set aside in ${path20.join(result.dir, DROPPED)}: given again (every family's config file together), they keep their passwords.`
    );
  if (result.kept.length > 0)
    say(
      `  Kept the passwords of ${result.kept.join(", ")} from the passwords file already there (delete an account's line to give it a new one).`
    );
  if (result.generated.size > 0)
    say(
      `  New passwords for ${[...result.generated.keys()].join(", ")} are in ${path20.join(result.dir, NEW_PASSWORDS)}.`
    );
  const hashOnly = configs.flatMap(
    (config) => config.devices.filter(
      (d) => d.password === void 0 && d.passwordHash !== void 0 && result.generated.has(d.deviceId)
    )
  );
  if (hashOnly.length > 0)
    say(
      `  ${hashOnly.map((d) => d.deviceId).join(", ")}: the config keeps only a hash, which Mosquitto cannot use, so they got new passwords too.`
    );
  for (const config of configs)
    for (const line of accountLines(config, result.clockUsernames.get(config.settings.family) ?? ""))
      say(line);
  say(`Give the folder to Mosquitto's user: chown -R mosquitto: ${result.dir}`);
  say(`Run it with: mosquitto -c ${path20.join(result.dir, "mosquitto.conf")}`);
  return 0;
}

// src/cli/provision.ts
import { existsSync as existsSync14, mkdirSync as mkdirSync7, readFileSync as readFileSync19 } from "node:fs";
import path21 from "node:path";
async function provisionToFiles(config, memberName, options) {
  const db = openDatabase(databaseFileOf(config.dataDir));
  let result;
  let base;
  try {
    result = await provisionDevice(config, db, memberName, options);
    const dir = path21.join(config.dataDir, "provisioning");
    mkdirSync7(dir, { recursive: true, mode: 448 });
    base = path21.join(dir, result.deviceId);
    writePrivateFile(`${base}.otrc`, `${JSON.stringify(result.config, null, 2)}
`);
    writePrivateFile(`${base}.svg`, result.svg);
    writePrivateFile(`${base}.png`, await qrPng(result.link));
    result.store();
    forgetPlacesSent(createMeta(db), result.deviceId);
  } finally {
    db.close();
  }
  return {
    otrcFile: `${base}.otrc`,
    pngFile: `${base}.png`,
    svgFile: `${base}.svg`,
    link: result.link,
    rotated: result.rotated,
    host: String(result.config.host ?? ""),
    warnings: result.warnings
  };
}
async function runProvision(values2, positionals) {
  const member = positionals[0];
  if (!member) {
    process.stderr.write(
      "usage: weasley-clock provision <member> [--device ID] [--host NAME] [--port N] [--config FILE] [--data-dir DIR]\n"
    );
    return 2;
  }
  const { config } = await configOf(values2);
  const port = connectPortOption(values2.port, "--port");
  const firstInFolder = !existsSync14(databaseFileOf(config.dataDir));
  const b = config.broker;
  const ownCa = b.kind === "embedded" && !b.certFile ? ensureCertificates(path21.join(config.dataDir, "tls"), defaultCertificateNames(b.publicHosts)).caCertFile : void 0;
  const caToInstall = ownCa ?? (b.kind === "external" ? b.caFile : void 0);
  const result = await provisionToFiles(config, member, {
    ...values2.device?.[0] === void 0 ? {} : { device: values2.device[0] },
    ...values2.host === void 0 ? {} : { host: values2.host },
    ...port === void 0 ? {} : { port }
  });
  const say = (line = "") => process.stdout.write(`${line}
`);
  say(
    `Phone setup for ${member}${result.rotated && !firstInFolder ? " (with a new password: any earlier one for this device stops working)" : ""}:`
  );
  if (firstInFolder)
    say(
      `  Note: no clock has used the data folder ${path21.resolve(config.dataDir)} yet. If yours runs with another one (its --data-dir, or the folder it is started in), run this again with --data-dir set to it: that clock knows neither this password nor a CA made here.`
    );
  const host = result.host;
  const serverCert = config.broker.kind === "embedded" ? config.broker.certFile ?? path21.join(config.dataDir, "tls", "server.crt") : void 0;
  for (const warning of result.warnings) say(`  Warning: ${warning}`);
  if (serverCert && existsSync14(serverCert) && !certificateCovers(serverCert, host))
    say(
      `  Warning: the broker's certificate does not name "${host}", so the phone will refuse it: add it to broker.publicHosts and restart the clock (it makes a new certificate), or use --host with a name it has.`
    );
  say(
    '  1. Install OwnTracks, then in its settings turn on "Allow external configuration" (Android: Preferences \u2192'
  );
  say(
    `     Remote control; iOS: Settings).${caToInstall ? ` Install the CA certificate on the phone first: ${path21.resolve(caToInstall)} (also at /ca.crt on the clock's web page).` : ""}`
  );
  if (caToInstall)
    say(
      `     Its SHA-256 fingerprint, to compare with the certificate details on the phone: ${fingerprintsOf(readFileSync19(caToInstall, "utf8")).join(", ")}`
    );
  const code = await qrTerminal(result.link);
  const width = Math.max(...code.split("\n").map((line) => line.length));
  const fits = !process.stdout.isTTY || (process.stdout.columns ?? 80) >= width;
  if (fits) {
    say("  2. Scan this code with the phone camera, or open the link on the phone:");
    say();
    say(code);
  } else
    say(
      `  2. The QR code is ${width} columns wide, more than this terminal's ${process.stdout.columns}: open ${path21.resolve(result.pngFile)} and scan it with the phone camera (or widen the terminal and run this again), or open the link on the phone:`
    );
  say(`  ${result.link}`);
  say();
  say(`  Or send the phone ${path21.resolve(result.otrcFile)} and open it with OwnTracks.`);
  say(
    `  The QR code is also in ${path21.resolve(result.pngFile)} and .svg. These files hold the password: delete them once the phone is set up.`
  );
  return 0;
}

// src/cli/weasley.ts
var PACKAGE_ROOT = (() => {
  let dir = path22.dirname(fileURLToPath2(import.meta.url));
  while (!existsSync15(path22.join(dir, "package.json")) && path22.dirname(dir) !== dir) dir = path22.dirname(dir);
  return dir;
})();
async function main(argv) {
  const [command = "serve", ...rest] = argv[0]?.startsWith("-") ? ["serve", ...argv] : argv;
  const usageError = (problem, help) => {
    process.stderr.write(`weasley-clock: ${problem}

${help}
`);
    return 2;
  };
  if (command === "help" || argv[0] === "--help" || argv[0] === "-h") {
    const about = command === "help" ? rest[0] : void 0;
    const asked = about === void 0 ? void 0 : COMMANDS[about];
    process.stdout.write(`${asked && about ? commandHelp(about, asked) : overallHelp()}
`);
    return 0;
  }
  const spec = COMMANDS[command];
  if (!spec) return usageError(`unknown command "${command}"${didYouMean(command)}`, overallHelp());
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: spec.positionals, options: OPTIONS });
  } catch (error) {
    return usageError(`${command}: ${error.message}`, commandHelp(command, spec));
  }
  const { values: values2, positionals } = parsed;
  if (values2.help) {
    process.stdout.write(`${commandHelp(command, spec)}
`);
    return 0;
  }
  const foreign = foreignOptions(spec, values2);
  if (foreign.length > 0)
    return usageError(
      `${command} does not take ${foreign.join(", ")}${spec.options.length === 0 ? " (it takes no options)" : ""}`,
      commandHelp(command, spec)
    );
  switch (command) {
    case "serve":
      return runServe(values2, PACKAGE_ROOT);
    case "host":
      return runHost(values2, positionals, PACKAGE_ROOT);
    case "simulate":
      return runSimulate(values2);
    case "check-config":
      return runCheckConfig(values2);
    case "hash-password":
      return runHashPassword();
    case "provision":
      return runProvision(values2, positionals);
    case "admin-token":
      return runAdminToken(values2);
    case "journal":
      return runJournal(values2);
    case "places":
      return runPlaces(values2, positionals);
    case "mosquitto-config":
      return runMosquittoConfig(values2, positionals);
    case "doctor":
      return runDoctor(values2);
    case "report-location":
      return runReportLocation(values2, positionals);
    case "replay":
      return runReplay(values2);
    default:
      return usageError(`unknown command "${command}"`, overallHelp());
  }
}
var first = process.argv[2];
var keepsRunning = first === void 0 || first.startsWith("-") || first === "serve" || first === "host";
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error) => {
    if (keepsRunning) return;
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error) => {
    const e = error;
    if (error instanceof ConfigError) process.stderr.write(`weasley-clock: ${error.message}
`);
    else if (e.code === "EADDRINUSE") {
      process.stderr.write(
        `weasley-clock: port ${e.port} on ${e.address} is already in use (is the clock running already?); stop that program or pick another port with --http-port, --mqtt-port or --mqtts-port
`
      );
    } else process.stderr.write(`weasley-clock: ${error instanceof Error ? error.message : String(error)}
`);
    process.exitCode = error instanceof ConfigError ? 78 : 1;
  }
);
export {
  PACKAGE_ROOT
};
