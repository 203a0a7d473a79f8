"""Lexicon substitution: a word or expression, every inflection matched through lemmas.

Fields: ``match`` (a lemma or expression, or a list of them; ``=mot`` matches that exact
form only), ``replace`` (first = automatic replacement, inflected like the original when
safe; others are alternatives), ``fix: false`` (only advise), ``change_gender: true`` (the
replacement has another gender: applied only when no gendered determiner precedes),
``explain`` (a term that must stay — a legal term of art — is explained at its first use:
the automatic rewrite adds « (explanation) » after it; see :mod:`.matcher`).
"""
from ._trie_common import validate_match

KEYS = {"match", "change_gender", "explain"}
CATEGORY = "jargon"
USES_TRIE = True
INFLECT = True


def validate(rule) -> list[str]:
    return validate_match(rule)
