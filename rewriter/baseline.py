"""Baseline: accept today's findings, report only new ones.

``rewriter baseline PATH...`` writes ``.rewriter-baseline.json``; ``rewriter check`` then
drops every finding whose fingerprint is in it. A fingerprint is made of the rule, the
file path (relative to the baseline file, with ``/``), the matched text (normalised:
Unicode NFC, case folded, spaces collapsed) and the occurrence index of that (rule, text)
pair in the file — never a line number, so editing another part of the letter does not
invalidate the baseline. Adding a second identical occurrence makes one new finding.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

from .errors import ConfigError
from .model import FileReport, Finding

DEFAULT_NAME = ".rewriter-baseline.json"
FORMAT_VERSION = 1


def normalise_text(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u2019", "'").casefold()
    return re.sub(r"\s+", " ", s).strip()


def rel_path(path: str, base_dir: Path | None) -> str:
    if path == "-":
        return "-"
    if base_dir is None:
        return Path(path).as_posix()
    try:
        return Path(os.path.abspath(path)).relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix()


def fingerprints(report: FileReport, base_dir: Path | None = None) -> list[str]:
    """One fingerprint per finding of ``report``, in order."""
    path = rel_path(report.path, base_dir)
    seen: Counter = Counter()
    out = []
    for f in report.findings:
        norm = normalise_text(f.text)
        seen[(f.rule, norm)] += 1
        out.append(fingerprint(f.rule, path, norm, seen[(f.rule, norm)] - 1))
    return out


def fingerprint(rule: str, path: str, norm_text: str, occurrence: int) -> str:
    h = hashlib.sha256("\x1f".join((rule, path, norm_text, str(occurrence))).encode("utf-8"))
    return h.hexdigest()[:32]


def build(reports: list[FileReport], base_dir: Path) -> dict:
    entries = []
    for r in reports:
        if r.error:
            continue
        path = rel_path(r.path, base_dir)
        for f, fp in zip(r.findings, fingerprints(r, base_dir)):
            entries.append({"fingerprint": fp, "rule": f.rule, "path": path,
                            "text": f.text if len(f.text) <= 200 else f.text[:199] + "…"})
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    return {"version": FORMAT_VERSION, "tool": "rewriter",
            "comment": "Remarques acceptées : rewriter check ne signale que les nouvelles. "
                       "Régénérez avec « rewriter baseline ».",
            "findings": entries}


def write(path: Path, reports: list[FileReport]) -> int:
    data = build(reports, path.resolve().parent)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return len(data["findings"])


class Baseline:
    def __init__(self, path: Path, fps: set[str]):
        self.path = path
        self.base_dir = path.resolve().parent
        self.fps = fps

    def filter(self, report: FileReport) -> int:
        """Drop the baselined findings of ``report``; returns how many were dropped."""
        if not report.findings:
            return 0
        keep: list[Finding] = []
        for f, fp in zip(report.findings, fingerprints(report, self.base_dir)):
            if fp not in self.fps:
                keep.append(f)
        n = len(report.findings) - len(keep)
        report.findings = keep
        return n


def load(path: Path) -> Baseline:
    shown = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{shown}: fichier de référence (baseline) introuvable — créez-le "
                          "avec « rewriter baseline ».") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{shown}: lecture impossible ({e}).") from None
    except json.JSONDecodeError as e:
        raise ConfigError(f"{shown}:{e.lineno}: JSON invalide ({e.msg}) — régénérez-le avec "
                          "« rewriter baseline ».") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or \
            not isinstance(data.get("findings"), list):
        raise ConfigError(f"{shown}: ce n'est pas un fichier de référence rewriter (version "
                          f"{FORMAT_VERSION}) — régénérez-le avec « rewriter baseline ».")
    fps = set()
    for i, e in enumerate(data["findings"]):
        if not isinstance(e, dict) or not isinstance(e.get("fingerprint"), str):
            raise ConfigError(f"{shown}: findings[{i}] : « fingerprint » manquant — "
                              "régénérez le fichier avec « rewriter baseline ».")
        fps.add(e["fingerprint"])
    return Baseline(path, fps)
