"""Rule management through the Flask test client: « Essayer », editor accounts (password,
command line, environment, trusted SSO header), the organisation pack stored in the
database (validation, history, hot reload in every process), the catalogue filters and
the rule statistics."""
from __future__ import annotations

import logging
import re
from datetime import date, timedelta

import pytest

from .conftest import csrf_token, review_id, upload_text

PASSWORD = "un-mot-de-passe-solide"
TERM_SENTENCE = "Déposez vos déchets dans le conteneur enterré du quartier."
AFIN_SENTENCE = "Nous vous écrivons afin de vous informer."
TERM = {"terme": "conteneur enterré", "remplacement": "point de collecte",
        "categorie": "jargon", "gravite": "warning", "langue": "fr",
        "message": "", "note": "Charte 2025",
        "exemple_signale": "Le conteneur enterré est plein.", "exemple_correct": ""}


@pytest.fixture
def ed_app(make_app):
    from werkzeug.security import generate_password_hash

    from webapp import db, storage
    app = make_app()
    storage.set_editor(db(app), "alice", generate_password_hash(PASSWORD))
    return app


def login(client, name="alice", password=PASSWORD, **extra):
    tok = csrf_token(client, "/editeur/connexion")
    return client.post("/editeur/connexion", data={"csrf_token": tok, "nom": name,
                                                   "mot_de_passe": password, **extra})


@pytest.fixture
def ed(ed_app):
    c = ed_app.test_client()
    r = login(c)
    assert r.status_code == 303, body(r)[:500]
    return c


def add_term(client, **fields):
    tok = csrf_token(client, "/editeur")
    return client.post("/editeur/termes", data={"csrf_token": tok, **TERM, **fields})


def try_text(client, text, json=False, **extra):
    tok = csrf_token(client, "/essayer")
    headers = {"Accept": "application/json"} if json else {}
    return client.post("/essayer", data={"csrf_token": tok, "texte": text, "langue": "fr",
                                         **extra}, headers=headers)


def body(r) -> str:
    """The page text, French non-breaking spaces as plain spaces."""
    return r.get_data(as_text=True).replace("\xa0", " ")


def fired(html: str) -> list[str]:
    return re.findall(r'<li id="e-\d+" class="finding" data-rule="([^"]+)"', html)


def version(app) -> int:
    from webapp import db, storage
    return storage.latest_pack_version(db(app))


def problems(html: str) -> list[str]:
    return re.findall(r'<ul class="problems">\s*<li><code>(.*?)</code>', html, re.S)


# --- « Essayer » -----------------------------------------------------------------------------
def test_try_page_without_javascript(client):
    html = body(client.get("/essayer"))
    assert '<label for="texte">' in html and 'method="post"' in html
    assert "<script>" not in html and " style=" not in html
    r = try_text(client, AFIN_SENTENCE)
    assert r.status_code == 200
    html = body(r)
    assert fired(html) == ["fr.jargon.afin-de"]
    assert '<mark class="hl cat-jargon"' in html and "afin de</mark>" in html
    assert "«&nbsp;<strong>pour</strong>&nbsp;»" in html                  # suggestion
    assert 'id="try-rewritten">Nous vous écrivons pour vous informer.</p>' in html
    assert r.headers["Cache-Control"] == "no-store"


def test_try_json_for_javascript(client):
    r = try_text(client, AFIN_SENTENCE, json=True)
    assert r.status_code == 200 and r.get_json()["ok"] is True
    assert fired(r.get_json()["html"]) == ["fr.jargon.afin-de"]


def test_try_errors(client):
    r = try_text(client, "   ")
    assert r.status_code == 400 and "Tapez une phrase" in body(r)
    r = try_text(client, "a" * 3001)
    assert r.status_code == 400 and "trop long" in body(r)
    r = try_text(client, AFIN_SENTENCE, langue="xx")
    assert r.status_code == 400 and "Langue inconnue" in body(r)
    r = try_text(client, "", json=True)
    assert r.status_code == 400 and r.get_json()["ok"] is False
    r = client.post("/essayer", data={"texte": AFIN_SENTENCE})            # no CSRF token
    assert r.status_code == 400 and "Formulaire expiré" in body(r)


