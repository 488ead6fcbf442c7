// Staff inbox keyboard shortcuts (docs/inbox.md). Loaded on every back-office page; acts only where the inbox grid
// is. Every shortcut clicks or focuses a control that is also reachable with Tab, so nothing depends on this file.
(function () {
  'use strict';

  function grid() { return document.getElementById('inbox-grid'); }

  function rows() {
    var g = grid();
    return g ? Array.prototype.slice.call(g.querySelectorAll('tbody tr[data-row]')) : [];
  }

  function isTyping(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toLowerCase();
    if (tag === 'textarea' || tag === 'select' || target.isContentEditable) { return true; }
    if (tag !== 'input') { return false; }
    var type = (target.getAttribute('type') || 'text').toLowerCase();
    return ['checkbox', 'radio', 'button', 'submit', 'reset'].indexOf(type) < 0;
  }

  // The row that holds the roving tab stop (tabindex=0), or the row focus is in.
  function currentIndex(list) {
    var active = document.activeElement;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === active || list[i].contains(active)) { return i; }
    }
    for (var j = 0; j < list.length; j++) {
      if (list[j].getAttribute('tabindex') === '0') { return j; }
    }
    return -1;
  }

  function focusRow(list, index) {
    if (list.length === 0) { return; }
    var target = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (row, i) { row.setAttribute('tabindex', i === target ? '0' : '-1'); });
    list[target].focus();
  }

  function rowControl(selector) {
    var list = rows();
    var index = currentIndex(list);
    return index < 0 ? null : list[index].querySelector(selector);
  }

  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (dialog && typeof dialog.showModal === 'function' && !dialog.open) { dialog.showModal(); }
  }

  document.addEventListener('click', function (event) {
    var opener = event.target.closest && event.target.closest('[data-dialog-open]');
    if (opener) { openDialog(opener.getAttribute('data-dialog-open')); return; }
    var closer = event.target.closest && event.target.closest('[data-dialog-close]');
    if (closer) {
      var dialog = closer.closest('dialog');
      if (dialog) { dialog.close(); }
    }
  });

  // Clicking or tabbing into a row moves the roving tab stop there.
  document.addEventListener('focusin', function (event) {
    var list = rows();
    var row = event.target.closest && event.target.closest('#inbox-grid tbody tr[data-row]');
    if (row) { list.forEach(function (r) { r.setAttribute('tabindex', r === row ? '0' : '-1'); }); }
  });

  document.addEventListener('keydown', function (event) {
    if (!grid() || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    if (event.key === 'Escape' && event.target && event.target.id === 'q') {
      // Esc leaves the search box for the list, where the shortcuts work again.
      var listFromSearch = rows();
      if (listFromSearch.length > 0) { event.preventDefault(); focusRow(listFromSearch, Math.max(currentIndex(listFromSearch), 0)); }
      return;
    }
    if (isTyping(event.target)) { return; }
    var openDialogElement = document.querySelector('dialog[open]');
    if (openDialogElement) { return; } // the dialog handles its own keys (Esc closes it)

    var list = rows();
    var inGrid = grid().contains(document.activeElement);
    var onRow = document.activeElement && document.activeElement.matches && document.activeElement.matches('#inbox-grid tbody tr[data-row]');
    var key = event.key;
    var handled = true;
    if (key === 'j' || (key === 'ArrowDown' && inGrid)) {
      var next = currentIndex(list);
      focusRow(list, next < 0 || !inGrid ? Math.max(next, 0) : next + 1);
    } else if (key === 'k' || (key === 'ArrowUp' && inGrid)) {
      var previous = currentIndex(list);
      focusRow(list, previous < 0 || !inGrid ? Math.max(previous, 0) : previous - 1);
    } else if (key === 'x' || (key === ' ' && onRow)) {
      var box = rowControl('input.row-select');
      if (box) { box.click(); } else { handled = false; }
    } else if (key === 'o' || (key === 'Enter' && onRow)) {
      var link = rowControl('a.open');
      if (link) { link.click(); } else { handled = false; }
    } else if (key === 'c') {
      // With rows selected, c claims the selection (the bulk action); otherwise the focused row.
      var anySelected = grid().querySelector('tbody tr[aria-selected="true"]');
      var claim = anySelected ? document.getElementById('bulk-claim') : rowControl('[data-action="claim"]');
      if (claim && !claim.disabled) { claim.click(); } else { handled = false; }
    } else if (key === '/') {
      var search = document.getElementById('q');
      if (search) { search.focus(); search.select(); } else { handled = false; }
    } else if (key.length === 1 && key >= '1' && key <= '5') {
      var view = document.querySelector('[data-view-key="' + key + '"]');
      if (view) { view.click(); } else { handled = false; }
    } else if (key === '?') {
      openDialog('inbox-help');
    } else {
      handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
})();
