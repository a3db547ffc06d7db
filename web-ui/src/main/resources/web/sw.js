'use strict';

// Vigilar's service worker: shows push alerts, opens the timeline at the event on a click,
// and keeps the subscription registered when the browser renews it.

const ICON = '/icons/icon-192.png';
const SEVERITY_LABELS = { info: 'Info', warning: 'Warning', critical: 'Critical' };

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  event.waitUntil(showAlert(event.data));
});

function readPayload(data) {
  if (!data) return null;
  try {
    return data.json();
  } catch {
    return { title: 'Vigilar', body: data.text() };
  }
}

async function showAlert(data) {
  const alert = readPayload(data) || { title: 'Vigilar', body: 'New event' };
  const severity = SEVERITY_LABELS[alert.severity] ? alert.severity : 'info';
  const source = alert.source ? String(alert.source) : '';
  const when = alert.ts ? new Date(alert.ts) : new Date();
  const time = Number.isNaN(when.getTime()) ? '' : when.toLocaleTimeString();
  const body = [SEVERITY_LABELS[severity], source, time].filter(Boolean).join(' · ');

  await self.registration.showNotification(String(alert.title || 'Vigilar'), {
    body,
    tag: String(alert.tag || 'vigilar'),
    // A new event of the same incident replaces the notification and alerts again.
    renotify: true,
    requireInteraction: severity === 'critical',
    icon: ICON,
    badge: ICON,
    timestamp: Number.isNaN(when.getTime()) ? Date.now() : when.getTime(),
    data: { url: safeUrl(alert.url), testId: alert.test_id || null },
  });
  if (alert.kind === 'test' && alert.test_id) await reportTest(String(alert.test_id));
}

// Only same-origin paths: a payload can never send the click elsewhere.
function safeUrl(url) {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

async function reportTest(testId) {
  const shownAt = Date.now();
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: 'push-test-shown', testId, shownAt });
  try {
    await fetch(`/api/push/test/${encodeURIComponent(testId)}/shown`, { method: 'POST' });
  } catch {
    // The page measured it already; the server's figure is a bonus.
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = safeUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(openTimeline(url));
});

async function openTimeline(url) {
  const target = new URL(url, self.location.origin);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin === target.origin && 'focus' in client) {
      const focused = await client.focus();
      return (focused || client).navigate(target.href);
    }
  }
  return self.clients.openWindow(target.href);
}

// The push service renewed or dropped the subscription: subscribe again and tell Vigilar.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event.oldSubscription));
});

async function resubscribe(old) {
  const response = await fetch('/api/push/public-key');
  if (!response.ok) return;
  const { publicKey } = await response.json();
  const subscription = await self.registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: base64UrlToBytes(publicKey),
  });
  const body = subscription.toJSON();
  body.label = old && old.endpoint ? await labelOf(old.endpoint) : 'Browser';
  await fetch('/api/push/subscriptions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (old && old.endpoint && old.endpoint !== subscription.endpoint) {
    await fetch('/api/push/subscriptions', {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: old.endpoint }),
    });
  }
}

function base64UrlToBytes(text) {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard.padEnd(Math.ceil(standard.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

// The id Vigilar lists a subscription under: base64url of the endpoint's SHA-256, 16 bytes.
async function subscriptionId(endpoint) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint));
  const bytes = new Uint8Array(digest).slice(0, 16);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_')
    .replace(/=+$/, '');
}

async function labelOf(endpoint) {
  try {
    const id = await subscriptionId(endpoint);
    const response = await fetch('/api/push/subscriptions');
    const list = response.ok ? (await response.json()).subscriptions : [];
    const known = list.find((s) => s.id === id);
    return known ? known.label : 'Browser';
  } catch {
    return 'Browser';
  }
}
