-- Push alerts. Only new push_ tables, so this script does not depend on V2 or V3.

-- Browsers that asked for alerts. id is derived from the endpoint so a page can find its own
-- row without the server ever echoing endpoints. A subscription the push service reports gone
-- keeps its row (status 'gone', keys erased) so the settings page can say what happened.
CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT,
  auth TEXT,
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_success_at INTEGER,
  last_failure_at INTEGER,
  last_error TEXT,
  status TEXT NOT NULL
);

-- Alerts waiting for their push service to accept them: one row per alert and subscription.
CREATE TABLE push_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id TEXT NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
  event_id INTEGER,
  payload TEXT NOT NULL,
  urgency TEXT NOT NULL,
  ttl_seconds INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL
);
CREATE INDEX push_outbox_by_subscription ON push_outbox (subscription_id, id);

-- Small named values of the push feature: the rules, the last event turned into alerts.
CREATE TABLE push_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
