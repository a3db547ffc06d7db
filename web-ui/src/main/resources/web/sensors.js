'use strict';

const SENSORS_URL = '/api/sensors';
const REFRESH_TYPES = new Set(['sensor_offline', 'sensor_online', 'battery_low',
  'contact_open', 'contact_closed', 'motion', 'tamper', 'smoke', 'water_leak', 'panic',
  'vibration', 'glass_break']);
const RELATIVE_REFRESH_MS = 30000;
const EDIT_FIELDS = ['name', 'zone', 'role', 'min_active', 'pulses', 'pulse_window',
  'heartbeat'];
const ROLE_LABELS = new Map([
  ['entry', 'Entry'],
  ['perimeter', 'Perimeter'],
  ['interior', 'Interior'],
  ['always', 'Always'],
  ['monitor', 'Monitor'],
]);

const page = { sensors: [], editing: null };
const ui = {};

function bind() {
  ui.message = document.getElementById('sensors-message');
  ui.empty = document.getElementById('sensors-empty');
  ui.table = document.getElementById('sensors-table');
  ui.body = document.getElementById('sensors-body');
  ui.dialog = document.getElementById('edit-dialog');
  ui.form = document.getElementById('edit-form');
  ui.title = document.getElementById('edit-title');
  ui.editMessage = document.getElementById('edit-message');
}

function showMessage(el, text) {
  el.textContent = text;
  el.hidden = text === '';
}

function relative(ts) {
  if (!ts) return 'never';
  const seconds = Math.round((Date.now() - Date.parse(ts)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

function statusOf(sensor) {
  if (sensor.online === true) return ['online', 'Online'];
  if (sensor.online === false) return ['offline', 'Offline'];
  return ['unknown', sensor.last_seen ? 'Unknown' : 'Not heard yet'];
}

function row(sensor) {
  const tr = Vigilar.element('tr', 'sensor-row');
  const name = Vigilar.element('th', 'sensor-name');
  name.scope = 'row';
  name.append(Vigilar.element('span', 'sensor-title', sensor.name || sensor.source_id),
    Vigilar.element('span', 'sensor-id',
      `${sensor.source_id}${sensor.kind ? ` · ${sensor.kind}` : ''}`));

  const [state, label] = statusOf(sensor);
  const status = Vigilar.element('td');
  status.append(Vigilar.element('span', `sensor-status status-${state}`, label));

  const battery = Vigilar.element('td', 'sensor-battery',
    typeof sensor.battery === 'number' ? `${sensor.battery}%` : '–');
  if (typeof sensor.battery === 'number' && sensor.battery < 20) {
    battery.classList.add('battery-low');
  }

  const heard = Vigilar.element('td', 'sensor-heard');
  const time = Vigilar.element('time', null, relative(sensor.last_seen));
  if (sensor.last_seen) {
    time.dateTime = sensor.last_seen;
    time.title = new Date(sensor.last_seen).toLocaleString();
  }
  heard.append(time);

  const edit = Vigilar.element('button', 'mode-button edit-button', 'Edit');
  edit.type = 'button';
  edit.setAttribute('aria-label', `Edit ${sensor.name || sensor.source_id}`);
  edit.addEventListener('click', () => openEditor(sensor.source_id));
  const actions = Vigilar.element('td');
  actions.append(edit);

  tr.append(name, status, battery, heard, Vigilar.element('td', null, sensor.zone || '–'),
    Vigilar.element('td', null, ROLE_LABELS.get(sensor.role) || sensor.role || '–'), actions);
  return tr;
}

function render() {
  ui.body.replaceChildren(...page.sensors.map(row));
  ui.table.hidden = page.sensors.length === 0;
  ui.empty.hidden = page.sensors.length > 0;
}

async function refresh() {
  try {
    const answer = await Vigilar.request(SENSORS_URL);
    if (!answer.ok) {
      showMessage(ui.message, Vigilar.errorText(answer));
      return;
    }
    page.sensors = answer.body.sensors || [];
    showMessage(ui.message, '');
    render();
  } catch (error) {
    showMessage(ui.message, `Could not load the sensors: ${error.message}`);
  }
}

async function openEditor(id) {
  const answer = await Vigilar.request(`${SENSORS_URL}/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    showMessage(ui.message, Vigilar.errorText(answer));
    return;
  }
  page.editing = answer.body;
  ui.title.textContent = answer.body.name || id;
  const edited = new Set(answer.body.edited || []);
  for (const field of EDIT_FIELDS) {
    const input = ui.form.elements[field];
    const value = answer.body[field];
    // Show every effective value; only the role must always have one.
    input.value = value === null || value === undefined ? '' : String(value);
    input.dataset.original = input.value;
    input.dataset.edited = String(edited.has(field));
  }
  showMessage(ui.editMessage, '');
  ui.dialog.showModal();
}

function changes() {
  const body = {};
  for (const field of EDIT_FIELDS) {
    const input = ui.form.elements[field];
    const value = input.value.trim();
    if (value === input.dataset.original) continue;
    if (value === '') body[field] = null;
    else body[field] = field === 'pulses' ? Number(value) : value;
  }
  return body;
}

async function save(event) {
  event.preventDefault();
  const id = page.editing && page.editing.source_id;
  if (!id) return;
  const body = changes();
  if (Object.keys(body).length === 0) {
    ui.dialog.close();
    return;
  }
  const answer = await Vigilar.request(`${SENSORS_URL}/${encodeURIComponent(id)}`,
    { method: 'PUT', body });
  if (!answer.ok) {
    showMessage(ui.editMessage, Vigilar.errorText(answer));
    return;
  }
  ui.dialog.close();
  refresh();
}

function init() {
  bind();
  ui.form.addEventListener('submit', save);
  document.getElementById('edit-cancel').addEventListener('click', () => ui.dialog.close());
  const later = Vigilar.debounce(refresh, 300);
  Vigilar.follow((event) => {
    if (REFRESH_TYPES.has(event.type)) later();
  }, refresh);
  setInterval(render, RELATIVE_REFRESH_MS);
  VigilarAuth.whenSignedIn(refresh);
}

init();
