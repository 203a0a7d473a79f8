"""The rule packs' key thresholds (issue #3), measured on the annotated evaluation sets of
``evaluation/`` with ``evaluation/evaluate.py`` — the numbers a user of the packs relies on:

* jargon-heavy French letters: recall >= 0.85 overall, every annotated category found at
  least partly, formulas and long sentences >= 0.9; plain letters raise <= 1 warning on
  average; every heavy letter scores below every plain letter;
* most of the flagged jargon and formulas are rewritten automatically;
* the same on the English letters;
* the blind held-out sets (``evaluation/holdout*``) keep generalising: a drop there means a
  rule change helped the main set only.
"""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "evaluation"
sys.path.insert(0, str(EVAL))

evaluate = pytest.importorskip("evaluate").evaluate


@pytest.fixture(scope="module")
def fr():
    return evaluate("fr", EVAL)


def test_french_recall_and_categories(fr):
    assert fr["recall_overall"] >= 0.85, fr["recall"]
    assert fr["recall"]["formula"] >= 0.9
    assert fr["recall"]["long_sentence"] >= 0.9
    assert all(r > 0 for r in fr["recall"].values()), fr["recall"]


def test_french_plain_letters_stay_quiet_and_scores_separate(fr):
    assert fr["alarms_per_plain_letter"] <= 1.0, [p["alarm_texts"] for p in fr["plain"]]
    assert fr["separated"], (fr["max_heavy_score"], fr["min_plain_score"])


def test_most_jargon_and_formulas_are_rewritten_automatically(fr):
    auto = fr["automatic"]
    assert auto["jargon"]["share"] > 0.5, auto["jargon"]
    assert auto["formula"]["share"] > 0.5, auto["formula"]


def test_english_pack():
    en = evaluate("en", EVAL)
    assert en["recall_overall"] >= 0.85, en["recall"]
    assert en["alarms_per_plain_letter"] <= 1.0
    assert en["separated"]
    assert en["automatic"]["jargon"]["share"] > 0.5


@pytest.mark.parametrize("folder", ["holdout", "holdout2"])
def test_blind_held_out_sets_keep_generalising(folder):
    if not (EVAL / folder / "fr" / "heavy").is_dir():
        pytest.skip(f"evaluation/{folder} absent")
    r = evaluate("fr", EVAL / folder)
    assert r["recall_overall"] >= 0.85, r["recall"]
    assert r["alarms_per_plain_letter"] <= 1.0
    assert r["separated"]