def test_try_logs_no_text(client, caplog):
    caplog.set_level(logging.DEBUG)
    try_text(client, "Zorglubienne fantasmagorique afin de tout dire.")
    assert caplog.records
    assert not any("Zorglub" in rec.getMessage() for rec in caplog.records)


# --- sign-in ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/editeur", "/editeur/historique", "/editeur/statistiques",
                                  "/editeur/regle?id=fr.jargon.afin-de",
                                  "/editeur/termes/org.fr.x", "/editeur/pack/fr.yml"])
def test_editor_pages_redirect_to_login(ed_app, path):
    r = ed_app.test_client().get(path)
    assert r.status_code == 303
    assert r.headers["Location"].startswith("/editeur/connexion?suivant=")


def test_editor_actions_refused_without_login(ed_app):
    c = ed_app.test_client()
    tok = csrf_token(c, "/essayer")
    for path, data in (("/editeur/termes", TERM), ("/editeur/termes/org.fr.x/supprimer", {}),
                       ("/editeur/regle", {"id": "fr.jargon.afin-de", "etat": "disabled"})):
        r = c.post(path, data={"csrf_token": tok, **data})
        assert r.status_code == 403, path
    assert version(ed_app) == 0


def test_login_wrong_password_or_unknown_user(ed_app):
    c = ed_app.test_client()
    for name, pw in (("alice", "mauvais"), ("inconnu", PASSWORD), ("", "")):
        r = login(c, name, pw)
        assert r.status_code == 401
        html = body(r)
        assert 'role="alert"' in html
        assert ("incorrect" in html) or ("Indiquez votre identifiant" in html)
    assert c.get("/editeur").status_code == 303                # still signed out


def test_login_needs_csrf(ed_app):
    c = ed_app.test_client()
    r = c.post("/editeur/connexion", data={"nom": "alice", "mot_de_passe": PASSWORD})
    assert r.status_code == 400 and "Formulaire expiré" in body(r)


def test_login_then_logout_and_next_is_local_only(ed_app):
    c = ed_app.test_client()
    r = login(c, suivant="/editeur/historique")
    assert r.status_code == 303 and r.headers["Location"] == "/editeur/historique"
    html = body(c.get("/editeur"))
    assert "Connecté : alice" in html and "Se déconnecter" in html
    tok = csrf_token(c, "/editeur")
    assert c.post("/editeur/deconnexion", data={"csrf_token": tok}).status_code == 303
    assert c.get("/editeur").status_code == 303
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        r = login(ed_app.test_client(), suivant=evil)
        assert r.headers["Location"] == "/editeur", evil


def test_login_throttled_after_failures(ed_app):
    from webapp import auth
    ed_app.config["LOGIN_FAIL_DELAY"] = 0
    c = ed_app.test_client()
    for _ in range(auth.MAX_FAILURES):
        login(c, "alice", "mauvais")
    r = login(c)                                              # even the right password
    assert r.status_code == 401 and "Trop d&#39;essais" in body(r)


def test_removed_editor_loses_session(ed_app, ed):
    from webapp import db, storage
    assert ed.get("/editeur").status_code == 200
    storage.remove_editor(db(ed_app), "alice")
    assert ed.get("/editeur").status_code == 303


def test_trusted_header_ignored_when_not_configured(ed_app):
    c = ed_app.test_client()
    r = c.get("/editeur", headers={"X-Remote-User": "alice"})
    assert r.status_code == 303
    tok = csrf_token(c, "/essayer")
    r = c.post("/editeur/termes", data={"csrf_token": tok, **TERM},
               headers={"X-Remote-User": "alice"})
    assert r.status_code == 403


