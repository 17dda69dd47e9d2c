"""Organisation details: INN, OGRN, KPP, BIK and accounts checked with real values and
one-digit typos; what each kind of document still lacks; the Russian messages."""

from __future__ import annotations

import pytest

from bot.domain.requisites import (
    FIELDS,
    Need,
    Requisites,
    check_account,
    check_bik,
    check_corr_account,
    check_field,
    check_inn,
    check_kpp,
    check_ogrn,
    missing_for,
    missing_labels,
    normalized,
    problems,
    with_value,
)
from texts.paperwork import REQUISITE_ERRORS, REQUISITE_LABELS

# real, published details: ПАО Сбербанк; УФК по Тюменской области; a test INN/OGRNIP of
# an individual entrepreneur from the Federal Tax Service's examples
SBER_INN, SBER_OGRN, SBER_KPP, SBER_BIK = "7707083893", "1027700132195", "773601001", "044525225"
SBER_CORR = "30101810400000000225"
TREASURY_BIK, TREASURY_EKS = "017102101", "40102810945370000060"
IP_INN, IP_OGRNIP = "500100732259", "304500116000157"


def _typo(value: str, position: int) -> str:
    digit = int(value[position])
    return value[:position] + str((digit + 1) % 10) + value[position + 1 :]


@pytest.mark.parametrize("value", [SBER_INN, "7707 083 893", "7707-083-893", IP_INN])
def test_valid_inn(value: str) -> None:
    assert check_inn(value) is None


def test_a_real_looking_inn_with_a_wrong_control_digit() -> None:
    assert check_inn("7202027650") == "inn_checksum"


@pytest.mark.parametrize("position", range(10))
def test_every_one_digit_typo_in_a_10_digit_inn_is_caught(position: int) -> None:
    assert check_inn(_typo(SBER_INN, position)) == "inn_checksum"


@pytest.mark.parametrize("position", [0, 5, 10, 11])
def test_typos_in_a_12_digit_inn(position: int) -> None:
    assert check_inn(_typo(IP_INN, position)) == "inn_checksum"


@pytest.mark.parametrize(
    ("value", "error"),
    [("", "inn_digits"), ("77070838", "inn_length"), ("77070838931", "inn_length"),
     ("77O7083893", "inn_digits")],
)  # fmt: skip
def test_inn_shape(value: str, error: str) -> None:
    assert check_inn(value) == error


def test_ogrn_and_ogrnip() -> None:
    assert check_ogrn(SBER_OGRN) is None
    assert check_ogrn(IP_OGRNIP) is None
    assert check_ogrn(_typo(SBER_OGRN, 12)) == "ogrn_checksum"
    assert check_ogrn(_typo(SBER_OGRN, 3)) == "ogrn_checksum"
    assert check_ogrn(_typo(IP_OGRNIP, 14)) == "ogrn_checksum"
    assert check_ogrn(_typo(IP_OGRNIP, 7)) == "ogrn_checksum"
    assert check_ogrn("10277001321") == "ogrn_length"
    assert check_ogrn("1027700132195x") == "ogrn_digits"


def test_kpp_and_bik() -> None:
    assert check_kpp(SBER_KPP) is None
    assert check_kpp("7736AB001") is None  # reason code in Latin capitals is allowed
    assert check_kpp("7736ab001") is None  # typed in small letters, stored in capitals
    assert normalized("kpp", "7736ab001") == "7736AB001"
    assert check_kpp("77360100") == "kpp_format"
    assert check_kpp("7736АБ001") == "kpp_format"  # Cyrillic letters are not allowed
    assert check_bik(SBER_BIK) is None
    assert check_bik("04452522") == "bik_format"


def test_accounts_are_checked_against_the_bik() -> None:
    assert check_corr_account(SBER_CORR, SBER_BIK) is None
    assert check_corr_account(_typo(SBER_CORR, 19), SBER_BIK) == "corr_account_key"
    assert check_corr_account(SBER_CORR, "044525226") == "corr_account_key"
    # a treasury office's single treasury account (ЕКС) as the settlement account
    assert check_account(TREASURY_EKS, TREASURY_BIK) is None
    assert check_account(_typo(TREASURY_EKS, 10), TREASURY_BIK) == "account_key"
    # a bank customer's account: the key with the BIK's last three digits (225)
    assert check_account("40702817038000000001", SBER_BIK) is None
    assert check_account("40702818038000000001", SBER_BIK) == "account_key"
    assert check_account("40702817038000000001", "044525974") == "account_key"
    assert check_account("4070281703800000000", SBER_BIK) == "account_format"
    assert check_account("40702817038000000001", "") == "account_needs_bik"


