"""Every string of the web interface, in one place: French (default) and English.

Templates call ``t("key", **values)``; Python code calls :func:`t` too. The interface
language comes from ``?lang=fr|en`` (remembered in the session cookie), else the
browser's ``Accept-Language``, else French.
"""
from __future__ import annotations

from flask import g, request, session

LANGS = ("fr", "en")
DEFAULT = "fr"

CATEGORY_LABELS = {
    "fr": {"jargon": "Jargon", "formula": "Formule toute faite", "passive": "Voix passive",
           "nominalisation": "Nominalisation", "acronym": "Sigle", "long_sentence":
           "Phrase longue", "negation": "Négation", "impersonal": "Tournure impersonnelle",
           "rare_word": "Mot rare", "readability": "Lisibilité", "grammar": "Grammaire",
           "spelling": "Orthographe", "structure": "Structure", "style": "Style"},
    "en": {"jargon": "Jargon", "formula": "Stock phrase", "passive": "Passive voice",
           "nominalisation": "Nominalisation", "acronym": "Acronym", "long_sentence":
           "Long sentence", "negation": "Negation", "impersonal": "Impersonal turn",
           "rare_word": "Rare word", "readability": "Readability", "grammar": "Grammar",
           "spelling": "Spelling", "structure": "Structure", "style": "Style"},
}
SEVERITY_LABELS = {
    "fr": {"info": "Suggestion", "warning": "Alerte", "error": "Erreur"},
    "en": {"info": "Suggestion", "warning": "Warning", "error": "Error"},
}

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "app_name": "rewriter",
        "app_tagline": "des courriers administratifs en langage clair",
        "skip": "Aller au contenu",
        "nav_label": "Navigation principale",
        "nav_home": "Accueil",
        "nav_rules": "Règles",
        "nav_api": "API",
        "switch_lang": "English",
        "switch_lang_code": "en",
        "switch_lang_title": "Switch to English",
        "footer_privacy": "Vos lettres et vos choix sont effacés {hours} heures après l'envoi. "
                          "Seules des statistiques anonymes par règle (acceptée ou refusée, "
                          "sans texte) sont conservées.",
        "footer_api": "Pour les programmes : l'API JSON est décrite dans",
        # home
        "home_title": "Rendez vos courriers plus clairs",
        "home_line1": "Déposez une lettre de la collectivité (.docx ou .txt) ou collez son texte.",
        "home_line2": "rewriter mesure sa lisibilité et repère le jargon, les formules toutes "
                      "faites, les sigles et les phrases trop longues.",
        "home_line3": "Acceptez ou refusez chaque proposition, puis téléchargez la lettre "
                      "réécrite, avec ou sans modifications suivies.",
        "form_legend": "Votre lettre",
        "file_label": "Fichier Word (.docx) ou texte (.txt)",
        "file_hint": "{mb} Mo au maximum. Vous pouvez aussi glisser le fichier ici.",
        "drop_here": "Déposez le fichier ici",
        "or": "ou",
        "text_label": "Texte de la lettre",
        "text_hint": "Collez le texte : il est analysé comme un fichier .txt.",
        "lang_label": "Langue de la lettre",
        "lang_auto": "Détection automatique",
        "lang_fr": "Français",
        "lang_en": "Anglais",
        "submit": "Analyser la lettre",
        "busy": "Analyse en cours, merci de patienter…",
        "chosen_file": "Fichier choisi : {name}",
        "too_big_client": "Ce fichier dépasse {mb} Mo.",
        "error_title": "Il y a un problème",
        # errors
        "err_no_input": "Choisissez un fichier .docx ou .txt, ou collez le texte de la lettre.",
        "err_both": "Envoyez soit un fichier, soit du texte collé, pas les deux.",
        "err_ext": "Le fichier « {name} » n'est pas pris en charge : envoyez un document Word "
                   "(.docx) ou un fichier texte (.txt).",
        "err_ext_api": "Format non pris en charge : envoyez un fichier {exts}.",
        "err_empty_text": "Le texte est vide : collez le texte de la lettre.",
        "err_lang": "Langue inconnue « {lang} » : indiquez fr, en ou auto.",
        "err_too_big": "Ce fichier est trop volumineux (maximum {mb} Mo). Enregistrez la lettre "
                       "seule, sans images lourdes, puis recommencez.",
        "err_csrf": "Le formulaire a expiré ou n'a pas été envoyé depuis cette page. "
                    "Rechargez la page et recommencez.",
        "err_csrf_title": "Formulaire expiré",
        "err_404_title": "Page introuvable",
        "err_404": "Cette page n'existe pas.",
        "err_review_404_title": "Rapport introuvable",
        "err_review_404": "Ce rapport n'existe pas ou a expiré : les lettres sont effacées "
                          "{hours} heures après l'envoi. Déposez la lettre à nouveau.",
        "err_405_title": "Action non permise",
        "err_405": "Cette adresse ne permet pas cette action.",
        "err_413_title": "Fichier trop volumineux",
        "err_500_title": "Erreur du service",
        "err_500": "Une erreur inattendue est survenue. Réessayez ; si elle se reproduit, "
                   "prévenez l'administrateur du service.",
        "err_400_title": "Requête incorrecte",
        "err_400": "La requête est incorrecte.",
        "err_unreadable_title": "Lettre illisible",
        "err_bad_decision": "Choix inconnu : « Accepter » ou « Refuser ».",
        "err_bad_key": "Cette remarque n'existe pas dans ce rapport.",
        "err_rewrite": "La lettre réécrite n'a pas pu être produite : {msg}",
        "back_home": "Revenir à l'accueil",
        # report
        "report_title": "Rapport",
        "report_h1": "Rapport : {name}",
        "report_meta": "Analysé le {created} (heure UTC) · langue : {lang} · conservé jusqu'au "
                       "{expires}.",
        "score_h": "Score de clarté",
        "score_of": "{score} sur 100",
        "score_explain": "Plus le score est haut, plus la lettre est claire. Il combine quatre "
                         "sous-scores :",
        "score_band_good": "lettre claire",
        "score_band_mid": "à améliorer",
        "score_band_bad": "difficile à lire",
        "score_none": "Pas assez de texte pour calculer un score.",
        "subscore_weight": "poids {pct} %",
        "readability_h": "La lisibilité en clair",
        "rd_sentences": "Phrases de {n} mots en moyenne : visez 15 à 20.",
        "rd_sentences_ok": "Phrases de {n} mots en moyenne : c'est bien (15 à 20 visés).",
        "rd_long": "{n} phrase(s) de plus de 25 mots sur {total} : coupez-les, une idée par "
                   "phrase.",
        "rd_long_none": "Aucune phrase de plus de 25 mots sur {total}.",
        "rd_max": "La plus longue compte {n} mots.",
        "rd_flesch": "Indice de Flesch (Kandel et Moles) : {v} sur 100, « {band} ». Une lettre "
                     "au public vise 60 ou plus.",
        "rd_lix": "Indice LIX : {v} ({band}). Visez moins de 40.",
        "rd_lix_easy": "facile", "rd_lix_mid": "moyen", "rd_lix_hard": "difficile",
        "rd_longwords": "{pct} % de mots longs (plus de 6 lettres) : préférez des mots courts "
                        "et courants.",
        "rd_words": "{words} mots et {sentences} phrases analysés (le texte des en-têtes, "
                    "adresses et signatures ne compte pas).",
        "downloads_h": "Télécharger",
        "dl_accepted": "{n} proposition(s) acceptée(s) seront appliquées à la lettre.",
        "dl_clean": "Lettre réécrite ({ext}), propre",
        "dl_tracked": "Lettre réécrite (.docx), avec modifications suivies",
        "dl_txt": "Lettre réécrite (.txt)",
        "dl_report_html": "Rapport (HTML)",
        "dl_report_json": "Rapport (JSON)",
        "delete_now": "Effacer cette lettre maintenant",
        "deleted": "La lettre et vos choix ont été effacés.",
        "letter_h": "La lettre",
        "legend_h": "Légende et filtre",
        "filter_legend": "Catégories affichées",
        "filter_apply": "Appliquer le filtre",
        "filter_count": "{label} ({n})",
        "legend_long": "Phrase trop longue (soulignée en pointillés)",
        "remark_n": "Remarque {n}",
        "no_text": "Aucun texte lisible dans cette lettre.",
        "findings_h": "Remarques",
        "findings_count": "{n} remarque(s). Acceptez une proposition pour l'appliquer à la "
                          "lettre téléchargée ; refusez-la pour la laisser.",
        "findings_none": "Aucune remarque : cette lettre est déjà claire.",
        "accept_all": "Accepter toutes les propositions de remplacement",
        "see_in_letter": "voir dans la lettre",
        "proposal": "Proposition",
        "proposals": "Propositions",
        "suggest_delete": "supprimer ces mots",
        "advice": "Conseil : reformulez vous-même ; votre choix sert à améliorer la règle.",
        "rule": "Règle",
        "status": "État",
        "status_pending": "à décider",
        "status_accepted": "acceptée",
        "status_refused": "refusée",
        "accept": "Accepter",
        "refuse": "Refuser",
        "sr_finding": " la remarque {n}",
        "diff_h": "Avant / après",
        "diff_intro": "Les paragraphes modifiés par les propositions acceptées :",
        "diff_none": "Aucune proposition acceptée pour l'instant : la lettre téléchargée sera "
                     "identique à l'originale.",
        "diff_before": "supprimé : ",
        "diff_after": "ajouté : ",
        "diff_para": "Paragraphe {n}",
        "notices_h": "À savoir",
        # rules page
        "rules_title": "Les règles",
        "rules_intro": "Les règles que rewriter applique, avec leurs exemples. Elles sont "
                       "écrites en données (YAML) par les équipes de communication.",
        "rules_search": "Rechercher",
        "rules_q": "Mot ou identifiant",
        "rules_cat": "Catégorie",
        "rules_lang": "Langue des lettres",
        "rules_all": "Toutes",
        "rules_count": "{n} règle(s) sur {total}.",
        "rules_none": "Aucune règle ne correspond à cette recherche.",
        "rules_matches": "Repère",
        "rules_replace": "Remplace par",
        "rules_advice_only": "(conseil, pas de remplacement automatique)",
        "rules_why": "Pourquoi",
        "rules_source": "Source",
        "rules_examples": "Exemples",
        "rules_fail": "Signalé",
        "rules_fix": "devient",
        "rules_pass": "Non signalé",
        "rules_stats": "Avis des agents : {a} acceptée(s), {r} refusée(s).",
        "rules_lang_fr": "français", "rules_lang_en": "anglais",
        "severity": "Gravité",
        "pager_label": "Pages de résultats",
        "pager_prev": "← Page précédente",
        "pager_next": "Page suivante →",
        "pager_page": "Page {page} sur {pages}",
        "category": "Catégorie",
    },
    "en": {
        "app_name": "rewriter",
        "app_tagline": "plain-language letters for local authorities",
        "skip": "Skip to content",
        "nav_label": "Main navigation",
        "nav_home": "Home",
        "nav_rules": "Rules",
        "nav_api": "API",
        "switch_lang": "Français",
        "switch_lang_code": "fr",
        "switch_lang_title": "Passer en français",
        "footer_privacy": "Your letters and choices are deleted {hours} hours after upload. "
                          "Only anonymous per-rule statistics (accepted or refused, no text) "
                          "are kept.",
        "footer_api": "For programs: the JSON API is described in",
        "home_title": "Make your letters clearer",
        "home_line1": "Upload a letter (.docx or .txt) or paste its text.",
        "home_line2": "rewriter measures its readability and spots jargon, stock phrases, "
                      "acronyms and overlong sentences.",
        "home_line3": "Accept or refuse each suggestion, then download the rewritten letter, "
                      "clean or with tracked changes.",
        "form_legend": "Your letter",
        "file_label": "Word file (.docx) or text file (.txt)",
        "file_hint": "{mb} MB at most. You can also drop the file here.",
        "drop_here": "Drop the file here",
        "or": "or",
        "text_label": "Text of the letter",
        "text_hint": "Paste the text: it is checked as a .txt file.",
        "lang_label": "Language of the letter",
        "lang_auto": "Detect automatically",
        "lang_fr": "French",
        "lang_en": "English",
        "submit": "Check the letter",
        "busy": "Checking, please wait…",
        "chosen_file": "Chosen file: {name}",
        "too_big_client": "This file is over {mb} MB.",
        "error_title": "There is a problem",
        "err_no_input": "Choose a .docx or .txt file, or paste the text of the letter.",
        "err_both": "Send either a file or pasted text, not both.",
        "err_ext": "The file “{name}” is not supported: send a Word document (.docx) or a "
                   "text file (.txt).",
        "err_ext_api": "Unsupported format: send a {exts} file.",
        "err_empty_text": "The text is empty: paste the text of the letter.",
        "err_lang": "Unknown language “{lang}”: use fr, en or auto.",
        "err_too_big": "This file is too large ({mb} MB at most). Save the letter alone, "
                       "without heavy pictures, and try again.",
        "err_csrf": "The form has expired or was not sent from this page. Reload the page and "
                    "try again.",
        "err_csrf_title": "Form expired",
        "err_404_title": "Page not found",
        "err_404": "This page does not exist.",
        "err_review_404_title": "Report not found",
        "err_review_404": "This report does not exist or has expired: letters are deleted "
                          "{hours} hours after upload. Upload the letter again.",
        "err_405_title": "Action not allowed",
        "err_405": "This address does not allow this action.",
        "err_413_title": "File too large",
        "err_500_title": "Service error",
        "err_500": "An unexpected error occurred. Try again; if it happens again, tell the "
                   "administrator of the service.",
        "err_400_title": "Bad request",
        "err_400": "The request is not valid.",
        "err_unreadable_title": "Unreadable letter",
        "err_bad_decision": "Unknown choice: “Accept” or “Refuse”.",
        "err_bad_key": "This finding does not exist in this report.",
        "err_rewrite": "The rewritten letter could not be produced: {msg}",
        "back_home": "Back to the home page",
        "report_title": "Report",
        "report_h1": "Report: {name}",
        "report_meta": "Checked on {created} (UTC) · language: {lang} · kept until {expires}.",
        "score_h": "Plain-language score",
        "score_of": "{score} out of 100",
        "score_explain": "The higher the score, the plainer the letter. It combines four "
                         "sub-scores:",
        "score_band_good": "plain letter",
        "score_band_mid": "could be plainer",
        "score_band_bad": "hard to read",
        "score_none": "Not enough text to compute a score.",
        "subscore_weight": "weight {pct}%",
        "readability_h": "Readability in words",
        "rd_sentences": "Sentences of {n} words on average: aim for 15 to 20.",
        "rd_sentences_ok": "Sentences of {n} words on average: good (15 to 20 is the aim).",
        "rd_long": "{n} sentence(s) over 25 words out of {total}: split them, one idea per "
                   "sentence.",
        "rd_long_none": "No sentence over 25 words out of {total}.",
        "rd_max": "The longest has {n} words.",
        "rd_flesch": "Flesch reading ease: {v} out of 100, “{band}”. A letter to the public "
                     "aims for 60 or more.",
        "rd_lix": "LIX index: {v} ({band}). Aim for under 40.",
        "rd_lix_easy": "easy", "rd_lix_mid": "medium", "rd_lix_hard": "hard",
        "rd_longwords": "{pct}% long words (over 6 letters): prefer short, common words.",
        "rd_words": "{words} words and {sentences} sentences checked (letterheads, addresses "
                    "and signatures do not count).",
        "downloads_h": "Download",
        "dl_accepted": "{n} accepted suggestion(s) will be applied to the letter.",
        "dl_clean": "Rewritten letter ({ext}), clean",
        "dl_tracked": "Rewritten letter (.docx), with tracked changes",
        "dl_txt": "Rewritten letter (.txt)",
        "dl_report_html": "Report (HTML)",
        "dl_report_json": "Report (JSON)",
        "delete_now": "Delete this letter now",
        "deleted": "The letter and your choices have been deleted.",
        "letter_h": "The letter",
        "legend_h": "Legend and filter",
        "filter_legend": "Categories shown",
        "filter_apply": "Apply the filter",
        "filter_count": "{label} ({n})",
        "legend_long": "Overlong sentence (dotted underline)",
        "remark_n": "Finding {n}",
        "no_text": "No readable text in this letter.",
        "findings_h": "Findings",
        "findings_count": "{n} finding(s). Accept a suggestion to apply it to the downloaded "
                          "letter; refuse it to leave the text as is.",
        "findings_none": "No findings: this letter is already plain.",
        "accept_all": "Accept every replacement suggestion",
        "see_in_letter": "see in the letter",
        "proposal": "Suggestion",
        "proposals": "Suggestions",
        "suggest_delete": "delete these words",
        "advice": "Advice: rephrase it yourself; your choice helps improve the rule.",
        "rule": "Rule",
        "status": "Status",
        "status_pending": "to decide",
        "status_accepted": "accepted",
        "status_refused": "refused",
        "accept": "Accept",
        "refuse": "Refuse",
        "sr_finding": " finding {n}",
        "diff_h": "Before / after",
        "diff_intro": "Paragraphs changed by the accepted suggestions:",
        "diff_none": "No suggestion accepted yet: the downloaded letter will be the same as "
                     "the original.",
        "diff_before": "deleted: ",
        "diff_after": "added: ",
        "diff_para": "Paragraph {n}",
        "notices_h": "Good to know",
        "rules_title": "The rules",
        "rules_intro": "The rules rewriter applies, with their examples. They are written as "
                       "data (YAML) by communication teams.",
        "rules_search": "Search",
        "rules_q": "Word or identifier",
        "rules_cat": "Category",
        "rules_lang": "Language of the letters",
        "rules_all": "All",
        "rules_count": "{n} rule(s) out of {total}.",
        "rules_none": "No rule matches this search.",
        "rules_matches": "Matches",
        "rules_replace": "Replaced by",
        "rules_advice_only": "(advice, no automatic replacement)",
        "rules_why": "Why",
        "rules_source": "Source",
        "rules_examples": "Examples",
        "rules_fail": "Flagged",
        "rules_fix": "becomes",
        "rules_pass": "Not flagged",
        "rules_stats": "Staff feedback: {a} accepted, {r} refused.",
        "rules_lang_fr": "French", "rules_lang_en": "English",
        "severity": "Severity",
        "pager_label": "Result pages",
        "pager_prev": "← Previous page",
        "pager_next": "Next page →",
        "pager_page": "Page {page} of {pages}",
        "category": "Category",
    },
}


