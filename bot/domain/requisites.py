"""An organisation's details (requisites): what they are, whether each is valid, and what a
document still lacks.

Checksums are the Federal Tax Service's and the Bank of Russia's published algorithms
(python-stdnum would cover INN and OGRN, but it is not a dependency here, and the bank
account key is in no library we have): INN of 10 and 12 digits, OGRN of 13 and OGRNIP of
15 digits, KPP of 9 characters, BIK of 9 digits, and a 20-digit account checked against the
key it makes with the BIK.

Every field is optional: the documents leave a marked blank line for a missing value, and
`missing_for` lists what is missing before a document is made. Errors are keys
(`inn_checksum`…); their Russian wording is `texts.paperwork.REQUISITE_ERRORS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from bot.domain.contacts import normalize_email, normalize_phone
from texts import paperwork as words


@dataclass(frozen=True)
class Requisites:
    """The details of one organisation (ours, or a partner that is an organisation)."""

    full_name: str = ""  # the full official name
    short_name: str = ""  # the short name, often an abbreviation
    legal_form: str = ""  # an autonomous municipal institution, a company, an entrepreneur
    director_name: str = ""  # surname, first name, patronymic
    director_position: str = ""  # the director, the head, …
    director_basis: str = ""  # the document the director acts on; empty: the Charter
    legal_address: str = ""
    postal_address: str = ""
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""  # OGRN (13 digits) or OGRNIP (15 digits)
    phone: str = ""  # E.164, as bot.domain.contacts stores it
    email: str = ""
    website: str = ""
    bank_name: str = ""
    bik: str = ""
    account: str = ""  # the settlement (or treasury) account
    corr_account: str = ""  # the correspondent account (or a treasury EKS)

    @property
    def name(self) -> str:
        """The name documents use in running text: the short one when there is one."""
        return (self.short_name or self.full_name).strip()

    @property
    def basis(self) -> str:
        """The Charter unless another document is given (a power of attorney …)."""
        return self.director_basis.strip() or words.DEFAULT_BASIS

    @property
    def is_entrepreneur(self) -> bool:
        """An individual entrepreneur: a 12-digit INN or a 15-digit OGRNIP (no KPP)."""
        return len(self.inn) == 12 or len(self.ogrn) == 15

    @property
    def has_bank(self) -> bool:
        return any((self.bank_name, self.bik, self.account, self.corr_account))


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Requisites))
BANK_FIELDS: tuple[str, ...] = ("bank_name", "bik", "account", "corr_account")


# --------------------------------------------------------------------------- checks


def digits(value: str) -> str:
    """What people paste: «7707 083 893», «7707-083-893» → «7707083893»."""
    return re.sub(r"[\s\-‐–—.]", "", value or "")


_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _weighted(number: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(number, weights, strict=False)) % 11 % 10


def check_inn(value: str) -> str | None:
    """None when valid; else an error key. 10 digits (organisation), 12 (a person)."""
    inn = digits(value)
    if not inn.isdigit():
        return "inn_digits"
    if len(inn) == 10:
        return None if _weighted(inn, _INN10) == int(inn[9]) else "inn_checksum"
    if len(inn) == 12:
        ok = _weighted(inn, _INN11) == int(inn[10]) and _weighted(inn, _INN12) == int(inn[11])
        return None if ok else "inn_checksum"
    return "inn_length"


def check_ogrn(value: str) -> str | None:
    """OGRN: 13 digits, the last is (the first 12 mod 11) mod 10; OGRNIP: 15 digits, the last
    is (the first 14 mod 13) mod 10."""
    ogrn = digits(value)
    if not ogrn.isdigit():
        return "ogrn_digits"
    if len(ogrn) == 13:
        return None if int(ogrn[:12]) % 11 % 10 == int(ogrn[12]) else "ogrn_checksum"
    if len(ogrn) == 15:
        return None if int(ogrn[:14]) % 13 % 10 == int(ogrn[14]) else "ogrn_checksum"
    return "ogrn_length"


_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def check_kpp(value: str) -> str | None:
    """9 characters: the tax office (4 digits), the reason (2 digits or Latin capitals), 3."""
    return None if _KPP.match(digits(value).upper()) else "kpp_format"


def check_bik(value: str) -> str | None:
    bik = digits(value)
    return None if len(bik) == 9 and bik.isdigit() else "bik_format"


_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]  # three digits of the BIK and 20 of the account


def _account_key_ok(prefix: str, account: str) -> bool:
    number = prefix + account
    return sum(int(d) * w % 10 for d, w in zip(number, _ACCOUNT_WEIGHTS, strict=True)) % 10 == 0


def _bank_of_russia(bik: str) -> bool:
    """A division of the Bank of Russia or a treasury office (TOFK, BIK 01…): its accounts
    are keyed with «0» and the BIK's 5th–6th digits."""
    return bik[6:] in ("000", "001", "002") or bik.startswith("01")


def check_account(value: str, bik: str) -> str | None:
    """A settlement (or treasury) account: 20 digits whose key, with the BIK's last three
    digits in front, is right. Accounts of a treasury office are accepted with either key
    (its treasury accounts and its EKS are keyed differently)."""
    account, bik = digits(value), digits(bik)
    if len(account) != 20 or not account.isdigit():
        return "account_format"
    if check_bik(bik) is not None:
        return "account_needs_bik"
    if _account_key_ok(bik[-3:], account):
        return None
    if _bank_of_russia(bik) and _account_key_ok("0" + bik[4:6], account):
        return None
    return "account_key"


