"""The JSON API: /api/v1/check, /api/v1/rewrite, /healthz, /api/v1/openapi.json."""
from __future__ import annotations

import io
import json
import os

from .conftest import JARGON_TEXT, docx_text


def test_check_json_text(client):
    r = client.post("/api/v1/check", json={"text": JARGON_TEXT, "language": "fr"})
    assert r.status_code == 200
    d = r.get_json()
    assert d["language"] == "fr" and d["error"] is None
    assert 0 <= d["score"] <= 100
    assert {"flesch", "lix", "words", "sentences", "avg_sentence_words",
            "long_sentences"} <= set(d["readability"])
    f = next(x for x in d["findings"] if x["rule"] == "fr.formule.ci-joint")
    assert f["text"] == "Veuillez trouver ci-joint" and f["category"] == "formula"
    assert f["suggestions"] == ["Vous trouverez avec cette lettre"]
    assert "Set-Cookie" not in r.headers                  # the API uses no cookies


def test_check_json_auto_language(client):
    r = client.post("/api/v1/check", json={"text": "Please find enclosed the form. We will "
                                                   "endeavour to respond in due course."})
    assert r.status_code == 200 and r.get_json()["language"] == "en"


def test_check_file(client, letter_docx):
    r = client.post("/api/v1/check", data={"file": (io.BytesIO(letter_docx), "lettre.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    d = r.get_json()
    assert d["path"] == "lettre.docx"
    assert any(f["rule"] == "fr.formule.ci-joint" for f in d["findings"])


def test_check_errors_are_json_in_french(client):
    r = client.post("/api/v1/check")
    assert r.status_code == 400 and r.get_json()["code"] == "missing_input"
    assert "fichier" in r.get_json()["error"]
    r = client.post("/api/v1/check", data="{pas du json", content_type="application/json")
    assert r.status_code == 400 and r.get_json()["code"] == "bad_json"
    r = client.post("/api/v1/check", json={"texte": "x"})
    assert r.status_code == 400 and "text" in r.get_json()["error"]
    r = client.post("/api/v1/check", json={"text": "Bonjour.", "language": "klingon"})
    assert r.status_code == 400 and r.get_json()["code"] == "bad_language"
    r = client.post("/api/v1/check", json={"text": "  "})
    assert r.status_code == 400
    r = client.post("/api/v1/check", data={"file": (io.BytesIO(b"%PDF"), "a.pdf")},
                    content_type="multipart/form-data")
    assert r.status_code == 415 and ".docx" in r.get_json()["error"]
    r = client.get("/api/v1/check")
    assert r.status_code == 405 and r.is_json
    assert client.get("/api/v1/nothing").get_json()["code"] == "not_found"


def test_check_errors_in_english_on_request(client):
    r = client.post("/api/v1/check", headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "Choose a" in r.get_json()["error"]


def test_check_random_bytes_docx_is_422_with_contract_entry(client):
    r = client.post("/api/v1/check", data={"file": (io.BytesIO(os.urandom(3000)), "x.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 422
    d = r.get_json()
    assert d["error"] and d["findings"] == [] and d["code"] == "unreadable"


def test_check_too_big_is_413_json(client):
    r = client.post("/api/v1/check", data={"file": (io.BytesIO(b"a" * (21 << 20)), "a.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 413
    assert r.get_json()["code"] == "too_big" and "20 Mo" in r.get_json()["error"]


def test_api_needs_no_csrf(client):
    # the pages require a token; the API does not (and sets no cookie)
    r = client.post("/api/v1/check", json={"text": "Veuillez trouver ci-joint le document."})
    assert r.status_code == 200


def test_rewrite_txt_with_accept_list(client):
    d = client.post("/api/v1/check", json={"text": JARGON_TEXT}).get_json()
    keys = {f["rule"]: f"{f['paragraph']}:{f['start']}:{f['end']}:{f['rule']}"
            for f in d["findings"]}
    r = client.post("/api/v1/rewrite", data={
        "file": (io.BytesIO(JARGON_TEXT.encode()), "relance.txt"),
        "accept": [keys["fr.formule.ci-joint"]]}, content_type="multipart/form-data")
    assert r.status_code == 200, r.get_data(as_text=True)
    out = r.get_data(as_text=True)
    assert "Vous trouverez avec cette lettre" in out and "solliciter" in out
    assert r.headers["X-Rewriter-Applied"] == "1"
    assert "relance-clair.txt" in r.headers["Content-Disposition"]


def test_rewrite_accept_as_json_list_and_json_body(client):
    r = client.post("/api/v1/rewrite", json={"text": JARGON_TEXT, "accept": []})
    assert r.status_code == 200 and r.get_data(as_text=True).strip() == JARGON_TEXT.strip()
    r = client.post("/api/v1/rewrite", data={
        "file": (io.BytesIO(JARGON_TEXT.encode()), "relance.txt"), "accept": "[]"},
        content_type="multipart/form-data")
    assert r.headers["X-Rewriter-Applied"] == "0"
    r = client.post("/api/v1/rewrite", data={
        "file": (io.BytesIO(JARGON_TEXT.encode()), "relance.txt"), "accept": "[pas json"},
        content_type="multipart/form-data")
    assert r.status_code == 400 and r.get_json()["code"] == "bad_accept"


def test_rewrite_docx_all_and_tracked(client, letter_docx):
    r = client.post("/api/v1/rewrite", data={"file": (io.BytesIO(letter_docx), "l.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    text = docx_text(r.data)
    assert "Vous trouverez avec cette lettre" in text and "demander" in text
    r = client.post("/api/v1/rewrite", data={"file": (io.BytesIO(letter_docx), "l.docx"),
                                             "track_changes": "true"},
                    content_type="multipart/form-data")
    import zipfile
    xml = zipfile.ZipFile(io.BytesIO(r.data)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml


def test_rewrite_unreadable_is_422(client):
    r = client.post("/api/v1/rewrite", data={"file": (io.BytesIO(os.urandom(500)), "x.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 422 and r.get_json()["error"]


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_openapi_is_valid_json_and_complete(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = json.loads(r.data)
    assert doc["openapi"].startswith("3.1")
    assert {"/api/v1/check", "/api/v1/rewrite", "/healthz", "/api/v1/openapi.json"} <= set(doc["paths"])

    def refs(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref":
                    yield v
                else:
                    yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)
    for ref in refs(doc):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in doc["components"]["schemas"]
    # every component schema is itself a valid JSON Schema (2020-12, as OpenAPI 3.1)
    import jsonschema
    for schema in doc["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_check_response_matches_openapi_schema(client):
    import jsonschema
    doc = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/FileReport", "components": doc["components"]}
    d = client.post("/api/v1/check", json={"text": JARGON_TEXT}).get_json()
    jsonschema.Draft202012Validator(schema).validate(d)
