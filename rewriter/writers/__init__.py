"""Writers: put a rewrite back into the source format (one module per format).

* :mod:`.docx_writer` edits the python-docx package in place (clean replacement, or
  tracked changes ``w:del`` + ``w:ins``; advice as Word comments) and saves it to bytes.
* :mod:`.text_writer` edits the source text of ``.txt``, ``.md`` and Jinja templates at
  exact offsets (template tags, line endings and encoding preserved).

Both take the same inputs: :class:`Edit` (replace ``text[start:end]`` of a paragraph with
``new``) and :class:`Note` (advice to attach to a span, as a comment), and report what
they could not do as :class:`Skip` with a stable ``reason`` code and a French message.
Choosing *which* findings to apply (filters, the user's decisions, overlaps) is
:mod:`rewriter.rewrite`'s job.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# reason code -> French explanation (stable codes: the web UI and JSON use them)
REASONS = {
    "not_fixable": "conseil : la reformulation demande une personne",
    "refused": "suggestion écartée",
    "overlap": "chevauche une autre suggestion appliquée au même endroit",
    "template": "touche une balise de modèle ({{ }}, {% %}, {# #}) : jamais modifiée",
    "non_text": ("couvre un élément qui n'est pas du texte simple (tabulation, saut de ligne, "
                 "symbole, formule) : remplacement non appliqué pour ne pas abîmer le fichier"),
    "field": ("se trouve dans un champ ou un contrôle lié (date, publipostage, renvoi, "
              "lien calculé) : Word recalculerait le texte"),
    "mismatch": "le texte à cet endroit ne correspond pas à la remarque (positions incohérentes)",
    "unchanged": "la suggestion est identique au texte",
    "no_comment_here": ("pas de commentaire possible à cet endroit (en-tête, pied de page, "
                        "note de bas de page) : conseil non ajouté"),
    "no_comments_in_text": "les fichiers texte n'ont pas de commentaires : conseil listé seulement",
}


@dataclass
class Edit:
    """Replace ``paragraph.text[start:end]`` (== ``old``) by ``new``."""
    paragraph: int
    start: int
    end: int
    old: str
    new: str
    ref: Any = None            # the Finding this edit comes from


@dataclass
class Note:
    """Advice to anchor on ``paragraph.text[start:end]`` (a Word comment)."""
    paragraph: int
    start: int
    end: int
    text: str                  # the comment body (may hold several lines)
    ref: Any = None


@dataclass
class Skip:
    item: Any                  # the Edit / Note / Finding that was not applied
    reason: str                # a key of REASONS

    @property
    def message(self) -> str:
        return REASONS.get(self.reason, self.reason)
