#include "ledger/chart_app.h"

namespace tally::ledger {

const std::string& chart_app_html() {
  // Inline script and style: a host loads this document as srcdoc or a blob in a
  // sandboxed iframe, where 'self' names no server, and its default CSP allows
  // inline code but no other origin. Text from the ledger only ever goes in
  // through textContent, and the SVG through an XML parser with scripts and
  // event attributes removed (the server escaped it already; this is the second lock).
  static const std::string html = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tally chart</title>
<style>
:root{color-scheme:light dark;--fg:var(--color-text-primary,#1a1a1a);--bg:var(--color-background-primary,#fff);--line:var(--color-border-primary,#ccc);--muted:var(--color-text-secondary,#555)}
:root.dark{--fg:var(--color-text-primary,#eee);--bg:var(--color-background-primary,#141414);--line:var(--color-border-primary,#444);--muted:var(--color-text-secondary,#bbb)}
body{margin:0;padding:.5rem;font:14px/1.4 var(--font-sans,"DejaVu Sans",system-ui,sans-serif);color:var(--fg);background:var(--bg)}
h1{font-size:1.1rem;margin:.2rem 0 .5rem}#chart svg{width:100%;height:auto;max-width:48rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin-top:.5rem}
th,td{border-bottom:1px solid var(--line);padding:.2rem .4rem;text-align:left;white-space:nowrap}
td.money{text-align:right;font-variant-numeric:tabular-nums}#status{color:var(--muted)}
</style></head>
<body>
<h1 id="title">Chart</h1>
<p id="status" role="status">Waiting for the chart…</p>
<div id="chart"></div>
<div class="scroll"><table id="numbers" hidden><thead></thead><tbody></tbody></table></div>
<script>
'use strict';
(function () {
  var TITLES = {
    spending_by_category: 'Spending by category',
    income_vs_expenses: 'Income and expenses',
    net_worth: 'Net worth at each month end',
    lent_balances: 'What each person owes you (Lent balances)'
  };
  var nextId = 1;
  var pending = {};
  function send(message) { window.parent.postMessage(message, '*'); }
  function request(method, params) {
    var id = nextId++;
    return new Promise(function (resolve, reject) {
      pending[id] = { resolve: resolve, reject: reject };
      send({ jsonrpc: '2.0', id: id, method: method, params: params });
    });
  }
  function notify(method, params) { send({ jsonrpc: '2.0', method: method, params: params || {} }); }
  function el(name, text) {
    var e = document.createElement(name);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function cleanSvg(text) {
    var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    var root = doc.documentElement;
    if (!root || root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) return null;
    var bad = root.querySelectorAll('script,foreignObject,iframe,object,embed');
    for (var i = 0; i < bad.length; i++) bad[i].remove();
    var all = [root].concat(Array.prototype.slice.call(root.querySelectorAll('*')));
    all.forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (a) {
        var name = a.name.toLowerCase();
        if (name.indexOf('on') === 0 || /href$/.test(name)) node.removeAttribute(a.name);
      });
    });
    return document.importNode(root, true);
  }

  function showNumbers(data) {
    var table = document.getElementById('numbers');
    var head = table.tHead, body = table.tBodies[0];
    head.textContent = '';
    body.textContent = '';
    if (!data || !Array.isArray(data.months) || !Array.isArray(data.series) || !data.series.length) {
      table.hidden = true;
      return;
    }
    var tr = el('tr');
    var corner = el('th', 'Series');
    corner.scope = 'col';
    tr.appendChild(corner);
    data.months.forEach(function (m) { var th = el('th', String(m)); th.scope = 'col'; tr.appendChild(th); });
    head.appendChild(tr);
    data.series.forEach(function (s) {
      var row = el('tr');
      var th = el('th', String(s.name) + ' (' + String(s.currency) + ')');
      th.scope = 'row';
      row.appendChild(th);
      (s.values || []).forEach(function (v) {
        var td = el('td', String(v && v.amount !== undefined ? v.amount : ''));
        td.className = 'money';
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.hidden = false;
  }

  function render(result) {
    var status = document.getElementById('status');
    var chart = document.getElementById('chart');
    if (result.isError) {
      status.textContent = 'The chart could not be drawn: ' +
        ((result.content && result.content[0] && result.content[0].text) || 'unknown error');
      return;
    }
    var data = result.structuredContent;
    document.getElementById('title').textContent = (data && TITLES[data.kind]) || 'Chart';
    chart.textContent = '';
    (result.content || []).forEach(function (block) {
      var r = block && block.type === 'resource' && block.resource;
      if (r && r.mimeType === 'image/svg+xml' && typeof r.text === 'string' && !chart.firstChild) {
        var svg = cleanSvg(r.text);
        if (svg) chart.appendChild(svg);
      }
    });
    showNumbers(data);
    status.textContent = chart.firstChild ? '' : 'No picture came with the result; the numbers are below.';
    notify('ui/notifications/size-changed',
      { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight });
  }

  function applyContext(ctx) {
    if (ctx && ctx.theme) document.documentElement.classList.toggle('dark', ctx.theme === 'dark');
    var vars = ctx && ctx.styles && ctx.styles.variables;
    if (vars) Object.keys(vars).forEach(function (k) {
      if (/^--[a-z0-9-]+$/.test(k) && typeof vars[k] === 'string') document.documentElement.style.setProperty(k, vars[k]);
    });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return;
    var m = event.data;
    if (!m || m.jsonrpc !== '2.0') return;
    if (m.method === undefined && m.id !== undefined) {
      var p = pending[m.id];
      if (!p) return;
      delete pending[m.id];
      if (m.error) p.reject(m.error); else p.resolve(m.result);
      return;
    }
    if (m.method === 'ui/notifications/tool-result') render(m.params || {});
    else if (m.method === 'ui/notifications/tool-input') document.getElementById('status').textContent = 'Drawing the chart…';
    else if (m.method === 'ui/notifications/tool-cancelled') document.getElementById('status').textContent = 'The chart was cancelled.';
    else if (m.method === 'ui/notifications/host-context-changed') applyContext(m.params);
    else if (m.id !== undefined && (m.method === 'ui/resource-teardown' || m.method === 'ping'))
      send({ jsonrpc: '2.0', id: m.id, result: {} });
    else if (m.id !== undefined)
      send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found: ' + m.method } });
  });

  request('ui/initialize', {
    appInfo: { name: 'Tally chart', version: '1' },
    appCapabilities: { availableDisplayModes: ['inline'] },
    protocolVersion: '2026-01-26'
  }).then(function (result) {
    applyContext(result && result.hostContext);
    notify('ui/notifications/initialized', {});
  }, function () {
    document.getElementById('status').textContent = 'The host did not answer ui/initialize.';
  });
})();
</script>
</body></html>
)html";
  return html;
}

mcp::ResourceSpec chart_app_resource() {
  return mcp::ResourceSpec{
      .uri = kChartAppUri,
      .name = "ledger_chart_view",
      .title = "Ledger chart",
      .description =
          "The MCP Apps view of ledger_chart: draws the chart the tool returned, with "
          "its numbers in a table.",
      .mime_type = kChartAppMime,
      .handler =
          [](const std::string& uri, mcp::CallContext&) {
            // No csp: the view reaches no other origin, so the host's restrictive default holds.
            return mcp::json::array({mcp::json{{"uri", uri},
                                               {"mimeType", kChartAppMime},
                                               {"text", chart_app_html()},
                                               {"_meta", {{"ui", {{"prefersBorder", true}}}}}}});
          },
      .ttl_ms = 0};
}

}  // namespace tally::ledger
