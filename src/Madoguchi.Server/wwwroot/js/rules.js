// Progressive enhancement only: live show/hide and running calculations with the same expression language the
// server uses (expressions.js). The server decides; without this file every page still works by round trips.
(function () {
  'use strict';
  var data = document.getElementById('madoguchi-rules');
  var X = window.MadoguchiExpr;
  if (!data || !X) { return; }
  var config = JSON.parse(data.textContent);
  var form = document.querySelector('form[data-rules]');
  if (!form) { return; }

  var types = {};
  Object.keys(config.types).forEach(function (id) { types[id] = X.parseType(config.types[id]); });
  var asts = {};
  function compiled(text) {
    if (!Object.prototype.hasOwnProperty.call(asts, text)) { asts[text] = X.parse(text).ast || null; }
    return asts[text];
  }

  // Typed values from what is in the form now. Anything unreadable is null (blank), as the server would treat it
  // until the applicant fixes it.
  function narrow(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/[\u2212\u30FC\u2010-\u2015]/g, '-').trim();
  }
  function parseValue(kind, raw) {
    if (raw === null || raw === undefined) { return null; }
    var s = narrow(String(raw));
    if (s === '') { return null; }
    try {
      switch (kind) {
        case 'number':
          s = s.replace(/,/g, '').replace(/[^\d.\-]+$/, '');
          return /^-?\d+(\.\d+)?$/.test(s) ? X.fromJson(s, 'number') : null;
        case 'date':
          var m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
          return m ? X.fromJson(m[1] + '-' + ('0' + m[2]).slice(-2) + '-' + ('0' + m[3]).slice(-2), 'date') : null;
        case 'bool':
          return s === 'yes' || s === 'true' ? true : s === 'no' || s === 'false' ? false : null;
        default:
          return String(raw).trim();
      }
    } catch (e) {
      return null;
    }
  }
  function controls(name) { return Array.prototype.slice.call(form.elements).filter(function (el) { return el.name === name; }); }
  function readSimple(name, type) {
    var els = controls(name);
    if (els.length === 0) { return undefined; }
    if (type.kind === 'list') {
      return els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    var el = els.filter(function (e) { return (e.type !== 'radio' && e.type !== 'checkbox') || e.checked; })[0];
    return parseValue(type.kind, el ? el.value : null);
  }
  function readRecord(prefix, type) {
    var record = new Map();
    var any = false;
    type.members.forEach(function (memberType, member) {
      var v = readSimple(prefix + '.' + member, memberType);
      if (v !== undefined) { any = true; }
      record.set(member, v === undefined ? null : v);
    });
    return any ? record : undefined;
  }
  function readRows(id, type) {
    var rows = [];
    var pattern = new RegExp('^a\\.' + id + '\\[(\\d+)\\]\\.');
    var count = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      var m = pattern.exec(el.name || '');
      if (m) { count = Math.max(count, +m[1] + 1); }
    });
    if (count === 0) { return undefined; }
    for (var i = 0; i < count; i++) {
      var row = readRecord('a.' + id + '[' + i + ']', type.element);
      rows.push(row || new Map());
    }
    return rows;
  }
  function readValues() {
    var values = {};
    Object.keys(config.values).forEach(function (id) {
      values[id] = config.values[id] === null ? null : X.fromJson(config.values[id], types[id]);
    });
    config.page.forEach(function (id) {
      var type = types[id];
      var v = type.kind === 'record' ? readRecord('a.' + id, type)
        : type.kind === 'list' && type.element.kind === 'record' ? readRows(id, type)
        : readSimple('a.' + id, type);
      if (v !== undefined) { values[id] = v; }
    });
    return values;
  }

  function format(value, unit) {
    if (value === null || value === undefined) { return '—'; }
    var json = X.toJson(value);
    if (typeof json === 'string' && /^-?\d+(\.\d+)?$/.test(json)) {
      var parts = json.split('.');
      json = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (parts[1] ? '.' + parts[1] : '');
    }
    return String(json) + (unit ? ' ' + unit : '');
  }

  function update() {
    var values = readValues();
    var env = { values: values, today: config.today };
    // Calculations first (twice, so one may read another), then visibility.
    for (var pass = 0; pass < 2; pass++) {
      form.querySelectorAll('output[data-calculate]').forEach(function (out) {
        var ast = compiled(out.getAttribute('data-calculate'));
        if (!ast) { return; }
        var group = out.getAttribute('data-row');
        var result;
        if (group) {
          var m = /\[(\d+)\]/.exec(out.getAttribute('data-key'));
          var rows = values[group] || [];
          var row = m ? rows[+m[1]] : null;
          result = X.evaluate(ast, { values: values, today: config.today, row: row || new Map() });
          if (row) { row.set(out.getAttribute('data-field'), result.value); }
        } else {
          result = X.evaluate(ast, env);
          values[out.getAttribute('data-field')] = result.value;
        }
        if (pass === 1) { out.textContent = format(result.value, out.getAttribute('data-unit')); }
      });
    }
    form.querySelectorAll('[data-visible-when]').forEach(function (el) {
      var ast = compiled(el.getAttribute('data-visible-when'));
      if (!ast) { return; }
      var group = el.getAttribute('data-row');
      var scope = env;
      if (group) {
        var keyEl = el.querySelector('[name^="a.' + group + '["]');
        var m = keyEl ? /\[(\d+)\]/.exec(keyEl.name) : null;
        scope = { values: values, today: config.today, row: m && values[group] ? values[group][+m[1]] : new Map() };
      }
      el.hidden = X.evaluate(ast, scope).value !== true;
    });
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();
