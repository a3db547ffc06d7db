'use strict';

const EVENTS_URL = '/api/events';
const STREAM_URL = '/events/stream';
const PAGE_SIZE = 50;
const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 15000;

const INDICATOR_TEXT = new Map([
  ['connecting', 'Connecting…'],
  ['live', 'Live'],
  ['reconnecting', 'Reconnecting…'],
  ['paused', 'Live updates paused'],
]);

const TYPE_LABELS = new Map([
  ['motion', 'Motion'],
  ['contact_open', 'Door opened'],
  ['contact_closed', 'Door closed'],
  ['smoke', 'Smoke'],
  ['water_leak', 'Water leak'],
  ['glass_break', 'Glass break'],
  ['vibration', 'Vibration'],
  ['tamper', 'Tamper'],
  ['panic', 'Panic'],
  ['battery_low', 'Battery low'],
  ['sensor_offline', 'Sensor offline'],
  ['sensor_online', 'Sensor online'],
  ['alarm_state', 'Alarm state'],
  ['alarm_triggered', 'Alarm triggered'],
]);

const DETECTED_SUFFIX = '_detected';

const SEVERITY_LABELS = new Map([
  ['info', 'Info'],
  ['warning', 'Warning'],
  ['critical', 'Critical'],
]);

const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

const state = {
  ids: new Set(),
  maxId: null,
  nextBefore: null,
  loaded: false,
  loading: false,
  source: null,
  backoffMs: BACKOFF_START_MS,
  retryTimer: null,
};

const els = {};

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// ---- Labels and formatting ----

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ALARM_STATE_LABELS = new Map([
  ['disarmed', 'Alarm disarmed'],
  ['arming', 'Alarm arming'],
  ['armed_home', 'Alarm armed home'],
  ['armed_night', 'Alarm armed night'],
  ['armed_away', 'Alarm armed away'],
  ['pending', 'Entry delay started'],
  ['triggered', 'Alarm going off'],
]);

// The panel's events carry who changed it and into what state.
function alarmStateLabel(payload) {
  const state = payload && ALARM_STATE_LABELS.get(payload.state);
  if (!state) return TYPE_LABELS.get('alarm_state');
  const actor = payload.by === 'timer' ? '' : String(payload.actor ?? '');
  return actor === '' ? state : `${state} by ${actor}`;
}

function typeLabel(event) {
  const type = String(event.type);
  if (type === 'alarm_state') return alarmStateLabel(event.payload);
  if (TYPE_LABELS.has(type)) {
    const label = TYPE_LABELS.get(type);
    return type === 'battery_low' ? withBatteryLevel(label, event.payload) : label;
  }
  if (type.endsWith(DETECTED_SUFFIX) && type.length > DETECTED_SUFFIX.length) {
    const subject = type.slice(0, -DETECTED_SUFFIX.length).replace(/_/g, ' ');
    return `${capitalize(subject)} detected`;
  }
  return type;
}

function withBatteryLevel(label, payload) {
  const level = payload && payload.level;
  if (typeof level === 'number' && Number.isFinite(level)) return `${label} (${level}%)`;
  if (typeof level === 'string' && level !== '') return `${label} (${level})`;
  return label;
}

function formatTime(ts) {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? String(ts) : timeFormat.format(date);
}

// ---- Rendering ----

function createElement(tag, className, text) {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function createRow(event, isNew) {
  const known = SEVERITY_LABELS.has(event.severity);
  const li = createElement('li', `event sev-${known ? event.severity : 'unknown'}`);
  li.dataset.eventId = String(event.id);
  li.dataset.type = String(event.type);
  if (isNew) {
    li.classList.add('event-new');
    li.addEventListener('animationend', () => li.classList.remove('event-new'), { once: true });
  }

  const severityText = known ? SEVERITY_LABELS.get(event.severity) : String(event.severity);
  const main = createElement('div', 'event-main');
  main.append(
    createElement('span', 'event-label', typeLabel(event)),
    createElement('span', 'event-source', String(event.source_id ?? '')),
  );
  const time = createElement('time', 'event-time', formatTime(event.ts));
  time.dateTime = String(event.ts);

  li.append(createElement('span', 'event-badge', severityText), main, time);
  return li;
}

// Rows are kept sorted by id descending; replays and paging can arrive out of order.
function findInsertionPoint(id) {
  const last = els.timeline.lastElementChild;
  if (!last || Number(last.dataset.eventId) > id) return null;
  for (const row of els.timeline.children) {
    if (Number(row.dataset.eventId) < id) return row;
  }
  return null;
}

function insertEvent(event, isNew) {
  const id = Number(event && event.id);
  if (!Number.isFinite(id) || state.ids.has(id)) return;
  state.ids.add(id);
  state.maxId = state.maxId === null ? id : Math.max(state.maxId, id);
  els.timeline.insertBefore(createRow(event, isNew), findInsertionPoint(id));
  updateEmpty();
}

function updateEmpty() {
  els.empty.hidden = !state.loaded || state.ids.size > 0;
}

function setIndicator(name) {
  els.indicator.dataset.state = name;
  els.indicatorText.textContent = INDICATOR_TEXT.get(name);
}

function showMessage(text) {
  els.message.textContent = text;
  els.message.hidden = text === '';
}

function setNextBefore(value) {
  state.nextBefore = value ?? null;
  els.loadOlder.hidden = state.nextBefore === null;
}

// ---- History (REST) ----

async function toHttpError(response) {
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // Body was not JSON; the status line is the best we have.
  }
  return new HttpError(response.status, message);
}

