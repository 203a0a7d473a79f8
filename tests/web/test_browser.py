"""End-to-end tests in a real headless Chromium (Debian's, never a downloaded one):
upload → report → accept/refuse → download, with and without JavaScript, keyboard only,
and axe-core on every page (no serious or critical violation)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from playwright.sync_api import expect

from .conftest import (JARGON_TEXT, LETTER_PARAS, ROOT, AxeAudit, build_docx, docx_text,
                       run_axe)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def letter_path(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("letters") / "lettre-aide.docx"
    p.write_bytes(build_docx(LETTER_PARAS))
    return p


def _card(page, rule: str):
    return page.locator("li.finding", has=page.locator(f"code:text-is('{rule}')"))


def _upload(page, base, path):
    page.goto(base + "/")
    page.set_input_files("#file", str(path))
    page.click("#go")
    page.wait_for_url(re.compile(r".*/rapport/[\w-]+$"))


def test_upload_accept_refuse_download_docx(page, live_server, letter_path, tmp_path):
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    _upload(page, live_server, letter_path)
    assert "Score de clarté" in page.text_content("main")
    ok = _card(page, "fr.formule.ci-joint")
    no = _card(page, "fr.jargon.solliciter")
    ok.get_by_role("button", name=re.compile("^Accepter")).click()
    page.locator("#diff ins").first.wait_for()
    expect(ok.locator(".status-text")).to_have_text("acceptée")
    no.get_by_role("button", name=re.compile("^Refuser")).click()
    expect(no.locator(".status-text")).to_have_text("refusée")
    assert "1 proposition(s) acceptée(s)" in page.text_content("#applied-count")
    assert "Vous trouverez avec cette lettre" in page.text_content("#diff")
    # decisions were stored on the server: they survive a reload
    page.reload()
    assert _card(page, "fr.formule.ci-joint").locator(".status-text").text_content() == "acceptée"
    with page.expect_download() as dl:
        page.click("#dl-clean")
    out = tmp_path / "out.docx"
    dl.value.save_as(out)
    text = docx_text(out.read_bytes())
    assert "Vous trouverez avec cette lettre le formulaire" in text
    assert "Veuillez trouver ci-joint" not in text
    assert "solliciter" in text                       # refused: kept
    assert dl.value.suggested_filename == "lettre-aide-clair.docx"
    assert not csp_errors, csp_errors


def test_corpus_letter_report(axe_page, live_server, corpus_docx):
    page = axe_page
    _upload(page, live_server, corpus_docx)
    assert "Mise en demeure" in page.text_content("#letter")
    assert page.locator("li.finding").count() > 3
    # filter with JavaScript: unticking a category hides its findings at once
    first_cat = page.locator("#filter input[name=cat]").first
    cat = first_cat.get_attribute("value")
    first_cat.uncheck()
    assert page.locator(f"li.finding[data-cat='{cat}']:visible").count() == 0
    assert "f=1" in page.url
    assert not run_axe(page)


def test_whole_path_without_javascript(browser, live_server, letter_path, tmp_path):
    ctx = browser.new_context(java_script_enabled=False, locale="fr-FR", accept_downloads=True)
    page = ctx.new_page()
    try:
        _upload(page, live_server, letter_path)
        _card(page, "fr.formule.ci-joint").get_by_role(
            "button", name=re.compile("^Accepter")).click()
        page.wait_for_load_state()
        assert _card(page, "fr.formule.ci-joint").locator(".status-text").text_content() == "acceptée"
        _card(page, "fr.jargon.solliciter").get_by_role(
            "button", name=re.compile("^Refuser")).click()
        page.wait_for_load_state()
        assert _card(page, "fr.jargon.solliciter").locator(".status-text").text_content() == "refusée"
        # the GET filter form works without JS
        page.uncheck("#cat-formula")
        page.click("#filter-apply")
        page.wait_for_load_state()
        assert "f=1" in page.url
        assert _card(page, "fr.formule.ci-joint").is_hidden()
        with page.expect_download() as dl:
            page.click("#dl-tracked")
        out = tmp_path / "suivi.docx"
        dl.value.save_as(out)
        import zipfile
        xml = zipfile.ZipFile(out).read("word/document.xml").decode()
        assert "<w:ins " in xml and "Vous trouverez avec cette lettre" in xml
    finally:
        ctx.close()


def test_keyboard_only(page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0                       # visible when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # reach the textarea by Tab only, type the letter, then the submit button
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "text":
            break
    assert page.evaluate("document.activeElement.id") == "text"
    page.keyboard.insert_text(JARGON_TEXT)
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "go":
            break
    assert page.evaluate("document.activeElement.id") == "go"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/rapport/[\w-]+$"))
    # Tab to the first "Accepter" button and press it
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('btn-accept')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('btn-accept')")
    card = page.evaluate("document.activeElement.closest('li').id")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{card} .status-text")).to_have_text("acceptée")
    # the markers in the letter lead to their finding
    page.locator("a.marker").first.focus()
    page.keyboard.press("Enter")
    assert re.search(r"#f-\d+$", page.url)


def test_axe_on_every_page(axe_page, live_server, letter_path):
    page = axe_page
    audit = AxeAudit(page)
    check = audit.check

    page.goto(live_server + "/")
    check("accueil")
    page.goto(live_server + "/?lang=en")
    check("home (en)")
    page.goto(live_server + "/?lang=fr")
    page.fill("#text", "")
    page.click("#go")                                   # nothing sent: error shown
    page.wait_for_selector("#erreur")
    check("accueil avec erreur")
    page.goto(live_server + "/regles")
    check("règles")
    page.goto(live_server + "/regles?q=sigle&categorie=acronym&langue=fr")
    check("règles filtrées")
    page.goto(live_server + "/rapport/inconnu")
    check("404 rapport")
    page.goto(live_server + "/nulle-part")
    check("404")
    _upload(page, live_server, letter_path)
    check("rapport")
    _card(page, "fr.formule.ci-joint").get_by_role("button", name=re.compile("^Accepter")).click()
    page.locator("#diff ins").first.wait_for()
    check("rapport avec avant/après")
    page.goto(page.url + "?f=1&cat=jargon")
    check("rapport filtré")
    assert not audit.failures, audit.failures


@pytest.mark.skipif(not os.environ.get("REWRITER_WEB_SCREENSHOT"),
                    reason="capture d'écran seulement avec REWRITER_WEB_SCREENSHOT=chemin.png")
def test_screenshot_report(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.goto(live_server + "/")
    page.fill("#text", JARGON_TEXT)
    page.click("#go")
    page.wait_for_url(re.compile(r".*/rapport/[\w-]+$"))
    fixable = page.locator("li.finding").filter(has=page.locator(".proposal")).filter(
        has_not=page.locator(".advice"))
    for i, label in ((0, "^Accepter"), (1, "^Accepter"), (2, "^Refuser")):
        fixable.nth(i).get_by_role("button", name=re.compile(label)).click()
        page.wait_for_timeout(400)
    page.evaluate("window.scrollTo(0, 0)")
    out = Path(os.environ["REWRITER_WEB_SCREENSHOT"])
    if not out.is_absolute():
        out = ROOT / out
    page.screenshot(path=str(out), full_page=False)