def test_check_field_takes_the_bik_from_the_details() -> None:
    details = Requisites(bik=SBER_BIK)
    assert check_field("account", "4070 2817 0380 0000 0001", details) is None
    assert check_field("account", "40702817038000000001", Requisites()) == "account_needs_bik"
    assert check_field("phone", "8 3452 63-81-24") is None
    assert check_field("phone", "123") == "phone"
    assert check_field("email", "ddt@mail.ru") is None
    assert check_field("email", "ddt@") == "email"
    assert check_field("website", "ddt72.ru") is None
    assert check_field("website", "https://дом-творчества.рф/о-нас") is None
    assert check_field("website", "не сайт") == "website"
    assert check_field("full_name", "") is None
    assert check_field("full_name", "я" * 501) == "too_long"


def test_with_value_normalises_or_refuses() -> None:
    details = with_value(Requisites(), "inn", "7707 083 893")
    assert details.inn == SBER_INN
    details = with_value(details, "phone", "8 (3452) 63-81-24")
    assert details.phone == "+73452638124"
    with pytest.raises(ValueError, match="inn_checksum"):
        with_value(details, "inn", "7707083894")
    with pytest.raises(ValueError, match="unknown_field"):
        with_value(details, "color", "red")


def test_cross_field_problems() -> None:
    organisation = Requisites(inn=SBER_INN, kpp=SBER_KPP, ogrn=SBER_OGRN)
    assert problems(organisation) == {}
    mixed = Requisites(inn=SBER_INN, ogrn=IP_OGRNIP)
    assert problems(mixed) == {"ogrn": "ogrn_kind"}
    entrepreneur = Requisites(inn=IP_INN, ogrn=IP_OGRNIP, kpp=SBER_KPP)
    assert problems(entrepreneur) == {"kpp": "kpp_entrepreneur"}
    broken = Requisites(inn="7707083894", bik=SBER_BIK, account="40702818038000000001")
    assert problems(broken) == {"inn": "inn_checksum", "account": "account_key"}


def test_basis_defaults_to_the_charter() -> None:
    assert Requisites().basis == "Устав"
    assert Requisites(director_basis=" доверенность № 5 ").basis == "доверенность № 5"
    assert Requisites(full_name="Полное", short_name="Краткое").name == "Краткое"
    assert Requisites(full_name="Полное").name == "Полное"


FULL = Requisites(
    full_name=(
        "Муниципальное автономное учреждение дополнительного образования "
        "«Дом детского творчества»"
    ),
    short_name="МАУ ДО ДДТ",
    director_name="Иванова Мария Петровна",
    director_position="директор",
    legal_address="625000, г. Тюмень, ул. Республики, д. 1",
    inn=SBER_INN,
    kpp=SBER_KPP,
    ogrn=SBER_OGRN,
    phone="+73452638124",
    email="ddt@example.ru",
)  # fmt: skip


def test_nothing_missing_when_everything_is_there() -> None:
    for need in Need:
        assert missing_for(need, FULL) == [], need


def test_missing_fields_in_the_order_of_the_form() -> None:
    assert missing_for(Need.PARTY, Requisites()) == [
        "full_name", "director_position", "director_name", "legal_address", "inn", "kpp",
        "ogrn", "phone", "email",
    ]  # fmt: skip
    assert missing_for("addressee", Requisites(full_name="Музей")) == [
        "director_position",
        "director_name",
    ]
    # the legal address stands in for the postal one
    assert "postal_address" not in missing_for(Need.LETTERHEAD, FULL)
    assert missing_for(Need.LETTERHEAD, Requisites(full_name="ДДТ")) == [
        "postal_address", "phone", "email", "director_position", "director_name",
    ]  # fmt: skip


def test_entrepreneur_has_no_kpp_and_bank_details_come_together() -> None:
    entrepreneur = Requisites(inn=IP_INN)
    assert "kpp" not in missing_for(Need.PARTY, entrepreneur)
    assert "bik" not in missing_for(Need.PARTY, FULL)
    started = Requisites(**{**FULL.__dict__, "bik": SBER_BIK})
    assert missing_for(Need.PARTY, started) == ["bank_name", "account"]


def test_labels_and_messages_are_russian_and_complete() -> None:
    assert set(REQUISITE_LABELS) == set(FIELDS)
    assert missing_labels(Need.ADDRESSEE, Requisites()) == [
        "Сокращённое наименование",
        "Должность руководителя",
        "ФИО руководителя",
    ]
    keys = {
        "inn_digits", "inn_length", "inn_checksum", "ogrn_digits", "ogrn_length",
        "ogrn_checksum", "ogrn_kind", "kpp_format", "kpp_entrepreneur", "bik_format",
        "account_format", "account_needs_bik", "account_key", "corr_account_key", "phone",
        "email", "website", "too_long", "unknown_field",
    }  # fmt: skip
    assert keys <= set(REQUISITE_ERRORS)
    assert "контрольн" in REQUISITE_ERRORS["inn_checksum"]
