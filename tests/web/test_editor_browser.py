"""Rule management in a real headless Chromium (Debian's): an editor signs in, adds a term,
sees it flagged in « Essayer » without any restart and in the history; an agent refuses a
suggestion and the refusal shows in the statistics (the rule highlighted over the
threshold); axe-core on every new page (no serious or critical violation)."""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from playwright.sync_api import expect

from .conftest import JARGON_TEXT, ROOT, AxeAudit

pytestmark = pytest.mark.slow

PASSWORD = "un-mot-de-passe-solide"
SENTENCE = "Déposez vos déchets dans le conteneur enterré du quartier."


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory):
    """A waitress server like ``live_server``, with its app at hand (to create the editor
    account and seed statistics)."""
    from werkzeug.security import generate_password_hash

    from rewriter.commands.serve import build_server
    from webapp import create_app, db, storage

    app = create_app({"DATA_DIR": str(tmp_path_factory.mktemp("live-ed")), "PURGE_MINUTES": 0})
    storage.set_editor(db(app), "alice", generate_password_hash(PASSWORD))
    srv = build_server("127.0.0.1", 0, threads=4, app=app)
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", srv.effective_port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{srv.effective_port}", app
    srv.close()


def _login(page, base):
    page.goto(base + "/editeur")
    page.wait_for_url(re.compile(r".*/editeur/connexion\?suivant=.*"))
    page.fill("#nom", "alice")
    page.fill("#mot_de_passe", PASSWORD)
    page.click("#login-go")
    page.wait_for_url(re.compile(r".*/editeur$"))


def test_editor_adds_term_and_try_sees_it_at_once(page, editor_server):
    base, _ = editor_server
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    # wrong password first: a clear French error, still on the log-in page
    page.goto(base + "/editeur/connexion")
    page.fill("#nom", "alice")
    page.fill("#mot_de_passe", "mauvais")
    page.click("#login-go")
    expect(page.locator("#erreur")).to_contain_text("Identifiant ou mot de passe incorrect")
    _login(page, base)
    # before: nothing flags the sentence (JavaScript: the result comes while typing)
    page.goto(base + "/essayer")
    expect(page.locator("#try-live-hint")).to_be_visible()
    page.fill("#texte", SENTENCE)
    expect(page.locator("#try-result")).to_contain_text("Aucune règle ne signale")
    # add the term
    page.goto(base + "/editeur")
    page.fill("#term", "conteneur enterré")
    page.fill("#replace", "point de collecte")
    page.fill("#fail", "Le conteneur enterré est plein.")
    page.click("#term-add-go")
    page.wait_for_url(re.compile(r".*/editeur#termes$"))
    expect(page.locator(".alert-ok")).to_contain_text("ajouté (version 1)")
    expect(page.locator("#termes")).to_contain_text("org.fr.conteneur-enterre")
    # an invalid term: refused with the loader's line, the pack stays at version 1
    page.fill("#term", "!!!")
    page.fill("#replace", "")
    page.fill("#fail", "")
    page.click("#term-add-go")
    expect(page.locator("#erreur")).to_contain_text("motif « !!! » vide")
    expect(page.locator("#erreur")).to_contain_text("organisation/fr.yml:")
    assert page.evaluate("document.activeElement.id") == "erreur"
    # « Essayer » sees the new term without any restart
    page.goto(base + "/essayer")
    page.fill("#texte", SENTENCE)
    card = page.locator("li.finding[data-rule='org.fr.conteneur-enterre']")
    expect(card).to_be_visible()
    expect(card).to_contain_text("point de collecte")
    expect(page.locator("#try-letter mark.cat-jargon")).to_have_text("conteneur enterré")
    # the history says who did what
    page.goto(base + "/editeur")
    page.click(".subnav >> text=Historique")
    expect(page.locator("#v-1")).to_contain_text("terme ajouté : « conteneur enterré »")
    expect(page.locator("#v-1")).to_contain_text("Par alice")
    assert not csp_errors, csp_errors


def test_try_without_javascript(browser, editor_server):
    base, _ = editor_server
    ctx = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = ctx.new_page()
    try:
        page.goto(base + "/essayer")
        page.fill("#texte", "Nous vous écrivons afin de vous informer.")
        page.click("#try-go")
        page.wait_for_load_state()
        expect(page.locator("li.finding[data-rule='fr.jargon.afin-de']")).to_be_visible()
        expect(page.locator("#try-rewritten")).to_have_text(
            "Nous vous écrivons pour vous informer.")
    finally:
        ctx.close()


