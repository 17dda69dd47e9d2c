"""The questions of onboarding (a new organisation) and of joining by invitation, in order."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    org_name = State()
    municipality = State()
    full_name = State()
    address_form = State()  # asked only when the name does not tell it
    position = State()
    timezone = State()
    consent = State()


class Joining(StatesGroup):
    full_name = State()
    address_form = State()
    position = State()
    consent = State()


# typed answers: state → (data key, max length)
TEXT_STEPS: dict[str | None, tuple[str, int]] = {
    Onboarding.org_name.state: ("org_name", 200),
    Onboarding.municipality.state: ("municipality", 200),
    Onboarding.full_name.state: ("full_name", 200),
    Onboarding.position.state: ("position", 100),
    Joining.full_name.state: ("full_name", 200),
    Joining.position.state: ("position", 100),
}
ONBOARDING_ORDER = (
    Onboarding.org_name,
    Onboarding.municipality,
    Onboarding.full_name,
    Onboarding.address_form,
    Onboarding.position,
    Onboarding.timezone,
    Onboarding.consent,
)
JOINING_ORDER = (Joining.full_name, Joining.address_form, Joining.position, Joining.consent)
STEP_KEYS = {
    Onboarding.org_name.state: "org_name",
    Onboarding.municipality.state: "municipality",
    Onboarding.full_name.state: "full_name",
    Onboarding.address_form.state: "address_form",
    Onboarding.position.state: "position",
    Onboarding.timezone.state: "timezone",
    Onboarding.consent.state: "consent",
    Joining.full_name.state: "full_name",
    Joining.address_form.state: "address_form",
    Joining.position.state: "position",
    Joining.consent.state: "consent",
}


def key_of(step: State) -> str:
    return STEP_KEYS[step.state or ""]


def order_of(data: dict[str, Any]) -> tuple[State, ...]:
    """Joining by invitation once an invitation was accepted, onboarding otherwise."""
    return JOINING_ORDER if data.get("join_org_id") else ONBOARDING_ORDER


def first_open_step(data: dict[str, Any]) -> State:
    order = order_of(data)
    for step in order:
        if not data.get(key_of(step)):
            return step
    return order[-1]
