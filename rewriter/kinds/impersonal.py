"""Impersonal constructions (``il vous appartient de``, ``il convient de``, ``il est
rappelé que``): the reader does not see who must act. Patterns are data (``match``); the
suggestion names the actor (``vous devez``) when the rule gives one, else it is advice."""
from ._trie_common import validate_match

KEYS = {"match"}
CATEGORY = "impersonal"
USES_TRIE = True
INFLECT = False


def validate(rule) -> list[str]:
    return validate_match(rule)
