"""Fixed phrase or formula rewrite (``Veuillez trouver ci-joint``, ``Je vous prie
d'agréer … salutations distinguées``): matched on lemmas, case and apostrophes ignored,
``...`` skipping up to six words; the replacement is used as written (made grammatical at
its edges and capitalised at sentence start)."""
from ._trie_common import validate_match

KEYS = {"match", "explain"}
CATEGORY = "formula"
USES_TRIE = True
INFLECT = False


def validate(rule) -> list[str]:
    return validate_match(rule)
