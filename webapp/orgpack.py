"""The organisation pack, edited in the browser and stored in the database.

The pack is what ``docs/regles.md`` calls an organisation pack: terms of the
organisation (lexicon rules, like the CSV form) plus changes to bundled rules
(``disable:``, ``override: {severity: …}``). It is kept as:

* ``data``: ``{"terms": [term, …], "rules": {bundled id: {"language", "disabled",
  "severity"}}}`` — what the forms edit;
* the YAML files generated from it (``organisation/fr.yml``, ``organisation/en.yml``) —
  what the engine loads.

Every change builds the new pack, writes it to a temporary folder and runs the engine's
loader on it (:func:`rewriter.rulepack.load_file`), checks the bundled ids it names, and
runs its examples (:func:`rewriter.ruletest.run_rule_tests`). Only a valid pack is stored,
as a new row of ``org_pack_versions`` (who, when, what, before/after): the previous
version stays active when a change is refused.

Hot reload: :func:`current` compares the highest stored version with the one this
process has loaded (one small query) and reloads when it changed. The loaded rules travel
with each analysis job to the worker process (:mod:`webapp.jobs`), which adds them to the
bundled rules it loaded at start — so the next analysis in every web process uses the new
version, without a restart and without files shared between machines.
"""
from __future__ import annotations

import copy
import logging
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import storage

log = logging.getLogger("rewriter.web")

LANGS = ("fr", "en")
PREFIX = "org"
SHOWN_DIR = "organisation"
MAX_TERMS = 5000
LIMITS = {"term": 200, "replace": 500, "message": 500, "note": 1000, "source": 300,
          "fail": 500, "pass": 500}


def empty() -> dict:
    return {"terms": [], "rules": {}}


class PackError(Exception):
    """A change was refused: ``problems`` are ``path:line: what — how`` lines."""

    def __init__(self, problems: list[str], yaml_texts: dict[str, str] | None = None):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.yaml_texts = yaml_texts or {}


class Conflict(Exception):
    """Another editor saved at the same time and the change no longer applies."""


# --- terms -----------------------------------------------------------------------------------
def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:60] or "terme"


def new_term_id(term: str, lang: str, data: dict) -> str:
    taken = {t["id"] for t in data["terms"]}
    base = f"{PREFIX}.{lang}.{slug(term)}"
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    return rid


def default_message(term: str, replace: list[str], lang: str) -> str:
    if lang == "en":
        return f"“{term}”: prefer “{replace[0]}”." if replace else \
            f"“{term}”: avoid or explain this term."
    return f"« {term} » : préférez « {replace[0]} »." if replace else \
        f"« {term} » : terme à éviter ou à expliquer."


def split_replace(value: str) -> list[str]:
    return [x.strip() for x in (value or "").split("|") if x.strip()]


# --- YAML ---------------------------------------------------------------------------------------
def _rule_entry(t: dict) -> dict:
    r: dict = {"id": t["id"], "kind": "lexicon", "category": t["category"],
               "severity": t["severity"], "match": t["term"]}
    if t.get("replace"):
        r["replace"] = list(t["replace"])
    r["message"] = t.get("message") or default_message(t["term"], t.get("replace") or [],
                                                       t["language"])
    if t.get("note"):
        r["note"] = t["note"]
    if t.get("source"):
        r["source"] = t["source"]
    tests = []
    if t.get("fail"):
        tests.append({"fail": t["fail"]})
    if t.get("pass"):
        tests.append({"pass": t["pass"]})
    if tests:
        r["tests"] = tests
    return r


def build_yaml(data: dict, lang: str) -> str:
    doc: dict = {"language": lang, "pack": "organisation",
                 "description": "Pack de l'organisation, modifié dans l'application web"
                 if lang == "fr" else "Organisation pack, edited in the web application"}
    rules = [_rule_entry(t) for t in data["terms"] if t["language"] == lang]
    if rules:
        doc["rules"] = rules
    mine = {rid: c for rid, c in sorted(data["rules"].items()) if c.get("language") == lang}
    disable = [rid for rid, c in mine.items() if c.get("disabled")]
    if disable:
        doc["disable"] = disable
    override = {rid: {"severity": c["severity"]} for rid, c in mine.items()
                if c.get("severity") and not c.get("disabled")}
    if override:
        doc["override"] = override
    head = ("# Pack de l'organisation (généré par l'application web : modifiez-le dans "
            "l'éditeur).\n" if lang == "fr" else
            "# Organisation pack (generated by the web application: edit it there).\n")
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000,
                                 default_flow_style=False)


