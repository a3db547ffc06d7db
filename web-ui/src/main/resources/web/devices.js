'use strict';

// The Devices and Phone setup views: MQTT credentials of the devices (add, list with last seen,
// reset, remove; a new password is shown once) and the appliance's CA certificate.

(() => {
  const els = {};
  const views = ['timeline', 'devices', 'setup'];
  const timeFormat = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function when(iso) {
    if (!iso) return 'never';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : timeFormat.format(date);
  }

  // ---- Views ----

  function currentView() {
    const name = location.hash.replace('#', '');
    return views.includes(name) ? name : 'timeline';
  }

  function showView() {
    const view = currentView();
    els.timeline.hidden = view !== 'timeline';
    els.devicesView.hidden = view !== 'devices';
    els.setupView.hidden = view !== 'setup';
    for (const link of els.nav.querySelectorAll('a')) {
      if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (view === 'devices') VigilarAuth.whenSignedIn(loadDevices);
    if (view === 'setup') loadSetup();
  }

  // ---- Devices ----

  function setDevicesMessage(text) {
    els.devicesMessage.textContent = text;
    els.devicesMessage.hidden = text === '';
  }

  async function loadDevices() {
    try {
      const body = await VigilarAuth.api('/api/devices');
      renderDevices(body.devices || []);
      setDevicesMessage('');
    } catch (error) {
      if (error.status !== 401) setDevicesMessage(`Could not load devices: ${error.message}`);
    }
  }

  function renderDevices(devices) {
    els.deviceRows.replaceChildren();
    els.noDevices.hidden = devices.length > 0;
    els.deviceTable.hidden = devices.length === 0;
    for (const device of devices) {
      const row = el('tr');
      row.dataset.deviceId = device.id;
      row.append(
        el('td', 'device-id', device.id),
        el('td', '', device.kind || '–'),
        el('td', '', device.zone || '–'),
        el('td', 'device-grants', (device.publish || []).join(' ') || '–'),
        el('td', '', when(device.last_seen)),
      );
      const actions = el('td', 'device-actions');
      const reset = el('button', 'button', 'New password');
      reset.type = 'button';
      reset.addEventListener('click', () => resetDevice(device.id));
      const remove = el('button', 'button button-danger', 'Remove');
      remove.type = 'button';
      remove.addEventListener('click', () => removeDevice(device.id));
      actions.append(reset, remove);
      row.append(actions);
      els.deviceRows.append(row);
    }
  }

  function showPassword(id, password) {
    els.secretUser.textContent = id;
    els.secretPassword.textContent = password;
    els.secretPanel.hidden = false;
    els.secretPanel.focus();
  }

  function hidePassword() {
    els.secretPassword.textContent = '';
    els.secretPanel.hidden = true;
  }

  async function copyPassword() {
    try {
      await navigator.clipboard.writeText(els.secretPassword.textContent);
      els.copyButton.textContent = 'Copied';
    } catch {
      // Clipboard access needs HTTPS; select the text so it can be copied by hand.
      const range = document.createRange();
      range.selectNodeContents(els.secretPassword);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  async function addDevice(event) {
    event.preventDefault();
    const publish = els.addPublish.value.split('\n').map((line) => line.trim())
      .filter((line) => line !== '');
    const body = {
      id: els.addId.value.trim(),
      kind: els.addKind.value.trim() || null,
      zone: els.addZone.value.trim() || null,
      publish,
    };
    els.addButton.disabled = true;
    try {
      const created = await VigilarAuth.api('/api/devices', { method: 'POST', body });
      els.addForm.reset();
      setDevicesMessage('');
      showPassword(created.device.id, created.password);
      await loadDevices();
    } catch (error) {
      if (error.status !== 401) setDevicesMessage(`Could not add the device: ${error.message}`);
    } finally {
      els.addButton.disabled = false;
    }
  }

  async function resetDevice(id) {
    const question = `Give ${id} a new password? It is disconnected until it uses the new one.`;
    if (!window.confirm(question)) return;
    try {
      const body = await VigilarAuth.api(`/api/devices/${encodeURIComponent(id)}/reset`,
        { method: 'POST', body: {} });
      showPassword(id, body.password);
    } catch (error) {
      if (error.status !== 401) setDevicesMessage(`Could not reset ${id}: ${error.message}`);
    }
  }

  async function removeDevice(id) {
    if (!window.confirm(`Remove ${id}? It is disconnected and can no longer connect.`)) return;
    try {
      await VigilarAuth.api(`/api/devices/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await loadDevices();
    } catch (error) {
      if (error.status !== 401) setDevicesMessage(`Could not remove ${id}: ${error.message}`);
    }
  }

  // ---- Phone setup ----

  // The setup view also serves visitors not signed in (the HTTPS banner links to it), so it
  // reads the facts the sign-in page may know rather than /api/tls.
  async function loadSetup() {
    try {
      const tls = await VigilarAuth.signInFacts();
      els.caFingerprint.textContent = tls.ca_sha256 || 'not available';
      els.caDownload.hidden = !tls.ca_url;
      els.caMissing.hidden = Boolean(tls.ca_url);
      if (tls.https_port) {
        const target = new URL(location.href);
        target.protocol = 'https:';
        target.port = String(tls.https_port);
        target.hash = '';
        els.setupHttps.href = target.href;
        els.setupHttps.textContent = target.href;
      } else {
        els.setupHttps.removeAttribute('href');
        els.setupHttps.textContent = 'HTTPS is off on this appliance';
      }
    } catch (error) {
      els.caFingerprint.textContent = `could not load: ${error.message}`;
    }
  }

  function init() {
    for (const id of ['devices-view', 'setup-view', 'device-rows', 'no-devices', 'device-table',
      'devices-message', 'add-device-form', 'add-device-id', 'add-device-kind',
      'add-device-zone', 'add-device-publish', 'add-device-button', 'secret-panel',
      'secret-user', 'secret-password', 'secret-copy', 'secret-done', 'ca-fingerprint',
      'ca-download', 'ca-missing', 'setup-https', 'main-nav']) {
      const key = id.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      els[key] = document.getElementById(id);
    }
    els.timeline = document.querySelector('main.content');
    els.nav = els.mainNav;
    els.addForm = els.addDeviceForm;
    els.addId = els.addDeviceId;
    els.addKind = els.addDeviceKind;
    els.addZone = els.addDeviceZone;
    els.addPublish = els.addDevicePublish;
    els.addButton = els.addDeviceButton;
    els.copyButton = els.secretCopy;
    els.addForm.addEventListener('submit', addDevice);
    els.secretCopy.addEventListener('click', copyPassword);
    els.secretDone.addEventListener('click', hidePassword);
    window.addEventListener('hashchange', showView);
    showView();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
