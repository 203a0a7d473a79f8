"""Rule kinds, one module each (like Vale's extension points). A kind module defines:

* ``KEYS``: the rule fields it understands besides the common ones;
* ``CATEGORY``: its default category;
* ``validate(rule) -> list[str]``: problems in a rule of this kind (French, with a fix);
* either ``USES_TRIE = True`` (its patterns go into the one shared automaton of
  :mod:`rewriter.kinds.matcher`) or a ``Checker(rules, language)`` class whose
  ``check(doc) -> list[Finding]`` runs over a :class:`rewriter.kinds.base.DocContext`.
"""
from . import (acronym, impersonal, lexicon, long_sentence, negation, nominalisation, passive,
               pattern, phrase, rare_word)

KINDS = {
    "lexicon": lexicon,
    "phrase": phrase,
    "pattern": pattern,
    "long_sentence": long_sentence,
    "passive": passive,
    "impersonal": impersonal,
    "negation": negation,
    "nominalisation": nominalisation,
    "acronym": acronym,
    "rare_word": rare_word,
}
