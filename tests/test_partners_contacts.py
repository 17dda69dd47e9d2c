"""Phones and e-mails as teachers type them, and how they are stored and shown."""

from __future__ import annotations

import pytest

from bot.domain.contacts import display_phone, normalize_email, normalize_phone, tel_link
from storage.partners import name_key, norm

PHONES = [
    ("8 (3452) 63-81-24", "+73452638124", "+7 (3452) 63-81-24"),
    ("+7 (3452) 63-81-24", "+73452638124", "+7 (3452) 63-81-24"),
    ("83452638124", "+73452638124", "+7 (3452) 63-81-24"),
    ("3452 638124", "+73452638124", "+7 (3452) 63-81-24"),
    ("+7 912 345 67 89", "+79123456789", "+7 (912) 345-67-89"),
    ("89123456789", "+79123456789", "+7 (912) 345-67-89"),
    ("8-912-345-67-89", "+79123456789", "+7 (912) 345-67-89"),
    ("+7(912)3456789", "+79123456789", "+7 (912) 345-67-89"),
    ("8 (495) 123-45-67", "+74951234567", "+7 (495) 123-45-67"),
    ("8 (3452) 638-124 доб. 102", "+73452638124;ext=102", "+7 (3452) 63-81-24 доб. 102"),
    ("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958"),
]
INVALID_PHONES = ["", "   ", "12345", "телефон", "+7 000", "8 (000) 000-00-00", "1" * 70, "+7912"]


@pytest.mark.parametrize(("typed", "stored", "shown"), PHONES)
def test_phone_table(typed: str, stored: str, shown: str) -> None:
    assert normalize_phone(typed) == stored
    assert display_phone(stored) == shown


@pytest.mark.parametrize("typed", INVALID_PHONES)
def test_invalid_phones(typed: str) -> None:
    assert normalize_phone(typed) is None


def test_shared_contact_numbers_are_accepted_leniently() -> None:
    assert normalize_phone("79123456789", lenient=True) == "+79123456789"
    assert normalize_phone("+79123456789", lenient=True) == "+79123456789"
    assert normalize_phone("89123456789", lenient=True) == "+79123456789"
    assert tel_link("+73452638124;ext=102") == "tel:+73452638124"
    assert display_phone(None) == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("rmc@togirro.ru", "rmc@togirro.ru"),
        ("  o.bugaeva@TOGIRRO.RU ", "o.bugaeva@togirro.ru"),
        ("s.centr@togirro.ru", "s.centr@togirro.ru"),
        ("музей@музей.рф", "музей@музей.рф"),
    ],
)
def test_valid_emails(typed: str, stored: str) -> None:
    assert normalize_email(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "rmc", "rmc@", "@togirro.ru", "rmc@togirro", "a b@c.ru", "a@@b.ru", "x" * 300]
)
def test_invalid_emails(typed: str) -> None:
    assert normalize_email(typed) is None


def test_name_normalisation() -> None:
    assert name_key("МАУК «Краеведческий музей»") == "краеведческий музей"
    assert name_key('ООО "Ёлка"') == "елка"
    assert name_key("МАУ ДО «Дом детского творчества»") == "дом детского творчества"
    assert name_key("ИП Иванов") == "иванов"
    assert name_key("ООО") == "ооо"  # nothing but a legal form: kept
    assert norm("  Пётр   ИВАНОВИЧ ") == "петр иванович"
