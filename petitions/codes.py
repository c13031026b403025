"""Petitions' tracking codes: the one implementation lives in dialogue.codes
(the staff search, the public look-up, the API and the register read codes alike)."""

from dialogue.codes import (  # noqa: F401
    ALPHABET,
    CODE_MAX_LENGTH,
    GROUPS,
    PREFIX,
    RANDOM_BITS,
    RANDOM_SYMBOLS,
    format_code,
    new_code,
    normalize_code,
)
