"""Looks and access in headless Chromium: axe-core finds no serious or critical violation in
light or dark mode, dark mode keeps every panel dark and readable, and a phone gets one
column without nested scroll boxes or sideways scrolling.

axe-core comes from npm (``make axe``, part of ``make test``) into ``node_modules/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ARTIFACTS
from test_ui_browser import TEXT, _restore

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

_AUDIT = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.slice(0, 240)),
  }));
}"""


def _audit(page) -> list[dict]:
    assert AXE.exists(), f"axe-core is missing: run `make axe` (npm install axe-core) to get {AXE}"
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_AUDIT)


def _contrast(page, selector: str) -> float:
    """WCAG contrast of the element's text on the first opaque background behind it."""
    return page.evaluate(
        """s => {
      const el = document.querySelector(s);
      const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      let bg = null;
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c.slice(0, 3); break; }
      }
      bg = bg || [255, 255, 255];
      const fg = rgb(getComputedStyle(el).color).slice(0, 3);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    }""",
        selector,
    )


@pytest.fixture
def dark_page(browser, ui_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(ui_server.url)
    pg.wait_for_selector("#source textarea")
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    context.close()


@pytest.fixture
def phone(browser, ui_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.goto(ui_server.url)
    pg.wait_for_selector("#source textarea")
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    context.close()


def test_axe_finds_nothing_serious_in_a_review(page):
    _restore(page)
    page.click("#reject-0")
    page.wait_for_function("() => document.querySelector('#pending-count').innerText.includes('1 rejected')")
    found = _audit(page)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


def test_dark_mode_keeps_our_panels_dark_and_readable(dark_page):
    page = dark_page
    assert page.evaluate("document.body.classList.contains('dark') || document.documentElement.classList.contains('dark')")
    _restore(page)
    page.keyboard.press("?")
    page.wait_for_selector("#keys-overlay:not([hidden])")
    page.screenshot(path=str(ARTIFACTS / "dark-keys.png"))
    page.keyboard.press("Escape")
    page.screenshot(path=str(ARTIFACTS / "dark-review.png"), full_page=True)
    for panel in ("#article-text", "#card-0"):
        bg = page.eval_on_selector(panel, "e => getComputedStyle(e).backgroundColor")
        rgb = [int(v) for v in bg[bg.index("(") + 1 : bg.index(")")].split(",")[:3]]
        assert sum(rgb) < 3 * 80, f"{panel} is light in dark mode: {bg}"
    for text in ("#article-text", "#card-0 .reason", "#keys-help kbd", "#pending-count", "#card-0 .badge"):
        assert _contrast(page, text) >= 4.5, text
    found = _audit(page)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


def test_phone_gets_one_column_without_nested_scrolling(phone):
    page = phone
    _restore(page)
    page.screenshot(path=str(ARTIFACTS / "phone-top.png"))
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1"), "sideways scroll"
    for box in ("#article-text", "#cards .rs-cards"):
        assert page.eval_on_selector(box, "e => getComputedStyle(e).overflowY") == "visible", box
    art = page.eval_on_selector("#article-text", "e => e.getBoundingClientRect().toJSON()")
    cards = page.eval_on_selector("#card-0", "e => e.getBoundingClientRect().toJSON()")
    assert cards["top"] >= art["top"] + art["height"] - 1, "cards come under the story"
    assert art["width"] >= 300
    page.locator("#card-0").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "phone-cards.png"))
    page.tap("#accept-1")
    page.wait_for_selector("#card-1.acc.decided")


def test_view_switch_shows_original_markup_or_result(page):
    _restore(page)
    deleted = page.locator("#article-text .sg.acc del").first
    inserted = page.locator("#article-text .sg.acc ins").first
    assert deleted.is_visible() and inserted.is_visible()
    page.click("#view-result")
    assert page.get_attribute("#view-result", "aria-checked") == "true"
    assert not deleted.is_visible() and inserted.is_visible()
    page.click("#view-original")
    assert deleted.is_visible() and not inserted.is_visible()
    assert page.inner_text("#article-text").replace("\n", "") == TEXT.replace("\n", "")
    page.click("#view-markup")
    assert deleted.is_visible() and inserted.is_visible()
