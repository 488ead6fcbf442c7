// The designer's browser side, loaded as a module by DesignerPage (no inline script: the CSP forbids it).
// It only handles what Blazor cannot do well over the circuit: debouncing text inputs so nothing reaches the
// server per keystroke, the ARIA tree's keyboard model, HTML5 drag and drop, undo shortcuts outside text fields,
// and saving when the tab is hidden or closed. Every change to the definition is still made by the server.

const DEBOUNCE_MS = 400;

export function init(root, dotNet) {
  const timers = new Map();
  const listeners = [];
  let dragging = null;

  const on = (target, type, handler, options) => {
    target.addEventListener(type, handler, options);
    listeners.push(() => target.removeEventListener(type, handler, options));
  };
  const call = (method, ...args) => dotNet.invokeMethodAsync(method, ...args).catch(() => undefined);
  const tree = () => root.querySelector('#designer-tree');
  // The tree is flat: hierarchy is in aria-level (children follow their parent with a higher level).
  const items = () => Array.from(tree()?.querySelectorAll('[role=treeitem]') ?? []);
  const level = (item) => Number(item?.getAttribute('aria-level') ?? 0);

  // Debounced inputs: a "change" after a pause in typing; a real change (blur, Enter) cancels the pending one.
  const commit = (el) => {
    clearTimeout(timers.get(el));
    timers.delete(el);
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  on(root, 'input', (e) => {
    const el = e.target;
    if (!(el instanceof HTMLElement) || !el.matches('[data-debounce]')) return;
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(() => commit(el), DEBOUNCE_MS));
  });
  on(root, 'change', (e) => {
    if (e.isTrusted && timers.has(e.target)) {
      clearTimeout(timers.get(e.target));
      timers.delete(e.target);
    }
  }, true);
  const flushInputs = () => Array.from(timers.keys()).forEach(commit);

  // The tree: arrows move (selection follows focus), Home/End, Right/Left expand, collapse or go to child/parent,
  // Alt+arrows move the item, Delete deletes it, Enter goes to its properties.
  const focusItem = (from, to) => {
    if (!to) return;
    if (from) from.tabIndex = -1;
    to.tabIndex = 0;
    to.focus();
    call('SelectNode', to.dataset.node);
  };
  on(root, 'keydown', (e) => {
    const item = e.target instanceof HTMLElement ? e.target.closest('[role=treeitem]') : null;
    if (!item || e.target !== item) return;
    const key = item.dataset.node;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const action = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'out', ArrowRight: 'in' }[e.key];
      if (action) {
        e.preventDefault();
        call('TreeKey', key, action);
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const list = items();
    const index = list.indexOf(item);
    const expanded = item.getAttribute('aria-expanded');
    switch (e.key) {
      case 'ArrowDown': focusItem(item, list[index + 1]); break;
      case 'ArrowUp': focusItem(item, list[index - 1]); break;
      case 'Home': focusItem(item, list[0]); break;
      case 'End': focusItem(item, list[list.length - 1]); break;
      case 'ArrowRight':
        if (expanded === 'false') call('TreeKey', key, 'expand');
        else if (expanded === 'true' && level(list[index + 1]) > level(item)) focusItem(item, list[index + 1]);
        break;
      case 'ArrowLeft':
        if (expanded === 'true') call('TreeKey', key, 'collapse');
        else focusItem(item, list.slice(0, index).reverse().find((other) => level(other) < level(item)));
        break;
      case 'Delete':
        call('TreeKey', key, 'delete');
        break;
      case 'Enter':
      case ' ':
        call('SelectNode', key).then(() => {
          root.querySelector('#designer-properties :is(input:not([readonly]), textarea, select, button)')?.focus();
        });
        break;
      default:
        return;
    }
    e.preventDefault();
  });

  // Undo and redo outside text fields (inside them the browser's own undo applies to the text being typed).
  const typing = (el) => el instanceof HTMLElement && el.matches('textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])');
  on(document, 'keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || typing(e.target)) return;
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) {
      e.preventDefault();
      call('Undo');
    } else if (k === 'y' || (k === 'z' && e.shiftKey)) {
      e.preventDefault();
      call('Redo');
    }
  });

  // Drag and drop: palette entries (copy) and tree items (move) onto tree items, before, after or inside.
  const clearMarks = () => root.querySelectorAll('[data-drop]').forEach((el) => el.removeAttribute('data-drop'));
  const isPage = (node) => !node.includes('.');
  const position = (item, e) => {
    const node = item.dataset.node;
    if (node === 'procedure' || node === 'checks' || node === 'documents' || node.startsWith('route') || !dragging) return null;
    if (dragging.type === 'node' && (node === dragging.value || node.startsWith(dragging.value + '.'))) return null;
    const row = item.querySelector(':scope > .node-row') ?? item;
    const rect = row.getBoundingClientRect();
    const y = (e.clientY - rect.top) / Math.max(rect.height, 1);
    if (dragging.type === 'node' && isPage(dragging.value)) {
      return isPage(node) ? (y < 0.5 ? 'before' : 'after') : null;
    }
    if (isPage(node)) return y < 0.5 ? 'before' : 'inside';
    if (item.dataset.holder === 'true') return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
    return y < 0.5 ? 'before' : 'after';
  };
  on(root, 'dragstart', (e) => {
    const el = e.target instanceof HTMLElement ? e.target : null;
    const kind = el?.closest('[data-kind]');
    const node = el?.closest('[role=treeitem][draggable=true]');
    if (kind) dragging = { type: 'kind', value: kind.dataset.kind };
    else if (node) dragging = { type: 'node', value: node.dataset.node };
    else return;
    e.dataTransfer.effectAllowed = dragging.type === 'kind' ? 'copy' : 'move';
    e.dataTransfer.setData('text/plain', dragging.value);
  });
  on(root, 'dragover', (e) => {
    const item = e.target instanceof HTMLElement ? e.target.closest('#designer-tree [role=treeitem]') : null;
    const where = item ? position(item, e) : null;
    clearMarks();
    if (!where) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = dragging.type === 'kind' ? 'copy' : 'move';
    item.setAttribute('data-drop', where);
  });
  on(root, 'drop', (e) => {
    const item = e.target instanceof HTMLElement ? e.target.closest('#designer-tree [role=treeitem]') : null;
    const where = item ? position(item, e) : null;
    clearMarks();
    if (!where) return;
    e.preventDefault();
    if (dragging.type === 'kind') call('DropKind', dragging.value, item.dataset.node, where);
    else call('DropNode', dragging.value, item.dataset.node, where);
    dragging = null;
  });
  on(root, 'dragend', () => {
    clearMarks();
    dragging = null;
  });

  // The preview frame (same origin, no scripts of its own): scroll the selected field into view and outline it,
  // after every reload and whenever the selection changes. Done from here because a URL fragment would move focus.
  const frame = root.querySelector('#designer-preview');
  const showTarget = () => {
    const doc = frame?.contentDocument;
    if (!doc) return;
    doc.querySelectorAll('[data-designer-target]').forEach((el) => {
      el.removeAttribute('data-designer-target');
      el.style.outline = '';
      el.style.outlineOffset = '';
    });
    const id = frame.dataset.target;
    const target = id ? doc.getElementById(id) : null;
    const box = target?.closest('.field') ?? target;
    if (!box) return;
    box.setAttribute('data-designer-target', '');
    box.style.outline = '3px dashed #0017c1';
    box.style.outlineOffset = '6px';
    // Scroll the frame only (scrollIntoView would scroll the designer around it as well).
    const win = frame.contentWindow;
    const rect = box.getBoundingClientRect();
    win.scrollBy(0, rect.top - (win.innerHeight - Math.min(rect.height, win.innerHeight)) / 2);
  };

  // Desktop width: the frame lays the page out 1024 px wide and is zoomed down to fit the pane.
  const DESKTOP = 1024;
  const fit = () => {
    const wrap = frame?.parentElement;
    if (!wrap) return;
    if (wrap.classList.contains('desktop')) {
      const zoom = Math.min(1, (wrap.clientWidth - 16) / DESKTOP);
      frame.style.width = `${DESKTOP}px`;
      frame.style.zoom = String(zoom);
      frame.style.height = `${(wrap.clientHeight - 16) / zoom}px`;
    } else {
      frame.style.width = '';
      frame.style.zoom = '';
      frame.style.height = '';
    }
  };
  if (frame) {
    on(frame, 'load', showTarget);
    const observer = new MutationObserver((records) => {
      if (records.some((r) => r.attributeName === 'data-target')) showTarget();
      fit();
    });
    observer.observe(frame, { attributes: true, attributeFilter: ['data-target'] });
    observer.observe(frame.parentElement, { attributes: true, attributeFilter: ['class'] });
    const resize = new ResizeObserver(fit);
    resize.observe(frame.parentElement);
    listeners.push(() => observer.disconnect(), () => resize.disconnect());
    fit();
  }

  // Leaving: commit what is being typed and save at once; warn while something is not saved yet.
  const leave = () => {
    flushInputs();
    call('FlushAsync');
  };
  on(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave();
  });
  on(window, 'pagehide', leave);
  on(window, 'beforeunload', (e) => {
    if (root.dataset.saveState !== 'saved') {
      leave();
      e.preventDefault();
      e.returnValue = '';
    }
  });

  return {
    dispose() {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
      listeners.forEach((remove) => remove());
    },
  };
}

export function focusNode(root, key) {
  const el = root.querySelector(`#designer-tree [role=treeitem][data-node="${CSS.escape(key)}"]`);
  if (el) {
    el.focus();
    el.scrollIntoView({ block: 'nearest' });
  }
}

export function focusSelector(root, selector) {
  const el = root.querySelector(selector);
  if (el) {
    el.focus();
    if (typeof el.select === 'function' && el.matches('input[type=text]')) el.select();
  }
}
