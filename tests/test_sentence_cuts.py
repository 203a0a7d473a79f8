"""Long sentences are cut automatically only where the two halves stay correct French: what
an agent sees after `rewriter rewrite` (docs/rewrite.md). Each case is one sentence a
collectivité writes; the expected rewrite is exact. Incises must never be cut (the main
verb would lose its subject)."""
import pytest

from rewriter.config import Settings
from rewriter.engine import check_text
from rewriter.fix import apply_text

ST = Settings(grammar="off")


def cut(sentence: str) -> str:
    rep = check_text(sentence, language="fr", settings=ST)
    cuts = [f for f in rep.findings if f.category == "long_sentence" and f.fixable]
    return apply_text([sentence], cuts)[0]


CASES = [
    ("À défaut, il sera fait application de la pénalité prévue à l'article L. 1331-8 du Code "
     "de la santé publique, laquelle pourra être majorée dans la limite de 400 %.",
     "À défaut, il sera fait application de la pénalité prévue à l'article L. 1331-8 du Code "
     "de la santé publique. Elle pourra être majorée dans la limite de 400 %."),
    ("Votre dossier sera transmis au comptable public de la commune, lequel engagera une "
     "procédure de recouvrement, les frais de poursuite étant mis à votre charge dès le premier jour.",
     "Votre dossier sera transmis au comptable public de la commune. Il engagera une "
     "procédure de recouvrement. Les frais de poursuite sont mis à votre charge dès le premier jour."),
    ("Le recours gracieux interrompt le délai de recours contentieux devant le tribunal, "
     "étant précisé que l'absence de réponse dans un délai de deux mois vaut rejet.",
     "Le recours gracieux interrompt le délai de recours contentieux devant le tribunal. "
     "Notez que l'absence de réponse dans un délai de deux mois vaut rejet."),
    ("Nous ne pouvons pas donner une suite favorable à votre demande de logement social, "
     "parce que votre dossier ne comporte pas le dernier avis d'imposition du foyer.",
     "Nous ne pouvons pas donner une suite favorable à votre demande de logement social. "
     "En effet, votre dossier ne comporte pas le dernier avis d'imposition du foyer."),
    ("Votre dossier a bien été reçu par nos services le 3 mars dernier et il est complet, "
     "toutefois, nous devons encore recevoir l'avis de la commission avant de vous répondre.",
     "Votre dossier a bien été reçu par nos services le 3 mars dernier et il est complet. "
     "Toutefois, nous devons encore recevoir l'avis de la commission avant de vous répondre."),
    ("La commission a examiné la demande présentée par votre association au titre de "
     "l'année 2025, c'est pourquoi nous vous adressons la convention à signer avant la fin du mois.",
     "La commission a examiné la demande présentée par votre association au titre de "
     "l'année 2025. C'est pourquoi nous vous adressons la convention à signer avant la fin du mois."),
    ("Sinon, il sera procédé à la mise en fourrière du véhicule, selon les articles L. 325-1 et "
     "suivants du même code, les frais d'enlèvement et de garde étant mis à la charge du propriétaire.",
     "Sinon, il sera procédé à la mise en fourrière du véhicule, selon les articles L. 325-1 et "
     "suivants du même code. Les frais d'enlèvement et de garde sont mis à la charge du propriétaire."),
    # « que A et que B »: the short main clause is repeated
    ("Par ailleurs, il a été constaté que vous êtes bénéficiaire du revenu de solidarité active "
     "et que vous percevez des prestations de la caisse au titre de l'aide au logement.",
     "Par ailleurs, il a été constaté que vous êtes bénéficiaire du revenu de solidarité active. "
     "De plus, vous percevez des prestations de la caisse au titre de l'aide au logement."),
    ("Nous vous rappelons que le paiement doit intervenir avant la date limite mentionnée sur "
     "chaque facture, et qu'en cas de retard le service pourra être suspendu.",
     "Nous vous rappelons que le paiement doit intervenir avant la date limite mentionnée sur "
     "chaque facture. De plus, en cas de retard le service pourra être suspendu."),
    ("Nous vous informons que le délai légal est de quatre mois à partir du dépôt d'un dossier "
     "complet et que, selon l'article R. 241-33 du code, l'absence de réponse vaut rejet.",
     "Nous vous informons que le délai légal est de quatre mois à partir du dépôt d'un dossier "
     "complet. De plus, selon l'article R. 241-33 du code, l'absence de réponse vaut rejet."),
]


@pytest.mark.parametrize("before,after", CASES)
def test_safe_cuts(before, after):
    assert cut(before) == after


@pytest.mark.parametrize("sentence", [
    # incises: the main verb comes after the second comma
    "Le comptable public de la commune de Villeneuve-sur-Lorme, lequel est chargé du "
    "recouvrement des créances, vous adressera un titre de paiement dans les prochains jours.",
    "Votre demande de subvention pour la fête du quartier, la pièce demandée étant manquante, "
    "ne peut pas être examinée par la commission du mois de mars prochain.",
    "La pénalité prévue par le code de la santé publique pour ce type de manquement, laquelle "
    "pourra être majorée, sera appliquée dès le mois prochain à votre installation.",
    # a singular determiner and a coordination: singular or plural verb? not cut
    "Le dossier sera examiné par la commission départementale lors de sa prochaine séance, le "
    "demandeur et son conjoint étant invités à présenter leurs observations écrites.",
    # « que » of a relative clause, not of « nous vous rappelons que »
    "Le dossier de demande de subvention que vous avez envoyé au mois de mars dernier et que "
    "nous avons reçu le 3 avril est complet et sera examiné.",
    # « il faut que … et que … »: subjunctive, the second clause cannot stand alone
    "Il faut que vous nous transmettiez le formulaire signé avant la fin du mois de mars et "
    "que vous joigniez une copie de votre avis d'imposition.",
    # « dans lequel » is not a subject
    "Le document dans lequel vous trouverez les horaires d'ouverture de la mairie et de la "
    "médiathèque est joint à cette lettre, avec le plan du quartier.",
])
def test_no_cut_that_would_break_the_sentence(sentence):
    assert cut(sentence) == sentence


def test_cut_is_idempotent():
    once = cut(CASES[1][0])
    assert cut(once) == once


def test_english_and_that_is_not_cut_into_a_fragment():
    s = ("Our records show that the instalment due on 1 February 2025 for your council tax "
         "account has not been received by the council, and that a sum of 284 pounds remains "
         "unpaid today.")
    rep = check_text(s, language="en", settings=ST)
    cuts = [f for f in rep.findings if f.category == "long_sentence" and f.fixable]
    assert ". That a sum" not in apply_text([s], cuts)[0]


def test_a_phone_number_is_one_word_not_five():
    """« 02 43 12 34 56 » made a 25-word plain sentence « long » (a false alarm on a
    plain letter); numbers written in groups count as one word."""
    s = ("Pour toute question, appelez Julien Marchal au 02 43 12 34 56, du lundi au vendredi "
         "de 9 h à 12 h, ou écrivez à salles@ville.fr.")
    rep = check_text(s, language="fr", settings=ST)
    assert not [f for f in rep.findings if f.category == "long_sentence"]
    assert rep.readability["words"] == 21
