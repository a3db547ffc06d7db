'use strict';

// Alerts settings: subscribe this browser to Web Push, send a test and time it, list the
// devices with their delivery health, edit the rules. Also scrolls the timeline to the event
// an alert was about (#event-42). Separate from app.js, which keeps the timeline.

const PUSH_API = '/api/push';
const ID_KEY = 'vigilar.push.id';
const TEST_TIMEOUT_MS = 30000;
const MODES = [
  ['disarmed', 'Disarmed'],
  ['armed_home', 'Home'],
  ['armed_night', 'Night'],
  ['armed_away', 'Away'],
];
const SEVERITIES = [
  ['critical', 'Critical'],
  ['warning', 'Warning'],
  ['info', 'Info'],
];
const STATUS_LABELS = new Map([
  ['active', 'Delivering'],
  ['failing', 'Failing'],
  ['gone', 'Removed by its push service'],
]);

const push = {
  registration: null,
  subscription: null,
  myId: null,
  pendingTest: null,
};

const ui = {};

// ---- Small helpers ----

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, options = {}) {
  const init = { ...options, headers: { Accept: 'application/json' } };
  if (options.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(`${PUSH_API}${path}`, init);
  let body = null;
  try {
    body = await response.json();
  } catch {
    // No JSON body.
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

function bytesToBase64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_')
    .replace(/=+$/, '');
}

function base64UrlToBytes(text) {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard.padEnd(Math.ceil(standard.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

// The id Vigilar lists a subscription under: base64url of the endpoint's SHA-256, 16 bytes.
async function subscriptionId(endpoint) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint));
  return bytesToBase64Url(new Uint8Array(digest).slice(0, 16));
}

function guessLabel() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS'
    : /Mac OS X/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows'
      : /Linux/.test(ua) ? 'Linux' : '';
  return system ? `${browser} on ${system}` : browser;
}

function formatWhen(ts) {
  if (!ts) return 'never';
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? String(ts) : date.toLocaleString();
}

// ---- Why push may not work here ----

function unsupportedReason() {
  if (!window.isSecureContext) {
    return 'Alerts need HTTPS. Browsers allow push only on secure pages: open Vigilar at its '
      + 'https:// address (install the appliance\'s certificate on this device first).';
  }
  if (!('serviceWorker' in navigator) || !('PushManager' in window)
      || !('Notification' in window)) {
    return 'This browser cannot receive push alerts. On iPhone or iPad (iOS 16.4 or later), '
      + 'add Vigilar to the home screen and open it from there.';
  }
  if (Notification.permission === 'denied') {
    return 'Notifications are blocked for this site. Allow them in the browser\'s site '
      + 'settings, then reload this page.';
  }
  return '';
}

function showSupport(text) {
  ui.support.textContent = text;
  ui.support.hidden = text === '';
}

// ---- Subscribing ----

async function subscribeHere() {
  const { publicKey } = await api('/public-key');
  const subscription = await push.registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: base64UrlToBytes(publicKey),
  });
  await register(subscription);
  return subscription;
}

async function register(subscription) {
  const body = subscription.toJSON();
  body.label = ui.label.value.trim() || guessLabel();
  const saved = await api('/subscriptions', { method: 'POST', body });
  const previous = localStorage.getItem(ID_KEY);
  if (previous && previous !== saved.id) {
    // The browser changed the endpoint: forget the old one.
    await api(`/subscriptions?id=${encodeURIComponent(previous)}`, { method: 'DELETE' })
      .catch(() => {});
  }
  localStorage.setItem(ID_KEY, saved.id);
  push.subscription = subscription;
  push.myId = saved.id;
}

async function keyMatches(subscription) {
  const key = subscription.options && subscription.options.applicationServerKey;
  if (!key) return true;
  const { publicKey } = await api('/public-key');
  return bytesToBase64Url(new Uint8Array(key)) === publicKey;
}

// When the app opens: make sure Vigilar still knows this browser's current subscription.
async function recheck(devices) {
  let subscription = await push.registration.pushManager.getSubscription();
  if (!subscription) {
    push.subscription = null;
    return false;
  }
  const id = await subscriptionId(subscription.endpoint);
  const known = devices.find((d) => d.id === id);
  if (!(await keyMatches(subscription)) || (known && known.status === 'gone')) {
    // Signed with another key, or expired at the push service: start afresh.
    await subscription.unsubscribe();
    subscription = await subscribeHere();
    return true;
  }
  if (!known) {
    await register(subscription);
    return true;
  }
  push.subscription = subscription;
  push.myId = id;
  ui.label.value = known.label;
  return false;
}

