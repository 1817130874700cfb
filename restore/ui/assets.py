"""The page's CSS, keyboard script, static controls and theme: system fonts only, nothing
fetched online.

Colours are CSS variables with a light and a dark set: the page follows the OS setting
(Gradio puts ``.dark`` on the page when the OS asks for dark), and every panel of ours
follows with it.
"""

from __future__ import annotations

SANS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]

KEYS = (
    ("j / ↓", "next card"),
    ("k / ↑", "previous card"),
    ("n", "next card still to review"),
    ("a", "accept, then next"),
    ("r or i", "reject (ignore this one), then next"),
    ("e", "edit the change in the card"),
    ("d", "add the word to the house dictionary (where offered)"),
    ("Shift+A / Shift+R", "accept all / reject all"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo a decision"),
    ("?", "show or hide this list"),
)

KEYS_HELP = (
    "<b>Keys</b> (outside text boxes): <kbd>j</kbd>/<kbd>k</kbd> next/previous · "
    "<kbd>n</kbd> next to review · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>e</kbd> edit · "
    "<kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>?</kbd> all keys"
)

KEYS_OVERLAY = (
    '<div id="keys-overlay" role="dialog" aria-modal="true" aria-labelledby="keys-title" hidden>'
    '<div class="rs-overlay-box"><h2 id="keys-title">Keyboard shortcuts</h2><dl>'
    + "".join(f"<dt><kbd>{k}</kbd></dt><dd>{v}</dd>" for k, v in KEYS)
    + '</dl><button class="act" id="keys-close">Close (Esc)</button></div></div>'
)

VIEW_SWITCH = (
    '<div class="rs-switch" id="view-switch" role="radiogroup" aria-label="Show the story as">'
    '<button class="act" role="radio" id="view-original" data-view="original" aria-checked="false">Original</button>'
    '<button class="act" role="radio" id="view-markup" data-view="markup" aria-checked="true">Markup</button>'
    '<button class="act" role="radio" id="view-result" data-view="result" aria-checked="false">Result</button>'
    "</div>"
)

FILTERS = (
    '<div class="rs-filters" id="filters">'
    '<label>Show <select id="filter-kind" aria-label="Show cards of kind"><option value="">every kind</option></select></label>'
    '<label><select id="filter-conf" aria-label="Show cards by confidence">'
    '<option value="">any confidence</option><option value="low">low confidence only</option>'
    '<option value="high">confident only</option></select></label>'
    '<label><input type="checkbox" id="filter-todo"> only to review</label>'
    "</div>"
)

CSS = """
:root, .gradio-container { --rs-bg:#ffffff; --rs-panel:#ffffff; --rs-soft:#f6f7f9; --rs-fg:#1d1d1f;
  --rs-muted:#4f5561; --rs-line:#d9dce3; --rs-del-fg:#9a1f1f; --rs-del-bg:#fbeaea;
  --rs-ins-fg:#0f4d27; --rs-ins-bg:#e3f4e8; --rs-ins-line:#1e7b34; --rs-focus:#1f4e99;
  --rs-low-fg:#6b4700; --rs-low-bg:#fff3d6; --rs-err-fg:#8a1c1c; --rs-err-bg:#fdecec;
  --rs-info-bg:#eef4ff; --rs-info-line:#c9dafc; --rs-acc:#1e7b34; --rs-rej:#5b6270; }
.dark, .dark .gradio-container { --rs-bg:#15171b; --rs-panel:#1e2127; --rs-soft:#262a31; --rs-fg:#e8e9ed;
  --rs-muted:#b4b9c4; --rs-line:#3a3f49; --rs-del-fg:#ffb3b3; --rs-del-bg:#4a1c20;
  --rs-ins-fg:#b9f3c9; --rs-ins-bg:#17402a; --rs-ins-line:#4cc274; --rs-focus:#8fb4ff;
  --rs-low-fg:#ffd98a; --rs-low-bg:#3d2f0b; --rs-err-fg:#ffc2c2; --rs-err-bg:#45171a;
  --rs-info-bg:#1b2a45; --rs-info-line:#34507f; --rs-acc:#2f9a4c; --rs-rej:#6b7280; }
.gradio-container { max-width: 1440px !important; margin: 0 auto; }
#rs-header { display:flex; align-items:baseline; gap:14px; padding:4px 2px 2px; }
#rs-header h1 { font-size: 22px; margin:0; letter-spacing:-0.01em; color:var(--rs-fg); }
#rs-header .sub { color:var(--rs-muted); font-size:14px; }
#keys-button { margin-left:auto; }
.sr { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden;
  clip:rect(0,0,0,0); white-space:nowrap; border:0; }
.rs-article { font-family: Georgia, "Iowan Old Style", "Times New Roman", serif; font-size: 17px;
  line-height: 1.62; white-space: pre-wrap; color:var(--rs-fg); background:var(--rs-panel); padding: 18px 22px;
  border:1px solid var(--rs-line); border-radius:10px; max-height: 68vh; overflow:auto; }
.rs-empty { color:var(--rs-muted); font-style: italic; padding: 18px; }
.sg { border-radius:3px; cursor:pointer; scroll-margin: 80px; }
.sg del { text-decoration: line-through; text-decoration-color:var(--rs-del-fg); color:var(--rs-del-fg);
  background:var(--rs-del-bg); }
.sg ins { text-decoration:none; background: var(--rs-ins-bg); border-bottom: 2px solid var(--kc); color:var(--rs-ins-fg); }
.sg.rej del { text-decoration:none; color:inherit; background:none; border-bottom: 2px dotted var(--kc); }
.sg.rej ins { font-size:.8em; background:none; border:1px dashed var(--kc); color:var(--rs-muted);
  border-radius:3px; padding:0 2px; margin-left:2px; vertical-align: 1px; }
.sg.low.rej ins { border-style: dotted; }
.sg.pending { box-shadow: inset 0 -1px 0 var(--kc); }
.sg.focus { outline: 2px solid var(--rs-focus); outline-offset: 1px; }
body[data-view=original] #article .sg ins, body[data-view=original] #article .sr,
body[data-view=result] #article .sr { display:none; }
body[data-view=original] #article .sg del, body[data-view=result] #article .sg.rej del {
  text-decoration:none; color:inherit; background:none; border:none; }
body[data-view=result] #article .sg.acc del, body[data-view=result] #article .sg.rej ins { display:none; }
body[data-view=result] #article .sg.acc ins { background:none; border:none; color:inherit; }
.rs-switch { display:flex; gap:4px; margin: 2px 0 4px; }
.rs-switch button[aria-checked=true] { background:var(--rs-focus); border-color:var(--rs-focus); color:var(--rs-bg); }
.rs-cards { display:flex; flex-direction:column; gap:6px; max-height: 62vh; overflow:auto;
  padding: 2px 4px 2px 2px; }
.card { border:1px solid var(--rs-line); border-left: 5px solid var(--kc); border-radius:8px;
  padding: 6px 10px 7px; background:var(--rs-panel); color:var(--rs-fg); font-size:13.5px; cursor:pointer; scroll-margin: 8px; }
.card.hidden { display:none; }
.card.decided { background:var(--rs-soft); padding: 3px 10px; }
.card.decided:not(.open) .reason, .card.decided:not(.open) .acts, .card.decided:not(.open) .ctx { display:none; }
.card.decided:not(.open) .change { margin:0; font-size:13.5px; display:inline; }
.card.low { border-style: dashed; border-left-style: solid; }
.card.focus { box-shadow: 0 0 0 2px var(--rs-focus); outline:none; }
.card .head { display:flex; align-items:center; gap:8px; flex-wrap:wrap; }
.card .badge, .chip { background: var(--kc); color:#fff; border-radius: 10px; padding: 0 8px;
  font-size: 11.5px; font-weight:600; letter-spacing:.02em; text-transform: uppercase; }
.card .conf { color:var(--rs-muted); font-variant-numeric: tabular-nums; font-size:12px; }
.card .owntag { color:var(--rs-fg); font-weight:600; }
.lowtag { color:var(--rs-low-fg); background:var(--rs-low-bg); border-radius:4px; padding:0 5px; font-size:11px; }
.card .state { margin-left:auto; font-size:11.5px; color:var(--rs-muted); }
.card.decided.acc .state { color:var(--rs-ins-fg); font-weight:600; }
.card .change { margin: 4px 0 2px; font-family: Georgia, "Times New Roman", serif; font-size:15px;
  word-break: break-word; }
.old { color:var(--rs-del-fg); background:var(--rs-del-bg); text-decoration: line-through; }
.new { color:var(--rs-ins-fg); background:var(--rs-ins-bg); border-radius:3px; padding: 0 2px; text-decoration:none; }
.card .arrow { color:var(--rs-muted); margin: 0 3px; font-size: 12px; }
.card .ctx { color:var(--rs-muted); }
.card .reason { color:var(--rs-muted); font-size:12.5px; line-height:1.35; }
.card .acts { display:flex; gap:6px; margin-top:5px; flex-wrap:wrap; }
button.act { border:1px solid var(--rs-line); background:var(--rs-panel); border-radius:6px; padding:1px 9px;
  font-size:12.5px; cursor:pointer; color:var(--rs-fg); }
button.act:hover:not([disabled]) { border-color:var(--rs-muted); }
button.act[disabled] { opacity:.55; cursor:default; }
.card.decided.acc button.acc-b { background:var(--rs-acc); border-color:var(--rs-acc); color:#fff; }
.card.decided.rej button.rej-b { background:var(--rs-rej); border-color:var(--rs-rej); color:#fff; }
.card button.dict { margin-left:auto; }
.card .edit-box { display:flex; gap:6px; margin:4px 0; }
.card .edit-box input { flex:1; font-family: Georgia, serif; font-size:15px; padding:2px 6px;
  color:var(--rs-fg); background:var(--rs-bg); border:1px solid var(--rs-line); border-radius:5px; }
.rs-summary { font-size:14px; color:var(--rs-fg); padding: 2px 2px 4px; }
.rs-summary .chips { display:flex; flex-wrap:wrap; gap:4px; margin-top:4px; }
.rs-toolbar { display:flex; flex-wrap:wrap; align-items:center; gap:6px; font-size:14px; color:var(--rs-fg);
  padding: 2px 2px 4px; }
#pending-count { font-weight:600; margin-right:auto; }
.rs-unreviewed { font-size:12.5px; color:var(--rs-low-fg); background:var(--rs-low-bg); border-radius:6px; padding:2px 8px; }
.rs-filters { display:flex; flex-wrap:wrap; gap:8px; font-size:13px; color:var(--rs-fg); align-items:center; }
.rs-filters select { color:var(--rs-fg); background:var(--rs-panel); border:1px solid var(--rs-line); border-radius:5px; font-size:13px; }
.rs-legend { font-size:12.5px; color:var(--rs-fg); }
.rs-legend ul { margin:4px 0 0 0; padding-left:16px; }
.rs-legend li { margin: 2px 0; }
.rs-keys { font-size:12.5px; color:var(--rs-muted); }
kbd { border:1px solid var(--rs-line); border-bottom-width:2px; border-radius:4px; padding:0 4px;
  font-size:11.5px; background:var(--rs-soft); color:var(--rs-fg); font-family: ui-monospace, monospace; }
.rs-banner, .rs-confirm { background:var(--rs-info-bg); border:1px solid var(--rs-info-line); border-radius:8px;
  padding:6px 12px; font-size:14px; color:var(--rs-fg); margin: 2px 0; }
.rs-warn { background:var(--rs-low-bg); color:var(--rs-low-fg); border-radius:8px; padding:6px 12px; font-size:14px; margin:2px 0; }
#result textarea { font-family: Georgia, "Times New Roman", serif !important; font-size:15px !important;
  line-height:1.55 !important; }
#source textarea { font-size:14px !important; }
.rs-error { color:var(--rs-err-fg); background:var(--rs-err-bg); border:1px solid var(--rs-err-fg); border-radius:8px;
  padding: 6px 12px; font-size: 14px; }
#keys-overlay { position:fixed; inset:0; background:rgba(0,0,0,.45); z-index:1000; display:flex;
  align-items:center; justify-content:center; }
#keys-overlay[hidden] { display:none; }
.rs-overlay-box { background:var(--rs-panel); color:var(--rs-fg); border-radius:12px; padding:16px 22px; max-width:480px; width:92vw; }
.rs-overlay-box h2 { margin:0 0 8px; font-size:18px; }
.rs-overlay-box dl { display:grid; grid-template-columns: max-content 1fr; gap:4px 12px; margin:0 0 10px; }
.rs-overlay-box dd { margin:0; }
#upload .or, #upload .wrap { color:var(--rs-muted) !important; }
@media (max-width: 760px) {
  .rs-article, .rs-cards { max-height:none; overflow:visible; }
  .rs-article { padding: 12px; font-size:16px; }
  #rs-header .sub { display:none; }
  .card button.act { padding: 4px 12px; font-size:14px; }
}
"""

HEAD = """
<script>
(() => {
  if (window.__restoreKeys) return;
  window.__restoreKeys = true;
  let focus = 0;
  let nonce = 0;
  let editing = null;
  let openN = -1;  // the decided card opened by j/k or a click on it (a button click never moves cards)
  const cards = () => Array.from(document.querySelectorAll('#cards .card'));
  const shown = () => cards().filter(c => !c.classList.contains('hidden'));
  const byN = n => document.getElementById('card-' + n);
  function filter() {
    const kindSel = document.getElementById('filter-kind');
    const conf = (document.getElementById('filter-conf') || {}).value || '';
    const todo = (document.getElementById('filter-todo') || {}).checked;
    const list = cards();
    if (kindSel) {
      const kinds = [...new Set(list.map(c => c.dataset.kind))];
      const have = [...kindSel.options].map(o => o.value).filter(v => v);
      if (kinds.join() !== have.join()) {
        const keep = kindSel.value;
        kindSel.innerHTML = '<option value="">every kind</option>' +
          kinds.map(k => '<option value="' + k + '">' + k.replace(/-/g, ' ') + '</option>').join('');
        kindSel.value = kinds.includes(keep) ? keep : '';
      }
    }
    const kind = kindSel ? kindSel.value : '';
    for (const c of list) {
      const hide = (kind && c.dataset.kind !== kind) || (conf === 'low' && c.dataset.low !== '1') ||
        (conf === 'high' && c.dataset.low === '1') || (todo && c.classList.contains('decided'));
      c.classList.toggle('hidden', !!hide);
    }
  }
  function paint(scroll, take) {
    document.querySelectorAll('.card.focus, .sg.focus, .card.open').forEach(e => e.classList.remove('focus', 'open'));
    const list = cards();
    if (!list.length) return;
    focus = Math.max(0, Math.min(focus, list.length - 1));
    const card = byN(focus);
    const span = document.getElementById('sg-' + focus);
    list.forEach(c => c.tabIndex = -1);
    if (card) { card.classList.add('focus'); card.tabIndex = 0; }
    const opened = byN(openN);
    if (opened) opened.classList.add('open');
    if (span) span.classList.add('focus');
    if (take && card && !editing) card.focus({preventScroll: true});
    if (scroll) {
      if (card) card.scrollIntoView({block: 'nearest'});
      if (span) span.scrollIntoView({block: 'nearest'});
    }
  }
  function step(d) {  // j/k over the cards the filters show
    const list = shown();
    if (!list.length) return;
    const at = list.findIndex(c => +c.dataset.n === focus);
    const next = at < 0 ? 0 : Math.max(0, Math.min(list.length - 1, at + d));
    focus = openN = +list[next].dataset.n;
    paint(true, true);
  }
  function nextUnresolved() {
    const list = shown();
    if (!list.length) return;
    const at = list.findIndex(c => +c.dataset.n === focus);
    for (let i = 1; i <= list.length; i++) {
      const c = list[(Math.max(at, 0) + i) % list.length];
      if (!c.classList.contains('decided')) { focus = openN = +c.dataset.n; paint(true, true); return; }
    }
  }
  const log = [];
  function send(act, n, text) {
    // Append to a command log; the server applies entries it has not seen yet, so a burst
    // of keys that reaches it as one update loses nothing. What it draws back is the truth.
    const box = document.querySelector('#cmd textarea, #cmd input');
    if (!box) return;
    if (act === 'accept' || act === 'reject') {  // show it at once; the server redraws
      const on = act === 'accept';
      for (const el of [byN(n), document.getElementById('sg-' + n)]) {
        if (el) { el.classList.toggle('acc', on); el.classList.toggle('rej', !on); el.classList.add('decided'); }
      }
    }
    let entry = (++nonce) + ':' + act + ':' + n;
    if (text !== undefined) entry += ':' + encodeURIComponent(text);
    log.push(entry);
    if (log.length > 200) log.shift();
    box.value = log.join(';');
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }
  function openEdit(n) {
    const card = byN(n), btn = document.getElementById('edit-' + n);
    if (!card || !btn) return;
    editing = n;
    const change = card.querySelector('.change');
    const boxId = 'edit-input-' + n;
    change.outerHTML = '<div class="edit-box"><input id="' + boxId + '" aria-label="Your text for this change">' +
      '<button class="act" id="edit-save-' + n + '" data-act="edit-save" data-n="' + n + '">Save</button>' +
      '<button class="act" id="edit-cancel-' + n + '" data-act="edit-cancel" data-n="' + n + '">Cancel</button></div>';
    const input = document.getElementById(boxId);
    input.value = btn.dataset.text;
    input.focus();
    input.select();
    input.addEventListener('keydown', e => {
      if (e.key === 'Enter') { e.preventDefault(); saveEdit(n); }
      if (e.key === 'Escape') { e.preventDefault(); cancelEdit(); }
      e.stopPropagation();
    });
  }
  function saveEdit(n) {
    const input = document.getElementById('edit-input-' + n);
    if (!input) return;
    editing = null;
    send('edit', n, input.value);
  }
  function cancelEdit() { editing = null; send('noop', 0); }
  function overlay(show) {
    const o = document.getElementById('keys-overlay');
    if (!o) return;
    o.hidden = show === undefined ? !o.hidden : !show;
    if (!o.hidden) document.getElementById('keys-close').focus();
  }
  function view(mode) {
    document.body.dataset.view = mode;
    document.querySelectorAll('#view-switch [data-view]').forEach(b =>
      b.setAttribute('aria-checked', String(b.dataset.view === mode)));
  }
  function typing(t) {
    if (!t) return false;
    const tag = (t.tagName || '').toLowerCase();
    return tag === 'textarea' || tag === 'input' || tag === 'select' || t.isContentEditable;
  }
  document.addEventListener('click', e => {
    const t = e.target.closest ? e.target : null;
    if (!t) return;
    if (t.closest('#keys-button')) { overlay(true); return; }
    if (t.closest('#keys-close') || t.id === 'keys-overlay') { overlay(false); return; }
    const v = t.closest('#view-switch [data-view]');
    if (v) { view(v.dataset.view); return; }
    const b = t.closest('button[data-act]');
    if (b) {
      if (b.disabled) return;
      const act = b.dataset.act, n = +b.dataset.n;
      if (b.closest('.card')) { focus = openN = n; paint(false); }  // it stays open to change your mind
      if (act === 'next') nextUnresolved();
      else if (act === 'edit-open') openEdit(n);
      else if (act === 'edit-save') saveEdit(n);
      else if (act === 'edit-cancel') cancelEdit();
      else if (act === 'keep') send('noop', 0);
      else send(act, n);
      return;
    }
    const s = t.closest('.sg[data-n], .card[data-n]');
    if (s) { focus = openN = +s.dataset.n; paint(true, s.classList.contains('card')); }
  });
  document.addEventListener('focusin', e => {  // Tab and j/k move one cursor
    const c = e.target.closest && e.target.closest('#cards .card');
    if (c && +c.dataset.n !== focus) { focus = +c.dataset.n; paint(false); }
  });
  document.addEventListener('change', e => {
    if (e.target.closest && e.target.closest('#filters')) filter();
  });
  document.addEventListener('keydown', e => {
    const o = document.getElementById('keys-overlay');
    if (o && !o.hidden && e.key === 'Escape') { overlay(false); e.preventDefault(); return; }
    if (typing(e.target) || e.altKey) return;
    if (e.ctrlKey || e.metaKey) {
      const k = e.key.toLowerCase();
      if (k === 'z' || k === 'y') {
        if (!cards().length) return;
        send(k === 'y' || e.shiftKey ? 'redo' : 'undo', 0);
        e.preventDefault();
      }
      return;
    }
    if (e.key === '?') { overlay(); e.preventDefault(); return; }
    const list = cards();
    if (!list.length) return;
    const can = id => { const b = document.getElementById(id); return b && !b.disabled; };
    switch (e.key) {
      case 'j': case 'ArrowDown': step(1); break;
      case 'k': case 'ArrowUp': step(-1); break;
      case 'n': nextUnresolved(); break;
      case 'a': if (can('accept-' + focus)) { send('accept', focus); step(1); } break;
      case 'r': case 'i': if (can('reject-' + focus)) { send('reject', focus); step(1); } break;
      case 'e': if (can('edit-' + focus)) openEdit(focus); break;
      case 'd': if (can('add-to-dictionary-' + focus)) send('dict', focus); break;
      // in the command log, after the keys before them (a click on the button is its own event)
      case 'A': if (can('accept-all')) send('accept-all', 0); break;
      case 'R': if (can('reject-all')) send('reject-all', 0); break;
      default: return;
    }
    e.preventDefault();
  });
  // the reviewer's name: asked once, remembered in this browser
  function fixLabels() {  // Gradio's upload button: its name must hold the words it shows
    const up = document.querySelector('#upload .upload-container');
    if (up && !up.dataset.named) {
      up.dataset.named = '1';
      up.setAttribute('aria-label', up.innerText.replace(/\s+/g, ' ').trim() + ' (.txt, .docx, .jsonl)');
    }
  }
  function remember() {
    const box = document.querySelector('#reviewer textarea, #reviewer input');
    if (!box || box.dataset.remembered) return;
    box.dataset.remembered = '1';
    const name = localStorage.getItem('restore.reviewer');
    if (name && !box.value) { box.value = name; box.dispatchEvent(new Event('input', {bubbles: true})); }
    box.addEventListener('input', () => localStorage.setItem('restore.reviewer', box.value));
  }
  new MutationObserver(() => {
    if (window.__restorePaint) return;
    window.__restorePaint = requestAnimationFrame(() => {
      window.__restorePaint = 0;
      remember();
      fixLabels();
      if (editing !== null && !document.getElementById('edit-input-' + editing)) editing = null;
      filter();
      const had = document.activeElement === document.body || document.activeElement === null;
      paint(false, had && cards().length && window.__restoreCardFocus);
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener('focusout', e => {
    window.__restoreCardFocus = !!(e.target.closest && e.target.closest('#cards'));
  });
})();
</script>
"""


def theme():
    """A plain theme on system fonts (the default themes fetch Google Fonts)."""
    import gradio as gr

    return gr.themes.Base(
        primary_hue="blue", neutral_hue="slate", font=SANS, font_mono=MONO, radius_size="md"
    )
