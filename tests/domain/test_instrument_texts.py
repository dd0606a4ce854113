"""The instruments word for word: each published string held here character for character, as its
publisher prints it (the sources are named in intake/domain/questions.py). A change of one comma
in the questions, or in the Spanish catalogue, fails here."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from intake.domain import questions

# Pfizer, PHQ-9, English for the USA (phqscreeners.com).
PHQ9_EN = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite \u2014 "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
PHQ9_STEM_EN = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
DIFFICULTY_EN = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
SCALE_EN = ("Not at all", "Several days", "More than half the days", "Nearly every day")

# Pfizer, PHQ-9, Spanish for the USA ("CUESTIONARIO SOBRE LA SALUD DEL PACIENTE-9").
PHQ9_ES = (
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o que ha quedado mal con "
    "usted mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico "
    "o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario "
    "\u2013 muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
)
STEM_ES = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
DIFFICULTY_ES = (
    "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas "
    "para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras "
    "personas?"
)
SCALE_ES = ("Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días")

# Pfizer, GAD-7, Spanish for the USA: the same stem and answer scale as the PHQ-9's.
GAD7_ES = (
    "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
    "No ha sido capaz de parar o controlar su preocupación",
    "Se ha preocupado demasiado por motivos diferentes",
    "Ha tenido dificultad para relajarse",
    "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
    "Se ha molestado o irritado fácilmente",
    "Ha tenido miedo de que algo terrible fuera a pasar",
)

# The Columbia Lighthouse Project, C-SSRS Screen Version - Recent.
CSSRS_EN = {
    "wished_dead": "Have you wished you were dead or wished you could go to sleep and not wake up?",
    "suicidal_thoughts": "Have you actually had any thoughts of killing yourself?",
    "method": "Have you been thinking about how you might do this?",
    "intent": "Have you had these thoughts and had some intention of acting on them?",
    "plan": "Have you started to work out or worked out the details of how to kill yourself? "
    "Do you intend to carry out this plan?",
    "behaviour_ever": "Have you ever done anything, started to do anything, or prepared to do "
    "anything to end your life?",
    "behaviour_past_3_months": "Was this within the past 3 months?",
}


def test_the_english_phq9_is_pfizers_character_for_character():
    assert tuple(questions.PHQ9) == PHQ9_EN
    assert questions.PHQ9_STEM == PHQ9_STEM_EN
    assert questions.DIFFICULTY_QUESTION == DIFFICULTY_EN
    assert tuple(label for _, label in questions.FREQUENCY) == SCALE_EN


@pytest.mark.parametrize("number", [6, 8, 9])
def test_phq9_items_6_8_and_9_keep_pfizers_punctuation(number):
    item = questions.PHQ9[number - 1]
    assert item == PHQ9_EN[number - 1]
    assert ", or that" not in item and "noticed," not in item and "dead," not in item


def test_the_cssrs_screener_is_columbias_and_asks_question_5_as_two_questions():
    assert questions.CSSRS == CSSRS_EN
    assert questions.CSSRS["plan"].count("?") == 2


def test_the_spanish_phq9_is_pfizers_us_spanish_character_for_character():
    with translation.override("es"):
        assert tuple(gettext(item) for item in questions.PHQ9) == PHQ9_ES
        assert gettext(questions.PHQ9_STEM) == STEM_ES
        assert gettext(questions.DIFFICULTY_QUESTION) == DIFFICULTY_ES
        assert (
            tuple(pgettext(questions.FREQUENCY_CONTEXT, label) for _, label in questions.FREQUENCY)
            == SCALE_ES
        )


def test_the_spanish_gad7_is_pfizers_us_spanish_character_for_character():
    with translation.override("es"):
        assert tuple(gettext(item) for item in questions.GAD7) == GAD7_ES
        assert gettext(questions.GAD7_STEM) == STEM_ES


def test_the_cssrs_screener_is_never_translated_by_us():
    with translation.override("es"):
        assert {key: gettext(text) for key, text in questions.CSSRS.items()} == CSSRS_EN
    assert questions.questionnaire_languages("es") == {
        "PHQ-9": "es",
        "GAD-7": "es",
        "C-SSRS": "en",
    }