def test_trusted_header_when_configured(make_app):
    app = make_app(TRUSTED_USER_HEADER="X-Remote-User", SSO_EDITORS=["bob"])
    c = app.test_client()
    h = {"X-Remote-User": "bob"}
    r = c.get("/editeur", headers=h)
    assert r.status_code == 200 and "Connecté : bob" in body(r)
    assert c.get("/editeur", headers={"X-Remote-User": "mallory"}).status_code == 303
    assert c.get("/editeur").status_code == 303
    tok = csrf_token(c, "/essayer")
    r = c.post("/editeur/termes", data={"csrf_token": tok, **TERM}, headers=h)
    assert r.status_code == 303
    row = __import__("webapp").storage.get_pack_version(__import__("webapp").db(app), 1)
    assert row.author == "bob"


def test_editors_from_environment(make_app, monkeypatch):
    from werkzeug.security import generate_password_hash

    from webapp import config
    monkeypatch.setenv("REWRITER_EDITORS", f"carol:{generate_password_hash(PASSWORD)}")
    app = make_app()
    assert set(app.config["EDITORS"]) == {"carol"}
    c = app.test_client()
    assert login(c, "carol").status_code == 303
    assert c.get("/editeur").status_code == 200
    with pytest.raises(SystemExit, match="nom:empreinte"):
        config.parse_editors("carol=motdepasse")


