'use strict';

// Shared by the alarm and sensors pages: JSON requests and the live stream, both signed in
// through VigilarAuth (auth.js), which shows the login view whenever the appliance answers 401.
const Vigilar = (() => {
  const STREAM_URL = '/events/stream';
  const BACKOFF_START_MS = 1000;
  const BACKOFF_MAX_MS = 15000;
  const INDICATOR_TEXT = new Map([
    ['connecting', 'Connecting…'],
    ['live', 'Live'],
    ['reconnecting', 'Reconnecting…'],
    ['paused', 'Live updates paused'],
  ]);

  async function request(url, options = {}) {
    const method = (options.method || 'GET').toUpperCase();
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const csrf = VigilarAuth.csrfToken();
    if (csrf && method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf;
    const response = await fetch(url, init);
    if (response.status === 401) VigilarAuth.showLogin();
    let body = null;
    try {
      body = await response.json();
    } catch {
      // Not JSON: the status is all there is.
    }
    return { ok: response.ok, status: response.status, body };
  }

  function errorText(answer) {
    if (answer.status === 401) return 'Sign in required';
    if (answer.body && typeof answer.body.error === 'string') return answer.body.error;
    return `HTTP ${answer.status}`;
  }

  function setIndicator(name) {
    const indicator = document.getElementById('live-indicator');
    const text = document.getElementById('live-indicator-text');
    if (!indicator || !text) return;
    indicator.dataset.state = name;
    text.textContent = INDICATOR_TEXT.get(name);
  }

  function parseJson(text) {
    try { return JSON.parse(text); } catch { return null; }
  }

  // Calls onEvent for every event summary and onConnected after each (re)connect. The stream
  // opens once signed in, and again after a new sign-in when it was refused for a lost session.
  function follow(onEvent, onConnected) {
    let source = null;
    let backoff = BACKOFF_START_MS;

    function connect() {
      source = new EventSource(STREAM_URL);
      const mine = source;
      setIndicator('connecting');
      source.addEventListener('message', (message) => {
        if (mine !== source) return;
        const data = parseJson(message.data);
        if (!data) return;
        if (data.type === 'connected') {
          backoff = BACKOFF_START_MS;
          setIndicator('live');
          onConnected();
        } else {
          onEvent(data);
        }
      });
      source.addEventListener('bridge', (message) => {
        const data = parseJson(message.data);
        if (mine === source && data && typeof data.live === 'boolean') {
          setIndicator(data.live ? 'live' : 'paused');
        }
      });
      source.addEventListener('error', () => {
        if (mine !== source) return;
        setIndicator('reconnecting');
        if (source.readyState === EventSource.CLOSED) {
          source = null;
          reconnect();
        }
      });
    }

    async function reconnect() {
      try {
        await VigilarAuth.api('/api/session');
      } catch (error) {
        if (error instanceof VigilarAuth.ApiError && error.status === 401) {
          VigilarAuth.whenSignedIn(connect);
          return;
        }
      }
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    }

    VigilarAuth.whenSignedIn(connect);
  }

  // Runs fn at most once per delay, however often it is asked for.
  function debounce(fn, delayMs) {
    let timer = null;
    return () => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, delayMs);
    };
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = text;
    return el;
  }

  const MODE_LABELS = new Map([
    ['disarmed', 'Disarmed'],
    ['arming', 'Arming'],
    ['armed_home', 'Armed home'],
    ['armed_night', 'Armed night'],
    ['armed_away', 'Armed away'],
    ['pending', 'Entry delay'],
    ['triggered', 'Alarm!'],
  ]);

  function modeLabel(name) {
    return MODE_LABELS.get(name) || String(name);
  }

  return { request, errorText, follow, debounce, element, modeLabel };
})();
