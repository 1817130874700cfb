"""The page's CSS, keyboard script and theme: system fonts only, nothing fetched online."""

from __future__ import annotations

SANS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]

KEYS_HELP = (
    "<b>Keys</b> (outside text boxes): <kbd>j</kbd>/<kbd>k</kbd> next/previous · "
    "<kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>i</kbd> ignore always · "
    "<kbd>Shift</kbd>+<kbd>A</kbd> accept all · <kbd>Shift</kbd>+<kbd>R</kbd> reject all"
)

CSS = """
.gradio-container { max-width: 1440px !important; margin: 0 auto; }
#rs-header { display:flex; align-items:baseline; gap:14px; padding:4px 2px 2px; }
#rs-header h1 { font-size: 22px; margin:0; letter-spacing:-0.01em; }
#rs-header .sub { color:#667; font-size:14px; }
.rs-article { font-family: Georgia, "Iowan Old Style", "Times New Roman", serif; font-size: 17px;
  line-height: 1.62; white-space: pre-wrap; color:#1d1d1f; background:#fff; padding: 18px 22px;
  border:1px solid #e3e3e8; border-radius:10px; max-height: 68vh; overflow:auto; }
.rs-empty { color:#889; font-style: italic; padding: 18px; }
.sg { border-radius:3px; cursor:pointer; scroll-margin: 80px; }
.sg del { text-decoration: line-through; text-decoration-color:#b03030; color:#9a2a2a;
  background:#fbeaea; }
.sg ins { text-decoration:none; background: color-mix(in srgb, var(--kc) 16%, white);
  border-bottom: 2px solid var(--kc); color:#111; }
.sg.rej del { text-decoration:none; color:inherit; background:none;
  border-bottom: 2px dotted var(--kc); }
.sg.rej ins { opacity:.55; font-size:.8em; background:none; border:1px dashed var(--kc);
  border-radius:3px; padding:0 2px; margin-left:2px; vertical-align: 1px; }
.sg.low.rej ins { border-style: dotted; }
.sg.focus { outline: 2px solid #1f4e99; outline-offset: 1px; }
.rs-cards { display:flex; flex-direction:column; gap:6px; max-height: 62vh; overflow:auto;
  padding: 2px 4px 2px 2px; }
.card { border:1px solid #e1e1e6; border-left: 4px solid var(--kc); border-radius:8px;
  padding: 6px 10px 7px; background:#fff; font-size:13.5px; cursor:pointer; scroll-margin: 8px; }
.card.rej { background:#fafafa; }
.card.low { border-style: dashed; border-left-style: solid; }
.card.focus { box-shadow: 0 0 0 2px #1f4e99; }
.card .head { display:flex; align-items:center; gap:8px; }
.card .badge { background: var(--kc); color:#fff; border-radius: 10px; padding: 0 8px;
  font-size: 11.5px; font-weight:600; letter-spacing:.02em; text-transform: uppercase; }
.card .conf { color:#555; font-variant-numeric: tabular-nums; font-size:12px; }
.card .lowtag { color:#8a5a00; background:#fff3d6; border-radius:4px; padding:0 5px; font-size:11px; }
.card .state { margin-left:auto; font-size:11.5px; color:#1e7b34; font-weight:600; }
.card.rej .state { color:#888; font-weight:400; }
.card .change { margin: 4px 0 2px; font-family: Georgia, "Times New Roman", serif; font-size:15px;
  word-break: break-word; }
.card .old { color:#9a2a2a; text-decoration: line-through; text-decoration-color:#c55; }
.card .new { color:#14532d; background:#e8f6ec; border-radius:3px; padding: 0 2px; }
.card .none { color:#888; font-style: italic; font-size: 13px; }
.card .arrow { color:#999; margin: 0 3px; font-size: 12px; }
.card .ctx { color:#444; }
.card .reason { color:#555; font-size:12.5px; line-height:1.35; }
.card .acts { display:flex; gap:6px; margin-top:5px; }
.card button.act { border:1px solid #cfd3da; background:#fff; border-radius:6px; padding:1px 9px;
  font-size:12.5px; cursor:pointer; color:#333; }
.card button.act:hover { border-color:#888; }
.card.acc button.acc-b { background:#1e7b34; border-color:#1e7b34; color:#fff; }
.card.rej button.rej-b { background:#6b7280; border-color:#6b7280; color:#fff; }
.card button.ign { margin-left:auto; color:#666; }
.rs-summary { font-size:14px; color:#333; padding: 2px 2px 4px; }
.rs-summary .chips { display:flex; flex-wrap:wrap; gap:4px; margin-top:4px; }
.chip { font-size:11.5px; border-radius:10px; padding:0 8px; color:#fff; background:var(--kc); }
.rs-keys { font-size:12.5px; color:#555; }
.rs-keys kbd { border:1px solid #ccc; border-bottom-width:2px; border-radius:4px; padding:0 4px;
  font-size:11.5px; background:#f7f7f7; font-family: ui-monospace, monospace; }
.rs-banner { background:#eef4ff; border:1px solid #c9dafc; border-radius:8px; padding:6px 12px;
  font-size:14px; }
#result textarea { font-family: Georgia, "Times New Roman", serif !important; font-size:15px !important;
  line-height:1.55 !important; }
#source textarea { font-size:14px !important; }
.rs-error { color:#8a1c1c; background:#fdecec; border:1px solid #f2c1c1; border-radius:8px;
  padding: 6px 12px; font-size: 14px; }
"""

