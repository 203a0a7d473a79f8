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


# Rule management: « Essayer », the organisation pack editor, history, statistics.
_RULES_UI: dict[str, dict[str, str]] = {
    "fr": {
        "nav_try": "Essayer",
        "nav_editor": "Éditeur",
        "yes": "oui", "no": "non",
        # try-out
        "try_title": "Essayer une phrase",
        "try_intro": "Tapez une phrase : vous voyez quelles règles la signalent, avec leur "
                     "message et leur proposition, puis la phrase réécrite. Les règles de "
                     "votre organisation sont comprises. Rien n'est conservé.",
        "try_label": "Votre phrase",
        "try_hint": "{n} caractères au maximum.",
        "try_submit": "Essayer",
        "try_live": "Le résultat se met à jour pendant la frappe.",
        "try_result_h": "Résultat",
        "try_n_found": "{n} remarque(s).",
        "try_none": "Aucune règle ne signale cette phrase.",
        "try_org_version": "(pack de l'organisation : version {v})",
        "try_advice": "Conseil : pas de remplacement automatique.",
        "try_rewrite_h": "La phrase réécrite ({n} remplacement(s))",
        "try_nothing_yet": "Tapez une phrase puis choisissez « Essayer ».",
        "try_empty": "Tapez une phrase à essayer.",
        "try_too_long": "Le texte est trop long pour un essai ({n} caractères au maximum) : "
                        "pour une lettre entière, utilisez l'accueil.",
        # catalogue
        "rules_try_link": "Essayer une phrase avec ces règles",
        "rules_pack": "Pack",
        "rules_all_packs": "Tous",
        "rules_pack_fourni": "Fournies avec rewriter",
        "rules_pack_organisation": "Organisation (termes et changements)",
        "rules_org_rule": "Règle de l'organisation",
        "rules_org_disabled": "Désactivée par l'organisation",
        "rules_org_severity": "Gravité changée par l'organisation (fournie : {sev})",
        "rules_edit_term": "Modifier ce terme",
        "rules_edit_rule": "Changer cette règle pour l'organisation",
        # log-in
        "login_title": "Connexion des éditeurs",
        "login_intro": "L'espace éditeur permet de modifier les règles de l'organisation et "
                       "de consulter leurs statistiques.",
        "login_name": "Identifiant",
        "login_password": "Mot de passe",
        "login_submit": "Se connecter",
        "login_help": "Pas de compte ? Demandez à l'administrateur du service de vous en "
                      "créer un.",
        "login_missing": "Indiquez votre identifiant et votre mot de passe.",
        "login_wrong": "Identifiant ou mot de passe incorrect. Vérifiez-les et recommencez.",
        "login_throttled": "Trop d'essais pour cet identifiant : attendez {minutes} minutes, "
                           "ou demandez à l'administrateur de changer le mot de passe.",
        # editor
        "ed_nav_label": "Espace éditeur",
        "ed_nav_pack": "Règles de l'organisation",
        "ed_nav_history": "Historique",
        "ed_nav_stats": "Statistiques",
        "ed_signed_in": "Connecté : {name}",
        "ed_logout": "Se déconnecter",
        "ed_error_prefix": "Erreur :",
        "ed_ok_prefix": "C'est fait :",
        "ed_title": "Les règles de l'organisation",
        "ed_intro": "Ajoutez les termes propres à votre organisation, coupez ou changez une "
                    "règle fournie. Chaque modification est vérifiée avant d'être "
                    "enregistrée, et s'applique aussitôt aux analyses suivantes.",
        "ed_version": "Version en vigueur : {v}, enregistrée par {who} le {when} (UTC).",
        "ed_version_none": "Aucune règle de l'organisation pour l'instant : seules les "
                           "règles fournies s'appliquent.",
        "ed_download": "Télécharger le pack ({lang}, YAML)",
        "ed_pack_problems_h": "Le pack enregistré pose problème",
        "ed_pack_problems_kept": "Les analyses continuent avec les règles valides. "
                                 "Corrigez ou supprimez les éléments en cause.",
        "ed_refused_h": "Modification refusée",
        "ed_refused_intro": "Le pack modifié ne passe pas la vérification (fichier, ligne, "
                            "problème — solution) :",
        "ed_refused_kept": "Rien n'a été enregistré : la version en vigueur reste active.",
        "ed_candidate": "Voir le fichier vérifié ({path}), lignes numérotées",
        "ed_add_h": "Ajouter un terme",
        "ed_add_intro": "Comme une ligne du tableau CSV : le terme à repérer (toutes ses "
                        "formes), ce que rewriter proposera, la catégorie et la gravité.",
        "ed_add_submit": "Ajouter le terme",
        "ed_required": "(obligatoire)",
        "ed_f_term": "Terme",
        "ed_f_term_hint": "Le mot ou l'expression à repérer : « administré » trouve aussi "
                          "« administrés ».",
        "ed_f_replace": "Remplacement",
        "ed_f_replace_hint": "Ce que rewriter propose ; plusieurs propositions séparées par "
                             "| ; vide pour un simple signalement.",
        "ed_f_language": "Langue",
        "ed_f_message": "Message",
        "ed_f_message_hint": "Facultatif : une phrase qui dit quoi faire. Sans message : "
                             "« « terme » : préférez « remplacement » ».",
        "ed_f_note": "Note pour l'équipe",
        "ed_f_fail": "Exemple à signaler",
        "ed_f_fail_hint": "Facultatif : une phrase où le terme doit être repéré (vérifiée "
                          "avant l'enregistrement).",
        "ed_f_pass": "Exemple correct",
        "ed_f_pass_hint": "Facultatif : une phrase qui ne doit pas être signalée.",
        "ed_terms_h": "Termes de l'organisation ({n})",
        "ed_terms_caption": "Les termes de l'organisation",
        "ed_terms_none": "Aucun terme pour l'instant.",
        "ed_actions": "Actions",
        "ed_edit": "Modifier",
        "ed_delete": "Supprimer",
        "ed_rules_h": "Règles fournies modifiées",
        "ed_rules_intro": "Désactivez une règle fournie qui ne convient pas à vos courriers, "
                          "ou changez sa gravité.",
        "ed_rule_id": "Identifiant de la règle fournie",
        "ed_rule_id_hint": "Par exemple fr.jargon.afin-de : il figure entre crochets dans "
                           "chaque remarque et dans le catalogue des règles.",
        "ed_rule_choose": "Choisir cette règle",
        "ed_rules_caption": "Les règles fournies modifiées par l'organisation",
        "ed_change": "Changement",
        "ed_rule_disabled": "désactivée",
        "ed_rule_severity": "gravité : {sev}",
        "ed_rule_restore": "Rétablir",
        "ed_rules_none": "Aucune règle fournie n'est modifiée.",
        "ed_edit_title": "Modifier le terme « {term} »",
        "ed_save": "Enregistrer",
        "ed_cancel": "Annuler",
        "ed_rule_title": "Règle fournie {id}",
        "ed_rule_bundled_sev": "gravité fournie : {sev}",
        "ed_rule_in_catalogue": "Voir la règle et ses exemples dans le catalogue",
        "ed_rule_state": "Pour l'organisation, cette règle est",
        "ed_rule_state_active": "active",
        "ed_rule_state_disabled": "désactivée (plus aucune remarque)",
        "ed_rule_sev_bundled": "Celle fournie ({sev})",
        "ed_rule_unknown": "Aucune règle fournie « {id} ». Vérifiez l'identifiant dans le "
                           "catalogue des règles.",
        "ed_too_long": "Trop long : {n} caractères au maximum.",
        "ed_term_required": "Écrivez le mot ou l'expression à repérer.",
        "ed_bad_choice": "Choisissez une valeur de la liste.",
        "ed_term_exists": "Le terme « {term} » existe déjà pour cette langue : modifiez-le "
                          "plutôt.",
        "ed_term_gone": "Ce terme n'existe plus (un autre éditeur l'a peut-être supprimé).",
        "ed_conflict": "Un autre éditeur enregistrait en même temps : rechargez la page et "
                       "recommencez.",
        "ed_saved_term_add": "terme « {term} » ajouté (version {v}). Il s'applique dès "
                             "maintenant.",
        "ed_saved_term_edit": "terme « {term} » modifié (version {v}).",
        "ed_saved_term_delete": "terme supprimé (version {v}).",
        "ed_saved_rule": "règle {id} enregistrée (version {v}).",
        "ed_nothing_changed": "rien à changer pour la règle {id}.",
        # history
        "hi_title": "Historique des modifications",
        "hi_intro": "Chaque modification enregistrée du pack de l'organisation : qui, quand, "
                    "quoi, avant et après. La plus récente est en vigueur.",
        "hi_version": "Version {v}",
        "hi_action_term_add": "terme ajouté : « {target} »",
        "hi_action_term_edit": "terme modifié : {target}",
        "hi_action_term_delete": "terme supprimé : {target}",
        "hi_action_rule_set": "règle fournie changée : {target}",
        "hi_meta": "Par {who}, le {when} (UTC).",
        "hi_caption": "Avant et après, version {v}",
        "hi_field": "Champ",
        "hi_before": "Avant",
        "hi_after": "Après",
        "hi_changed": "(modifié)",
        "hi_none": "Aucune modification pour l'instant.",
        "hi_f_term": "Terme", "hi_f_replace": "Remplacement", "hi_f_category": "Catégorie",
        "hi_f_severity": "Gravité", "hi_f_message": "Message", "hi_f_note": "Note",
        "hi_f_fail": "Exemple à signaler", "hi_f_pass": "Exemple correct",
        "hi_f_disabled": "Désactivée", "hi_f_source": "Source",
        # statistics
        "st_title": "Statistiques des règles",
        "st_intro": "Combien de fois chaque règle a été montrée dans un rapport, acceptée ou "
                    "refusée par les agents. Une règle refusée au moins {pct} % du temps, sur "
                    "au moins {n} décisions, est signalée comme faux positif probable.",
        "st_period": "Période",
        "st_period_7": "7 derniers jours", "st_period_30": "30 derniers jours",
        "st_period_90": "90 derniers jours", "st_period_365": "12 derniers mois",
        "st_period_tout": "Depuis le début",
        "st_rule_q": "Règle (identifiant)",
        "st_only_flagged": "Seulement les faux positifs probables",
        "st_apply": "Afficher",
        "st_totals": "Sur la période : {s} remarque(s) montrée(s), {a} acceptée(s), "
                     "{r} refusée(s).",
        "st_n_flagged": "{n} règle(s) probablement à revoir.",
        "st_chart_title": "Remarques par semaine : montrées, acceptées, refusées",
        "st_chart_desc": "Diagramme en barres sur {weeks} semaine(s). Total : {s} montrée(s), "
                         "{a} acceptée(s), {r} refusée(s). Les chiffres de chaque semaine "
                         "sont dans le tableau qui suit.",
        "st_shown": "Montrées",
        "st_accepted": "Acceptées",
        "st_refused": "Refusées",
        "st_hatched": "hachuré",
        "st_weeks_table": "Les chiffres semaine par semaine",
        "st_week_of": "Semaine du",
        "st_by_rule": "Par règle ({n})",
        "st_rate": "Taux de refus",
        "st_trend": "Décisions par semaine",
        "st_flagged": "Faux positif probable",
        "st_rate_value": "{pct} % (sur {n})",
        "st_none": "Aucune donnée sur cette période.",
        "st_spark_title": "Décisions sur les {n} dernières semaines :",
        "st_spark_week": "semaine du {week} : {a} acceptée(s), {r} refusée(s)",
        "st_spark_none": "aucune.",
    },
    "en": {
        "nav_try": "Try",
        "nav_editor": "Editor",
        "yes": "yes", "no": "no",
        "try_title": "Try a sentence",
        "try_intro": "Type a sentence: see which rules flag it, with their message and "
                     "suggestion, then the rewritten sentence. Your organisation's rules are "
                     "included. Nothing is kept.",
        "try_label": "Your sentence",
        "try_hint": "{n} characters at most.",
        "try_submit": "Try",
        "try_live": "The result updates as you type.",
        "try_result_h": "Result",
        "try_n_found": "{n} finding(s).",
        "try_none": "No rule flags this sentence.",
        "try_org_version": "(organisation pack: version {v})",
        "try_advice": "Advice: no automatic replacement.",
        "try_rewrite_h": "The rewritten sentence ({n} replacement(s))",
        "try_nothing_yet": "Type a sentence, then choose “Try”.",
        "try_empty": "Type a sentence to try.",
        "try_too_long": "The text is too long for a try-out ({n} characters at most): for a "
                        "whole letter, use the home page.",
        "rules_try_link": "Try a sentence with these rules",
        "rules_pack": "Pack",
        "rules_all_packs": "All",
        "rules_pack_fourni": "Bundled with rewriter",
        "rules_pack_organisation": "Organisation (terms and changes)",
        "rules_org_rule": "Organisation rule",
        "rules_org_disabled": "Disabled by the organisation",
        "rules_org_severity": "Severity changed by the organisation (bundled: {sev})",
        "rules_edit_term": "Edit this term",
        "rules_edit_rule": "Change this rule for the organisation",
        "login_title": "Editor sign-in",
        "login_intro": "The editor area lets you change your organisation's rules and read "
                       "their statistics.",
        "login_name": "User name",
        "login_password": "Password",
        "login_submit": "Sign in",
        "login_help": "No account? Ask the administrator of the service to create one.",
        "login_missing": "Enter your user name and password.",
        "login_wrong": "Wrong user name or password. Check them and try again.",
        "login_throttled": "Too many attempts for this user name: wait {minutes} minutes, or "
                           "ask the administrator to change the password.",
        "ed_nav_label": "Editor area",
        "ed_nav_pack": "Organisation rules",
        "ed_nav_history": "History",
        "ed_nav_stats": "Statistics",
        "ed_signed_in": "Signed in: {name}",
        "ed_logout": "Sign out",
        "ed_error_prefix": "Error:",
        "ed_ok_prefix": "Done:",
        "ed_title": "Your organisation's rules",
        "ed_intro": "Add your organisation's own terms, switch off or change a bundled rule. "
                    "Every change is checked before it is saved, and applies at once to the "
                    "next checks.",
        "ed_version": "Version in force: {v}, saved by {who} on {when} (UTC).",
        "ed_version_none": "No organisation rules yet: only the bundled rules apply.",
        "ed_download": "Download the pack ({lang}, YAML)",
        "ed_pack_problems_h": "The saved pack has problems",
        "ed_pack_problems_kept": "Checks go on with the valid rules. Fix or delete the items "
                                 "concerned.",
        "ed_refused_h": "Change refused",
        "ed_refused_intro": "The changed pack does not pass the check (file, line, problem — "
                            "fix; in French, as the command line says it):",
        "ed_refused_kept": "Nothing was saved: the version in force stays active.",
        "ed_candidate": "See the checked file ({path}), numbered lines",
        "ed_add_h": "Add a term",
        "ed_add_intro": "Like a row of the CSV table: the term to spot (all its forms), what "
                        "rewriter will suggest, the category and the severity.",
        "ed_add_submit": "Add the term",
        "ed_required": "(required)",
        "ed_f_term": "Term",
        "ed_f_term_hint": "The word or phrase to spot: “form” also finds “forms”.",
        "ed_f_replace": "Replacement",
        "ed_f_replace_hint": "What rewriter suggests; several suggestions separated by |; "
                             "empty to just flag it.",
        "ed_f_language": "Language",
        "ed_f_message": "Message",
        "ed_f_message_hint": "Optional: one sentence saying what to do. Default: “term”: "
                             "prefer “replacement”.",
        "ed_f_note": "Note for the team",
        "ed_f_fail": "Example to flag",
        "ed_f_fail_hint": "Optional: a sentence where the term must be spotted (checked "
                          "before saving).",
        "ed_f_pass": "Correct example",
        "ed_f_pass_hint": "Optional: a sentence that must not be flagged.",
        "ed_terms_h": "Organisation terms ({n})",
        "ed_terms_caption": "The organisation's terms",
        "ed_terms_none": "No terms yet.",
        "ed_actions": "Actions",
        "ed_edit": "Edit",
        "ed_delete": "Delete",
        "ed_rules_h": "Changed bundled rules",
        "ed_rules_intro": "Switch off a bundled rule that does not suit your letters, or "
                          "change its severity.",
        "ed_rule_id": "Identifier of the bundled rule",
        "ed_rule_id_hint": "For example en.jargon.remit: it is shown in brackets in every "
                           "finding and in the rule catalogue.",
        "ed_rule_choose": "Choose this rule",
        "ed_rules_caption": "The bundled rules changed by the organisation",
        "ed_change": "Change",
        "ed_rule_disabled": "disabled",
        "ed_rule_severity": "severity: {sev}",
        "ed_rule_restore": "Restore",
        "ed_rules_none": "No bundled rule is changed.",
        "ed_edit_title": "Edit the term “{term}”",
        "ed_save": "Save",
        "ed_cancel": "Cancel",
        "ed_rule_title": "Bundled rule {id}",
        "ed_rule_bundled_sev": "bundled severity: {sev}",
        "ed_rule_in_catalogue": "See the rule and its examples in the catalogue",
        "ed_rule_state": "For the organisation, this rule is",
        "ed_rule_state_active": "active",
        "ed_rule_state_disabled": "disabled (no more findings)",
        "ed_rule_sev_bundled": "The bundled one ({sev})",
        "ed_rule_unknown": "No bundled rule “{id}”. Check the identifier in the rule "
                           "catalogue.",
        "ed_too_long": "Too long: {n} characters at most.",
        "ed_term_required": "Write the word or phrase to spot.",
        "ed_bad_choice": "Choose a value from the list.",
        "ed_term_exists": "The term “{term}” already exists for this language: edit it "
                          "instead.",
        "ed_term_gone": "This term no longer exists (another editor may have deleted it).",
        "ed_conflict": "Another editor was saving at the same time: reload the page and try "
                       "again.",
        "ed_saved_term_add": "term “{term}” added (version {v}). It applies from now on.",
        "ed_saved_term_edit": "term “{term}” changed (version {v}).",
        "ed_saved_term_delete": "term deleted (version {v}).",
        "ed_saved_rule": "rule {id} saved (version {v}).",
        "ed_nothing_changed": "nothing to change for rule {id}.",
        "hi_title": "Change history",
        "hi_intro": "Every saved change of the organisation pack: who, when, what, before and "
                    "after. The latest is in force.",
        "hi_version": "Version {v}",
        "hi_action_term_add": "term added: “{target}”",
        "hi_action_term_edit": "term changed: {target}",
        "hi_action_term_delete": "term deleted: {target}",
        "hi_action_rule_set": "bundled rule changed: {target}",
        "hi_meta": "By {who}, on {when} (UTC).",
        "hi_caption": "Before and after, version {v}",
        "hi_field": "Field",
        "hi_before": "Before",
        "hi_after": "After",
        "hi_changed": "(changed)",
        "hi_none": "No changes yet.",
        "hi_f_term": "Term", "hi_f_replace": "Replacement", "hi_f_category": "Category",
        "hi_f_severity": "Severity", "hi_f_message": "Message", "hi_f_note": "Note",
        "hi_f_fail": "Example to flag", "hi_f_pass": "Correct example",
        "hi_f_disabled": "Disabled", "hi_f_source": "Source",
        "st_title": "Rule statistics",
        "st_intro": "How often each rule was shown in a report, accepted or refused by staff. "
                    "A rule refused at least {pct}% of the time, over at least {n} decisions, "
                    "is flagged as a probable false positive.",
        "st_period": "Period",
        "st_period_7": "Last 7 days", "st_period_30": "Last 30 days",
        "st_period_90": "Last 90 days", "st_period_365": "Last 12 months",
        "st_period_tout": "Since the start",
        "st_rule_q": "Rule (identifier)",
        "st_only_flagged": "Only probable false positives",
        "st_apply": "Show",
        "st_totals": "Over the period: {s} finding(s) shown, {a} accepted, {r} refused.",
        "st_n_flagged": "{n} rule(s) probably need a review.",
        "st_chart_title": "Findings per week: shown, accepted, refused",
        "st_chart_desc": "Bar chart over {weeks} week(s). Total: {s} shown, {a} accepted, "
                         "{r} refused. Each week's numbers are in the table that follows.",
        "st_shown": "Shown",
        "st_accepted": "Accepted",
        "st_refused": "Refused",
        "st_hatched": "hatched",
        "st_weeks_table": "The numbers week by week",
        "st_week_of": "Week of",
        "st_by_rule": "By rule ({n})",
        "st_rate": "Refusal rate",
        "st_trend": "Decisions per week",
        "st_flagged": "Probable false positive",
        "st_rate_value": "{pct}% (of {n})",
        "st_none": "No data over this period.",
        "st_spark_title": "Decisions over the last {n} weeks:",
        "st_spark_week": "week of {week}: {a} accepted, {r} refused",
        "st_spark_none": "none.",
    },
}
for _lang, _strings in _RULES_UI.items():
    STRINGS[_lang].update(_strings)


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
