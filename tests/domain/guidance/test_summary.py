"""The summary as a whole: findings in order, the rules version and totals, never an exception
on garbage answers, and a package with no Django in it."""

import ast
import importlib
import re
from pathlib import Path

from hypothesis import given, settings

from intake.domain import guidance
from intake.domain.guidance import (
    TOPICS,
    Level,
    Verdict,
)
from tests.domain.guidance.builders import (
    gad7,
    make_snapshot,
    phq9,
    screening,
    second_trial,
    summary_of,
)
from tests.domain.guidance.strategies import snapshots
from tests.support.examples import examples

# The concerns with a table of named cases, one test module each.
CONCERNS = ("verdict", "safety", "severity", "trials", "screening", "cross_checks", "treatments")


def test_it_sorts_findings_urgent_then_caution_then_consider_then_info():
    snapshot = make_snapshot(
        phq9=phq9(14, item9=1),
        trials=second_trial(dose_mg=None),
        screening=screening(psychosis="yes", bipolar="not_sure", brain_bleed="yes"),
    )

    levels = [finding.level for finding in summary_of(snapshot).findings]

    assert levels == sorted(levels, key=list(Level).index)
    assert set(levels) == set(Level)


def test_it_records_the_rules_version_and_totals():
    summary = summary_of(make_snapshot(phq9=phq9(14), gad7=gad7(12)))

    assert (summary.rules_version, summary.phq9_total, summary.gad7_total) == ("4", 14, 12)


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_it_never_raises_and_always_returns_a_well_formed_summary(snapshot):
    summary = summary_of(snapshot)

    assert len(summary.trial_judgements) == len(snapshot.trials)
    levels = [finding.level for finding in summary.findings]
    assert levels == sorted(levels, key=list(Level).index)
    assert summary.imminent <= summary.urgent
    assert (summary.verdict is Verdict.WORTH_ASKING_CAUTIONS) <= (Level.CAUTION in levels)
    for finding in summary.findings:
        assert re.fullmatch(r"[a-z0-9_]+", finding.code)
        assert finding.title and finding.explanation.endswith(".")
        assert finding.explanation.count(". ") == 0, "one sentence"
        assert finding.topic is None or finding.topic in TOPICS
        text = f"{finding.title} {finding.explanation}".lower()
        assert "eligib" not in text


def test_the_named_cases_number_at_least_45_with_no_id_twice():
    tables = [
        importlib.import_module(f"tests.domain.guidance.test_{concern}").CASES
        for concern in CONCERNS
    ]
    assert sum(len(cases) for cases in tables) >= 45
    for cases in tables:
        assert len({param.id for param in cases}) == len(cases)


def test_the_package_never_imports_django():
    imported = set()
    for path in sorted(Path(guidance.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
    assert "intake.domain.guidance.verdict" in imported, "the walk reads every module"
    assert not any(name.split(".")[0] == "django" for name in imported)
