// The live console: plain JavaScript, no build step. It places orders through order-service's API
// and polls every service once a second (the other services through order-service's /console/*) to show where each order's messages and effects are.
// The operator's sections call /admin only with credentials the operator typed, checked with one request
// first; a refusal signs the page out instead of trying again, so the page can never lock its operator out.
'use strict';

const REFRESH_MS = 1000;
// Reading a dead-letter queue fetches its first messages and gives them back: often enough to watch, not every second.
const OPERATOR_REFRESH_MS = 5000;
// Where the page reaches each service's dead-letter API: order-service's own, the consumers' through /console.
const DEAD_LETTER_APIS = {
  'order-service': '/admin/dead-letters',
  'logistics-service': '/console/dead-letters/logistics',
  'inventory-service': '/console/dead-letters/inventory',
};
// Where the page reaches each service's stored messages (its records waiting for a confirm, or FAILED).
const MESSAGE_APIS = {
  'order-service': '/admin/messages',
  'logistics-service': '/console/messages/logistics',
  'inventory-service': '/console/messages/inventory',
};
// Where the page reaches each service's answer to "where is my order?" and its audit trail.
const SEARCH_APIS = {
  'order-service': (id) => '/admin/orders/' + id + '/messages',
  'logistics-service': (id) => '/console/orders/logistics/' + id + '/messages',
  'inventory-service': (id) => '/console/orders/inventory/' + id + '/messages',
};
const AUDIT_APIS = {
  'order-service': '/admin/audit?limit=20',
  'logistics-service': '/console/audit/logistics?limit=20',
  'inventory-service': '/console/audit/inventory?limit=20',
};
const state = {
  orderIds: JSON.parse(localStorage.getItem('console.orderIds') || '[]'),
  // 'Basic …' from what the operator typed, in this tab's memory only; null: signed out, no /admin call is made.
  credentials: null,
  // Services whose operator API refused the credentials: not asked again until the next sign-in.
  refused: new Set(),
  // The consumers' stored messages by service, read with the dead letters (null: could not be read).
  consumerRecords: {},
  // The order the operator searched last: searched again with every operator refresh.
  searchedOrder: null,
};

const $ = (id) => document.getElementById(id);

function badge(text, kind) {
  const span = document.createElement('span');
  span.className = 'badge ' + (kind || text);
  span.textContent = text;
  return span;
}

// X-Requested-With: a 401 to this request carries no WWW-Authenticate, so the browser never opens its login dialog.
function adminHeaders(credentials) {
  return { Authorization: credentials || state.credentials, 'X-Requested-With': 'XMLHttpRequest' };
}

// Thrown when the operator API refuses the page's credentials: the page signs out instead of asking again.
class Refused extends Error {}

async function refusal(response) {
  const problem = await response.json().catch(() => ({}));
  return response.status === 429
    ? 'Not signed in: ' + (problem.detail || 'too many failed logins') + ' (Retry-After ' + response.headers.get('Retry-After') + ' s)'
    : 'The operator credentials were refused: sign in again.';
}

// One call to the operator API as the signed-in operator. A 401 or 429 signs the page out: a background
// poll must not send a refused password again and again (each try would count towards the lockout).
async function adminFetch(url, options) {
  if (!state.credentials) {
    throw new Refused('not signed in');
  }
  const response = await fetch(url, Object.assign({}, options, { headers: adminHeaders() }));
  if (response.status === 401 || response.status === 429) {
    signOut(await refusal(response));
    throw new Refused(url + ' answered ' + response.status);
  }
  return response;
}

async function adminJson(url) {
  const response = await adminFetch(url);
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.json();
}

// The typed credentials are tried with one request, and used for the polls only once they worked: a wrong
// password costs one failed login per sign-in, never one per poll.
async function signIn(event) {
  event.preventDefault();
  const user = $('admin-user').value;
  const candidate = 'Basic ' + btoa(user + ':' + $('admin-password').value);
  $('admin-password').value = '';
  signOut('Checking the credentials …');
  const response = await fetch('/admin/orders/stalled?limit=1', { headers: adminHeaders(candidate) });
  if (!response.ok) {
    signOut(response.status === 401 || response.status === 429 ? await refusal(response)
      : 'Could not check the credentials: /admin answered ' + response.status);
    return;
  }
  state.credentials = candidate;
  state.refused.clear();
  $('operator-state').textContent = 'Signed in as ' + user + '.';
  $('sign-out').hidden = false;
  refreshOperator();
}

