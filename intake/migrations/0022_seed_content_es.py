"""The first Spanish seed (`_content_es_v1`: every topic, FAQ, pro and con, and the privacy notice): published, awaiting clinical review, written only
beside English FAQs that still hold their seed text; undone on the way back. (Apart from 0019:
PostgreSQL builds 0019's indexes at the end of its transaction, which rows written in the same
transaction would block.)
"""

from django.db import migrations
from django.utils import timezone

from intake.migrations import _content_es_v1 as es_v1

SEEDED = "Seed content es v1: Spanish version, awaiting clinical review"


def seed_spanish(apps, schema_editor):
    faq_model = apps.get_model("intake", "FaqEntry")
    historical = apps.get_model("intake", "HistoricalFaqEntry")
    for order, text in es_v1.FAQS.items():
        english = faq_model.objects.filter(
            language="en", order=order, question=text["english_question"]
        ).first()
        if english is None or faq_model.objects.filter(translation_of=english).exists():
            continue  # an editor changed the English item, or it is translated already
        spanish = faq_model.objects.create(
            language="es",
            translation_of=english,
            question=text["question"],
            answer=text["answer"],
            sources=english.sources,
            order=english.order,
            is_published=True,
            version=1,
        )
        _record(historical, spanish)
    seed_spanish_pros_cons(apps)
    seed_spanish_privacy(apps)
    seed_spanish_topics(apps)


def seed_spanish_pros_cons(apps) -> None:
    model = apps.get_model("intake", "ProCon")
    historical = apps.get_model("intake", "HistoricalProCon")
    for (treatment, kind, order), (english_start, text) in es_v1.PROS_CONS.items():
        english = model.objects.filter(
            language="en",
            treatment=treatment,
            kind=kind,
            order=order,
            text__startswith=english_start,
        ).first()
        if english is None or model.objects.filter(translation_of=english).exists():
            continue
        spanish = model.objects.create(
            language="es",
            translation_of=english,
            treatment=treatment,
            kind=kind,
            order=order,
            text=text,
            sources=english.sources,
            is_published=True,
            version=1,
        )
        _record(historical, spanish)


def seed_spanish_privacy(apps) -> None:
    model = apps.get_model("intake", "ContentPage")
    page = es_v1.PRIVACY_NOTICE
    english = model.objects.filter(
        language="en", slug="privacy", title=page["english_title"]
    ).first()
    if english is None or model.objects.filter(translation_of=english).exists():
        return
    spanish = model.objects.create(
        language="es",
        translation_of=english,
        slug=page["slug"],
        title=page["title"],
        body=page["body"],
        sources=english.sources,
        is_published=english.is_published,
        version=1,
    )
    _record(apps.get_model("intake", "HistoricalContentPage"), spanish)


def seed_spanish_topics(apps) -> None:
    model = apps.get_model("intake", "Topic")
    historical = apps.get_model("intake", "HistoricalTopic")
    for key, text in es_v1.TOPICS.items():
        english = model.objects.filter(language="en", key=key, title=text["english_title"]).first()
        if english is None or model.objects.filter(translation_of=english).exists():
            continue
        spanish = model.objects.create(
            language="es",
            translation_of=english,
            key=f"{key}-es",
            title=text["title"],
            summary=text["summary"],
            ketamine=text["ketamine"],
            antidepressant=text["antidepressant"],
            sources=english.sources,
            order=english.order,
            is_published=True,
            version=1,
        )
        _record(historical, spanish)


def _record(historical, obj) -> None:
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    historical.objects.create(
        **values, history_date=timezone.now(), history_type="+", history_change_reason=SEEDED
    )


def unseed_spanish(apps, schema_editor):
    apps.get_model("intake", "Topic").objects.filter(
        language="es", key__in=[f"{key}-es" for key in es_v1.TOPICS]
    ).delete()
    apps.get_model("intake", "ContentPage").objects.filter(
        language="es", slug=es_v1.PRIVACY_NOTICE["slug"], body=es_v1.PRIVACY_NOTICE["body"]
    ).delete()
    apps.get_model("intake", "ProCon").objects.filter(
        language="es", text__in=[text for _, text in es_v1.PROS_CONS.values()]
    ).delete()
    faq_model = apps.get_model("intake", "FaqEntry")
    for text in es_v1.FAQS.values():
        faq_model.objects.filter(
            language="es", question=text["question"], answer=text["answer"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0021_content_languages")]

    operations = [migrations.RunPython(seed_spanish, unseed_spanish)]
