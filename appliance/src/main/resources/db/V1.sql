-- Events: ids come from AUTOINCREMENT so they are never reused, even after old rows are purged.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  severity TEXT NOT NULL,
  source_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  acked_at INTEGER
);
CREATE INDEX events_by_ts ON events (ts);
CREATE INDEX events_by_source ON events (source_id, id);
CREATE INDEX events_by_type ON events (type, id);

-- Camera snapshots, attached to the camera's latest event.
CREATE TABLE snapshots (
  event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
  received_at INTEGER NOT NULL,
  data BLOB NOT NULL
);

-- What the appliance knows about each sensor.
CREATE TABLE sensors (
  source_id TEXT PRIMARY KEY,
  kind TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  battery INTEGER,
  online INTEGER
);

-- The last state per sensor and channel, so a repeated state after a restart is no event.
CREATE TABLE sensor_states (
  source_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source_id, channel)
);