async function fetchPage(before) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before !== null) params.set('before', String(before));
  const headers = { Accept: 'application/json' };
  const response = await fetch(`${EVENTS_URL}?${params}`, { headers });
  if (!response.ok) throw await toHttpError(response);
  return response.json();
}

async function loadPage(before) {
  const page = await fetchPage(before);
  for (const event of page.events || []) insertEvent(event, false);
  setNextBefore(page.next_before);
}

function isUnauthorized(error) {
  return error instanceof HttpError && error.status === 401;
}

function reportLoadError(error) {
  showMessage(isUnauthorized(error) ? 'Sign in required'
    : `Could not load events: ${error.message}`);
}

async function loadInitial() {
  if (state.loading) return true;
  state.loading = true;
  try {
    await loadPage(null);
    state.loaded = true;
    showMessage('');
    updateEmpty();
    return true;
  } catch (error) {
    reportLoadError(error);
    return !isUnauthorized(error);
  } finally {
    state.loading = false;
  }
}

async function onLoadOlder() {
  if (state.nextBefore === null || state.loading) return;
  state.loading = true;
  els.loadOlder.disabled = true;
  try {
    await loadPage(state.nextBefore);
    showMessage('');
  } catch (error) {
    reportLoadError(error);
  } finally {
    state.loading = false;
    els.loadOlder.disabled = false;
  }
}

// ---- Live stream (SSE) ----

function parseJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

function onStreamMessage(message) {
  if (message.target !== state.source) return;
  const data = parseJson(message.data);
  if (!data) return;
  if (data.type === 'connected') onConnected();
  else insertEvent(data, true);
}

function onConnected() {
  state.backoffMs = BACKOFF_START_MS;
  setIndicator('live');
  // History may have failed while the server was unreachable; retry once it is back.
  if (!state.loaded) loadInitial();
}

function onBridge(message) {
  if (message.target !== state.source) return;
  const data = parseJson(message.data);
  if (data && typeof data.live === 'boolean') setIndicator(data.live ? 'live' : 'paused');
}

function onStreamError(event) {
  const source = event.target;
  if (source !== state.source) return;
  setIndicator('reconnecting');
  // While CONNECTING the browser retries on its own (sending Last-Event-ID);
  // once CLOSED it has given up and we must start a fresh connection.
  if (source.readyState === EventSource.CLOSED) scheduleReconnect();
}

function scheduleReconnect() {
  // A stream refused for an expired session looks like any other error; ask, and sign in.
  VigilarAuth.api('/api/session').catch(() => {});
  if (state.source) state.source.close();
  state.source = null;
  clearTimeout(state.retryTimer);
  const delay = state.backoffMs;
  state.backoffMs = Math.min(state.backoffMs * 2, BACKOFF_MAX_MS);
  state.retryTimer = setTimeout(() => connect(streamUrl()), delay);
}

// A new EventSource starts without Last-Event-ID, so the resume point goes in the query.
// The browser keeps this URL for its own reconnects, so even a page that has not seen a live
// event yet resumes after the newest event it shows (or from the start of an empty history).
function streamUrl() {
  if (state.maxId === null && !state.loaded) return STREAM_URL;
  const params = new URLSearchParams({ lastEventId: String(state.maxId ?? 0) });
  return `${STREAM_URL}?${params}`;
}

function connect(url) {
  const source = new EventSource(url);
  state.source = source;
  source.addEventListener('message', onStreamMessage);
  source.addEventListener('bridge', onBridge);
  source.addEventListener('error', onStreamError);
}

// ---- Startup ----

function bindElements() {
  els.timeline = document.getElementById('timeline');
  els.empty = document.getElementById('empty');
  els.loadOlder = document.getElementById('load-older');
  els.indicator = document.getElementById('live-indicator');
  els.indicatorText = document.getElementById('live-indicator-text');
  els.message = document.getElementById('status-message');
}

async function init() {
  bindElements();
  els.loadOlder.addEventListener('click', onLoadOlder);
  setIndicator('connecting');
  const mayStream = await loadInitial();
  // Resuming after the history closes the gap between loading it and the stream opening.
  if (mayStream) connect(streamUrl());
  else VigilarAuth.whenSignedIn(startAfterSignIn);
}

// The first load asked for a sign-in: start once it happened.
async function startAfterSignIn() {
  if (await loadInitial()) connect(streamUrl());
}

init();
