import math
import re

import pytest
from django.urls import reverse

from dialogue import codes, phones, text
from petitions.models import Petition


def test_format_and_entropy():
    code = codes.new_code()
    assert re.fullmatch(r"DT-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", code)
    assert codes.RANDOM_BITS >= 40
    assert len(codes.ALPHABET) == 32 and math.log2(len(codes.ALPHABET)) * codes.RANDOM_SYMBOLS == codes.RANDOM_BITS


def test_codes_are_distinct():
    assert len({codes.new_code() for _ in range(5000)}) == 5000


@pytest.mark.parametrize("typed", ["dt-7k3m9-qx2ab", " DT 7K3M9 QX2AB ", "7K3M9QX2AB", "DT7K3M9QX2AB", "DT-7K3M9-QX2AB"])
def test_normalize_accepts_what_people_type(typed):
    assert codes.normalize_code(typed) == "DT-7K3M9-QX2AB"


def test_normalize_maps_lookalikes():
    assert codes.normalize_code("DT-OIL00-11111") == "DT-01100-11111"


@pytest.mark.parametrize("typed", ["", None, "DT-123", "DT-7K3M9-QX2A!", "<script>alert(1)</script>", "x" * 500, "DT-7K3M9-QX2ABC"])
def test_normalize_refuses_non_codes(typed):
    assert codes.normalize_code(typed) is None


def test_a_thousand_random_codes_find_nothing(client, settings, petition, make_petition):
    settings.RATE_LIMITS = {"lookup": (5000, 600)}
    for _ in range(20):
        make_petition()
    real = set(Petition.objects.values_list("tracking_code", flat=True))
    found = 0
    for _ in range(1000):
        code = codes.new_code()
        if code in real:
            continue
        response = client.get(reverse("petitions_public:status", args=[code]))
        assert response.status_code == 404
        found += response.status_code == 200
    assert found == 0


@pytest.mark.parametrize(
    "name,short",
    [("Nguyễn Văn An", "Nguyễn V. A."), ("Trần Thị Bích Ngọc", "Trần T. B. N."), ("An", "A."), ("  lê   văn tám ", "lê V. T."), ("", "")],
)
def test_short_name(name, short):
    assert text.short_name(name) == short


def test_fold_and_phone_key():
    assert text.fold("ĐẤT ĐAI, Môi trường!") == "dat dai moi truong"
    assert phones.phone_key("+84 912.345.678") == phones.phone_key("0912 345 678") == "0912345678"