def test_refusal_counted_in_statistics(page, editor_server):
    base, app = editor_server
    from webapp import db, storage
    # four earlier refusals of this rule (other letters, other days)
    from sqlalchemy.orm import Session
    with Session(db(app)) as s, s.begin():
        for d in range(4):
            s.add(storage.Feedback(rule="fr.jargon.solliciter", language="fr",
                                   decision="refused",
                                   at=storage.utcnow() - timedelta(days=8 * d)))
    page.goto(base + "/")
    page.fill("#text", JARGON_TEXT)
    page.click("#go")
    page.wait_for_url(re.compile(r".*/rapport/[\w-]+$"))
    card = page.locator("li.finding", has=page.locator("code:text-is('fr.jargon.solliciter')"))
    card.first.get_by_role("button", name=re.compile("^Refuser")).click()
    expect(card.first.locator(".status-text")).to_have_text("refusée")
    _login(page, base)
    page.click(".subnav >> text=Statistiques")
    row = page.locator("tr[data-rule='fr.jargon.solliciter']")
    expect(row).to_have_class("flagged")
    expect(row).to_contain_text("Faux positif probable")
    cells = row.locator("td").all_text_contents()
    assert int(cells[2]) == 5 and int(cells[1]) == 0, cells       # 5 refused, 0 accepted
    assert int(cells[0]) >= 1                                      # shown in the report
    # the chart is an image with a title, a description and its numbers in a table
    assert page.locator("svg.chart-svg title").text_content().startswith("Remarques par semaine")
    page.click("text=Les chiffres semaine par semaine")
    expect(page.locator("figure.chart table")).to_be_visible()
    # period filter, without JavaScript needed (GET form)
    page.select_option("#periode", "7")
    page.click("#stats-go")
    page.wait_for_url(re.compile(r".*periode=7.*"))
    cells = page.locator("tr[data-rule='fr.jargon.solliciter'] td").all_text_contents()
    assert int(cells[2]) == 2, cells                               # today's and d=0 only


def test_axe_on_rule_management_pages(axe_page, editor_server):
    base, _ = editor_server
    page = axe_page
    audit = AxeAudit(page)
    check = audit.check

    page.goto(base + "/essayer")
    check("essayer")
    page.fill("#texte", "Nous vous écrivons afin de vous informer.")
    page.click("#try-go")
    page.locator("li.finding").first.wait_for()
    check("essayer avec résultat")
    page.goto(base + "/editeur/connexion")
    check("connexion")
    page.fill("#nom", "alice")
    page.fill("#mot_de_passe", "mauvais")
    page.click("#login-go")
    page.wait_for_selector("#erreur")
    check("connexion avec erreur")
    _login(page, base)
    check("éditeur")
    page.fill("#term", "")
    page.evaluate("document.getElementById('term').removeAttribute('required')")
    page.click("#term-add-go")
    page.wait_for_selector(".field-error")
    check("éditeur avec erreur de champ")
    page.fill("#term", "!!!")
    page.click("#term-add-go")
    page.wait_for_selector("#erreur")
    check("éditeur, modification refusée")
    page.goto(base + "/editeur/regle?id=fr.jargon.afin-de")
    check("règle fournie")
    page.goto(base + "/editeur/historique")
    check("historique")
    page.goto(base + "/editeur/statistiques?periode=tout")
    check("statistiques")
    page.goto(base + "/editeur/statistiques?lang=en")
    check("statistics (en)")
    page.goto(base + "/regles?pack=organisation&lang=fr")
    check("catalogue, pack organisation")
    terms = page.locator("a", has_text="Modifier ce terme")
    if terms.count():
        terms.first.click()
        check("modifier un terme")
    assert not audit.failures, audit.failures


def test_keyboard_reaches_editor_forms(page, editor_server):
    base, _ = editor_server
    _login(page, base)
    page.goto(base + "/editeur")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "term":
            break
    assert page.evaluate("document.activeElement.id") == "term"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


@pytest.mark.skipif(not os.environ.get("REWRITER_EDITOR_SCREENSHOT"),
                    reason="capture d'écran seulement avec REWRITER_EDITOR_SCREENSHOT=chemin.png")
def test_screenshot_editor(page, editor_server):
    base, _ = editor_server
    _login(page, base)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(base + "/editeur")
    out = Path(os.environ["REWRITER_EDITOR_SCREENSHOT"])
    if not out.is_absolute():
        out = ROOT / out
    page.screenshot(path=str(out), full_page=False)
