"""One ``rewriter rewrite`` gives the final letter: when a replacement produces words that
another rule rewrites, or two suggestions overlapped, the rewrite runs again on its result
(rewrite.settle), and the edits given to the writer are the word difference from the
original — so tracked changes still accept to the clean rewrite and reject to the original."""
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures_docx import build_docx
from rewriter.rewrite import _word_diff, rewrite_bytes

PACK = """language: fr
defaults: {kind: phrase, category: jargon}
rules:
  - id: t.effet
    match: ["à l'effet de"]
    replace: ["afin de"]
    message: "Dites « afin de »."
  - id: t.afin
    match: ["afin de"]
    replace: ["pour"]
    message: "Dites « pour »."
"""
TEXT = "Madame,\n\nNous vous écrivons à l'effet de signaler une fuite d'eau rue Haute.\n"


def _pack(tmp_path):
    d = tmp_path / "pack"
    d.mkdir()
    (d / "t.yml").write_text(PACK, encoding="utf-8")
    return (str(d),)


def test_chained_rules_reach_the_final_text_in_one_rewrite(tmp_path):
    pack = _pack(tmp_path)
    once, res = rewrite_bytes(TEXT.encode(), "l.txt", rules_paths=pack)
    assert "Nous vous écrivons pour signaler une fuite" in once.decode()
    assert {f.rule for f in res.applied} >= {"t.effet", "t.afin"}
    twice, _ = rewrite_bytes(once, "l.txt", rules_paths=pack)
    assert twice == once


def test_tracked_changes_of_a_settled_rewrite_accept_to_the_clean_one(tmp_path):
    from test_rewrite_docx import resolve, texts

    pack = _pack(tmp_path)
    data = build_docx(["Madame,", "Nous vous écrivons à l'effet de signaler une fuite d'eau rue Haute."])
    clean, _ = rewrite_bytes(data, "l.docx", rules_paths=pack)
    tracked, _ = rewrite_bytes(data, "l.docx", rules_paths=pack, track_changes=True)
    assert texts(clean)[1] == "Nous vous écrivons pour signaler une fuite d'eau rue Haute."
    assert texts(resolve(tracked, "accept")) == texts(clean)
    assert texts(resolve(tracked, "reject")) == texts(data)


WORDS = st.lists(st.sampled_from(["le", "la", "de", "vous", "(", ")", ",", " ", "dossier",
                                  "é", "l'", "\u00a0"]), max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(WORDS.filter(bool), WORDS)
def test_word_diff_edits_rebuild_the_target(a, b):
    edits = _word_diff(a, b)
    out = a
    for s, e, t in sorted(edits, reverse=True):
        out = out[:s] + t + out[e:]
    assert out == b
    assert all(s < e for s, e, _ in edits)                      # writers replace, never insert
    assert all(edits[i][1] < edits[i + 1][0] for i in range(len(edits) - 1))