HEAD = """
<script>
(() => {
  if (window.__restoreKeys) return;
  window.__restoreKeys = true;
  let focus = 0;
  let nonce = 0;
  const cards = () => Array.from(document.querySelectorAll('#cards .card'));
  function paint(scroll) {
    document.querySelectorAll('.card.focus, .sg.focus').forEach(e => e.classList.remove('focus'));
    const list = cards();
    if (!list.length) return;
    focus = Math.max(0, Math.min(focus, list.length - 1));
    const card = document.getElementById('card-' + focus);
    const span = document.getElementById('sg-' + focus);
    if (card) card.classList.add('focus');
    if (span) span.classList.add('focus');
    if (scroll) {
      if (card) card.scrollIntoView({block: 'nearest'});
      if (span) span.scrollIntoView({block: 'nearest'});
    }
  }
  const log = [];
  function send(act, n) {
    // Append to a command log; the server applies entries it has not seen yet, so a burst
    // of keys that reaches it as one update loses nothing.
    const box = document.querySelector('#cmd textarea, #cmd input');
    if (!box) return;
    if (act === 'accept' || act === 'reject') {  // show it at once; the server confirms
      const on = act === 'accept';
      for (const el of [document.getElementById('card-' + n), document.getElementById('sg-' + n)]) {
        if (el) { el.classList.toggle('acc', on); el.classList.toggle('rej', !on); }
      }
    }
    log.push((++nonce) + ':' + act + ':' + n);
    if (log.length > 200) log.shift();
    box.value = log.join(';');
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }
  function typing(t) {
    if (!t) return false;
    const tag = (t.tagName || '').toLowerCase();
    return tag === 'textarea' || tag === 'input' || tag === 'select' || t.isContentEditable;
  }
  document.addEventListener('click', e => {
    const b = e.target.closest && e.target.closest('button[data-act]');
    if (b) { focus = +b.dataset.n; paint(false); send(b.dataset.act, b.dataset.n); return; }
    const s = e.target.closest && e.target.closest('.sg[data-n], .card[data-n]');
    if (s) { focus = +s.dataset.n; paint(true); }
  });
  document.addEventListener('keydown', e => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const list = cards();
    if (!list.length) return;
    const click = id => { const b = document.getElementById(id); if (b) b.click(); };
    switch (e.key) {
      case 'j': case 'ArrowDown': focus += 1; paint(true); break;
      case 'k': case 'ArrowUp': focus -= 1; paint(true); break;
      case 'a': send('accept', focus); focus += 1; paint(true); break;
      case 'r': send('reject', focus); focus += 1; paint(true); break;
      case 'i': if (document.getElementById('ignore-' + focus)) send('ignore', focus); break;
      case 'A': click('accept-all'); break;
      case 'R': click('reject-all'); break;
      default: return;
    }
    e.preventDefault();
  });
  new MutationObserver(() => {
    if (window.__restorePaint) return;
    window.__restorePaint = requestAnimationFrame(() => { window.__restorePaint = 0; paint(false); });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>
"""


def theme():
    """A plain theme on system fonts (the default themes fetch Google Fonts)."""
    import gradio as gr

    return gr.themes.Base(
        primary_hue="blue", neutral_hue="slate", font=SANS, font_mono=MONO, radius_size="md"
    )
