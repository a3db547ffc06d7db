-- MQTT credentials, one per device; the user name is the device id.
-- revision grows with every password reset, so caches of verified passwords can tell stale ones.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  kind TEXT,
  zone TEXT,
  password_hash TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_connected INTEGER
);

-- Topic filters a device may publish to beyond its own sensor and camera topics.
CREATE TABLE device_grants (
  device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  filter TEXT NOT NULL,
  PRIMARY KEY (device_id, filter)
);

-- The administrator's password hash; one row. revision grows with every change.
CREATE TABLE admin_credential (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  password_hash TEXT NOT NULL,
  revision INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Long-lived API tokens; only a SHA-256 of each random token is kept.
CREATE TABLE api_tokens (
  name TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used INTEGER
);

-- Signed-in browsers, so that a restart or a power cut does not sign everybody out. Only a
-- SHA-256 of each session id is kept.
CREATE TABLE web_sessions (
  key TEXT PRIMARY KEY,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  admin_revision INTEGER NOT NULL
);
