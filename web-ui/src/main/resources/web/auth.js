'use strict';

// Sign-in for the app: shows the login view whenever the appliance answers 401, keeps the
// session's CSRF token for state-changing requests, and offers sign-out and the HTTPS banner.
// Other scripts call VigilarAuth.api(), VigilarAuth.whenSignedIn() and
// VigilarAuth.signInFacts().

const VigilarAuth = (() => {
  const SESSION_URL = '/api/session';
  const waiting = [];
  const auth = { csrf: null, signedIn: false };
  const els = {};

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function errorOf(response) {
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') message = body.error;
    } catch {
      // Not JSON: the status line is all there is.
    }
    return new ApiError(response.status, message);
  }

  // fetch() for the JSON API: state-changing requests say they send JSON and carry the
  // session's CSRF token; a 401 brings up the login view and rejects.
  async function api(url, options = {}) {
    const method = (options.method || 'GET').toUpperCase();
    const headers = { Accept: 'application/json', ...(options.headers || {}) };
    const init = { ...options, method, headers, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') {
      headers['Content-Type'] = 'application/json';
      if (auth.csrf) headers['X-CSRF-Token'] = auth.csrf;
      if (options.body !== undefined && typeof options.body !== 'string') {
        init.body = JSON.stringify(options.body);
      }
    }
    const response = await fetch(url, init);
    if (response.status === 401) {
      showLogin();
      throw await errorOf(response);
    }
    if (!response.ok) throw await errorOf(response);
    return response.status === 204 ? null : response.json();
  }

  function whenSignedIn(callback) {
    if (auth.signedIn) callback();
    else waiting.push(callback);
  }

  function signedIn(body) {
    auth.csrf = body && body.csrf_token ? body.csrf_token : auth.csrf;
    auth.signedIn = true;
    els.loginView.hidden = true;
    els.logout.hidden = false;
    document.body.classList.remove('signed-out');
    while (waiting.length > 0) waiting.shift()();
  }

  function showLogin(message) {
    auth.signedIn = false;
    auth.csrf = null;
    els.loginView.hidden = false;
    els.logout.hidden = true;
    document.body.classList.add('signed-out');
    els.loginError.textContent = message || '';
    els.loginError.hidden = !message;
    els.password.focus();
  }

  async function onLogin(event) {
    event.preventDefault();
    els.loginButton.disabled = true;
    try {
      const response = await fetch('/api/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ password: els.password.value }),
      });
      if (response.ok) {
        els.password.value = '';
        signedIn(await response.json());
        return;
      }
      const error = await errorOf(response);
      const retry = response.headers.get('Retry-After');
      showLogin(response.status === 429 && retry
        ? `Too many attempts. Try again in ${retry} s.` : error.message);
    } catch (error) {
      showLogin(`Could not reach the appliance: ${error.message}`);
    } finally {
      els.loginButton.disabled = false;
    }
  }

  async function onLogout() {
    try {
      await api('/api/logout', { method: 'POST', body: {} });
    } catch {
      // Signed out already, or unreachable: the reload shows the login either way.
    }
    location.reload();
  }

  async function checkSession() {
    try {
      signedIn(await api(SESSION_URL));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) {
        showLogin(`Could not reach the appliance: ${error.message}`);
      }
    }
  }

  // Where HTTPS is and which CA to trust ({https_port, ca_url, ca_sha256}), as GET /api/login
  // tells it without a session: the HTTPS banner and the phone setup view show before sign-in.
  async function signInFacts() {
    const response = await fetch('/api/login', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw await errorOf(response);
    return response.json();
  }

  async function showHttpsBanner() {
    if (location.protocol !== 'http:') return;
    try {
      const tls = await signInFacts();
      if (!tls.https_port) return;
      const target = new URL(location.href);
      target.protocol = 'https:';
      target.port = String(tls.https_port);
      els.httpsLink.href = target.href;
      els.httpsBanner.hidden = false;
    } catch {
      // No banner when the appliance cannot say where HTTPS is.
    }
  }

  function init() {
    els.loginView = document.getElementById('login-view');
    els.loginForm = document.getElementById('login-form');
    els.password = document.getElementById('login-password');
    els.loginButton = document.getElementById('login-button');
    els.loginError = document.getElementById('login-error');
    els.logout = document.getElementById('logout-button');
    els.httpsBanner = document.getElementById('https-banner');
    els.httpsLink = document.getElementById('https-link');
    els.loginForm.addEventListener('submit', onLogin);
    els.logout.addEventListener('click', onLogout);
    showHttpsBanner();
    checkSession();
  }

  document.addEventListener('DOMContentLoaded', init);

  // The session's CSRF token, for scripts that call fetch() themselves; null until signed in.
  function csrfToken() {
    return auth.csrf;
  }

  return { api, whenSignedIn, showLogin, csrfToken, signInFacts, ApiError };
})();