def check_corr_account(value: str, bik: str) -> str | None:
    """A correspondent account (or a treasury EKS): 20 digits, keyed with "0" and the BIK's
    5th–6th digits; a bank's ends with the BIK's last three digits."""
    account, bik = digits(value), digits(bik)
    if len(account) != 20 or not account.isdigit():
        return "account_format"
    if check_bik(bik) is not None:
        return "account_needs_bik"
    if account.startswith("30101") and account[-3:] != bik[-3:]:
        return "corr_account_key"
    return None if _account_key_ok("0" + bik[4:6], account) else "corr_account_key"


_SITE = re.compile(
    r"^(?:https?://)?(?:[a-z\u0430-\u044f\u04510-9](?:[a-z\u0430-\u044f\u04510-9-]{0,61}[a-z\u0430-\u044f\u04510-9])?\.)+"
    r"(?:[a-z]{2,24}|\u0440\u0444|xn--[a-z0-9-]+)(?:[/?#]\S*)?$",
    re.IGNORECASE,
)


def check_field(name: str, value: str, requisites: Requisites | None = None) -> str | None:
    """The error key for one value typed into the field `name`, or None when it is fine
    (an empty value is fine: everything is optional). Accounts need the BIK: it is taken
    from `requisites`."""
    value = (value or "").strip()
    if not value:
        return None
    bik = requisites.bik if requisites is not None else ""
    match name:
        case "inn":
            return check_inn(value)
        case "ogrn":
            return check_ogrn(value)
        case "kpp":
            return check_kpp(value)
        case "bik":
            return check_bik(value)
        case "account":
            return check_account(value, bik)
        case "corr_account":
            return check_corr_account(value, bik)
        case "phone":
            return None if normalize_phone(value) else "phone"
        case "email":
            return None if normalize_email(value) else "email"
        case "website":
            return None if _SITE.match(value) else "website"
    return "too_long" if len(value) > MAX_LENGTH else None


MAX_LENGTH = 500


def normalized(name: str, value: str) -> str:
    """The value as it is stored: digits only for codes, E.164 for a phone, a lower-case
    domain for an e-mail; call after `check_field` found no error."""
    value = " ".join((value or "").split())
    if name in ("inn", "ogrn", "bik", "account", "corr_account"):
        return digits(value)
    if name == "kpp":
        return digits(value).upper()
    if name == "phone":
        return normalize_phone(value) or value
    if name == "email":
        return normalize_email(value) or value
    return value


def problems(requisites: Requisites) -> dict[str, str]:
    """Every invalid field with its error key, plus the cross-field ones: a KPP for an
    individual entrepreneur, an INN and an OGRN of different kinds of person."""
    found: dict[str, str] = {}
    for name in FIELDS:
        error = check_field(name, getattr(requisites, name), requisites)
        if error:
            found[name] = error
    inn, ogrn = digits(requisites.inn), digits(requisites.ogrn)
    both_valid = "inn" not in found and "ogrn" not in found and inn and ogrn
    if both_valid and (len(inn) == 12) != (len(ogrn) == 15):
        found["ogrn"] = "ogrn_kind"
    if requisites.kpp and len(inn) == 12 and "kpp" not in found:
        found["kpp"] = "kpp_entrepreneur"
    return found


def with_value(requisites: Requisites, name: str, value: str) -> Requisites:
    """A copy with one field set (normalised); raise ValueError with the error key."""
    if name not in FIELDS:
        raise ValueError("unknown_field")
    error = check_field(name, value, requisites)
    if error:
        raise ValueError(error)
    return replace(requisites, **{name: normalized(name, value)})


# --------------------------------------------------------------------------- what is missing


class Need(StrEnum):
    """What a document needs the details for."""

    PARTY = "party"  # a party of an agreement: name, who signs, address, codes
    LETTERHEAD = "letterhead"  # the sender of a letter
    ADDRESSEE = "addressee"  # the recipient of a letter
    APPROVER = "approver"  # an organisation whose director approves a regulation or a plan


_NEEDS: dict[Need, tuple[str, ...]] = {
    Need.PARTY: (
        "full_name",
        "director_position",
        "director_name",
        "legal_address",
        "inn",
        "kpp",
        "ogrn",
        "phone",
        "email",
    ),
    Need.LETTERHEAD: (
        "full_name",
        "postal_address",
        "phone",
        "email",
        "director_position",
        "director_name",
    ),
    Need.ADDRESSEE: ("short_name", "director_position", "director_name"),
    Need.APPROVER: ("full_name", "director_position", "director_name"),
}


def missing_for(kind: Need | str, requisites: Requisites) -> list[str]:
    """The fields a document of `kind` would print as a blank line, in the order of the
    form. A KPP is not asked of an individual entrepreneur; a postal address is not missing
    when the legal one is there; a short name is not missing when the full one is there;
    bank details are optional, but once one of them is typed the others are asked for."""
    need = Need(kind)
    wanted = list(_NEEDS[need])
    if requisites.is_entrepreneur and "kpp" in wanted:
        wanted.remove("kpp")
    if need is Need.PARTY and requisites.has_bank:
        wanted += ["bank_name", "bik", "account"]
    missing = []
    for name in wanted:
        value = getattr(requisites, name).strip()
        if name == "postal_address" and not value:
            value = requisites.legal_address.strip()
        if name == "short_name" and not value:
            value = requisites.full_name.strip()
        if not value:
            missing.append(name)
    return missing


def missing_labels(kind: Need | str, requisites: Requisites) -> list[str]:
    """The same, as the Russian names of the fields: what the bot lists in the chat."""
    return [words.REQUISITE_LABELS[name] for name in missing_for(kind, requisites)]
