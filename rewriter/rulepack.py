"""Rule packs: YAML (and CSV lexicons) in ``rules/<lang>/``, loaded, validated and compiled.

A pack file looks like this (see docs/regles.md for the full, French documentation)::

    language: fr
    defaults: {kind: lexicon, category: jargon, severity: warning}
    rules:
      - id: fr.jargon.solliciter
        match: solliciter                  # a lemma: every inflection matches
        replace: demander                  # inflected like the original when safe
        message: "« Solliciter » est soutenu : « demander » suffit."
        source: "SIG, Charte des grands principes rédactionnels (2020)"
        tests:
          - fail: "Vous avez sollicité une aide."
            fix: "Vous avez demandé une aide."
          - pass: "Vous avez demandé une aide."

Every problem is reported as ``path:line: what is wrong — how to fix it`` and collected,
so one run shows all of them (RuleFileError). Rule kinds live in ``rewriter/kinds/``, one
module each; this module only knows the common fields.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleFileError
from .model import CATEGORIES, SEVERITIES

RULES_DIR = Path(os.environ.get("REWRITER_RULES_DIR") or
                 Path(__file__).resolve().parent.parent / "rules")

COMMON_KEYS = {"id", "kind", "category", "severity", "message", "replace", "fix", "source",
               "tests", "note", "enabled", "description"}
FILE_KEYS = {"language", "defaults", "rules", "description", "pack", "disable", "override"}


@dataclass
class Rule:
    id: str
    kind: str
    category: str
    severity: str
    message: str
    language: str
    params: dict = field(default_factory=dict)
    replace: list[str] = field(default_factory=list)
    fix: bool = True                 # may replace[0] be applied automatically?
    source: str | None = None
    description: str | None = None
    tests: list[dict] = field(default_factory=list)
    origin: str = ""                 # file it comes from
    line: int = 0
    pack: str = "bundled"

    def where(self) -> str:
        return f"{self.origin}:{self.line}"


@functools.lru_cache(maxsize=1)
def _line_loader():
    """The YAML loader of rule files, built on first use: PyYAML is imported only when a
    rule file is actually parsed (a warm rules cache never needs it, see get_rules)."""
    import yaml

    class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        """Safe loader (libyaml's C parser when available: ten times faster) that records
        the line of every mapping as ``__line__``."""

    def _construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(
                    None, None, "clé invalide", key_node.start_mark)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"clé « {key} » en double dans le même bloc",
                    key_node.start_mark)
            mapping[key] = loader.construct_object(value_node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                _construct_mapping)
    # YAML 1.1 reads on/off/yes/no as booleans: "on" is a French pronoun and "no" an
    # English word, so only true/false are booleans in rule files (YAML 1.2 behaviour).
    _LineLoader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    _LineLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"))
    return yaml, _LineLoader


def _as_list(v) -> list:
    if v is None:
        return []
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _yaml_error(path: str, e) -> str:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark else 1
    problem = getattr(e, "problem", None) or str(e)
    hint = ""
    if "tab" in str(problem).lower():
        hint = " — remplacez les tabulations par des espaces"
    elif "mapping values" in str(problem):
        hint = (" — un « : » apparaît dans une valeur : mettez la valeur entre guillemets "
                "(\"…\")")
    elif "expected <block end>" in str(problem) or "expected" in str(problem):
        hint = " — vérifiez l'indentation (des espaces, alignés) et les guillemets"
    else:
        hint = " — vérifiez la syntaxe YAML (indentation, guillemets, tirets des listes)"
    return f"{path}:{line}: YAML illisible ({problem}){hint}"


def load_file(path: str | Path, language: str | None = None, pack: str = "bundled"
              ) -> tuple[list[Rule], list[str], dict]:
    """Parse one rule file. Returns (rules, problems, directives) where directives holds
    ``disable`` (ids) and ``override`` ({id: {field: value}}) for organisation packs."""
    p = Path(path)
    shown = _display_path(p)
    problems: list[str] = []
    try:
        raw = p.read_bytes()
    except OSError as e:
        return [], [f"{shown}:1: fichier illisible ({e.strerror}) — vérifiez le chemin"], {}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"{shown}:1: le fichier n'est pas en UTF-8 — enregistrez-le en UTF-8"], {}
    if p.suffix.lower() == ".csv":
        rules, problems = _load_csv(text, shown, language, pack)
        return rules, problems, {}
    yaml, loader = _line_loader()
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as e:
        return [], [_yaml_error(shown, e)], {}
    if data is None:
        return [], [], {}
    if not isinstance(data, dict):
        return [], [f"{shown}:1: le fichier doit commencer par des clés (language, defaults, "
                    f"rules) — voir docs/regles.md"], {}
    for k in data:
        if k != "__line__" and k not in FILE_KEYS:
            problems.append(f"{shown}:{data['__line__']}: clé inconnue « {k} » — clés "
                            f"possibles : {', '.join(sorted(FILE_KEYS))}")
    lang = data.get("language") or language or p.parent.name
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append(f"{shown}:1: « defaults » doit être un bloc de clés")
        defaults = {}
    rules: list[Rule] = []
    items = data.get("rules") or []
    if not isinstance(items, list):
        problems.append(f"{shown}:{data['__line__']}: « rules » doit être une liste (chaque "
                        f"règle commence par « - id: »)")
        items = []
    for item in items:
        r, probs = _build_rule(item, defaults, lang, shown, pack)
        problems += probs
        if r:
            rules.append(r)
    directives = {"language": lang,
                  "disable": [str(x) for x in _as_list(data.get("disable"))],
                  "override": {k: v for k, v in (data.get("override") or {}).items()
                               if k != "__line__"},
                  "line": data.get("__line__", 1)}
    return rules, problems, directives


def _build_rule(item, defaults: dict, lang: str, shown: str, pack: str
                ) -> tuple[Rule | None, list[str]]:
    from .kinds import KINDS

    if not isinstance(item, dict):
        return None, [f"{shown}:1: chaque règle doit être un bloc « - id: … » (trouvé : "
                      f"{item!r:.40})"]
    line = item.get("__line__", 1)
    merged = {k: v for k, v in defaults.items() if k != "__line__"}
    merged.update({k: v for k, v in item.items() if k != "__line__"})
    probs: list[str] = []
    rid = merged.get("id")
    if not rid or not isinstance(rid, str):
        return None, [f"{shown}:{line}: règle sans « id » — ajoutez par exemple "
                      f"« id: {lang}.jargon.mon-terme »"]
    kind = merged.get("kind", "lexicon")
    mod = KINDS.get(kind)
    if mod is None:
        return None, [f"{shown}:{line}: règle {rid} : type « {kind} » inconnu — types "
                      f"possibles : {', '.join(sorted(KINDS))}"]
    allowed = COMMON_KEYS | set(mod.KEYS)
    for k in merged:
        if k not in allowed:
            probs.append(f"{shown}:{line}: règle {rid} : champ inconnu « {k} » — champs "
                         f"possibles pour « {kind} » : {', '.join(sorted(allowed))}")
    category = merged.get("category", getattr(mod, "CATEGORY", "style"))
    if category not in CATEGORIES:
        probs.append(f"{shown}:{line}: règle {rid} : catégorie « {category} » inconnue — "
                     f"catégories : {', '.join(CATEGORIES)}")
    severity = merged.get("severity", "warning")
    if severity not in SEVERITIES:
        probs.append(f"{shown}:{line}: règle {rid} : gravité « {severity} » inconnue — "
                     f"choisissez info, warning ou error")
    message = merged.get("message")
    if not message or not isinstance(message, str):
        probs.append(f"{shown}:{line}: règle {rid} : « message » manquant — écrivez en une "
                     f"phrase ce qui pose problème et quoi faire")
        message = ""
    tests = []
    for t in _as_list(merged.get("tests")):
        if not isinstance(t, dict) or not ({"fail", "pass"} & set(t)):
            probs.append(f"{shown}:{line}: règle {rid} : chaque test est « - fail: … » "
                         f"(avec « fix: … » facultatif) ou « - pass: … »")
            continue
        tests.append({k: v for k, v in t.items()})
    raw_replace = merged.get("replace")
    params = {k: v for k, v in merged.items() if k in mod.KEYS}
    if isinstance(raw_replace, dict):
        # one replacement per pattern: {"taux d'effort": "part de vos revenus…", …}
        rmap = {str(k): [str(x) for x in _as_list(v)] for k, v in raw_replace.items()
                if k != "__line__"}
        pats = {str(x) for x in _as_list(merged.get("match"))}
        for k in rmap:
            if k not in pats:
                probs.append(f"{shown}:{line}: règle {rid} : « replace » donne un remplacement "
                             f"pour « {k} », qui n'est pas dans « match » — recopiez le motif "
                             f"exactement")
        params["replace_map"] = rmap
        replace = list(dict.fromkeys(x for v in rmap.values() for x in v))
    else:
        replace = [str(x) for x in _as_list(raw_replace)]
    rule = Rule(id=rid, kind=kind, category=category, severity=severity, message=message,
                language=lang, params=params, replace=replace,
                fix=bool(merged.get("fix", True)), source=merged.get("source"),
                description=merged.get("description") or merged.get("note"), tests=tests,
                origin=shown, line=line, pack=pack)
    if merged.get("enabled") is False:
        rule.params["__disabled__"] = True
    probs += [f"{shown}:{line}: règle {rid} : {msg}" for msg in mod.validate(rule)]
    return rule, probs


CSV_COLUMNS = ("terme", "remplacement", "categorie", "note")


def _load_csv(text: str, shown: str, language: str | None, pack: str
              ) -> tuple[list[Rule], list[str]]:
    """Spreadsheet form: columns terme;remplacement;categorie;note (or term,replacement,
    category,note), optional gravite, message, langue, source. Separator ``;`` or ``,``
    detected; several replacements separated by ``|``. Each row is a lexicon rule, in
    French unless a ``langue`` column or an ``en/`` folder says otherwise."""
    from .kinds import KINDS

    probs: list[str] = []
    sample = text[:2000]
    delim = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    rows = list(reader)
    if not rows:
        return [], []
    header = [h.strip().lower().replace("é", "e") for h in rows[0]]
    aliases = {"term": "terme", "replacement": "remplacement", "category": "categorie",
               "gravite": "severity", "severite": "severity", "message": "message",
               "lang": "langue"}
    header = [aliases.get(h, h) for h in header]
    if "terme" not in header:
        return [], [f"{shown}:1: la première ligne doit nommer les colonnes : "
                    f"terme{delim}remplacement{delim}categorie{delim}note"]
    parent = Path(shown).parent.name
    default_lang = parent if parent in ("fr", "en") else "fr"   # French first
    rules = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rec = dict(zip(header, (c.strip() for c in row)))
        term = rec.get("terme", "")
        if not term:
            probs.append(f"{shown}:{i}: colonne « terme » vide — écrivez le mot ou "
                         f"l'expression à repérer")
            continue
        cat = rec.get("categorie") or "jargon"
        if cat not in CATEGORIES:
            probs.append(f"{shown}:{i}: catégorie « {cat} » inconnue — catégories : "
                         f"{', '.join(CATEGORIES)}")
            continue
        sev = rec.get("severity") or "warning"
        if sev not in SEVERITIES:
            probs.append(f"{shown}:{i}: gravité « {sev} » inconnue — info, warning ou error")
            continue
        lang = (rec.get("langue") or rec.get("language") or default_lang).lower()
        if lang not in ("fr", "en"):
            probs.append(f"{shown}:{i}: langue « {lang} » inconnue — fr ou en")
            continue
        repl = [x.strip() for x in rec.get("remplacement", "").split("|") if x.strip()]
        note = rec.get("note") or ""
        msg = rec.get("message") or (
            f"« {term} » : préférez « {repl[0]} »." if repl and lang == "fr" else
            f"“{term}”: prefer “{repl[0]}”." if repl else
            (f"« {term} » : terme à éviter ou à expliquer." if lang == "fr" else
             f"“{term}”: avoid or explain this term."))
        slug = "".join(c if c.isalnum() else "-" for c in term.lower()).strip("-")
        rule = Rule(id=f"{Path(shown).stem}.{slug}", kind="lexicon", category=cat,
                    severity=sev, message=msg, language=lang, params={"match": term},
                    replace=repl, origin=shown, line=i, pack=pack,
                    source=rec.get("source") or None, description=note or None)
        probs += [f"{shown}:{i}: {m}" for m in KINDS["lexicon"].validate(rule)]
        rules.append(rule)
    return rules, probs


def _display_path(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(p)


@dataclass
class RuleSet:
    language: str
    rules: list[Rule]
    checkers: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


def rule_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(f for f in directory.rglob("*") if f.suffix.lower() in (".yml", ".yaml", ".csv")
                  and not f.name.startswith(("_", ".")))


def load_rules(language: str, extra: list[str | Path] | None = None,
               bundled_dir: Path | None = None, strict: bool = True) -> RuleSet:
    """Load the bundled pack for ``language`` then each organisation pack in ``extra``
    (a file or a folder; later packs add rules, ``disable`` ids, ``override`` fields).
    Raises RuleFileError listing every problem when ``strict``."""
    base = (bundled_dir or RULES_DIR) / language
    problems: list[str] = []
    rules: dict[str, Rule] = {}

    def add(path: Path, pack: str):
        rs, probs, directives = load_file(path, language, pack)
        problems.extend(probs)
        if directives.get("language", language) != language:
            return   # a pack for another language
        for r in rs:
            if r.language != language:
                continue
            if r.id in rules and rules[r.id].pack == pack:
                problems.append(f"{r.where()}: identifiant « {r.id} » déjà utilisé "
                                f"({rules[r.id].where()}) — donnez un id unique")
                continue
            rules[r.id] = r
        for rid in directives.get("disable", []):
            if rid in rules:
                rules[rid].params["__disabled__"] = True
            else:
                problems.append(f"{_display_path(path)}:{directives['line']}: « disable » : "
                                f"aucune règle « {rid} » — vérifiez l'id avec "
                                f"« rewriter rules list »")
        for rid, fields_ in directives.get("override", {}).items():
            r = rules.get(rid)
            if r is None:
                problems.append(f"{_display_path(path)}:{directives['line']}: « override » : "
                                f"aucune règle « {rid} » — vérifiez l'id")
                continue
            if not isinstance(fields_, dict):
                continue
            for k, v in fields_.items():
                if k == "__line__":
                    continue
                if k == "severity" and v not in SEVERITIES:
                    problems.append(f"{_display_path(path)}:{fields_.get('__line__', 1)}: "
                                    f"gravité « {v} » inconnue — info, warning ou error")
                elif k in ("severity", "message", "category"):
                    setattr(r, k, v)
                elif k == "replace":
                    r.replace = [str(x) for x in _as_list(v)]
                elif k == "enabled":
                    if v is False:
                        r.params["__disabled__"] = True
                    else:
                        r.params.pop("__disabled__", None)
                else:
                    problems.append(f"{_display_path(path)}:{fields_.get('__line__', 1)}: "
                                    f"« override » ne sait pas changer « {k} » — champs : "
                                    f"severity, message, category, replace, enabled")

    for f in rule_files(base):
        add(f, "bundled")
    for e in extra or []:
        ep = Path(e)
        if ep.is_dir():
            files = rule_files(ep / language) or rule_files(ep)
        elif ep.exists():
            files = [ep]
        else:
            problems.append(f"{e}:1: pack de règles introuvable — vérifiez le chemin")
            files = []
        for f in files:
            add(f, str(ep))
    active = [r for r in rules.values() if not r.params.get("__disabled__")]
    if problems and strict:
        raise RuleFileError(problems)
    rs = RuleSet(language, active, problems=problems)
    rs.checkers = compile_rules(active, language)
    return rs


def compile_rules(rules: list[Rule], language: str) -> list:
    from .kinds import KINDS

    by_kind: dict[str, list[Rule]] = {}
    for r in rules:
        by_kind.setdefault(r.kind, []).append(r)
    checkers = []
    # Kinds that share the lemma trie compile together (one automaton for all entries).
    from .kinds import matcher
    trie_rules = [r for r in rules if getattr(KINDS[r.kind], "USES_TRIE", False)]
    if trie_rules:
        checkers.append(matcher.TrieChecker(trie_rules, language))
    for kind, rs in by_kind.items():
        mod = KINDS[kind]
        if getattr(mod, "USES_TRIE", False):
            continue
        checkers.append(mod.Checker(rs, language))
    return checkers


_cache: dict = {}
_recent: dict = {}            # (language, extra) -> (time of last look, RuleSet)
_RECHECK_SECONDS = 1.0        # rule files are looked at again at most once a second
_cache_lock = threading.Lock()
_CODE_FILES = ("rulepack.py", "nlp.py", "model.py", "kinds")


def _fingerprint(language: str, extra: tuple, files: list[Path]) -> str:
    import hashlib

    from . import __version__

    h = hashlib.sha256(f"{__version__}|{language}|{extra}".encode())
    here = Path(__file__).resolve().parent
    code = []
    for name in _CODE_FILES:
        p = here / name
        code += sorted(p.glob("*.py")) if p.is_dir() else [p]
    for f in list(files) + code:
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


def get_rules(language: str, extra: tuple = (), strict: bool = True) -> RuleSet:
    """Load once per process, and compile once per machine: a compiled pack is pickled
    in the user's cache folder (``REWRITER_CACHE_DIR``; ``off`` disables it), keyed on the
    rule files and the code that compiles them, so start-up does not parse 1,000+ rules."""
    import time
    now = time.monotonic()
    recent = _recent.get((language, extra))
    if recent is not None and now - recent[0] < _RECHECK_SECONDS:
        return recent[1]      # the rule files were looked at less than a second ago
    files = rule_files(RULES_DIR / language)
    for e in extra:
        ep = Path(e)
        files += rule_files(ep) if ep.is_dir() else ([ep] if ep.exists() else [])
    key = (language, tuple(str(x) for x in extra),
           tuple((str(f), f.stat().st_mtime_ns) for f in files))
    with _cache_lock:
        hit = _cache.get(key)
    if hit:
        _recent[(language, extra)] = (now, hit)
        return hit
    from . import cache
    cname = f"rules-{_fingerprint(language, key[1], files)}.pickle"
    rs = cache.load(cname)
    if rs is None:
        rs = load_rules(language, list(extra), strict=strict)
        if not rs.problems:
            cache.store(cname, rs)
    with _cache_lock:
        _cache[key] = rs
        _recent[(language, extra)] = (now, rs)
    return rs


# --- JSON Schema (editors validate rule files as you type) -------------------------------

_KEY_DOC = {
    "id": "Identifiant unique, par exemple fr.jargon.solliciter",
    "kind": "Type de règle : lexicon, phrase, pattern, long_sentence, passive, impersonal, "
            "negation, nominalisation, acronym, rare_word",
    "category": "Catégorie du problème",
    "severity": "Gravité : info (conseil), warning (à corriger), error (bloque la CI)",
    "message": "Une phrase en langage clair : ce qui pose problème et quoi faire",
    "replace": "Remplacement(s) proposé(s) ; le premier est appliqué automatiquement si fix "
               "n'est pas false. Un bloc « motif: remplacement » donne un remplacement par "
               "motif de match",
    "fix": "false : proposer sans remplacer automatiquement",
    "source": "D'où vient la recommandation (guide, charte…)",
    "tests": "Exemples : - fail: phrase à signaler (fix: réécriture attendue) ; - pass: "
             "phrase correcte",
    "match": "Mot ou expression (lemme : toutes les formes) ; liste pour des variantes ; "
             "=mot pour une forme exacte ; ... pour sauter jusqu'à 8 mots",
    "explain": "Pour un terme à garder (terme juridique) : courte explication ajoutée entre "
               "parenthèses après sa première mention, par exemple « devant le tribunal "
               "administratif » ; les mentions suivantes ne sont plus signalées",
    "regex": "Expression régulière (RE2 : ni regard avant/arrière ni référence arrière)",
    "enabled": "false : règle désactivée",
    "note": "Commentaire pour l'équipe",
    "description": "Explication longue (pourquoi cette règle)",
}


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of a rule file, built from the rule kinds."""
    from .kinds import KINDS

    kind_keys = sorted({k for m in KINDS.values() for k in m.KEYS})
    rule_props: dict = {k: {"description": _KEY_DOC.get(k, "")} for k in sorted(COMMON_KEYS)}
    rule_props["id"]["type"] = "string"
    rule_props["kind"]["enum"] = sorted(KINDS)
    rule_props["category"]["enum"] = list(CATEGORIES)
    rule_props["severity"]["enum"] = list(SEVERITIES)
    rule_props["message"]["type"] = "string"
    rule_props["fix"]["type"] = "boolean"
    rule_props["enabled"]["type"] = "boolean"
    rule_props["replace"]["type"] = ["string", "array", "object"]
    rule_props["tests"].update({"type": "array", "items": {
        "type": "object", "additionalProperties": False,
        "properties": {"fail": {"type": "string"}, "fix": {"type": "string"},
                       "pass": {"type": "string"}}}})
    for k in kind_keys:
        rule_props.setdefault(k, {"description": _KEY_DOC.get(
            k, f"Paramètre du type de règle ({', '.join(n for n, m in KINDS.items() if k in m.KEYS)})")})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Fichier de règles rewriter",
        "description": "Règles de langage clair (voir docs/regles.md)",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "language": {"enum": ["fr", "en"], "description": "Langue des règles"},
            "description": {"type": "string"},
            "pack": {"type": "string"},
            "defaults": {"type": "object", "description": "Valeurs par défaut des règles",
                         "properties": rule_props},
            "rules": {"type": "array", "items": {
                "type": "object", "required": ["id", "message"],
                "additionalProperties": False, "properties": rule_props}},
            "disable": {"type": "array", "items": {"type": "string"},
                        "description": "Identifiants de règles fournies à désactiver"},
            "override": {"type": "object", "description": "Changer une règle fournie : "
                         "severity, message, category, replace, enabled",
                         "additionalProperties": {
                             "type": "object", "additionalProperties": False,
                             "properties": {k: rule_props[k] for k in
                                            ("severity", "message", "category", "replace",
                                             "enabled")}}},
        },
    }
