"""The demo from its six register files gives the register the old dict-based loader gave.

The expected figures were taken by running the old loader (controllers/demo/loader.py, removed in
the same change) on a fresh database, one row per seed.
"""

import pytest
from django.db.models import Count

from demo.loading import OPERATOR, SEEDS, load_register
from policies.models import PersonalDataCategory, PurposeLegalBasis, Transfer

pytestmark = pytest.mark.django_db

# slug, ЕИК, purposes, recipients, retention rules, transfers, data categories (of which
# special), legal bases, DPO kind, DPO name, promised days, policy sections (the editors' sections
# are fewer than the old loader's since issue 16: those that only restated register facts went)
OLD_LOADER = [
    ("plovdiv", "000471504", 4, 0, 1, 0, 8, 0, 0, None, None, None, 3),
    (
        "dkc2-plovdiv",
        "000463258",
        12,
        20,
        19,
        0,
        34,
        10,
        13,
        "organisation",
        "“ИНФО-М” ООД",
        60,
        8,
    ),
    ("cpz-sofia", "000770257", 16, 10, 8, 4, 33, 5, 10, "person", "Петър Измислен", None, 14),
    (
        "medipro",
        "206613617",
        7,
        3,
        7,
        1,
        33,
        0,
        10,
        "person",
        "Длъжностно лице по защита на данните на МедиПро",
        None,
        12,
    ),
    ("bezgloba", "206807159", 6, 1, 2, 0, 15, 0, 3, None, None, 30, 6),
    ("portal", "000000000", 3, 1, 7, 0, 5, 0, 3, "person", "Мария Примерова", None, 2),
]


def test_the_table_covers_every_register_file():
    assert [row[0] for row in OLD_LOADER] == [*SEEDS, OPERATOR]


@pytest.mark.parametrize("row", OLD_LOADER, ids=lambda row: row[0])
def test_the_data_file_gives_the_old_loaders_figures(row):
    controller, created = load_register(row[0])
    assert created
    dpo = getattr(controller, "dpo", None)
    categories = PersonalDataCategory.objects.filter(purpose__controller=controller)
    sections = controller.policies.get().versions.get(origin="generated").sections.count()
    assert (
        controller.slug,
        controller.eik,
        controller.purposes.count(),
        controller.recipients.count(),
        controller.retention_rules.count(),
        Transfer.objects.filter(purpose__controller=controller).count(),
        categories.count(),
        categories.filter(kind="special").count(),
        PurposeLegalBasis.objects.filter(purpose__controller=controller).count(),
        dpo.kind if dpo else None,
        dpo.name if dpo else None,
        controller.promised_response_days,
        sections,
    ) == row
    assert controller.supervisory_authority.email == "kzld@cpdp.bg"


# slug: purposes without a retention rule, purpose → recipient links, the distinct periods in
# years, rules counted from 1 January of the following year (old loader, as above).
OLD_LINKS = {
    "plovdiv": (0, 0, [], 0),
    "dkc2-plovdiv": (5, 45, [1, 3, 5, 10, 25, 50], 6),
    "cpz-sofia": (6, 14, [], 0),
    "medipro": (0, 3, [], 0),
    "bezgloba": (1, 4, [5], 0),
    "portal": (0, 1, [5], 0),
}


@pytest.mark.parametrize("slug", [*SEEDS, OPERATOR])
def test_purposes_keep_their_rules_links_and_periods(slug):
    controller, _created = load_register(slug)
    rules = controller.retention_rules
    years = rules.exclude(period_years=None).values_list("period_years", flat=True)
    assert (
        controller.purposes.filter(retention_rule__isnull=True).count(),
        controller.purposes.aggregate(n=Count("recipients"))["n"],
        sorted(set(years)),
        rules.filter(counting="from_next_january").count(),
    ) == OLD_LINKS[slug]