def ui_lang() -> str:
    """The interface language of this request (cached on ``g``)."""
    if "ui_lang" in g:
        return g.ui_lang
    asked = request.args.get("lang", "").lower()
    if asked in LANGS:
        lang = asked
        if session.get("lang") != asked:
            session["lang"] = asked
    elif session.get("lang") in LANGS:
        lang = session["lang"]
    else:
        lang = request.accept_languages.best_match(LANGS, default=DEFAULT) or DEFAULT
    g.ui_lang = lang
    return lang


def t(key: str, **kw) -> str:
    lang = ui_lang()
    s = STRINGS[lang].get(key) or STRINGS[DEFAULT].get(key) or key
    return s.format(**kw) if kw else s


def category_label(cat: str) -> str:
    return CATEGORY_LABELS[ui_lang()].get(cat, cat)


def severity_label(sev: str) -> str:
    return SEVERITY_LABELS[ui_lang()].get(sev, sev)


def number(x, digits: int = 0) -> str:
    """A number written the local way (decimal comma in French)."""
    if x is None:
        return "?"
    s = f"{x:.{digits}f}"
    return s.replace(".", ",") if ui_lang() == "fr" else s


def _french_spacing(s: str) -> str:
    """Non-breaking spaces where French typography wants them (no « alone at a line end)."""
    return (s.replace("« ", "«\u00a0").replace(" »", "\u00a0»").replace(" :", "\u00a0:")
            .replace(" ;", "\u00a0;").replace(" ?", "\u00a0?").replace(" !", "\u00a0!"))


STRINGS["fr"] = {k: _french_spacing(v) for k, v in STRINGS["fr"].items()}
