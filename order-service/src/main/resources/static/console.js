// The live console: plain JavaScript, no build step. It places orders through order-service's API
// and polls every service once a second (the other services through order-service's /console/*) to show where each order's messages and effects are.
'use strict';

const REFRESH_MS = 1000;
// Reading a dead-letter queue fetches its first messages and gives them back: often enough to watch, not every second.
const DEAD_LETTER_REFRESH_MS = 5000;
// Where the page reaches each service's dead-letter API: order-service's own, the consumers' through /console.
const DEAD_LETTER_APIS = {
  'order-service': '/admin/dead-letters',
  'logistics-service': '/console/dead-letters/logistics',
  'inventory-service': '/console/dead-letters/inventory',
};
const state = {
  orderIds: JSON.parse(localStorage.getItem('console.orderIds') || '[]'),
};

const $ = (id) => document.getElementById(id);

function badge(text, kind) {
  const span = document.createElement('span');
  span.className = 'badge ' + (kind || text);
  span.textContent = text;
  return span;
}

// X-Requested-With: a refused call then gets no WWW-Authenticate, so the browser never opens its own login dialog.
function adminHeaders() {
  return {
    Authorization: 'Basic ' + btoa($('admin-user').value + ':' + $('admin-password').value),
    'X-Requested-With': 'XMLHttpRequest',
  };
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.json();
}

function rememberOrder(id) {
  if (!state.orderIds.includes(id)) {
    state.orderIds.unshift(id);
    localStorage.setItem('console.orderIds', JSON.stringify(state.orderIds.slice(0, 50)));
  }
}

async function placeOrder(event) {
  event.preventDefault();
  const body = {
    customerId: $('customerId').value,
    lines: [{ productId: $('product').value, quantity: Number($('quantity').value) }],
    shippingAddress: {
      street: $('street').value, city: $('city').value,
      postalCode: $('postalCode').value, country: $('country').value,
    },
  };
  const response = await fetch('/orders', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status === 201) {
    rememberOrder(answer.id);
    $('place-result').textContent = 'Order ' + answer.id + ' placed (201 Created, ' + response.headers.get('Location') + ').';
  } else {
    const fields = (answer.errors || []).map((e) => e.field + ' ' + e.message).join('; ');
    $('place-result').textContent = response.status + ' ' + answer.title + (fields ? ': ' + fields : '');
  }
  refresh();
}

// An operator action; a refusal (problem details) shows in the footer until the next action.
async function act(url, method) {
  const response = await fetch(url, { method, headers: adminHeaders() });
  const problem = response.ok ? null : await response.json().catch(() => ({}));
  $('action-result').textContent = problem
    ? method + ' ' + url + ': ' + response.status + ' ' + (problem.detail || problem.title || '')
    : method + ' ' + url + ': ' + response.status;
  refresh();
}

