"""The seeded educational content states the facts of the clinical read, each beside its source,
and its plain summaries read at about grade 8 (see tests/support/readability.py for the measure)."""

import re

import pytest

from intake.models import FaqEntry, ProCon, Topic
from tests.support.readability import grade_level, plain_text

LABEL_SETID = "d81a6a79-a74a-44b7-822c-0dfa3036eaed"

# (item, a phrase of the fact, the source it must cite: a piece of the link)
FACTS = [
    # Esketamine's boxed warning names respiratory depression; the REMS on-site rules.
    ("topic:evidence", "now names respiratory depression", "search.cfm?query=Esketamine"),
    ("topic:side_effects", "respiratory depression (slowed breathing)", "search.cfm?query=Esk"),
    ("topic:evidence", "prescriber on site during each dose", "REMS=386"),
    ("topic:evidence", "pulse oximeter", "REMS=386"),
    ("topic:evidence", "version", LABEL_SETID),
    # Esketamine alone, approved January 2025.
    ("topic:evidence", "In January 2025 the FDA approved it **on its own**", "jnj.com"),
    ("faq:1", "since January 2025 it is also approved on its own", "jnj.com"),
    # Repeated or maintenance IV ketamine: CANMAT 2021 rates it low; KARMA-Dep 2.
    ("topic:duration", "only as level 3", "10.1177/0706743720970860"),
    ("topic:duration", "KARMA-Dep 2", "10.1001/jamapsychiatry.2025.3019"),
    ("topic:duration", "65 adults in hospital", "10.1001/jamapsychiatry.2025.3019"),
    ("procon:ketamine:con:1", "evidence that repeated or maintenance", "jamapsychiatry.2025"),
    # FDA's October 2023 warning on compounded and at-home ketamine.
    ("topic:administration", "in October 2023 the FDA warned", "compounded-ketamine"),
    ("topic:evidence", "In October 2023 the FDA warned", "compounded-ketamine"),
    ("faq:3", "In October 2023 the FDA warned", "compounded-ketamine"),
    # TRANSFORM-3 beside TRANSFORM-2.
    ("topic:evidence", "TRANSFORM-2", "10.1176/appi.ajp.2019.19020172"),
    ("topic:evidence", "missed its main goal", "10.1016/j.jagp.2019.10.008"),
    # STAR*D's 67%, the 2023 reanalysis and the reply.
    ("topic:considered_for", "67%", "10.1176/ajp.2006.163.11.1905"),
    ("topic:considered_for", "about 35% instead", "10.1136/bmjopen-2022-063095"),
    ("topic:considered_for", "original authors replied", "10.1176/appi.ajp.20230869"),
    # Ketamine's side effects as the label states them.
    ("topic:side_effects", "61% to 84%", "adverse-event-of-spravato-dissociative"),
    ("topic:side_effects", "48% to 61%", "usmedicine.com"),
    # Blood pressure as the label reports it.
    ("topic:cautions", "peaks about 40 minutes after a dose and lasts about 4 hours", "usmed"),
    ("topic:cautions", "8% to 19% of people on esketamine", "usmedicine.com"),
    ("topic:cautions", "again about 40 minutes after", "spravatohcp.com"),
    # The crisis FAQ: crisis help only, with every way to reach it.
    ("faq:6", "dial 988, then press 1", "veteranscrisisline.net"),
    ("faq:6", "ASL Now", "samhsa.gov"),
    ("faq:6", "988lifeline.org/chat", "988lifeline.org"),
]


def item(ref: str):
    kind, _, key = ref.partition(":")
    if kind == "topic":
        return Topic.objects.get(key=key)
    if kind == "faq":
        return FaqEntry.objects.originals().get(order=int(key))
    treatment, kind_, order = key.split(":")
    return ProCon.objects.originals().get(treatment=treatment, kind=kind_, order=int(order))


def text_of(obj) -> str:
    fields = {"Topic": ("summary", "ketamine", "antidepressant"), "FaqEntry": ("answer",)}
    names = fields.get(type(obj).__name__, ("text",))
    return "\n".join(getattr(obj, name) for name in names)


@pytest.mark.parametrize("ref, phrase, source", FACTS)
def test_each_fact_of_the_clinical_read_is_stated_beside_its_source(db, ref, phrase, source):
    obj = item(ref)
    assert phrase in text_of(obj) or phrase in str(obj.sources), (ref, phrase)
    assert any(source in entry["url"] for entry in obj.sources), (ref, source)
    assert obj.is_published


def test_sources_that_change_carry_their_version_or_the_date_they_were_read(db):
    changing = ("dailymed", "accessdata.fda.gov/scripts", "988lifeline", "veteranscrisis")
    checked = 0
    for model in (Topic, ProCon, FaqEntry):
        for obj in model.objects.all():
            for source in obj.sources:
                if any(host in source["url"] for host in changing):
                    assert re.search(r"version \d+|read \d+ \w+ \d{4}|updated", source["citation"])
                    checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    "unsaid",
    [
        "Most people using esketamine also keep taking an oral antidepressant",
        "ketamine is not known for",
        "need care first",
    ],
)
def test_the_content_no_longer_says_what_the_clinical_read_struck(db, unsaid):
    for model in (Topic, ProCon, FaqEntry):
        for obj in model.objects.all():
            assert unsaid.lower() not in text_of(obj).lower(), obj


def test_the_crisis_answer_holds_crisis_help_only(db):
    answer = FaqEntry.objects.originals().get(order=6).answer
    assert "Esketamine" not in answer and "hospital stay" not in answer
    assert "People do get through this; help works." in answer
    considered = Topic.objects.get(key="considered_for").ketamine
    assert "does not replace a hospital stay" in considered


def test_jargon_is_explained_where_it_is_used_or_in_the_glossary(db):
    glossary = FaqEntry.objects.get(question="What do the medical words on this page mean?")
    for word in ("NMDA", "AMPA", "BDNF", "MADRS", "REMS", "AVM", "Cystitis", "Remission"):
        assert re.search(rf"\*\*[^*]*\b{word}\b[^*]*\*\*:", glossary.answer), word
    assert (
        "(cystitis, an irritated and inflamed bladder)"
        in Topic.objects.get(key="side_effects").ketamine
    )


def test_every_topic_opens_with_a_two_sentence_summary_at_grade_8_or_below(db):
    grades = {}
    for topic in Topic.objects.published().originals():  # a grade of English
        sentences = re.findall(r"[^.!?]+[.!?]", topic.summary)
        assert len(sentences) == 2, (topic.key, topic.summary)
        grades[topic.key] = grade_level(topic.summary)
    assert len(grades) == 8
    assert max(grades.values()) <= 8.0, grades


def test_the_readability_measure_tells_plain_text_from_dense_text():
    plain = "People do get through this. Help works. Call or text 988 now."
    dense = (
        "Esketamine demonstrated statistically significant improvement in depressive "
        "symptomatology relative to placebo in adults with treatment-resistant depression."
    )
    assert grade_level(plain) < 4 < 16 < grade_level(dense)


def test_the_grade_of_all_published_content_is_measured(db):
    # Recorded for editors: the detail may run above grade 8; the summaries may not.
    # Flesch-Kincaid measures English: the English items (translations are rows of their own).
    texts = [plain_text(text_of(obj)) for obj in Topic.objects.published().originals()]
    texts += [plain_text(faq.answer) for faq in FaqEntry.objects.published().originals()]
    grades = [grade_level(text) for text in texts]
    assert len(grades) == 16 and all(0 < grade < 16 for grade in grades), grades
