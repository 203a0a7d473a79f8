"""Do the automatic suggestions keep French grammatical? Check every letter with Grammalecte
before and after applying all automatic fixes.

For each letter of ``evaluation/fr/heavy/`` (or the folders/files given on the command line):

1. rewrite the letter as ``rewriter rewrite`` does (``rewriter.rewrite.rewrite_bytes``: every
   automatic suggestion, in as many passes as the rewrite itself makes);
2. write the text before and after to a temporary folder;
3. run ``grammalecte-cli -f FILE -j -cl -off <typography options>`` on both (JSON output);
4. report, per letter, the number of grammar errors before and after, how many findings were
   rewritten, and every error that is NEW in the rewritten text.

Errors are compared by (Grammalecte rule id, message, erroneous text): offsets move when the
text is rewritten, so an error counts as new when the rewritten text has more occurrences of
that key than the original. Typography-only options are switched off because the letters and
the replacements do not all use the same apostrophes and spaces, and these are not grammar:

    apos  apostrophe typographique      nbsp  espaces insécables
    esp   espaces surnuméraires         typo  signes typographiques
    unit  espaces avant les unités      num   écriture des nombres
    eepi  écriture épicène

Capitals (``maj``), elisions (``eleu``), agreement (``gn``), conjugation (``conj``), moods
(``vmode``), infinitives (``infi``), commas (``virg``) and the rest stay on: a rewrite that
loses a capital at the start of a sentence or breaks an elision is a real error.

Exit code: 0 when no rewrite adds an error, 1 when at least one does, 0 with a clear message
(and nothing checked) when ``grammalecte-cli`` is not installed — use ``--require`` to make
that case an error (exit 2) in CI.

Usage: python evaluation/grammar_check.py [PATH...] [--lang fr] [--keep DIR] [--require]
       [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

OFF = ["apos", "nbsp", "esp", "typo", "unit", "num", "eepi"]


def grammalecte(path: Path, exe: str) -> list[dict]:
    """Grammar errors of a UTF-8 text file (spelling errors are ignored: the letters contain
    invented names and places)."""
    cmd = [exe, "-f", str(path), "-j", "-cl", "-ctx", "-off", *OFF]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"grammalecte-cli a échoué ({out.returncode}) : {out.stderr.strip()[:300]}")
    text = out.stdout
    start = text.find("{")
    data = json.loads(text[start:]) if start >= 0 else {"data": []}
    lines = path.read_text(encoding="utf-8").split("\n")
    errors = []
    for para in data.get("data", []):
        for e in para.get("lGrammarErrors", []):
            # with -cl the paragraph is made of several lines: nStartY/nStartX locate the error
            y0, x0, y1, x1 = e.get("nStartY"), e.get("nStartX"), e.get("nEndY"), e.get("nEndX")
            wrong = e.get("sUnderlined")
            if wrong is None and y0 is not None and y0 == y1 and 0 < y0 <= len(lines):
                wrong = lines[y0 - 1][x0:x1]
            errors.append({"rule": e.get("sRuleId", ""), "type": e.get("sType", ""),
                           "message": e.get("sMessage", ""), "text": wrong or "",
                           "context": (e.get("sBefore", "") + "[" + (wrong or "") + "]" +
                                       e.get("sAfter", "")).strip(),
                           "line": y0, "suggestions": e.get("aSuggestions", [])})
    return errors


def _key(e: dict) -> tuple:
    return (e["rule"], e["message"], e["text"])


def rewrite(path: Path, lang: str) -> tuple[str, str, int, list]:
    """(text before, text after, number of rewritten findings, the rewritten findings): the
    text ``rewriter rewrite`` writes (all its passes, see ``rewriter.rewrite.settle``)."""
    from rewriter.rewrite import rewrite_bytes

    out, res = rewrite_bytes(path.read_bytes(), path.name, language=lang)
    if res.report_before is None or res.report_before.document is None:
        raise RuntimeError(f"{path} illisible")
    return ("\n".join(res.before) + "\n", "\n".join(res.after) + "\n", len(res.applied),
            res.applied)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="letters or folders (default: evaluation/fr/heavy)")
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--keep", metavar="DIR", help="write the before/after texts here (kept)")
    ap.add_argument("--require", action="store_true",
                    help="fail (exit 2) if grammalecte-cli is missing instead of skipping")
    ap.add_argument("--json", metavar="OUT", help="write the full report as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list the rewrites")
    a = ap.parse_args()

    exe = shutil.which("grammalecte-cli") or shutil.which("grammalecte-cli.py")
    if not exe:
        print("grammalecte-cli introuvable : vérification grammaticale ignorée "
              "(installez-le : apt-get install grammalecte, ou pip install grammalecte).")
        return 2 if a.require else 0

    files: list[Path] = []
    for p in a.paths or [str(HERE / a.lang / "heavy")]:
        pp = Path(p)
        files += sorted(pp.glob("*.txt")) if pp.is_dir() else [pp]
    out_dir = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="rewriter-grammar-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    report = []
    total_before = total_after = total_new = total_fixes = 0
    for f in files:
        before, after, n_fix, chosen = rewrite(f, a.lang)
        b_path = out_dir / f"{f.stem}.avant.txt"
        a_path = out_dir / f"{f.stem}.apres.txt"
        b_path.write_text(before, encoding="utf-8")
        a_path.write_text(after, encoding="utf-8")
        eb, ea = grammalecte(b_path, exe), grammalecte(a_path, exe)
        cb = Counter(_key(e) for e in eb)
        new = []
        seen: Counter = Counter()
        for e in ea:
            k = _key(e)
            seen[k] += 1
            if seen[k] > cb.get(k, 0):
                new.append(e)
        total_before += len(eb)
        total_after += len(ea)
        total_new += len(new)
        total_fixes += n_fix
        status = "NOUVELLES ERREURS" if new else "ok"
        print(f"{f.name}: {n_fix} réécriture(s), erreurs avant {len(eb)}, après {len(ea)}, "
              f"nouvelles {len(new)} — {status}")
        if a.verbose:
            for c in chosen:
                print(f"    [{c.rule}] « {c.text} » → « {c.suggestions[0]} »")
        for e in new:
            print(f"    + [{e['rule']}] {e['message']} : « {e['text']} » "
                  f"(ligne {e['line']} de {a_path.name}) … {e['context'][:120]}")
        report.append({"letter": f.name, "rewrites": n_fix, "errors_before": len(eb),
                       "errors_after": len(ea), "new_errors": new})
    print(f"total : {len(files)} lettre(s), {total_fixes} réécriture(s), erreurs avant "
          f"{total_before}, après {total_after}, nouvelles {total_new}")
    print(f"textes avant/après : {out_dir}")
    if a.json:
        Path(a.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if total_new else 0


if __name__ == "__main__":
    sys.exit(main())