async function cancelOrder(id) {
  // A JSON request: a cross-site page cannot send one without the browser asking first (CORS preflight).
  await fetch('/orders/' + id + '/cancel', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  refresh();
}

async function loadRecords() {
  const [sending, failed] = await Promise.all(['SENDING', 'FAILED'].map((status) =>
    getJson('/admin/messages?status=' + status + '&size=200', { headers: adminHeaders() })));
  return [...(sending ? sending.items : []), ...(failed ? failed.items : [])];
}

function messageCell(order, records) {
  const cell = document.createElement('td');
  cell.className = 'message-state';
  // A rejected order was cancelled the usual way: it has an OrderCancelled too.
  const expected = order.status === 'CANCELLED' || order.status === 'REJECTED' ? ['OrderCreated', 'OrderCancelled'] : ['OrderCreated'];
  for (const type of expected) {
    const record = records.find((r) => r.message.source.id === String(order.id) && r.message.type === type);
    cell.appendChild(record
      ? badge(type + ': ' + record.status + (record.attempts ? ' (' + record.attempts + ' failed)' : ''), record.status)
      : badge(type + ': delivered', 'delivered'));
  }
  return cell;
}

// One badge per entry of GET /orders/{id}/timeline, oldest first; the time and detail show on hover.
function timelineCell(timeline) {
  const cell = document.createElement('td');
  cell.className = 'timeline';
  if (!timeline) {
    cell.textContent = 'unavailable';
    return cell;
  }
  for (const entry of timeline.entries) {
    const item = badge(entry.event, 'timeline-entry');
    item.title = new Date(entry.at).toLocaleTimeString() + ' · ' + entry.detail + ' · ' + entry.operation;
    cell.appendChild(item);
  }
  if (!timeline.entries.length) {
    cell.appendChild(badge('nothing yet', 'pending'));
  }
  return cell;
}

function textCell(className, content) {
  const cell = document.createElement('td');
  cell.className = className;
  if (content instanceof Node) {
    cell.appendChild(content);
  } else {
    cell.textContent = content;
  }
  return cell;
}

async function renderOrders(records) {
  const rows = await Promise.all(state.orderIds.map(async (id) => {
    const [order, shipment, reservation, timeline] = await Promise.all([
      getJson('/orders/' + id),
      getJson('/console/shipments/' + id).catch(() => undefined),
      getJson('/console/reservations/' + id).catch(() => undefined),
      getJson('/orders/' + id + '/timeline').catch(() => undefined),
    ]);
    if (!order) {
      return null;
    }
    const row = document.createElement('tr');
    row.dataset.orderId = id;
    row.appendChild(textCell('order-id', '#' + id));
    row.appendChild(textCell('order-status', badge(order.status + ' v' + order.version, order.status)));
    row.appendChild(messageCell(order, records));
    row.appendChild(textCell('shipment-status', shipment === undefined ? 'unreachable'
      : shipment ? badge(shipment.status + ' (order v' + shipment.orderVersion + ')', shipment.status) : badge('pending', 'pending')));
    row.appendChild(textCell('reservation-status', reservation === undefined ? 'unreachable'
      : reservation ? badge(reservation.status, reservation.status) : badge('pending', 'pending')));
    row.appendChild(timelineCell(timeline));
    const actions = document.createElement('td');
    if (order.status !== 'CANCELLED' && order.status !== 'REJECTED') {
      const cancel = document.createElement('button');
      cancel.className = 'secondary cancel';
      cancel.textContent = 'Cancel';
      cancel.onclick = () => cancelOrder(id);
      actions.appendChild(cancel);
    }
    row.appendChild(actions);
    return row;
  }));
  const body = $('order-rows');
  const present = rows.filter(Boolean);
  body.replaceChildren(...(present.length ? present : [emptyRow(7, 'No orders yet.')]));
}

function emptyRow(columns, text) {
  const row = document.createElement('tr');
  row.className = 'empty';
  const cell = document.createElement('td');
  cell.colSpan = columns;
  cell.textContent = text;
  row.appendChild(cell);
  return row;
}

function renderRecords(records) {
  const rows = records.map((record) => {
    const row = document.createElement('tr');
    row.dataset.messageId = record.message.id;
    row.appendChild(textCell('record-id', record.message.id.substring(0, 8) + '…'));
    row.appendChild(textCell('record-type', record.message.type));
    row.appendChild(textCell('record-order', '#' + record.message.source.id));
    row.appendChild(textCell('record-status', badge(record.status)));
    row.appendChild(textCell('record-attempts', String(record.attempts)));
    row.appendChild(textCell('record-error', record.lastError || ''));
    const actions = document.createElement('td');
    if (record.status === 'FAILED') {
      const retry = document.createElement('button');
      retry.className = 'retry';
      retry.textContent = 'Retry';
      retry.onclick = () => act('/admin/messages/' + record.message.id + '/retry', 'POST');
      const discard = document.createElement('button');
      discard.className = 'danger discard';
      discard.textContent = 'Discard';
      discard.onclick = () => act('/admin/messages/' + record.message.id, 'DELETE');
      actions.append(retry, ' ', discard);
    }
    row.appendChild(actions);
    return row;
  });
  $('record-rows').replaceChildren(...(rows.length ? rows : [emptyRow(7, 'None: every message was confirmed.')]));
}

async function renderStock() {
  const products = await getJson('/console/products');
  $('product-rows').replaceChildren(...products.map((product) => {
    const row = document.createElement('tr');
    row.dataset.productId = product.id;
    row.appendChild(textCell('product-id', product.id));
    row.appendChild(textCell('product-name', product.name));
    row.appendChild(textCell('stock', String(product.stock)));
    return row;
  }));
}

async function renderDuplicates() {
  for (const service of ['logistics', 'inventory']) {
    const metric = await getJson('/console/duplicates/' + service).catch(() => null);
    const count = metric ? metric.measurements.find((m) => m.statistic === 'COUNT') : null;
    $('duplicates-' + service).textContent = count ? String(Math.round(count.value)) : '0';
  }
}

function deadLetterRow(service, api, message) {
  const row = document.createElement('tr');
  row.dataset.messageId = message.messageId;
  row.appendChild(textCell('dead-letter-service', service));
  row.appendChild(textCell('dead-letter-queue', message.deadLetterQueue));
  row.appendChild(textCell('dead-letter-id', (message.messageId || '(no id)').substring(0, 8) + '…'));
  row.appendChild(textCell('dead-letter-type', message.type || ''));
  row.appendChild(textCell('dead-letter-order', message.sourceId ? '#' + message.sourceId : ''));
  // No reason: the message was put into the dead-letter queue directly, not dead-lettered by the broker.
  const why = badge((message.reason || 'no x-death') + (message.replays ? ', replayed ' + message.replays + '×' : ''), 'FAILED');
  row.appendChild(textCell('dead-letter-reason', why));
  row.appendChild(textCell('dead-letter-since', message.firstDeathAt ? new Date(message.firstDeathAt).toLocaleTimeString() : ''));
  const body = textCell('body-preview', message.bodyPreview.length > 60 ? message.bodyPreview.substring(0, 60) + '…' : message.bodyPreview);
  body.title = message.bodyPreview + ' (' + message.bodyBytes + ' bytes)';
  row.appendChild(body);
  const actions = document.createElement('td');
  if (message.messageId) {
    const id = encodeURIComponent(message.messageId);
    const replay = document.createElement('button');
    replay.className = 'replay';
    replay.textContent = 'Replay';
    replay.onclick = () => act(api + '/' + id + '/replay', 'POST').then(renderDeadLetters);
    const discard = document.createElement('button');
    discard.className = 'danger discard';
    discard.textContent = 'Discard';
    discard.onclick = () => act(api + '/' + id, 'DELETE').then(renderDeadLetters);
    actions.append(replay, ' ', discard);
  }
  row.appendChild(actions);
  return row;
}

// Each service's dead-letter queues, with how many wait there, then their first messages.
async function renderDeadLetters() {
  const problems = [];
  const rows = [];
  for (const [service, api] of Object.entries(DEAD_LETTER_APIS)) {
    const queues = await getJson(api, { headers: adminHeaders() }).catch((error) => {
      problems.push(service + ': ' + error.message);
      return [];
    });
    for (const queue of queues || []) {
      const header = document.createElement('tr');
      header.className = 'queue';
      header.appendChild(textCell('dead-letter-service', service));
      const depth = textCell('dead-letter-depth', queue.queue + ' · ' + queue.depth + ' waiting');
      depth.colSpan = 8;
      header.appendChild(depth);
      rows.push(header, ...queue.messages.map((message) => deadLetterRow(service, api, message)));
    }
  }
  $('dead-letter-rows').replaceChildren(...(rows.length ? rows : [emptyRow(9, 'No dead-letter queues could be read.')]));
  $('errors').textContent = problems.length ? 'dead letters: ' + problems.join(' · ') : $('errors').textContent;
}

async function refresh() {
  const problems = [];
  const guard = (promise, what) => promise.catch((error) => problems.push(what + ': ' + error.message));
  const records = await loadRecords().catch((error) => {
    problems.push('message records: ' + error.message);
    return [];
  });
  await Promise.all([
    guard(renderOrders(records), 'orders'),
    Promise.resolve(renderRecords(records)),
    guard(renderStock(), 'stock'),
    guard(renderDuplicates(), 'duplicates'),
  ]);
  $('errors').textContent = problems.join(' · ');
  $('last-refresh').textContent = 'refreshed ' + new Date().toLocaleTimeString();
}

async function start() {
  $('order-form').addEventListener('submit', placeOrder);
  await refresh();
  setInterval(refresh, REFRESH_MS);
  await renderDeadLetters();
  setInterval(renderDeadLetters, DEAD_LETTER_REFRESH_MS);
}

start();
