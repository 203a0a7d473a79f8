"""A small fake LanguageTool server (stdlib ``http.server`` on 127.0.0.1:0, in a thread).

It answers ``GET /v2/languages`` and ``POST /v2/check`` in LanguageTool's documented JSON
format (https://languagetool.org/http-api/), so the REAL language-tool-python client can be
tested against it. Canned rules are regular expressions; by default:

* "du lettre" -> FR_AGREEMENT_DU_LETTRE (category GRAMMAR, issueType grammar), replacement
  "de la lettre";
* "le lettre" -> FR_AGREEMENT_GENRE (GRAMMAR), replacement "la lettre";
* "courier" -> FR_SPELLING_RULE (TYPOS, misspelling), replacements "courrier", "coursier";
* "  " (two spaces) -> WHITESPACE_RULE (TYPOGRAPHY, whitespace), replacement " ".

``mode`` = "ok" | "error" (HTTP 500 on /v2/check) | "slow" (sleeps ``delay`` s before
answering /v2/check). Every request is recorded in ``requests`` as (method, path, form).

Run it by hand: ``python tests/fake_languagetool.py`` (prints its URL).
"""
from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [
    {"name": "French", "code": "fr", "longCode": "fr-FR"},
    {"name": "French (Belgium)", "code": "fr", "longCode": "fr-BE"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
]

DEFAULT_RULES = [
    # (regex, rule id, category id, issue type, message, replacements)
    (r"\bdu lettre\b", "FR_AGREEMENT_DU_LETTRE", "GRAMMAR", "grammar",
     "Accord de genre : « lettre » est féminin.", ["de la lettre"]),
    (r"\b[Ll]e lettre\b", "FR_AGREEMENT_GENRE", "GRAMMAR", "grammar",
     "Accord de genre : « lettre » est féminin.", ["la lettre"]),
    (r"\bcourier\b", "FR_SPELLING_RULE", "TYPOS", "misspelling",
     "Faute de frappe possible.", ["courrier", "coursier"]),
    (r"  +", "WHITESPACE_RULE", "TYPOGRAPHY", "whitespace",
     "Espaces répétés.", [" "]),
]


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def make_match(text: str, m: re.Match, rule) -> dict:
    _, rid, cat, issue, msg, repl = rule
    # LanguageTool counts UTF-16 code units (Java strings)
    off = _utf16_len(text[:m.start()])
    length = _utf16_len(m.group())
    return {
        "message": msg, "shortMessage": "",
        "replacements": [{"value": r} for r in repl],
        "offset": off, "length": length,
        "context": {"text": text[max(0, m.start() - 40):m.end() + 40],
                    "offset": m.start() - max(0, m.start() - 40), "length": m.end() - m.start()},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": {"id": rid, "description": msg, "issueType": issue,
                 "category": {"id": cat, "name": cat.title()}},
        "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
    }


class FakeLanguageTool:
    def __init__(self, rules=None, mode: str = "ok", delay: float = 3.0):
        self.rules = list(rules or DEFAULT_RULES)
        self.mode = mode
        self.delay = delay
        self.requests: list[tuple[str, str, dict]] = []
        self._lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> "FakeLanguageTool":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, code: int, body: str, ctype="application/json"):
                data = body.encode("utf-8")
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                path = urllib.parse.urlsplit(self.path).path
                fake._record("GET", path, {})
                if path.rstrip("/") == "/v2/languages":
                    return self._send(200, json.dumps(LANGUAGES))
                return self._send(404, "Not found", "text/plain")

            def do_POST(self):
                path = urllib.parse.urlsplit(self.path).path
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n).decode("utf-8")
                form = {k: v[0] for k, v in urllib.parse.parse_qs(raw,
                                                                    keep_blank_values=True).items()}
                fake._record("POST", path, form)
                if path.rstrip("/") != "/v2/check":
                    return self._send(404, "Not found", "text/plain")
                if fake.mode == "error":
                    return self._send(500, "Error: internal error (fake)", "text/plain")
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                text = form.get("text", "")
                lang = form.get("language", "")
                if lang not in {x["longCode"] for x in LANGUAGES} | {"fr", "en", "auto"}:
                    return self._send(400, f"Error: '{lang}' is not a language code known "
                                           "to LanguageTool.", "text/plain")
                matches = []
                for rule in fake.rules:
                    for m in re.finditer(rule[0], text):
                        matches.append(make_match(text, m, rule))
                matches.sort(key=lambda x: x["offset"])
                body = {"software": {"name": "LanguageTool", "version": "6.8-fake",
                                     "apiVersion": 1, "premium": False, "status": ""},
                        "warnings": {"incompleteResults": False},
                        "language": {"name": lang, "code": lang,
                                     "detectedLanguage": {"name": lang, "code": lang,
                                                          "confidence": 0.99}},
                        "matches": matches}
                return self._send(200, json.dumps(body, ensure_ascii=False))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- inspection --------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self.httpd is not None
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def _record(self, method: str, path: str, form: dict) -> None:
        with self._lock:
            self.requests.append((method, path, form))

    def checks(self) -> list[dict]:
        """Forms of the POST /v2/check requests received so far."""
        with self._lock:
            return [f for m, p, f in self.requests if m == "POST" and p.endswith("/check")]


if __name__ == "__main__":  # pragma: no cover
    srv = FakeLanguageTool().start()
    print(srv.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()