async function onToggle() {
  ui.toggle.disabled = true;
  try {
    if (ui.toggle.checked) {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        ui.toggle.checked = false;
        showSupport(unsupportedReason() || 'Alerts stay off: notifications were not allowed.');
        return;
      }
      await subscribeHere();
    } else if (push.subscription) {
      const { endpoint } = push.subscription;
      await push.subscription.unsubscribe();
      await api('/subscriptions', { method: 'DELETE', body: { endpoint } }).catch(() => {});
      localStorage.removeItem(ID_KEY);
      push.subscription = null;
      push.myId = null;
    }
    showSupport('');
  } catch (error) {
    ui.toggle.checked = push.subscription !== null;
    showSupport(`Could not change alerts: ${error.message}`);
  } finally {
    ui.toggle.disabled = false;
    updateControls();
    refreshDevices();
  }
}

async function onLabelChange() {
  if (!push.subscription) return;
  try {
    await register(push.subscription);
    refreshDevices();
  } catch (error) {
    showSupport(`Could not rename this device: ${error.message}`);
  }
}

function updateControls() {
  ui.toggle.checked = push.subscription !== null;
  ui.test.disabled = push.subscription === null;
}

// ---- Test alert, timed from the click to the service worker showing it ----

async function onTest() {
  if (!push.subscription) return;
  ui.test.disabled = true;
  ui.testResult.textContent = 'Sending…';
  const started = performance.now();
  try {
    const { test_id: testId } = await api('/test', {
      method: 'POST',
      body: { endpoint: push.subscription.endpoint },
    });
    push.pendingTest = {
      testId,
      started,
      timer: setTimeout(() => finishTest('No alert appeared within 30 s. Check the device list '
        + 'below for an error.'), TEST_TIMEOUT_MS),
    };
  } catch (error) {
    finishTest(`Test failed: ${error.message}`);
  }
}

function finishTest(text) {
  if (push.pendingTest) clearTimeout(push.pendingTest.timer);
  push.pendingTest = null;
  ui.testResult.textContent = text;
  ui.test.disabled = push.subscription === null;
  refreshDevices();
}

function onWorkerMessage(message) {
  const data = message.data;
  const pending = push.pendingTest;
  if (!data || data.type !== 'push-test-shown' || !pending || data.testId !== pending.testId) {
    return;
  }
  const ms = Math.round(performance.now() - pending.started);
  finishTest(`Shown ${ms} ms after sending.`);
}

// ---- Devices ----

function deviceRow(device) {
  const li = el('li', `push-device status-${device.status}`);
  const head = el('div', 'push-device-head');
  head.append(el('span', 'push-device-label', device.label));
  if (device.id === push.myId) head.append(el('span', 'push-device-me', 'this device'));
  head.append(el('span', 'push-device-status', STATUS_LABELS.get(device.status)
    || device.status));
  const details = el('p', 'push-device-details',
    `${device.service} · added ${formatWhen(device.created)} · last delivered `
    + `${formatWhen(device.last_success)}`);
  li.append(head, details);
  if (device.last_failure) {
    li.append(el('p', 'push-device-error', `Last failure ${formatWhen(device.last_failure)}: `
      + `${device.last_error || 'unknown'}`));
  }
  const remove = el('button', 'push-device-remove', 'Remove');
  remove.type = 'button';
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    await api(`/subscriptions?id=${encodeURIComponent(device.id)}`, { method: 'DELETE' })
      .catch(() => {});
    refreshDevices();
  });
  li.append(remove);
  return li;
}

async function refreshDevices() {
  try {
    const { subscriptions } = await api('/subscriptions');
    ui.devices.replaceChildren(...subscriptions.map(deviceRow));
    ui.devicesEmpty.hidden = subscriptions.length > 0;
    return subscriptions;
  } catch (error) {
    ui.devicesEmpty.hidden = false;
    ui.devicesEmpty.textContent = `Could not load the devices: ${error.message}`;
    return [];
  }
}

// ---- Rules ----

