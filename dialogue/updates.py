"""Partial updates written field by field.

An update service names every field it may change as a keyword parameter
defaulting to UNSET, so its signature is the list (nothing to whitelist) and a
caller passes only what the user changed. `model_update` then writes those,
as HackSoft's styleguide does."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


def given(**values) -> dict[str, Any]:
    """The keyword arguments a caller actually passed."""
    return {name: value for name, value in values.items() if value is not UNSET}


def model_update(*, instance: models.Model, fields: Iterable[str], data: dict[str, Any]) -> tuple[models.Model, list[str]]:
    """Set each of `fields` that `data` holds, then save; returns the names whose value changed.

    Saved whenever something is given, not only when it differs: the instance
    may be one a ModelForm has already written the new values into."""
    given_names = [name for name in fields if name in data]
    changed = [name for name in given_names if getattr(instance, name) != data[name]]
    for name in given_names:
        setattr(instance, name, data[name])
    if given_names:
        # A full save: models keep derived columns (folded search keys) in step in save().
        instance.save()
    return instance, changed
