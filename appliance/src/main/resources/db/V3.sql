-- The alarm panel's state: one row, written at every change, so a restart resumes it.
-- Deadlines are wall-clock epoch milliseconds, so a delay keeps counting across a restart.
CREATE TABLE alarm_panel (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  mode TEXT NOT NULL,
  state TEXT NOT NULL,
  until_ms INTEGER,
  bypass TEXT NOT NULL,
  cause TEXT,
  changed_at INTEGER NOT NULL,
  changed_by TEXT NOT NULL
);

-- Sensor settings edited in the app; a null column falls back to vigilar.yml or the default.
CREATE TABLE sensor_settings (
  source_id TEXT PRIMARY KEY,
  name TEXT,
  zone TEXT,
  role TEXT,
  min_active_ms INTEGER,
  pulses INTEGER,
  pulse_window_ms INTEGER,
  heartbeat_ms INTEGER,
  updated_at INTEGER NOT NULL
);
