"""Every page and error path of the web application, through the Flask test client."""
from __future__ import annotations

import io
import json
import logging
import os
import re

import pytest

from .conftest import (JARGON_TEXT, LETTER_PARAS, csrf_token, docx_text, review_id,
                       upload_file, upload_text)


def _keys(client, rid):
    html = client.get(f"/rapport/{rid}").get_data(as_text=True)
    return re.findall(r'<li id="f-(\d+)" class="finding[^"]*" data-cat="([^"]+)" data-key="([^"]+)"',
                      html), html


def _key_for(client, rid, rule):
    from webapp import db, storage
    app = client.application
    with app.app_context():
        r = storage.get_review(db(app), rid)
    for k, f in zip(r.document["keys"], r.report["findings"]):
        if f["rule"] == rule:
            return k
    raise AssertionError(f"pas de remarque {rule}")


# --- home, language, headers ---------------------------------------------------------
def test_home_in_french_by_default(client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Rendez vos courriers plus clairs" in html
    assert '<input type="file" id="file" name="file"' in html and '<label for="file">' in html
    assert '<label for="text">' in html and "<textarea" in html
    assert 'class="skip-link" href="#contenu"' in html and '<main id="contenu"' in html
    assert "<script>" not in html and " style=" not in html      # strict CSP: nothing inline


def test_english_by_query_and_accept_language(client, make_app):
    r = client.get("/?lang=en")
    assert '<html lang="en">' in r.get_data(as_text=True)
    assert "Make your letters clearer" in client.get("/").get_data(as_text=True)  # remembered
    other = make_app().test_client()
    html = other.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    html = other.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr">' in html


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                 "object-src 'none'", "base-uri 'none'", "form-action 'self'",
                 "frame-ancestors 'none'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_static_files(client):
    for f in ("app.css", "app.js", "favicon.svg"):
        assert client.get(f"/static/{f}").status_code == 200


# --- upload ----------------------------------------------------------------------------
def test_upload_text_then_report(client):
    rid = review_id(upload_text(client))
    assert len(rid) >= 32                                  # secrets.token_urlsafe(24)
    r = client.get(f"/rapport/{rid}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Score de clarté" in html and "/100" in html
    assert "mots en moyenne" in html                       # readability in words
    assert "Veuillez trouver ci-joint" in html
    assert "Vous trouverez avec cette lettre" in html      # the suggestion
    assert html.count('class="decide"') >= 10              # one form per finding
    assert 'name="csrf_token"' in html
    assert "Formule toute faite" in html                   # category as text, not colour only
    assert r.headers["Cache-Control"] == "no-store"


def test_upload_docx(client, letter_docx):
    rid = review_id(upload_file(client, letter_docx, "lettre.docx"))
    html = client.get(f"/rapport/{rid}").get_data(as_text=True)
    assert "Veuillez trouver ci-joint" in html
    assert "modifications suivies" in html


def test_upload_corpus_docx(client, corpus_docx):
    rid = review_id(upload_file(client, corpus_docx.read_bytes(), corpus_docx.name))
    html = client.get(f"/rapport/{rid}").get_data(as_text=True)
    assert "Mise en demeure" in html


def test_post_without_csrf_token_is_400_in_french(client):
    r = client.post("/analyser", data={"text": JARGON_TEXT})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "Formulaire expiré" in html and "Rechargez la page" in html
    assert "Content-Security-Policy" in r.headers


def test_post_with_wrong_csrf_token_is_400(client):
    client.get("/")
    r = client.post("/analyser", data={"text": "x", "csrf_token": "faux"})
    assert r.status_code == 400


def test_decision_without_csrf_is_400(client):
    rid = review_id(upload_text(client))
    r = client.post(f"/rapport/{rid}/decision", data={"key": "0:0:1:x", "decision": "accepted"})
    assert r.status_code == 400


def test_40_mb_upload_is_413_with_french_page(client):
    tok = csrf_token(client)
    big = b"a" * (40 << 20)
    r = client.post("/analyser", data={"csrf_token": tok, "file": (io.BytesIO(big), "gros.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 413
    html = r.get_data(as_text=True)
    assert "trop volumineux" in html and "20 Mo" in html


def test_small_limit_413(make_app):
    c = make_app(MAX_UPLOAD_MB=1).test_client()
    tok = csrf_token(c)
    r = c.post("/analyser", data={"csrf_token": tok,
                                  "file": (io.BytesIO(b"x" * (1 << 20) + b"y" * 5000), "a.txt")},
               content_type="multipart/form-data")
    assert r.status_code == 413


def test_random_bytes_named_docx_is_clear_4xx(client):
    r = upload_file(client, os.urandom(4096), "lettre.docx")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Lettre illisible" in html
    assert "Word" in html or "docx" in html
    assert "Traceback" not in html


def test_zip_bomb_is_refused(client):
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(150):
                f.write(chunk)
    r = upload_file(client, buf.getvalue(), "bombe.docx")
    assert 400 <= r.status_code < 500
    assert "Lettre illisible" in r.get_data(as_text=True)


def test_unsupported_extension_is_415(client):
    r = upload_file(client, b"%PDF-1.4", "lettre.pdf")
    assert r.status_code == 415
    assert "n&#39;est pas pris en charge" in r.get_data(as_text=True)


def test_nothing_sent_is_400(client):
    r = upload_text(client, text="")
    assert r.status_code == 400
    assert "Choisissez un fichier" in r.get_data(as_text=True)
    r = upload_text(client, text="   \n ")
    assert r.status_code == 400


def test_file_and_text_together_is_400(client):
    tok = csrf_token(client)
    r = client.post("/analyser", data={"csrf_token": tok, "text": "Bonjour.",
                                       "file": (io.BytesIO(b"Bonjour."), "a.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 400


def test_bad_language_is_400(client):
    r = upload_text(client, language="de")
    assert r.status_code == 400


def test_script_in_letter_is_shown_as_text(client):
    evil = ("Madame,\n\nVeuillez trouver ci-joint <script>alert('x')</script> le "
            "formulaire <img src=x onerror=alert(1)>.\n")
    rid = review_id(upload_text(client, text=evil))
    html = client.get(f"/rapport/{rid}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    tok = csrf_token(client)
    name_evil = '<script>x</script>.txt'
    r = client.post("/analyser", data={"csrf_token": tok,
                                       "file": (io.BytesIO(b"Veuillez trouver ci-joint."), name_evil)},
                    content_type="multipart/form-data")
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "<script>x</script>" not in html


def test_unknown_review_is_404(client):
    r = client.get("/rapport/nexistepas")
    assert r.status_code == 404
    assert "Rapport introuvable" in r.get_data(as_text=True)
    assert client.get("/rapport/" + "a" * 300).status_code == 404
    tok = csrf_token(client)
    assert client.post("/rapport/nexistepas/decision",
                       data={"csrf_token": tok, "key": "1:0:1:r", "decision": "accepted"}
                       ).status_code == 404
    assert client.get("/rapport/nexistepas/lettre").status_code == 404


def test_unknown_page_404_and_405(client):
    r = client.get("/nulle-part")
    assert r.status_code == 404 and "Page introuvable" in r.get_data(as_text=True)
    assert client.get("/analyser").status_code == 405


# --- decisions and downloads (no JavaScript: forms and redirects) --------------------------
def test_accept_refuse_then_download_txt(client):
    rid = review_id(upload_text(client))
    k_accept = _key_for(client, rid, "fr.formule.ci-joint")
    k_refuse = _key_for(client, rid, "fr.jargon.solliciter")
    tok = csrf_token(client, f"/rapport/{rid}")
    r = client.post(f"/rapport/{rid}/decision",
                    data={"csrf_token": tok, "key": k_accept, "decision": "accepted"})
    assert r.status_code == 303 and "#f-" in r.headers["Location"]
    r = client.post(f"/rapport/{rid}/decision",
                    data={"csrf_token": tok, "key": k_refuse, "decision": "refused"})
    assert r.status_code == 303
    html = client.get(f"/rapport/{rid}").get_data(as_text=True)
    assert "acceptée" in html and "refusée" in html
    assert "<del>" in html and "<ins>" in html             # before/after diff
    assert "1 proposition(s) acceptée(s)" in html
    r = client.get(f"/rapport/{rid}/lettre")
    assert r.status_code == 200
    assert "attachment" in r.headers["Content-Disposition"]
    assert "texte-colle-clair.txt" in r.headers["Content-Disposition"]
    out = r.get_data(as_text=True)
    assert "Vous trouverez avec cette lettre" in out and "Veuillez trouver ci-joint" not in out
    assert "solliciter" in out                              # refused: unchanged
    assert "Il vous appartient de" in out                   # undecided: unchanged


def test_decision_json_for_fetch(client):
    rid = review_id(upload_text(client))
    key = _key_for(client, rid, "fr.formule.ci-joint")
    tok = csrf_token(client, f"/rapport/{rid}")
    r = client.post(f"/rapport/{rid}/decision", headers={"Accept": "application/json"},
                    data={"csrf_token": tok, "key": key, "decision": "accepted"})
    assert r.status_code == 200
    d = r.get_json()
    assert d["decision"] == "accepted" and d["label"] == "acceptée" and d["n_applied"] == 1
    assert "<ins>" in d["diff_html"] and d["decisions"][key] == "accepted"
    r = client.post(f"/rapport/{rid}/decision", headers={"Accept": "application/json"},
                    data={"csrf_token": tok, "key": key, "decision": "reset"})
    assert r.get_json()["decision"] == "pending"


def test_bad_decision_and_key(client):
    rid = review_id(upload_text(client))
    key = _key_for(client, rid, "fr.formule.ci-joint")
    tok = csrf_token(client, f"/rapport/{rid}")
    assert client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": key,
                                                         "decision": "maybe"}).status_code == 400
    r = client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": "9:9:9:x",
                                                      "decision": "accepted"})
    assert r.status_code == 400 and "n&#39;existe pas" in r.get_data(as_text=True)


def test_accept_all_and_filter_kept(client):
    rid = review_id(upload_text(client))
    tok = csrf_token(client, f"/rapport/{rid}")
    r = client.post(f"/rapport/{rid}/tout-accepter",
                    data={"csrf_token": tok, "f": "1", "cat": ["jargon"]})
    assert r.status_code == 303
    assert "cat=jargon" in r.headers["Location"] and "f=1" in r.headers["Location"]
    out = client.get(f"/rapport/{rid}/lettre").get_data(as_text=True)
    assert "Vous trouverez avec cette lettre" in out and "demander" in out


def test_filter_by_category_without_js(client):
    rid = review_id(upload_text(client))
    html = client.get(f"/rapport/{rid}?f=1&cat=acronym").get_data(as_text=True)
    items = re.findall(r'<li id="f-\d+" class="finding[^"]*" data-cat="([^"]+)"[^>]*?( hidden)?>', html)
    assert items
    for cat, hidden in items:
        assert (cat == "acronym") == (hidden == ""), (cat, hidden)
    assert 'id="cat-acronym" name="cat" value="acronym" checked' in html
    assert 'id="cat-jargon" name="cat" value="jargon">' in html     # unchecked
    html_all = client.get(f"/rapport/{rid}").get_data(as_text=True)
    assert " hidden>" not in html_all.split('class="findings"')[1].split("</ol>")[0]


def test_download_docx_clean_and_tracked(client, letter_docx):
    rid = review_id(upload_file(client, letter_docx, "lettre.docx"))
    k_ok = _key_for(client, rid, "fr.formule.ci-joint")
    k_no = _key_for(client, rid, "fr.jargon.solliciter")
    tok = csrf_token(client, f"/rapport/{rid}")
    client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": k_ok,
                                                  "decision": "accepted"})
    client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": k_no,
                                                  "decision": "refused"})
    r = client.get(f"/rapport/{rid}/lettre")
    assert r.status_code == 200
    assert r.mimetype.endswith("wordprocessingml.document")
    text = docx_text(r.data)
    assert "Vous trouverez avec cette lettre" in text and "Veuillez trouver" not in text
    assert "solliciter" in text
    r = client.get(f"/rapport/{rid}/lettre?suivi=1")
    assert r.status_code == 200 and "lettre-clair-suivi.docx" in r.headers["Content-Disposition"]
    import zipfile
    xml = zipfile.ZipFile(io.BytesIO(r.data)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml


def test_report_exports(client):
    rid = review_id(upload_text(client, text=JARGON_TEXT + "\n<b>gras</b>\n"))
    r = client.get(f"/rapport/{rid}/rapport.json")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    d = json.loads(r.data)
    assert d["version"] == 1 and len(d["files"]) == 1
    f = d["files"][0]
    assert {"path", "language", "score", "readability", "findings", "error"} <= set(f)
    r = client.get(f"/rapport/{rid}/rapport.html")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "<script" not in html and "Score de clarté" in html
    assert "&lt;b&gt;gras" not in html or "<b>gras" not in html
    assert "script-src" not in r.headers["Content-Security-Policy"]


def test_delete_now(client):
    rid = review_id(upload_text(client))
    tok = csrf_token(client, f"/rapport/{rid}")
    r = client.post(f"/rapport/{rid}/effacer", data={"csrf_token": tok})
    assert r.status_code == 200 and "effacés" in r.get_data(as_text=True)
    assert client.get(f"/rapport/{rid}").status_code == 404


def test_report_in_english(client):
    rid = review_id(upload_text(client))
    html = client.get(f"/rapport/{rid}?lang=en").get_data(as_text=True)
    assert "Plain-language score" in html and "Accept" in html and '<html lang="en">' in html


# --- expiry -----------------------------------------------------------------------------
def test_expired_review_is_404_then_purged(make_app):
    from datetime import timedelta

    from webapp import db, storage
    app = make_app(RETENTION_HOURS=1)
    c = app.test_client()
    rid = review_id(upload_text(c))
    future = storage.utcnow() + timedelta(hours=2)
    with app.app_context():
        assert storage.get_review(db(app), rid, now=future) is None
        assert storage.purge_expired(db(app), now=future) == 1
        assert storage.counts(db(app))["reviews"] == 0
    assert c.get(f"/rapport/{rid}").status_code == 404


def test_opportunistic_purge(make_app):
    from webapp import db, storage
    app = make_app(RETENTION_HOURS=0, PURGE_MINUTES=0.0001)
    c = app.test_client()
    rid = review_id(upload_text(c))        # expires at once (0 h)
    assert c.get(f"/rapport/{rid}").status_code == 404
    import time
    time.sleep(0.05)
    c.get("/")                              # any request may purge
    with app.app_context():
        assert storage.counts(db(app))["reviews"] == 0
        assert storage.counts(db(app))["feedback"] == 0


# --- worker limits ----------------------------------------------------------------------
def test_timeout_gives_french_error_and_server_keeps_serving(make_app):
    app = make_app(ANALYSIS_TIMEOUT=0.5, WORKER_TEST_DELAY=5)
    c = app.test_client()
    r = upload_text(c)
    assert r.status_code == 422
    assert "trop de temps" in r.get_data(as_text=True)
    app.config.update(WORKER_TEST_DELAY=0, ANALYSIS_TIMEOUT=60)
    assert review_id(upload_text(c))


def test_memory_limit_gives_french_error(make_app):
    app = make_app(WORKER_MEMORY_MB=1)
    r = upload_text(app.test_client(), text=JARGON_TEXT * 300)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "mémoire" in html or "n&#39;a pas pu être traité" in html


# --- privacy ----------------------------------------------------------------------------
def test_no_letter_text_in_logs(client, caplog, letter_docx):
    marker = "Zorglubienne Fantasmagorique"
    caplog.set_level(logging.DEBUG)
    text = f"Madame {marker},\n\nVeuillez trouver ci-joint le formulaire.\n"
    rid = review_id(upload_text(client, text=text))
    tok = csrf_token(client, f"/rapport/{rid}")
    key = _key_for(client, rid, "fr.formule.ci-joint")
    client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": key,
                                                  "decision": "accepted"})
    client.get(f"/rapport/{rid}/lettre")
    client.get(f"/rapport/{rid}/rapport.json")
    upload_file(client, os.urandom(2000), f"{marker}.docx")
    upload_file(client, letter_docx, f"{marker}.docx")
    assert caplog.records, "the app should log something (without the letter)"
    for rec in caplog.records:
        msg = rec.getMessage()
        assert marker not in msg and "Zorglub" not in msg
        assert "Veuillez" not in msg and "formulaire" not in msg