function signOut(why) {
  state.credentials = null;
  state.consumerRecords = {};
  $('sign-out').hidden = true;
  $('operator-state').textContent = why;
  state.searchedOrder = null;
  for (const [rows, columns] of [['stalled-rows', 5], ['record-rows', 8], ['dead-letter-rows', 9], ['search-rows', 6],
    ['audit-rows', 8]]) {
    $(rows).replaceChildren(emptyRow(columns, 'Sign in to see them.'));
  }
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
  const response = await adminFetch(url, { method }).catch(() => null);
  if (!response) {
    return;
  }
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

// The stored messages, as the operator (null when signed out: the orders table then says nothing about them).
async function loadRecords() {
  if (!state.credentials) {
    return null;
  }
  const sending = await adminJson('/admin/messages?status=SENDING&size=200');
  const failed = await adminJson('/admin/messages?status=FAILED&size=200');
  return [...(sending ? sending.items : []), ...(failed ? failed.items : [])];
}

function messageCell(order, records) {
  const cell = document.createElement('td');
  cell.className = 'message-state';
  if (!records) {
    cell.appendChild(badge('sign in to see', 'pending'));
    return cell;
  }
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
  if (timeline.total > timeline.entries.length) {
    cell.appendChild(badge('+' + (timeline.total - timeline.entries.length) + ' more', 'pending'));
  }
  if (timeline.notStored) {
    cell.appendChild(badge(timeline.notStored + ' not stored (full)', 'FAILED'));
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

// A button for one operator action; the operator's sections are read again once it is answered.
function operatorButton(className, text, url, method) {
  const button = document.createElement('button');
  button.className = className;
  button.textContent = text;
  button.onclick = () => act(url, method).then(refreshOperator);
  return button;
}

function recordRow(service, record) {
  const api = MESSAGE_APIS[service];
  const id = encodeURIComponent(record.message.id);
  const row = document.createElement('tr');
  row.dataset.messageId = record.message.id;
  row.dataset.service = service;
  row.appendChild(textCell('record-service', service));
  row.appendChild(textCell('record-id', record.message.id.substring(0, 8) + '…'));
  row.appendChild(textCell('record-type', record.message.type));
  row.appendChild(textCell('record-order', '#' + record.message.source.id));
  row.appendChild(textCell('record-status', badge(record.status)));
  row.appendChild(textCell('record-attempts', String(record.attempts)));
  row.appendChild(textCell('record-error', record.lastError || ''));
  const actions = document.createElement('td');
  if (record.status === 'FAILED') {
    actions.append(operatorButton('retry', 'Retry', api + '/' + id + '/retry', 'POST'), ' ',
      operatorButton('danger discard', 'Discard', api + '/' + id, 'DELETE'));
  }
  row.appendChild(actions);
  return row;
}

// Every service's stored messages in one table: order-service's read every second, the consumers' with the
// dead letters.
function renderRecords(records) {
  if (!records) {
    return;
  }
  const byService = Object.assign({ 'order-service': records }, state.consumerRecords);
  const rows = [];
  const unread = [];
  for (const [service, list] of Object.entries(byService)) {
    if (list) {
      rows.push(...list.map((record) => recordRow(service, record)));
    } else {
      unread.push(service);
    }
  }
  const none = 'None: every message was confirmed' + (unread.length ? ' (not read: ' + unread.join(', ') + ')' : '') + '.';
  $('record-rows').replaceChildren(...(rows.length ? rows : [emptyRow(8, none)]));
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

// Orders PLACED for longer than order.stalled.after, oldest first, each with its way out: cancel it.
async function renderStalled() {
  const stalled = await adminJson('/admin/orders/stalled?limit=20');
  const rows = stalled.orders.map((order) => {
    const row = document.createElement('tr');
    row.dataset.orderId = order.id;
    row.appendChild(textCell('stalled-id', '#' + order.id));
    row.appendChild(textCell('stalled-customer', order.customerId));
    row.appendChild(textCell('stalled-placed', new Date(order.placedAt).toLocaleTimeString()));
    row.appendChild(textCell('stalled-waiting', order.waiting.replace('PT', '').toLowerCase()));
    const actions = document.createElement('td');
    const cancel = document.createElement('button');
    cancel.className = 'secondary cancel';
    cancel.textContent = 'Cancel';
    cancel.onclick = () => cancelOrder(order.id).then(renderStalled);
    actions.appendChild(cancel);
    row.appendChild(actions);
    return row;
  });
  const none = 'None: every order has had its answer within ' + stalled.placedLongerThan.replace('PT', '').toLowerCase() + '.';
  $('stalled-rows').replaceChildren(...(rows.length ? rows : [emptyRow(5, none)]));
  if (stalled.count > rows.length) {
    $('stalled-rows').appendChild(emptyRow(5, (stalled.count - rows.length) + ' more.'));
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
    actions.append(operatorButton('replay', 'Replay', api + '/' + id + '/replay', 'POST'), ' ',
      operatorButton('danger discard', 'Discard', api + '/' + id, 'DELETE'));
  }
  row.appendChild(actions);
  return row;
}

// Each service's dead-letter queues, with how many wait there, then their first messages. A consumer that
// refuses the operator's credentials is not asked again until the next sign-in.
async function renderDeadLetters() {
  const problems = [];
  const rows = [];
  for (const [service, api] of Object.entries(DEAD_LETTER_APIS)) {
    if (state.refused.has(service)) {
      problems.push(service + ': the operator credentials were refused there');
      continue;
    }
    const queues = await deadLetterQueues(service, api).catch((error) => {
      if (error instanceof Refused) {
        throw error;
      }
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

// order-service's own dead letters ask it directly (a refusal signs out); a consumer's pass through
// /console, where its refusal is that consumer's alone.
async function deadLetterQueues(service, api) {
  if (service === 'order-service') {
    return adminJson(api);
  }
  return consumerJson(service, api);
}

// A consumer's operator API through /console. A refusal there is that consumer's alone: it is not asked
// again until the next sign-in, and the page stays signed in for the others.
async function consumerJson(service, url) {
  const response = await fetch(url, { headers: adminHeaders() });
  if (response.status === 401 || response.status === 429) {
    state.refused.add(service);
    throw new Error('answered ' + response.status);
  }
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.json();
}

// The consumers' stored messages, SENDING and FAILED; returns what could not be read, for the page's errors.
async function loadConsumerRecords() {
  const problems = [];
  for (const service of ['logistics-service', 'inventory-service']) {
    if (state.refused.has(service)) {
      state.consumerRecords[service] = null;
      problems.push(service + ': the operator credentials were refused there');
      continue;
    }
    try {
      const api = MESSAGE_APIS[service];
      const sending = await consumerJson(service, api + '?status=SENDING&size=200');
      const failed = await consumerJson(service, api + '?status=FAILED&size=200');
      state.consumerRecords[service] = [...sending.items, ...failed.items];
    } catch (error) {
      state.consumerRecords[service] = null;
      problems.push(service + ': ' + error.message);
    }
  }
  return problems;
}

// A service's operator API: order-service's own directly (a refusal signs out), a consumer's through /console.
async function operatorJson(service, url) {
  return service === 'order-service' ? adminJson(url) : consumerJson(service, url);
}

function shortId(id) {
  return id ? id.substring(0, 8) + '…' : '';
}

function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

// One row of the order search: the message id in full on hover.
function searchRow(service, what, operation, messageId, when, detail) {
  const row = document.createElement('tr');
  row.dataset.service = service;
  row.appendChild(textCell('search-service', service));
  row.appendChild(textCell('search-what', what));
  row.appendChild(textCell('search-operation', operation || ''));
  const message = textCell('search-message', shortId(messageId));
  message.title = messageId || '';
  row.appendChild(message);
  row.appendChild(textCell('search-when', time(when)));
  row.appendChild(textCell('search-detail', detail || ''));
  return row;
}

// One service's answer to "where is my order?", as rows: its state of the order, what it applied, what waits, what died.
function searchRows(service, found) {
  if (!found) {
    return [searchRow(service, badge('unknown order', 'pending'), '', null, null, 'no such order here')];
  }
  const rows = [];
  if (found.status || found.reservation) {
    rows.push(searchRow(service, badge(found.status || found.reservation), found.status ? 'order status' : 'reservation', null, null, ''));
  }
  rows.push(...found.applied.map((op) => searchRow(service, badge('applied', 'DONE'), op.operation, op.messageId, op.appliedAt, op.effect)));
  rows.push(...found.waiting.map((record) => searchRow(service, badge('waiting: ' + record.status, record.status), record.message.type,
    record.message.id, record.message.createdAt, record.attempts + ' failed attempts' + (record.lastError ? ': ' + record.lastError : ''))));
  rows.push(...found.deadLetters.map((dead) => searchRow(service, badge('dead letter', 'FAILED'), dead.type, dead.messageId,
    dead.firstDeathAt, (dead.reason || 'no x-death') + ' in ' + dead.deadLetterQueue)));
  if (rows.length === 0) {
    rows.push(searchRow(service, badge('nothing', 'pending'), '', null, null, 'nothing applied, waiting or dead here'));
  }
  return rows;
}

// "Where is my order?": each service's GET /admin/orders/{id}/messages, side by side.
async function renderSearch() {
  const id = state.searchedOrder;
  if (!id || !state.credentials) {
    return;
  }
  const rows = [];
  for (const [service, api] of Object.entries(SEARCH_APIS)) {
    if (state.refused.has(service)) {
      rows.push(searchRow(service, badge('not read', 'FAILED'), '', null, null, 'the operator credentials were refused there'));
      continue;
    }
    try {
      rows.push(...searchRows(service, await operatorJson(service, api(id))));
    } catch (error) {
      if (error instanceof Refused) {
        throw error;
      }
      rows.push(searchRow(service, badge('not read', 'FAILED'), '', null, null, error.message));
    }
  }
  if (state.searchedOrder === id) {
    $('search-rows').replaceChildren(...rows);
  }
}

async function searchOrder(event) {
  event.preventDefault();
  if (!state.credentials) {
    $('search-rows').replaceChildren(emptyRow(6, 'Sign in to search.'));
    return;
  }
  state.searchedOrder = Number($('search-order').value);
  await renderSearch().catch((error) => {
    if (!(error instanceof Refused)) {
      $('errors').textContent = 'search: ' + error.message;
    }
  });
}

// Every service's newest audit entries in one list, newest first.
async function renderAudit() {
  const entries = [];
  const problems = [];
  for (const [service, api] of Object.entries(AUDIT_APIS)) {
    if (state.refused.has(service)) {
      continue;
    }
    try {
      const page = await operatorJson(service, api);
      entries.push(...page.entries.map((entry) => Object.assign({ service }, entry)));
    } catch (error) {
      if (error instanceof Refused) {
        throw error;
      }
      problems.push(service + ': ' + error.message);
    }
  }
  entries.sort((a, b) => b.actedAt.localeCompare(a.actedAt));
  const rows = entries.slice(0, 30).map((entry) => {
    const row = document.createElement('tr');
    row.dataset.service = entry.service;
    row.appendChild(textCell('audit-when', time(entry.actedAt)));
    row.appendChild(textCell('audit-service', entry.service));
    row.appendChild(textCell('audit-operator', entry.operator));
    row.appendChild(textCell('audit-action', entry.action));
    row.appendChild(textCell('audit-target', entry.target || ''));
    row.appendChild(textCell('audit-outcome', badge(entry.outcome)));
    row.appendChild(textCell('audit-reason', entry.reason || ''));
    row.appendChild(textCell('audit-detail', entry.detail || ''));
    return row;
  });
  const none = 'No operator action yet' + (problems.length ? ' (not read: ' + problems.join(' · ') + ')' : '') + '.';
  $('audit-rows').replaceChildren(...(rows.length ? rows : [emptyRow(8, none)]));
}

// The operator's sections, every OPERATOR_REFRESH_MS while signed in.
async function refreshOperator() {
  if (!state.credentials) {
    return;
  }
  try {
    await renderStalled();
    const problems = await loadConsumerRecords();
    renderRecords(await loadRecords());
    await renderDeadLetters();
    await renderSearch();
    await renderAudit();
    if (problems.length) {
      $('errors').textContent = 'message records: ' + problems.join(' · ');
    }
  } catch (error) {
    if (!(error instanceof Refused)) {
      $('errors').textContent = 'operator: ' + error.message;
    }
  }
}

async function refresh() {
  const problems = [];
  const guard = (promise, what) => promise.catch((error) => problems.push(what + ': ' + error.message));
  const records = await loadRecords().catch((error) => {
    if (!(error instanceof Refused)) {
      problems.push('message records: ' + error.message);
    }
    return null;
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
  $('operator-form').addEventListener('submit', signIn);
  $('search-form').addEventListener('submit', searchOrder);
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  await refresh();
  setInterval(refresh, REFRESH_MS);
  setInterval(refreshOperator, OPERATOR_REFRESH_MS);
}

start();