function renderRules(rules) {
  const head = el('tr');
  head.append(el('th', '', 'Severity'));
  for (const [, label] of MODES) head.append(el('th', '', label));
  const rows = [head];
  for (const [severity, label] of SEVERITIES) {
    const row = el('tr');
    row.append(el('th', '', label));
    const modes = (rules.severities && rules.severities[severity]) || [];
    for (const [mode, modeLabel] of MODES) {
      const cell = el('td');
      const box = el('input');
      box.type = 'checkbox';
      box.dataset.severity = severity;
      box.dataset.mode = mode;
      box.checked = modes.includes(mode);
      box.setAttribute('aria-label', `${label} alerts when ${modeLabel}`);
      cell.append(box);
      row.append(cell);
    }
    rows.push(row);
  }
  ui.rules.replaceChildren(...rows);
}

async function loadRules() {
  try {
    renderRules(await api('/rules'));
  } catch (error) {
    ui.rulesResult.textContent = `Could not load the rules: ${error.message}`;
  }
}

async function onSaveRules() {
  const severities = {};
  for (const [severity] of SEVERITIES) severities[severity] = [];
  for (const box of ui.rules.querySelectorAll('input[type=checkbox]')) {
    if (box.checked) severities[box.dataset.severity].push(box.dataset.mode);
  }
  try {
    renderRules(await api('/rules', { method: 'PUT', body: { severities } }));
    ui.rulesResult.textContent = 'Saved.';
  } catch (error) {
    ui.rulesResult.textContent = `Not saved: ${error.message}`;
  }
}

// ---- Views: #alerts shows the settings; #event-42 points at an event on the timeline ----

function showEvent(id) {
  const timeline = document.getElementById('timeline');
  if (!timeline) return;
  const find = () => timeline.querySelector(`li[data-event-id="${id}"]`);
  const mark = (row) => {
    for (const old of timeline.querySelectorAll('.event-target')) {
      old.classList.remove('event-target');
    }
    row.classList.add('event-target');
    row.tabIndex = -1;
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
  };
  const row = find();
  if (row) {
    mark(row);
    return;
  }
  // The timeline may still be loading.
  const observer = new MutationObserver(() => {
    const found = find();
    if (found) {
      observer.disconnect();
      mark(found);
    }
  });
  observer.observe(timeline, { childList: true });
  setTimeout(() => observer.disconnect(), 10000);
}

function onHash() {
  const hash = window.location.hash;
  const alertsOpen = hash === '#alerts';
  ui.panel.hidden = !alertsOpen;
  ui.navAlerts.setAttribute('aria-current', alertsOpen ? 'page' : 'false');
  if (alertsOpen) {
    refreshDevices();
    loadRules();
  }
  const match = /^#event-(\d+)$/.exec(hash);
  if (match) showEvent(match[1]);
}

// ---- Startup ----

function bindAlerts() {
  ui.panel = document.getElementById('alerts');
  ui.navAlerts = document.getElementById('nav-alerts');
  ui.support = document.getElementById('push-support');
  ui.toggle = document.getElementById('push-toggle');
  ui.label = document.getElementById('push-label');
  ui.test = document.getElementById('push-test');
  ui.testResult = document.getElementById('push-test-result');
  ui.devices = document.getElementById('push-devices');
  ui.devicesEmpty = document.getElementById('push-devices-empty');
  ui.rules = document.getElementById('push-rules');
  ui.rulesSave = document.getElementById('push-rules-save');
  ui.rulesResult = document.getElementById('push-rules-result');
}

async function startPush() {
  ui.label.value = guessLabel();
  showSupport(unsupportedReason());
  const capable = window.isSecureContext && 'serviceWorker' in navigator
    && 'PushManager' in window && 'Notification' in window;
  if (!capable) {
    refreshDevices();
    return;
  }
  try {
    push.registration = await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
    navigator.serviceWorker.addEventListener('message', onWorkerMessage);
    const devices = await refreshDevices();
    if (await recheck(devices)) refreshDevices();
    ui.toggle.disabled = Notification.permission === 'denied';
  } catch (error) {
    showSupport(`Alerts are unavailable: ${error.message}`);
  }
  updateControls();
}

function initAlerts() {
  bindAlerts();
  ui.toggle.addEventListener('change', onToggle);
  ui.label.addEventListener('change', onLabelChange);
  ui.test.addEventListener('click', onTest);
  ui.rulesSave.addEventListener('click', onSaveRules);
  window.addEventListener('hashchange', onHash);
  onHash();
  startPush();
}

initAlerts();