def test_feedback_has_no_text_column():
    from webapp.storage import Feedback
    cols = {c.name for c in Feedback.__table__.columns}
    assert cols == {"id", "rule", "language", "decision", "at"}


# --- rules catalogue ----------------------------------------------------------------------
def test_rules_catalogue(client):
    r = client.get("/regles")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Exemples" in html
    html = client.get("/regles?q=fr.formule.ci-joint").get_data(as_text=True)
    assert "fr.formule.ci-joint" in html and "Exemples" in html
    assert '<label for="q">' in html and '<label for="categorie">' in html
    html = client.get("/regles?q=ci-joint").get_data(as_text=True)
    assert "fr.formule.ci-joint" in html and "fr.jargon.solliciter" not in html
    html = client.get("/regles?categorie=acronym").get_data(as_text=True)
    assert "fr.sigle" in html and "fr.formule.ci-joint" not in html
    html = client.get("/regles?langue=en").get_data(as_text=True)
    assert "fr.formule.ci-joint" not in html and "<code>en." in html
    html = client.get("/regles?q=zzzzzzzz").get_data(as_text=True)
    assert "Aucune règle" in html


def test_rules_show_feedback_stats(client):
    rid = review_id(upload_text(client))
    key = _key_for(client, rid, "fr.formule.ci-joint")
    tok = csrf_token(client, f"/rapport/{rid}")
    client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": key,
                                                  "decision": "refused"})
    html = client.get("/regles?q=fr.formule.ci-joint").get_data(as_text=True)
    assert "0 acceptée(s), 1 refusée(s)" in html


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}


def test_rules_catalogue_is_paginated(client):
    from webapp.rules import PER_PAGE
    html = client.get("/regles").get_data(as_text=True)
    assert html.count('class="rule-card"') <= PER_PAGE
    if "Page suivante" in html:
        html2 = client.get("/regles?page=2").get_data(as_text=True)
        assert "Page 2 sur" in html2 and "Page précédente" in html2
    assert client.get("/regles?page=abc").status_code == 200
    assert client.get("/regles?page=99999").status_code == 200


def test_sentence_cut_is_shown_with_the_word_before(client):
    """A cut proposal « , laquelle » -> « . Elle » alone means nothing to an agent: the
    word before the cut is shown in the quote and in the proposal."""
    text = ("Madame, Monsieur,\n\nÀ défaut, il sera fait application de la pénalité prévue à "
            "l'article L. 1331-8 du Code de la santé publique, laquelle pourra être majorée "
            "dans la limite de 400 %.\n\nCordialement,\n\nLe Président")
    rid = review_id(upload_text(client, text))
    html = client.get(f"/rapport/{rid}").get_data(as_text=True)
    assert "…publique, laquelle" in html
    assert "…publique<strong>. Elle</strong>" in html