# --- validation ----------------------------------------------------------------------------------
def bundled_rules(lang: str) -> dict:
    """{id: Rule} of the bundled pack, from this process's cache (``get_rules``)."""
    from rewriter.rulepack import get_rules
    try:
        return get_rules(lang, strict=False).by_id()
    except Exception as e:  # noqa: BLE001
        log.warning("bundled rules for %s could not be loaded: %s", lang, type(e).__name__)
        return {}


def _line_of(text: str, needle: str, after: str = "") -> int:
    lines = text.splitlines()
    start = 0
    if after:
        start = next((i for i, ln in enumerate(lines) if ln.startswith(after)), 0)
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    return 1


def validate(data: dict, run_examples: bool = True) -> dict[str, str]:
    """Build the pack's YAML and check it with the engine's loader. Returns the YAML per
    language; raises :class:`PackError` with every problem."""
    from rewriter.rulepack import compile_rules, load_file
    from rewriter.ruletest import run_rule_tests

    texts = {lang: build_yaml(data, lang) for lang in LANGS}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rewriter-pack-") as d:
        tmp = Path(d)
        folder = tmp / SHOWN_DIR
        folder.mkdir()
        strip = re.compile(r"[^\s:]*" + re.escape(tmp.name) + "/")

        def shown(msg: str) -> str:
            return strip.sub("", msg)

        for lang in LANGS:
            path = folder / f"{lang}.yml"
            path.write_text(texts[lang], encoding="utf-8")
            where = f"{SHOWN_DIR}/{lang}.yml"
            rules, probs, directives = load_file(path, lang, "organisation")
            problems += [shown(p) for p in probs]
            bundled = bundled_rules(lang) if (directives.get("disable") or
                                              directives.get("override")) else {}
            seen: dict[str, int] = {}
            for r in rules:
                if r.id in seen or r.id in bundled:
                    problems.append(f"{where}:{r.line}: identifiant « {r.id} » déjà utilisé "
                                    f"— donnez un id unique")
                seen[r.id] = r.line
            for rid in directives.get("disable", []):
                if rid not in bundled:
                    problems.append(f"{where}:{_line_of(texts[lang], rid, 'disable:')}: "
                                    f"« disable » : aucune règle « {rid} » — vérifiez "
                                    f"l'identifiant dans le catalogue des règles")
            for rid, fields_ in directives.get("override", {}).items():
                line = _line_of(texts[lang], rid, "override:")
                if rid not in bundled:
                    problems.append(f"{where}:{line}: « override » : aucune règle « {rid} » "
                                    f"— vérifiez l'identifiant dans le catalogue des règles")
                sev = (fields_ or {}).get("severity")
                if sev not in ("info", "warning", "error"):
                    problems.append(f"{where}:{line}: gravité « {sev} » inconnue — info, "
                                    f"warning ou error")
            if probs:
                continue
            try:
                compile_rules(rules, lang)
            except Exception as e:  # noqa: BLE001 - reported to the editor
                problems.append(f"{where}:1: les règles n'ont pas pu être préparées "
                                f"({type(e).__name__}) — vérifiez les termes")
                continue
            if run_examples:
                for r in rules:
                    if r.tests:
                        problems += [shown(p) for p in run_rule_tests(r)]
    if problems:
        raise PackError(problems, texts)
    return texts


# --- saving: one new version per change -------------------------------------------------------
def load_data(engine) -> tuple[int, dict]:
    v = storage.latest_pack_version(engine)
    row = storage.get_pack_version(engine, v)
    return v, (copy.deepcopy(row.data) if row else empty())


def save_change(engine, author: str, action: str, target: str, change) -> int:
    """``change(data) -> (before, after)`` edits ``data`` in place (raising ValueError with a
    French message when it no longer applies). The result is validated and stored as the
    next version; returns it. A concurrent save by another editor is retried on top of it."""
    for _ in range(5):
        v, data = load_data(engine)
        before, after = change(data)
        if len(data["terms"]) > MAX_TERMS:
            raise PackError([f"{SHOWN_DIR}/fr.yml:1: plus de {MAX_TERMS} termes — utilisez un "
                             f"pack de fichiers (docs/regles.md)"])
        texts = validate(data)
        if storage.add_pack_version(engine, v + 1, author=author[:120], action=action,
                                    target=target[:255], before=before, after=after,
                                    data=data, yaml_fr=texts["fr"], yaml_en=texts["en"]):
            log.info("organisation pack: version %d saved (%s)", v + 1, action)
            return v + 1
    raise Conflict()


