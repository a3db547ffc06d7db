'use strict';

const ALARM_URL = '/api/alarm';
const REFRESH_TYPES = new Set(['alarm_state', 'alarm_triggered', 'contact_open',
  'contact_closed']);
const COUNTDOWN_MS = 250;

const panel = {
  status: null,
  clockOffsetMs: 0,
  countdownTimer: null,
  busy: false,
};

const ui = {};

function bind() {
  ui.state = document.getElementById('panel-state');
  ui.countdown = document.getElementById('panel-countdown');
  ui.detail = document.getElementById('panel-detail');
  ui.message = document.getElementById('panel-message');
  ui.buttons = Array.from(document.querySelectorAll('.mode-button'));
  ui.openSection = document.getElementById('open-section');
  ui.openList = document.getElementById('open-list');
  ui.bypassSection = document.getElementById('bypass-section');
  ui.bypassList = document.getElementById('bypass-list');
}

function showMessage(text) {
  ui.message.textContent = text;
  ui.message.hidden = text === '';
}

function sensorName(sensor) {
  const name = sensor.name || sensor.source_id;
  return sensor.zone ? `${name} (${sensor.zone})` : name;
}

function render(status) {
  panel.status = status;
  panel.clockOffsetMs = Date.parse(status.now) - Date.now();
  ui.state.textContent = Vigilar.modeLabel(status.state);
  ui.state.dataset.state = status.state;
  const by = status.changed_by || {};
  const who = by.by === 'timer' ? 'the timer' : by.actor;
  const cause = status.cause && status.state !== 'disarmed' ? ` Started by ${status.cause}.` : '';
  const when = new Date(status.changed_at).toLocaleTimeString();
  const mode = status.state === status.mode ? '' : `Mode ${Vigilar.modeLabel(status.mode)}. `;
  ui.detail.textContent = `${mode}Changed ${when} by ${who}.${by.by === 'sensor' ? '' : cause}`;
  for (const button of ui.buttons) {
    const current = button.dataset.mode === status.mode;
    button.setAttribute('aria-pressed', String(current));
    const locked = (status.state === 'pending' || status.state === 'triggered')
      && button.dataset.mode !== 'disarmed';
    button.disabled = panel.busy || locked;
  }
  renderOpen(status.open_sensors || []);
  renderBypass(status.bypass || []);
  startCountdown();
}

function renderOpen(sensors) {
  const checked = new Set(checkedBypass());
  ui.openList.replaceChildren();
  for (const sensor of sensors) {
    const item = Vigilar.element('li', 'open-item');
    const label = Vigilar.element('label', 'open-label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = sensor.source_id;
    box.checked = checked.has(sensor.source_id);
    const blocks = sensor.blocks && sensor.blocks.length > 0
      ? `keeps ${sensor.blocks.map(Vigilar.modeLabel).join(', ').toLowerCase()} from arming`
      : 'does not block arming';
    label.append(box, Vigilar.element('span', 'open-name', sensorName(sensor)),
      Vigilar.element('span', 'open-blocks', blocks));
    item.append(label);
    ui.openList.append(item);
  }
  ui.openSection.hidden = sensors.length === 0;
}

function renderBypass(ids) {
  ui.bypassList.textContent = ids.join(', ');
  ui.bypassSection.hidden = ids.length === 0;
}

function checkedBypass() {
  return Array.from(ui.openList.querySelectorAll('input[type=checkbox]:checked'))
    .map((box) => box.value);
}

function startCountdown() {
  clearInterval(panel.countdownTimer);
  panel.countdownTimer = null;
  const status = panel.status;
  if (!status || !status.until) {
    ui.countdown.hidden = true;
    return;
  }
  const tick = () => {
    const left = Date.parse(status.until) - (Date.now() + panel.clockOffsetMs);
    const seconds = Math.max(0, Math.ceil(left / 1000));
    const what = status.state === 'arming' ? 'Leave now' : 'Disarm now';
    ui.countdown.textContent = `${what}: ${seconds} s`;
    ui.countdown.hidden = false;
    if (left <= 0) {
      clearInterval(panel.countdownTimer);
      panel.countdownTimer = null;
    }
  };
  tick();
  panel.countdownTimer = setInterval(tick, COUNTDOWN_MS);
}

async function refresh() {
  try {
    const answer = await Vigilar.request(ALARM_URL);
    if (!answer.ok) {
      showMessage(Vigilar.errorText(answer));
      return;
    }
    render(answer.body);
  } catch (error) {
    showMessage(`Could not load the alarm: ${error.message}`);
  }
}

async function setMode(mode) {
  if (panel.busy) return;
  panel.busy = true;
  ui.buttons.forEach((button) => { button.disabled = true; });
  let message = '';
  try {
    const body = { mode };
    const bypass = checkedBypass();
    if (mode !== 'disarmed' && bypass.length > 0) body.bypass = bypass;
    const answer = await Vigilar.request(ALARM_URL, { method: 'PUT', body });
    if (answer.status === 409 && answer.body && Array.isArray(answer.body.open_sensors)) {
      const names = answer.body.open_sensors.map(sensorName).join(', ');
      message = `Cannot arm: ${names} open. Close, or tick to bypass, then arm again.`;
    } else if (!answer.ok) {
      message = Vigilar.errorText(answer);
    }
  } catch (error) {
    message = `Could not reach the appliance: ${error.message}`;
  }
  panel.busy = false;
  // The answer to a refused arming lists the open sensors; so does the state.
  await refresh();
  showMessage(message);
}

function init() {
  bind();
  for (const button of ui.buttons) {
    button.addEventListener('click', () => setMode(button.dataset.mode));
  }
  const later = Vigilar.debounce(refresh, 150);
  Vigilar.follow((event) => {
    if (REFRESH_TYPES.has(event.type)) later();
  }, refresh);
  VigilarAuth.whenSignedIn(refresh);
}

init();