def test_cli_editor_commands(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    r = runner.invoke(args=["editor-add", "dave", "--password-stdin"], input="court\n")
    assert r.exit_code != 0 and "trop court" in r.output
    r = runner.invoke(args=["editor-add", "dave", "--password-stdin"], input=PASSWORD + "\n")
    assert r.exit_code == 0 and "créé" in r.output, r.output
    r = runner.invoke(args=["editor-add", "dave"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0 and "mis à jour" in r.output, r.output
    assert "dave" in runner.invoke(args=["editor-list"]).output
    r = runner.invoke(args=["editor-hash", "--password-stdin"], input=PASSWORD + "\n")
    assert r.exit_code == 0 and "$" in r.output
    c = app.test_client()
    assert login(c, "dave").status_code == 303
    assert runner.invoke(args=["editor-remove", "dave"]).exit_code == 0
    assert c.get("/editeur").status_code == 303
    assert runner.invoke(args=["editor-add", "pas un nom!"]).exit_code != 0


# --- the organisation pack -------------------------------------------------------------------
def test_add_term_applies_at_once(ed_app, ed):
    assert fired(body(try_text(ed, TERM_SENTENCE))) == []
    r = add_term(ed)
    assert r.status_code == 303, problems(body(r))
    assert version(ed_app) == 1
    html = body(ed.get("/editeur"))
    assert "terme « conteneur enterré » ajouté (version 1)" in html
    assert "<th scope=\"row\">conteneur enterré</th>" in html
    # no restart: the very next try-out (in a worker process) uses it
    html = body(try_text(ed, TERM_SENTENCE))
    assert fired(html) == ["org.fr.conteneur-enterre"]
    assert "point de collecte" in html and "(pack de l&#39;organisation : version 1)" in html
    # anyone, signed in or not
    anon = ed_app.test_client()
    assert fired(body(try_text(anon, TERM_SENTENCE))) == \
        ["org.fr.conteneur-enterre"]
    # the catalogue shows it
    html = body(anon.get("/regles?pack=organisation"))
    assert "<code>org.fr.conteneur-enterre</code>" in html
    assert "Règle de l&#39;organisation" in html and "Le conteneur enterré est plein." in html
    # the YAML the engine loaded can be downloaded (for `rewriter --rules`)
    y = ed.get("/editeur/pack/fr.yml")
    assert y.status_code == 200 and "match: conteneur enterré" in body(y)


def test_invalid_term_refused_last_good_pack_kept(ed_app, ed):
    assert add_term(ed).status_code == 303
    r = add_term(ed, terme="!!!", remplacement="", exemple_signale="")
    assert r.status_code == 422
    html = body(r)
    assert "Modification refusée" in html and 'role="alert"' in html
    probs = problems(html)
    assert probs and re.match(r"organisation/fr\.yml:\d+: règle org\.fr\.\S+ : motif « !!! » "
                              r"vide — il doit contenir au moins un mot", probs[0]), probs
    assert "la version en vigueur reste active" in html
    assert 'value="!!!"' in html                                    # the form is kept
    assert "Voir le fichier vérifié" in html
    assert version(ed_app) == 1
    assert fired(body(try_text(ed, TERM_SENTENCE))) == \
        ["org.fr.conteneur-enterre"]


def test_example_that_does_not_fire_is_refused(ed_app, ed):
    r = add_term(ed, terme="usager", remplacement="habitant",
                 exemple_signale="Bonjour madame.")
    assert r.status_code == 422
    assert "devrait être signalé, il ne l&#39;est pas" in problems(body(r))[0]
    r = add_term(ed, exemple_correct="Le conteneur enterré déborde.")
    assert r.status_code == 422
    assert "ne devrait pas être signalé" in problems(body(r))[0]
    assert version(ed_app) == 0


def test_term_form_errors(ed_app, ed):
    r = add_term(ed, terme="  ")
    assert r.status_code == 422
    html = body(r)
    assert "Écrivez le mot ou l&#39;expression à repérer." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="term-hint term-err"' in html
    r = add_term(ed, categorie="nimporte", gravite="fatale", langue="de")
    assert r.status_code == 422 and body(r).count("Choisissez une valeur") == 3
    assert add_term(ed, terme="x" * 201).status_code == 422
    assert add_term(ed).status_code == 303
    r = add_term(ed, terme="Conteneur enterré")
    assert r.status_code == 422 and "existe déjà" in body(r)
    tok = csrf_token(ed, "/editeur")
    r = ed.post("/editeur/termes", data={**TERM, "csrf_token": "faux"})
    assert r.status_code == 400 and tok
    assert version(ed_app) == 1


def test_edit_delete_and_history(ed_app, ed):
    assert add_term(ed).status_code == 303
    tid = "org.fr.conteneur-enterre"
    html = body(ed.get(f"/editeur/termes/{tid}"))
    assert 'value="conteneur enterré"' in html and 'value="point de collecte"' in html
    tok = csrf_token(ed, f"/editeur/termes/{tid}")
    r = ed.post(f"/editeur/termes/{tid}", data={**TERM, "csrf_token": tok,
                                                "remplacement": "bac de tri | point de collecte",
                                                "gravite": "error"})
    assert r.status_code == 303
    html = body(try_text(ed, TERM_SENTENCE))
    assert "<strong>bac de tri</strong>" in html and "sev-error" in html
    r = ed.post(f"/editeur/termes/{tid}", data={**TERM, "csrf_token": tok, "terme": "!!!"})
    assert r.status_code == 422 and "motif « !!! » vide" in body(r)
    assert ed.get("/editeur/termes/org.fr.inconnu").status_code == 404
    r = ed.post(f"/editeur/termes/{tid}/supprimer", data={"csrf_token": tok})
    assert r.status_code == 303 and version(ed_app) == 3
    assert fired(body(try_text(ed, TERM_SENTENCE))) == []
    r = ed.post(f"/editeur/termes/{tid}/supprimer", data={"csrf_token": tok})
    assert r.status_code == 303 and "n&#39;existe plus" in body(ed.get("/editeur"))
    html = body(ed.get("/editeur/historique"))
    assert html.index("Version 3") < html.index("Version 2") < html.index("Version 1")
    assert "terme ajouté : « conteneur enterré »" in html
    assert "terme modifié : org.fr.conteneur-enterre" in html
    assert "terme supprimé : org.fr.conteneur-enterre" in html
    assert html.count("Par alice, le ") == 3
    # before / after of the edit
    v2 = html[html.index('id="v-2"'):html.index('id="v-1"')]
    assert "<del>point de collecte</del>" in v2
    assert "<ins>bac de tri | point de collecte</ins>" in v2
    assert "<del>Alerte</del>" in v2 and "<ins>Erreur</ins>" in v2


def test_disable_and_change_severity_of_bundled_rule(ed_app, ed):
    assert fired(body(try_text(ed, AFIN_SENTENCE))) == ["fr.jargon.afin-de"]
    html = body(ed.get("/editeur/regle?id=fr.jargon.afin-de"))
    assert 'id="etat-disabled"' in html and "gravité fournie : Suggestion" in html
    tok = csrf_token(ed, "/editeur")
    r = ed.post("/editeur/regle", data={"csrf_token": tok, "id": "fr.jargon.afin-de",
                                        "etat": "active", "gravite": "error"})
    assert r.status_code == 303
    html = body(try_text(ed, AFIN_SENTENCE))
    assert fired(html) == ["fr.jargon.afin-de"] and "sev-error" in html
    cat = body(ed.get("/regles?q=fr.jargon.afin-de"))
    assert "Gravité changée par l&#39;organisation (fournie : Suggestion)" in cat
    assert "<code>fr.jargon.afin-de</code>" in body(
        ed.get("/regles?gravite=error&pack=organisation"))
    r = ed.post("/editeur/regle", data={"csrf_token": tok, "id": "fr.jargon.afin-de",
                                        "etat": "disabled", "gravite": ""})
    assert r.status_code == 303
    assert fired(body(try_text(ed, AFIN_SENTENCE))) == []
    assert "Désactivée par l&#39;organisation" in body(ed.get("/regles?q=fr.jargon.afin-de"))
    # the same again: nothing saved
    r = ed.post("/editeur/regle", data={"csrf_token": tok, "id": "fr.jargon.afin-de",
                                        "etat": "disabled", "gravite": ""})
    assert r.status_code == 303 and version(ed_app) == 2
    # restore
    r = ed.post("/editeur/regle", data={"csrf_token": tok, "id": "fr.jargon.afin-de",
                                        "etat": "active", "gravite": ""})
    assert r.status_code == 303 and version(ed_app) == 3
    assert fired(body(try_text(ed, AFIN_SENTENCE))) == ["fr.jargon.afin-de"]
    hist = body(ed.get("/editeur/historique"))
    assert hist.count("règle fournie changée : fr.jargon.afin-de") == 3


def test_unknown_bundled_rule(ed_app, ed):
    r = ed.get("/editeur/regle?id=fr.nexiste.pas")
    assert r.status_code == 404 and "Aucune règle fournie « fr.nexiste.pas »" in body(r)
    tok = csrf_token(ed, "/editeur")
    r = ed.post("/editeur/regle", data={"csrf_token": tok, "id": "fr.nexiste.pas",
                                        "etat": "disabled", "gravite": ""})
    assert r.status_code == 422
    assert re.match(r"organisation/fr\.yml:\d+: « disable » : aucune règle "
                    r"« fr\.nexiste\.pas »",
                    problems(body(r))[0])
    r = ed.post("/editeur/regle", data={"csrf_token": tok, "id": "fr.jargon.afin-de",
                                        "etat": "peut-être", "gravite": ""})
    assert r.status_code == 400
    assert version(ed_app) == 0


def test_report_uses_the_pack_and_rewrite_keeps_its_version(ed_app, ed):
    from webapp import db, storage
    assert add_term(ed).status_code == 303
    rid = review_id(upload_text(ed, text=TERM_SENTENCE + "\n"))
    with ed_app.app_context():
        r = storage.get_review(db(ed_app), rid)
    assert r.document["org_version"] == 1
    key = next(k for k, f in zip(r.document["keys"], r.report["findings"])
               if f["rule"] == "org.fr.conteneur-enterre")
    tok = csrf_token(ed, f"/rapport/{rid}")
    ed.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": key,
                                              "decision": "accepted"})
    ed.post("/editeur/termes/org.fr.conteneur-enterre/supprimer", data={"csrf_token": tok})
    assert version(ed_app) == 2
    out = body(ed.get(f"/rapport/{rid}/lettre"))
    assert "point de collecte" in out                      # checked with version 1
    # the JSON API uses the pack in force (version 2: the term is gone)
    d = ed.post("/api/v1/check", json={"text": TERM_SENTENCE, "language": "fr"}).get_json()
    assert not [f for f in d["findings"] if f["rule"].startswith("org.")]


def test_broken_stored_pack_never_breaks_analysis(ed_app, ed):
    from webapp import db, orgpack, storage
    assert add_term(ed).status_code == 303
    row = storage.get_pack_version(db(ed_app), 1)
    broken = row.yaml_fr.replace("match: conteneur enterré", "match: '!!!'") + \
        "disable:\n- fr.renommee.depuis\n"
    assert storage.add_pack_version(db(ed_app), 2, author="upgrade", action="term_edit",
                                    target="x", before=None, after=None, data=row.data,
                                    yaml_fr=broken, yaml_en=row.yaml_en)
    rid = review_id(upload_text(ed, text=AFIN_SENTENCE + "\n" + TERM_SENTENCE + "\n"))
    assert ed.get(f"/rapport/{rid}").status_code == 200
    html = body(try_text(ed, AFIN_SENTENCE))
    assert fired(html) == ["fr.jargon.afin-de"]
    page = body(ed.get("/editeur"))
    assert "Le pack enregistré pose problème" in page
    assert "motif « !!! » vide" in page and "fr.renommee.depuis" in page
    assert orgpack.current(db(ed_app)).version == 2


def test_two_processes_share_the_pack(make_app, ed_app, ed):
    """Two apps on one database (two web processes): a change saved through one is used
    by the other's next analysis."""
    other = make_app(DATABASE_URL=ed_app.config["DATABASE_URL"]).test_client()
    assert fired(body(try_text(other, TERM_SENTENCE))) == []
    assert add_term(ed).status_code == 303
    assert fired(body(try_text(other, TERM_SENTENCE))) == \
        ["org.fr.conteneur-enterre"]


def test_pack_on_postgresql(pg_url, make_app):
    from werkzeug.security import generate_password_hash

    from webapp import db, orgpack, storage
    app = make_app(DATABASE_URL=pg_url)
    eng = db(app)
    for t in ("org_pack_versions", "editors", "login_failures", "rule_shown"):
        with eng.begin() as c:
            c.exec_driver_sql(f"DELETE FROM {t}")
    storage.set_editor(eng, "alice", generate_password_hash(PASSWORD))
    c = app.test_client()
    assert login(c).status_code == 303
    assert add_term(c).status_code == 303
    other = make_app(DATABASE_URL=pg_url).test_client()
    assert fired(body(try_text(other, TERM_SENTENCE))) == \
        ["org.fr.conteneur-enterre"]
    # a concurrent save of the same version number loses and is retried on top
    assert not storage.add_pack_version(eng, 1, author="x", action="term_add", target="x",
                                        before=None, after=None, data=orgpack.empty(),
                                        yaml_fr="", yaml_en="")
    storage.record_shown(eng, ["r.a", "r.a", "r.b"], "fr")
    storage.record_shown(eng, ["r.a"], "fr")
    acts = {(r, e): n for r, _, e, n in storage.rule_activity(eng)}
    assert acts[("r.a", "shown")] == 3 and acts[("r.b", "shown")] == 1


# --- catalogue -------------------------------------------------------------------------------
def test_catalogue_filters(client):
    html = body(client.get("/regles?gravite=error"))
    sevs = set(re.findall(r'<span class="sev sev-(\w+)">', html))
    assert sevs == {"error"}
    assert '<label for="gravite">' in html and '<label for="pack">' in html
    html = body(client.get("/regles?pack=fourni&q=afin"))
    assert "fr.jargon.afin-de" in html
    html = body(client.get("/regles?pack=organisation"))
    assert "Aucune règle" in html
    assert "Essayer une phrase" in body(client.get("/regles"))
    assert "Changer cette règle" not in body(client.get("/regles?q=afin"))


def test_catalogue_links_for_editors(ed):
    html = body(ed.get("/regles?q=fr.jargon.afin-de"))
    assert "/editeur/regle?id=fr.jargon.afin-de" in html


# --- statistics ------------------------------------------------------------------------------
def _refuse(client, rule):
    rid = review_id(upload_text(client))
    from webapp import db, storage
    app = client.application
    with app.app_context():
        r = storage.get_review(db(app), rid)
    key = next(k for k, f in zip(r.document["keys"], r.report["findings"]) if f["rule"] == rule)
    tok = csrf_token(client, f"/rapport/{rid}")
    client.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": key,
                                                  "decision": "refused"})