# --- runtime: what analyses use -----------------------------------------------------------------
@dataclass
class Loaded:
    version: int = 0
    payload: dict | None = None              # sent to the worker (None: no pack)
    problems: list[str] = field(default_factory=list)
    rules: dict = field(default_factory=dict)    # lang -> [Rule] (catalogue)
    data: dict = field(default_factory=empty)


_lock = threading.Lock()
_loaded: dict[tuple, Loaded] = {}     # (database, version, saved at) -> Loaded


def _build(row) -> Loaded:
    """Load a stored version with the engine's loader. A version that no longer loads
    (after an upgrade of rewriter, say) keeps its valid rules; the problems are shown to
    the editors, analyses go on."""
    from rewriter.rulepack import load_file

    out = Loaded(version=row.version, data=row.data)
    langs: dict = {}
    with tempfile.TemporaryDirectory(prefix="rewriter-pack-") as d:
        tmp = Path(d)
        folder = tmp / SHOWN_DIR
        folder.mkdir()
        strip = re.compile(r"[^\s:]*" + re.escape(tmp.name) + "/")
        for lang in LANGS:
            path = folder / f"{lang}.yml"
            path.write_text(getattr(row, f"yaml_{lang}") or "", encoding="utf-8")
            try:
                rules, probs, directives = load_file(path, lang, "organisation")
            except Exception as e:  # noqa: BLE001
                rules, probs, directives = [], [f"{SHOWN_DIR}/{lang}.yml:1: "
                                                f"{type(e).__name__}"], {}
            probs = [strip.sub("", p) for p in probs]
            bundled = bundled_rules(lang)
            for rid in directives.get("disable", []) + list(directives.get("override", {})):
                if bundled and rid not in bundled:
                    probs.append(f"{SHOWN_DIR}/{lang}.yml:1: aucune règle fournie « {rid} » "
                                 f"— elle a peut-être été renommée ; modifiez le pack")
            bad = {r.id for r in rules if any(f"règle {r.id} :" in p for p in probs)}
            good = [r for r in rules if r.id not in bad]
            for r in good:
                r.origin = f"{SHOWN_DIR}/{lang}.yml"
            sev = {rid: f["severity"] for rid, f in directives.get("override", {}).items()
                   if isinstance(f, dict) and f.get("severity") in ("info", "warning", "error")}
            out.problems += probs
            out.rules[lang] = good
            if good or directives.get("disable") or sev:
                langs[lang] = {"rules": good, "disable": list(directives.get("disable", [])),
                               "severity": sev}
    if langs:
        out.payload = {"version": row.version, "langs": langs}
    return out


def loaded(engine, version: int, stamp: str | None = None) -> Loaded:
    """The runtime form of a version (cached per process: a stored version never
    changes; the key holds the database and the save time, in case a database is
    recreated)."""
    if not version:
        return Loaded()
    db_key = str(engine.url)
    if stamp is not None:
        with _lock:
            hit = _loaded.get((db_key, version, stamp))
        if hit is not None:
            return hit
    row = storage.get_pack_version(engine, version)
    if row is None:
        return Loaded()
    key = (db_key, version, str(row.at))
    with _lock:
        hit = _loaded.get(key)
    if hit is not None:
        return hit
    built = _build(row)
    if built.problems:
        log.warning("organisation pack version %d: %d problem(s)", version,
                    len(built.problems))
    with _lock:
        if len(_loaded) > 8:            # keep the newest few (reports pin older ones)
            for k in list(_loaded)[:-4]:
                _loaded.pop(k, None)
        _loaded[key] = built
    return built


def current(engine) -> Loaded:
    """The active version for this request: one query, a reload only when it changed."""
    try:
        v, stamp = storage.latest_pack_stamp(engine)
    except Exception as e:  # noqa: BLE001 - the database is down: analyse without the pack
        log.warning("organisation pack unavailable: %s", type(e).__name__)
        return Loaded()
    try:
        return loaded(engine, v, stamp)
    except Exception as e:  # noqa: BLE001 - never break an analysis
        log.warning("organisation pack version %d unusable: %s", v, type(e).__name__)
        return Loaded(version=v, problems=[f"{SHOWN_DIR}: {type(e).__name__}"])
