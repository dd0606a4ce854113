"""The intake's first step asks sex and, optionally, gender identity; each patient has a random
UUID identity, given to the patients stored before it existed by migration 0028."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from intake.models import Patient
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db


def about(**changes) -> dict:
    return {**steps.ABOUT, **changes}


def test_the_first_step_keeps_the_sex_and_gender_identity_the_patient_gave(client):
    steps.submit_intake(client, about=about(sex="other", gender_identity="  Two   spirit "))
    patient = Patient.objects.get()
    assert (patient.sex, patient.gender_identity) == ("other", "Two spirit")


def test_a_patient_who_leaves_sex_unanswered_is_recorded_as_not_wishing_to_say(client):
    data = about(gender_identity="")
    del data["sex"]
    steps.submit_intake(client, about=data)
    assert Patient.objects.get().sex == "declined"


def test_an_unknown_sex_is_refused_with_a_message_and_the_typed_answers_are_kept(client):
    response = client.post("/intake/about/", about(sex="robot", gender_identity="Woman"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert 'value="Woman"' in page and 'value="Jordan"' in page


def test_the_first_step_shows_both_questions_in_spanish(client):
    client.cookies["django_language"] = "es"
    page = client.get("/intake/about/").content.decode()
    assert "Sexo (opcional)" in page
    assert "Identidad de género (opcional)" in page
    assert "Prefiero no decirlo" in page


def test_a_returning_patient_gets_a_missing_sex_filled_in_but_never_replaced(client):
    steps.submit_intake(client, about=about(sex="female"))
    Patient.objects.update(sex="", gender_identity="")
    client.cookies.clear()
    steps.submit_intake(client, about=about(sex="male", gender_identity="Man"))
    patient = Patient.objects.get()
    assert (patient.sex, patient.gender_identity) == ("male", "Man")
    client.cookies.clear()
    steps.submit_intake(client, about=about(sex="female", gender_identity="Woman"))
    patient.refresh_from_db()
    assert (patient.sex, patient.gender_identity) == ("male", "Man")


def test_every_new_patient_gets_its_own_random_uuid(client):
    first = Patient.objects.create(
        first_name="A",
        last_name="B",
        date_of_birth="1980-01-01",
        email="a@example.com",
        phone="+12025550100",
        preferred_contact="email",
        match_key="1",
    )
    second = Patient.objects.create(
        first_name="C",
        last_name="D",
        date_of_birth="1980-01-01",
        email="c@example.com",
        phone="+12025550100",
        preferred_contact="email",
        match_key="2",
    )
    assert isinstance(first.uuid, uuid.UUID) and first.uuid.version == 4
    assert first.uuid != second.uuid


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_existing_patient_a_different_uuid():
    executor = MigrationExecutor(connection)
    before, after = (
        [("intake", "0029_accent_blind_name_search")],
        [("intake", "0030_patient_identity_sex")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("intake", "Patient")
    for n in range(3):
        old.objects.create(
            first_name="A",
            last_name="B",
            date_of_birth="1980-01-01",
            email=f"p{n}@example.com",
            phone="+12025550100",
            preferred_contact="email",
            match_key=str(n),
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    identities = list(Patient.objects.values_list("uuid", flat=True))
    assert len(identities) == 3 == len(set(identities))
    assert set(Patient.objects.values_list("sex", flat=True)) == {""}
