"""Project configuration: ``.rewriter.toml`` or ``[tool.rewriter]`` in ``pyproject.toml``.

Found from the current directory upwards (the first folder that has a ``.rewriter.toml``,
or a ``pyproject.toml`` with a ``[tool.rewriter]`` table), or given with ``--config FILE``.
Parsed with :mod:`tomllib`; every unknown key or wrong type is an error (exit code 2) that
names the file and the key path (TOML syntax errors also give the line)::

    # .rewriter.toml (top-level keys; [tool.rewriter] in pyproject.toml)
    include = ["courriers/**/*.docx", "modeles/**/*.j2"]
    exclude = ["courriers/archives/**"]
    language = "fr"                 # fr | en | auto
    min-score = 60
    fail-on = "warning"             # info | warning | error | never
    disable = ["fr.sigle.non-explique"]
    disable-categories = ["passive"]
    enable-only = []                # if not empty: only these rules (ids, or globs "fr.jargon.*")
    rules = ["regles-mairie/"]      # extra rule packs, relative to this file
    jobs = 4                        # or "auto"
    baseline = ".rewriter-baseline.json"
    format = "text"

    [[overrides]]                   # [[tool.rewriter.overrides]] in pyproject.toml
    files = ["courriers/urgents/*"]
    min-score = 70

Globs are relative to the folder of the configuration file; ``**`` matches any number of
folders, ``*`` and ``?`` stay within one folder.
"""
from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .model import CATEGORIES

CONFIG_NAMES = (".rewriter.toml", "pyproject.toml")
FAIL_ON = ("info", "warning", "error", "never")
LANGS = ("fr", "en", "auto")
FORMATS = ("text", "json", "sarif", "junit", "github", "codequality", "html")

# key -> (type description, checker)
_SCALAR_KEYS = {
    "language": "texte : fr, en ou auto",
    "min-score": "nombre entre 0 et 100",
    "fail-on": "texte : info, warning, error ou never",
    "jobs": "entier ≥ 1 ou \"auto\"",
    "baseline": "chemin (texte)",
    "format": "texte : " + ", ".join(FORMATS),
    "long-sentence-words": "entier ≥ 5",
    "grammar": "texte : auto, off, languagetool ou grammalecte",
    "languagetool-url": "adresse http(s) d'un serveur LanguageTool",
}
_LIST_KEYS = ("include", "exclude", "disable", "disable-categories", "enable-only", "rules")
TOP_KEYS = set(_SCALAR_KEYS) | set(_LIST_KEYS) | {"overrides"}
OVERRIDE_KEYS = {"files", "min-score", "fail-on", "disable", "disable-categories",
                 "enable-only", "language", "long-sentence-words"}


@dataclass
class Override:
    files: list[str]
    values: dict


@dataclass
class ProjectConfig:
    path: Path | None = None          # the file (None: no configuration)
    root: Path = field(default_factory=Path.cwd)   # folder globs are relative to
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    language: str | None = None
    min_score: float | None = None
    fail_on: str | None = None
    disable: list[str] = field(default_factory=list)
    disable_categories: list[str] = field(default_factory=list)
    enable_only: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)      # absolute paths
    jobs: int | None = None
    baseline: str | None = None                          # absolute path
    format: str | None = None
    long_sentence_words: int | None = None
    overrides: list[Override] = field(default_factory=list)

    # --- file selection ------------------------------------------------------------------
    def _memo(self, kind: str, path, compute):
        """``compute()`` once per (kind, root, path): resolving paths costs system calls,
        and a check asks about each file several times (settings, gates, formats)."""
        memo = self.__dict__.setdefault("_path_memo", {})
        key = (kind, str(self.root), str(path))
        got = memo.get(key)
        if got is None:
            got = memo[key] = compute()
        return got

    def rel(self, path: str | Path) -> str:
        """Path relative to the configuration folder, with / (or the absolute path)."""
        return self._memo("rel", path, lambda: self._rel(path))

    def _rel(self, path: str | Path) -> str:
        p = Path(path)
        try:
            p = p.resolve().relative_to(self.root.resolve())
        except ValueError:
            return Path(os.path.abspath(path)).as_posix()
        return p.as_posix()

    def covers(self, path: str | Path) -> bool:
        """Does this configuration apply to ``path``? Only to files inside its folder
        (standard input and files elsewhere get the defaults and the command line)."""
        if self.path is None or str(path) == "-":
            return False
        return self._memo("covers", path, lambda: self._covers(path))

    def _covers(self, path: str | Path) -> bool:
        try:
            Path(os.path.abspath(path)).relative_to(self.root)
        except ValueError:
            try:
                Path(path).resolve().relative_to(self.root.resolve())
            except ValueError:
                return False
        return True

    def is_excluded(self, path: str | Path) -> bool:
        if not self.covers(path):
            return False
        rel = self.rel(path)
        return any(glob_match(g, rel) for g in self.exclude)

    def included_files(self) -> list[str]:
        """Files the configuration includes (sorted, excluded ones removed)."""
        from .readers import SUPPORTED_EXT
        found: set[Path] = set()
        patterns = self.include or ["**/*"]
        for g in patterns:
            for p in self.root.glob(g):
                if not p.is_file():
                    continue
                rel = p.relative_to(self.root)
                if any(part in SKIP_DIRS or (part.startswith(".") and part not in g)
                       for part in rel.parts[:-1]):
                    continue
                if not self.include and not _supported(p.name, SUPPORTED_EXT):
                    continue
                if p.name.startswith("~$"):
                    continue
                found.add(rel)
        out = []
        for rel in sorted(found, key=lambda r: r.as_posix()):
            if any(glob_match(x, rel.as_posix()) for x in self.exclude):
                continue
            out.append(_display(self.root / rel))
        return out

    # --- per-file values -----------------------------------------------------------------
    def value_for(self, path: str, key: str, default=None):
        """The value of ``key`` for ``path``: the last matching override, else the global
        value, else ``default`` (always ``default`` for a file the configuration does not
        cover)."""
        if not self.covers(path):
            return default
        rel = self.rel(path)
        val = getattr(self, key.replace("-", "_"), None)
        if isinstance(val, list) and not val:
            val = None
        for o in self.overrides:
            if key in o.values and any(glob_match(g, rel) for g in o.files):
                val = o.values[key]
        return default if val is None else val

    def has_overrides(self, key: str) -> bool:
        return any(key in o.values for o in self.overrides)


SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
             ".mypy_cache", ".pytest_cache", "build", "dist"}


def _supported(name: str, exts) -> bool:
    return Path(name.lower()).suffix in exts


def _display(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


# --- globs ---------------------------------------------------------------------------------
_GLOB_CACHE: dict[str, re.Pattern] = {}


def glob_to_regex(pattern: str) -> re.Pattern:
    """``**`` = any number of folders, ``*`` / ``?`` = within one folder, ``[...]`` kept.
    A pattern without ``/`` matches the file name at any depth (like .gitignore)."""
    if pattern in _GLOB_CACHE:
        return _GLOB_CACHE[pattern]
    pat = pattern.replace("\\", "/")
    if pat.startswith("./"):
        pat = pat[2:]
    if "/" not in pat.rstrip("/"):
        pat = "**/" + pat
    if pat.endswith("/"):
        pat += "**"
    i, out = 0, []
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                inner = pat[i + 1:j]
                if inner.startswith("!"):
                    inner = "^" + inner[1:]
                out.append("[" + inner.replace("\\", "\\\\") + "]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    rx = re.compile("".join(out) + r"(?:/.*)?\Z")   # a folder pattern covers what is inside
    _GLOB_CACHE[pattern] = rx
    return rx


def glob_match(pattern: str, rel_path: str) -> bool:
    return bool(glob_to_regex(pattern).match(rel_path))


# --- discovery and parsing -------------------------------------------------------------------
def find_config(start: Path | None = None) -> Path | None:
    d = (start or Path.cwd()).resolve()
    for folder in (d, *d.parents):
        cand = folder / ".rewriter.toml"
        if cand.is_file():
            return cand
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue      # not ours to judge unless it has [tool.rewriter]
            if isinstance(data.get("tool"), dict) and "rewriter" in data["tool"]:
                return py
    return None


def load_config(path: str | Path) -> ProjectConfig:
    """Read and validate a configuration file. Raises ConfigError (French, with the file
    and the key path, or the line for TOML syntax errors)."""
    p = Path(path)
    shown = _display(p)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{shown}: fichier de configuration introuvable.") from None
    except OSError as e:
        raise ConfigError(f"{shown}: lecture impossible ({e.strerror or e}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: le fichier n'est pas en UTF-8 — enregistrez-le en "
                          "UTF-8.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            where = f"{shown}:{m.group(1)}:{m.group(2)}"
        elif "end of document" in msg:
            where = f"{shown}:{text.count(chr(10)) + 1}"
        else:
            where = shown
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
        raise ConfigError(f"{where}: syntaxe TOML invalide ({what}) — vérifiez les "
                          "guillemets, les crochets et le signe =.") from None
    prefix = ""
    if p.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "rewriter" not in tool:
            raise ConfigError(f"{shown}: pas de table [tool.rewriter] dans ce fichier.")
        data = tool["rewriter"]
        prefix = "tool.rewriter."
        if not isinstance(data, dict):
            raise ConfigError(f"{shown}: {prefix[:-1]} doit être une table.")
    return parse_config(data, p, prefix)


def parse_config(data: dict, path: Path, prefix: str = "") -> ProjectConfig:
    shown = _display(path)
    root = path.resolve().parent
    problems: list[str] = []
    cfg = ProjectConfig(path=path.resolve(), root=root)

    def err(key: str, msg: str) -> None:
        problems.append(f"{shown}: {prefix}{key}: {msg}")

    for key, val in data.items():
        if key not in TOP_KEYS:
            hint = _close(key, TOP_KEYS)
            err(key, "clé inconnue" + (f" — vouliez-vous dire « {hint} » ?" if hint else
                                       f" — clés possibles : {', '.join(sorted(TOP_KEYS))}"))
            continue
        if key == "overrides":
            if not isinstance(val, list) or not all(isinstance(o, dict) for o in val):
                err(key, "doit être une liste de tables [[" + prefix + "overrides]]")
                continue
            for i, o in enumerate(val):
                ov = _parse_override(o, f"overrides[{i}].", err)
                if ov:
                    cfg.overrides.append(ov)
            continue
        ok, value = _check_value(key, val, lambda m, k=key: err(k, m))
        if not ok:
            continue
        _store(cfg, key, value, root)
    if problems:
        raise ConfigError("\n".join(problems))
    return cfg


def _parse_override(o: dict, where: str, err) -> Override | None:
    values = {}
    good = True
    if "files" not in o:
        err(where + "files", "clé obligatoire manquante — la liste des fichiers concernés, "
            "par exemple files = [\"courriers/urgents/*\"]")
        good = False
    for key, val in o.items():
        if key not in OVERRIDE_KEYS:
            hint = _close(key, OVERRIDE_KEYS)
            err(where + key, "clé inconnue dans un bloc overrides" +
                (f" — vouliez-vous dire « {hint} » ?" if hint else
                 f" — clés possibles : {', '.join(sorted(OVERRIDE_KEYS))}"))
            good = False
            continue
        if key == "files":
            if not (isinstance(val, list) and val and all(isinstance(x, str) for x in val)):
                err(where + key, "doit être une liste non vide de motifs (texte)")
                good = False
                continue
            continue
        ok, value = _check_value(key, val, lambda m, k=key: err(where + k, m))
        if not ok:
            good = False
            continue
        values[key] = value
    if not good:
        return None
    return Override(list(o["files"]), values)


def _check_value(key: str, val, err):
    if key in _LIST_KEYS:
        if isinstance(val, str):
            val = [val]
        if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
            err("doit être une liste de textes, par exemple [\"a\", \"b\"]")
            return False, None
        if key == "disable-categories":
            bad = [x for x in val if x not in CATEGORIES]
            if bad:
                err(f"catégorie inconnue « {bad[0]} » — catégories possibles : "
                    f"{', '.join(CATEGORIES)}")
                return False, None
        return True, list(val)
    if key == "language":
        if val not in LANGS:
            err(f"valeur « {val} » invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "fail-on":
        if val not in FAIL_ON:
            err(f"valeur « {val} » invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "format":
        if val not in FORMATS:
            err(f"valeur « {val} » invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "min-score":
        if isinstance(val, bool) or not isinstance(val, (int, float)) or not 0 <= val <= 100:
            err(f"valeur {val!r} invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, float(val)
    if key == "jobs":
        if val == "auto":
            return True, None
        if isinstance(val, bool) or not isinstance(val, int) or val < 1:
            err(f"valeur {val!r} invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "grammar":
        if val not in ("auto", "off", "languagetool", "grammalecte"):
            err(f"valeur « {val} » invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "languagetool-url":
        if not isinstance(val, str) or not val.startswith(("http://", "https://")):
            err(f"valeur {val!r} invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "long-sentence-words":
        if isinstance(val, bool) or not isinstance(val, int) or val < 5:
            err(f"valeur {val!r} invalide — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    if key == "baseline":
        if not isinstance(val, str) or not val:
            err(f"doit être un chemin (texte) — {_SCALAR_KEYS[key]}")
            return False, None
        return True, val
    err("clé inconnue")
    return False, None


def _store(cfg: ProjectConfig, key: str, value, root: Path) -> None:
    if key == "rules":
        value = [str((root / v).resolve()) if not os.path.isabs(v) else v for v in value]
    if key == "baseline":
        value = str((root / value).resolve()) if not os.path.isabs(value) else value
    setattr(cfg, key.replace("-", "_"), value)


def _close(key: str, choices) -> str | None:
    import difflib
    m = difflib.get_close_matches(key.replace("_", "-"), sorted(choices), n=1, cutoff=0.6)
    return m[0] if m else None


def resolve(config_arg: str | None, no_config: bool = False) -> ProjectConfig:
    """The project configuration for this run: ``--config FILE``, else the file found from
    the current folder upwards, else an empty configuration (``path`` is None)."""
    if no_config:
        return ProjectConfig()
    if config_arg:
        return load_config(config_arg)
    found = find_config()
    if found is None:
        return ProjectConfig()
    return load_config(found)


def rule_matches(pattern: str, rule_id: str) -> bool:
    """A rule pattern: an exact id, a glob (``fr.jargon.*``) or a prefix ending with ``.``."""
    if pattern == rule_id:
        return True
    if pattern.endswith("."):
        return rule_id.startswith(pattern)
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(rule_id, pattern)
    return False
