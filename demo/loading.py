"""Load the whole demo, idempotently: organisations, users, seed plans and templates,
certificates, and the commune's conference day run through (demo.conference_day)."""

from dialogue import demo as core_demo
from plans.seeds import load_seed_plans, load_templates

from .conference_day import run_conference_day


def load_all() -> bool:
    """Load everything; True when the conference day was run now (False: it had been already)."""
    orgs = core_demo.load_organizations()
    core_demo.load_users(orgs)
    seeds = load_seed_plans()
    commune_template, *_others = load_templates()
    core_demo.load_certificates(orgs)
    # Last: issuing the day's conclusion notice signs it with the commune's certificate.
    return run_conference_day(orgs=orgs, seed_plan=seeds["002"], template=commune_template)
