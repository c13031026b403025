"""Load the whole demo, idempotently: organisations, users, seed plans and templates, certificates."""

from dialogue import demo as core_demo
from plans.seeds import load_seed_plans, load_templates


def load_all() -> None:
    orgs = core_demo.load_organizations()
    core_demo.load_users(orgs)
    load_seed_plans()
    load_templates()
    core_demo.load_certificates(orgs)