def test_shown_and_refused_in_statistics(ed_app, ed):
    from webapp import db, storage
    _refuse(ed, "fr.formule.ci-joint")
    acts = storage.rule_activity(db(ed_app))
    shown = {r: n for r, _, e, n in acts if e == "shown"}
    assert shown.get("fr.formule.ci-joint") == 1 and len(shown) > 3
    html = body(ed.get("/editeur/statistiques"))
    row = re.search(r'<tr class="" data-rule="fr.formule.ci-joint">(.*?)</tr>', html, re.S)
    assert row, html[:3000]
    assert re.findall(r"<td>(\d+)</td>", row.group(1)) == ["1", "0", "1"]
    assert "100 % (sur 1)" in row.group(1)
    assert '<svg viewBox="0 0 640 220" role="img" aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    assert "Faux positif probable" not in html                   # 1 decision: too few
    # four more refusals: 5 decisions, all refused → highlighted
    now = storage.utcnow()
    from sqlalchemy.orm import Session
    with Session(db(ed_app)) as s, s.begin():
        for _ in range(4):
            s.add(storage.Feedback(rule="fr.formule.ci-joint", language="fr",
                                   decision="refused", at=now))
    html = body(ed.get("/editeur/statistiques?periode=7"))
    assert '<tr class="flagged" data-rule="fr.formule.ci-joint">' in html
    assert "⚠ Faux positif probable" in html and "1 règle(s) probablement à revoir" in html
    only = body(ed.get("/editeur/statistiques?suspects=1"))
    assert only.count("<tr class=\"flagged\"") == 1 and 'data-rule="fr.formule.ci-joint"' in only
    # period filter: old events are outside the last 7 days
    with Session(db(ed_app)) as s, s.begin():
        for _ in range(6):
            s.add(storage.Feedback(rule="fr.old.rule", language="fr", decision="refused",
                                   at=now - timedelta(days=40)))
    assert 'data-rule="fr.old.rule"' not in body(ed.get("/editeur/statistiques?periode=7"))
    assert 'data-rule="fr.old.rule"' in body(ed.get("/editeur/statistiques?periode=90"))
    assert ed.get("/editeur/statistiques?periode=n-importe").status_code == 200
    en = body(ed.get("/editeur/statistiques?lang=en"))
    assert "Rule statistics" in en and "Probable false positive" in en


