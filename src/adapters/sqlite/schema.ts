// The app's SQLite schema, applied in order; user_version records how far a database has come.

export const MIGRATIONS: readonly string[] = [
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
]
