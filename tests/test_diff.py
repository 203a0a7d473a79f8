"""Word-level diff (rewriter/diff.py): exact round trip, readable grouping, safe HTML."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rewriter.diff import (DELETE, EQUAL, INSERT, after_text, before_text, document_diff,
                           render_html, render_text, tokenize, word_diff)


def test_tokens_give_back_the_text():
    s = "Veuillez trouver ci-joint l'avis n° 12, « urgent »…\n  fin"
    toks = tokenize(s)
    assert "".join(toks) == s
    assert "ci-joint" in toks and "l'" in toks and "avis" in toks


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab éçà'-,.\n\t«»")), max_size=40),
       st.text(alphabet=st.sampled_from(list("ab éçà'-,.\n\t«»")), max_size=40))
def test_diff_parts_rebuild_both_texts(a, b):
    ops = word_diff(a, b)
    assert before_text(ops) == a
    assert after_text(ops) == b
    assert all(op in (EQUAL, DELETE, INSERT) and text for op, text in ops)


def test_one_phrase_change_reads_as_one_change():
    ops = word_diff("Nous accusons réception de votre demande.",
                    "Nous avons bien reçu votre demande.")
    assert ops == [(EQUAL, "Nous "), (DELETE, "accusons réception de"),
                   (INSERT, "avons bien reçu"), (EQUAL, " votre demande.")]
    assert render_text(ops) == "Nous [-accusons réception de-]{+avons bien reçu+} votre demande."


def test_single_word_change_keeps_neighbours():
    ops = word_diff("à compter de la date", "à partir de la date")
    assert ops == [(EQUAL, "à "), (DELETE, "compter"), (INSERT, "partir"),
                   (EQUAL, " de la date")]


def test_colour_keeps_the_markers():
    ops = word_diff("afin de", "pour")
    coloured = render_text(ops, color=True)
    assert "\x1b[" in coloured and "[-afin de-]" in coloured and "{+pour+}" in coloured


def test_html_is_escaped_and_labelled():
    ops = word_diff("a <b>&</b> c", 'a <script>alert("x")</script> c')
    out = render_html(ops)
    assert "<script" not in out and "<b>" not in out and "&lt;" in out and "&amp;" in out
    assert "&quot;x&quot;" in out
    assert '<del><span class="visually-hidden">supprimé : </span>' in out
    assert '<ins><span class="visually-hidden">ajouté : </span>' in out


def test_document_diff_lists_changed_paragraphs_only():
    before = ["Madame,", "Veuillez trouver ci-joint le formulaire.", "Cordialement"]
    after = ["Madame,", "Vous trouverez avec cette lettre le formulaire.", "Cordialement"]
    d = document_diff(before, after)
    assert [x.index for x in d] == [1]
    assert d[0].before == before[1] and d[0].after == after[1]
    assert d[0].to_dict()["paragraph"] == 1


def test_document_diff_when_paragraph_counts_differ():
    d = document_diff(["A", "B", "C"], ["A", "B modifié", "C", "D"])
    assert [(x.before, x.after) for x in d] == [("B", "B modifié"), ("", "D")]