def test_stats_threshold():
    from webapp import stats
    today = date(2025, 3, 10)
    rows = ([("a", today, "refused", 3), ("a", today, "accepted", 2)] +      # 60 % of 5
            [("b", today, "refused", 4)] +                                   # 4 decisions
            [("c", today, "refused", 2), ("c", today, "accepted", 3)] +      # 40 %
            [("d", today - timedelta(days=20), "shown", 7)])
    from flask import Flask
    with Flask(__name__).test_request_context("/"):
        v = stats.build(rows, today - timedelta(days=29), today, today)
        flagged = {r.rule: r.flagged for r in v.rules}
        assert flagged == {"a": True, "b": False, "c": False, "d": False}
        assert v.rules[0].rule == "a" and v.totals == {"shown": 7, "accepted": 5, "refused": 9}
        assert len(v.weeks) in (5, 6) and len(v.chart["rows"]) == len(v.weeks)
        assert "2 acceptée(s), 3 refusée(s)" in v.rules[0].spark_title


def test_english_pages(ed):
    html = body(ed.get("/editeur?lang=en"))
    assert "Your organisation&#39;s rules" in html and "Add a term" in html
    assert "Change history" in body(ed.get("/editeur/historique"))
    assert "Try a sentence" in body(ed.get("/essayer"))
