"""Phone numbers and e-mail addresses as teachers type them, normalised for storage.

Phones are stored in E.164 (`+73452638124`); an extension typed as «доб. 102» is kept
after `;ext=` (RFC 3966 style). They are shown readable, Russian style:
`+7 (3452) 63-81-24`, `+7 (912) 345-67-89`.
"""

from __future__ import annotations

import re

REGION = "RU"
EXT_SEP = ";ext="

# Russian area codes of three digits (numbers with seven-digit local parts): the largest
# cities and non-geographic codes. Other geographic numbers read best with a four-digit
# code and a six-digit local part, as regional centres print them: (3452) 63-81-24.
_THREE_DIGIT_CODES = frozenset(
    {
        "495", "499", "812", "343", "383", "831", "843", "846", "863", "347", "351",
        "342", "391", "473", "844", "861", "845", "800", "803", "804", "809",
    }
)  # fmt: skip
_EXT_WORDS = re.compile(r"\b(?:доб|добавочный|вн|внутр)\.?\s*", re.IGNORECASE)
_MAX_INPUT = 64


def normalize_phone(text: str, *, lenient: bool = False) -> str | None:
    """E.164 (plus `;ext=N` if an extension was given), or None when it is not a phone.

    `lenient` accepts any number of a possible length (numbers from Telegram's own
    share-contact button, which arrive without "+" and are not always in the metadata).
    """
    import phonenumbers

    raw = (text or "").strip()
    if not raw or len(raw) > _MAX_INPUT or not any(ch.isdigit() for ch in raw):
        return None
    raw = _EXT_WORDS.sub(" ext. ", raw)
    digits = re.sub(r"\D", "", raw)
    if lenient and raw.lstrip()[:1] != "+" and len(digits) > 10 and not digits.startswith("8"):
        raw = "+" + raw.lstrip()
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        return None
    ok = (
        phonenumbers.is_possible_number(number) if lenient else phonenumbers.is_valid_number(number)
    )
    if not ok:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:
        return f"{e164}{EXT_SEP}{number.extension}"
    return e164


def display_phone(e164: str | None) -> str:
    """+7 (3452) 63-81-24, +7 (912) 345-67-89 (доб. 102); foreign numbers international."""
    if not e164:
        return ""
    number, _, ext = e164.partition(EXT_SEP)
    suffix = f" доб. {ext}" if ext else ""
    if number.startswith("+7") and len(number) == 12:
        national = number[2:]
        if national[0] == "9" or national[:3] in _THREE_DIGIT_CODES:
            code, local = national[:3], national[3:]
            return f"+7 ({code}) {local[:3]}-{local[3:5]}-{local[5:]}{suffix}"
        code, local = national[:4], national[4:]
        return f"+7 ({code}) {local[:2]}-{local[2:4]}-{local[4:]}{suffix}"
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL) + suffix


def tel_link(e164: str | None) -> str:
    """A tel: URI (the number without the extension)."""
    if not e164:
        return ""
    return "tel:" + e164.partition(EXT_SEP)[0]


def normalize_email(text: str) -> str | None:
    """The address with its domain lower-cased, or None when it is not a valid address."""
    from email_validator import EmailNotValidError, validate_email

    raw = (text or "").strip()
    if not raw or len(raw) > 254 or " " in raw:
        return None
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        return None
    return str(result.normalized)
