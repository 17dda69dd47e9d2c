"""The coach's rules as pure functions over a snapshot: every rule, their order, the
checklist, an empty organisation and a large one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain import coach
from bot.domain.coach import Action, DueItem, PartnerRef, Snapshot, Viewer
from bot.local_api import html_to_plain

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
ALL_ANSWERED = {0: "a", 1: "b", 2: "c", 3: "d"}
BASE = {
    "members": 2,
    "programmes": 2,
    "answers": ALL_ANSWERED,
    "partners": 6,
    "by_category": {"business": 2, "institution": 2, "parents": 2},
}


def snap(**fields: Any) -> Snapshot:
    return Snapshot(**{**BASE, **fields})


def ref(pid: int, name: str = "Музей", days: int = 0) -> PartnerRef:
    return PartnerRef(pid, name, "institution", NOW - timedelta(days=days))


def first(s: Snapshot, viewer: Viewer | None = None) -> coach.Suggestion | None:
    return coach.pick(s, NOW, viewer)[0]


TASK = DueItem("task.7", "Позвонить в музей", Action("open_task", arg=7), due=NOW.date())

# (case, snapshot, expected rule of the top suggestion, expected action)
CASES: list[tuple[str, Snapshot, str | None, Action | None]] = [
    ("a task is due", snap(due=(TASK,)), "due", Action("open_task", arg=7)),
    ("empty organisation", Snapshot(), "stage_one", Action("answer", arg=0)),
    (
        "question 3 open",
        snap(answers={0: "a", 1: "b", 3: "d"}),
        "stage_one",
        Action("answer", arg=2),
    ),
    ("4 partners", snap(partners=4), "few_partners", Action("add_partner")),
    (
        "2 categories",
        snap(by_category={"business": 3, "parents": 3}),
        "few_categories",
        Action("add_partner", category="institution"),
    ),
    ("no programmes", snap(programmes=0), "programmes", Action("add_programme")),
    ("no offer", snap(need_offer=(ref(7, "ООО «Ромашка»"),)), "offer", Action("edit_offer", 7)),
    ("offer ready", snap(need_meeting=(ref(8),)), "meeting", Action("new_meeting", 8)),
    (
        "negotiating 22 days",
        snap(negotiating=(ref(9, days=22),), by_status={"negotiating": 1}),
        "agreement",
        Action("new_agreement", 9),
    ),
    (
        "negotiating 22 days, a draft made",
        snap(
            negotiating=(PartnerRef(9, "Музей", "institution", NOW - timedelta(days=22), 55),),
            by_status={"negotiating": 1},
        ),
        "agreement",
        Action("open_agreement", 9, arg=55),
    ),
    ("negotiating 5 days", snap(negotiating=(ref(9, days=5),)), None, None),
    ("alone in the bot", snap(members=1), "team", Action("invite")),
    (
        "career guidance, no employment service",
        snap(career=True),
        "employment",
        Action("add_partner", category="state"),
    ),
    ("career guidance, an employment service", snap(career=True, employment=1), None, None),
    (
        "nobody responsible",
        snap(need_responsible=(ref(3),)),
        "responsible",
        Action("open_partner", 3),
    ),
    ("signed, no event", snap(need_event=(ref(4),)), "event", Action("new_event", 4)),
    (
        "negotiating, no documents",
        snap(by_status={"negotiating": 1}),
        "documents",
        Action("documents"),
    ),
    ("active, not evaluated", snap(need_evaluation=(ref(5),)), "evaluate", Action("evaluate", 5)),
    (
        "signed, no direction",
        snap(need_direction=(ref(6),)),
        "direction",
        Action("open_partner", 6),
    ),
    (
        "meeting passed, no outcome",
        Snapshot(unreported=(PartnerRef(8, "Музей", "institution", NOW, ref_id=31),)),
        "report",
        Action("report_meeting", partner_id=8, arg=31),
    ),
    (
        "an event passed, not marked held",
        Snapshot(unheld=(PartnerRef(0, "Выставка", "", NOW - timedelta(days=1), ref_id=12),)),
        "held",
        Action("event_held", arg=12),
    ),
    (
        "agreement ends in 20 days",
        snap(expiring=(PartnerRef(9, "Музей", "institution", NOW + timedelta(days=20), 44),)),
        "renewal",
        Action("open_agreement", partner_id=9, arg=44),
    ),
    ("nothing to do", snap(), None, None),
]


@pytest.mark.parametrize(("case", "s", "rule", "action"), CASES, ids=[c[0] for c in CASES])
def test_each_rule(case: str, s: Snapshot, rule: str | None, action: Action | None) -> None:
    top = first(s)
    assert (top.rule if top else None) == rule
    assert (top.action if top else None) == action


def test_every_rule_is_covered_by_a_case() -> None:
    covered = {c[2] for c in CASES}
    assert {r.__name__ for r in coach.RULES} <= covered


def test_team_rule_is_for_admins_only() -> None:
    assert first(snap(members=1), Viewer(1, is_admin=False)) is None


def test_priority_order_when_everything_is_open() -> None:
    s = Snapshot(
        members=1,
        partners=2,
        by_category={"business": 2},
        by_status={"negotiating": 1, "active": 1},
        due=(TASK,),
        career=True,
        need_offer=(ref(1),),
        need_meeting=(ref(2),),
        negotiating=(ref(3, days=40),),
        need_responsible=(ref(4),),
        need_event=(ref(5),),
        need_evaluation=(ref(6),),
        need_direction=(ref(7),),
        unreported=(PartnerRef(8, "Музей", ref_id=40),),
        expiring=(PartnerRef(9, "Музей", ref_id=41),),
        unheld=(PartnerRef(0, "Выставка", ref_id=42),),
    )
    rules = [c.rule for c in coach.candidates(s, NOW)]
    order = list(dict.fromkeys(rules))
    assert order == [r.__name__ for r in coach.RULES]
    assert rules.count("stage_one") == 4
    # one per missing category, whatever categories there are
    assert rules.count("few_categories") == len(coach.CATEGORY_ORDER) - 1


def test_dismissed_suggestion_comes_back_after_it_expires() -> None:
    s = snap(need_offer=(ref(1), ref(2)))
    hidden = {"offer.1": NOW + timedelta(days=3)}
    assert coach.pick(s, NOW, dismissed=hidden)[0].key == "offer.2"  # type: ignore[union-attr]
    later = NOW + timedelta(days=3, seconds=1)
    assert coach.pick(s, later, dismissed=hidden)[0].key == "offer.1"  # type: ignore[union-attr]


def test_another_suggestion_wraps_around() -> None:
    s = snap(need_offer=(ref(1), ref(2)))
    keys = [coach.pick(s, NOW, offset=i)[0].key for i in range(3)]  # type: ignore[union-attr]
    assert keys == ["offer.1", "offer.2", "offer.1"]


def test_large_organisation_is_bounded() -> None:
    refs = tuple(ref(i, days=30) for i in range(coach.CANDIDATES))
    s = Snapshot(
        members=12,
        programmes=40,
        answers=ALL_ANSWERED,
        partners=1000,
        by_category={c: 140 for c in coach.CATEGORY_ORDER},
        by_status={"potential": 400, "negotiating": 300, "active": 300},
        need_offer=refs,
        need_meeting=refs,
        negotiating=refs,
        need_event=refs,
        need_evaluation=refs,
        need_direction=refs,
    )
    all_ = coach.candidates(s, NOW)
    assert len(all_) <= len(coach.RULES) * coach.CANDIDATES
    assert all_[0].rule == "offer"
    stages = coach.plan(s, NOW)
    assert [sp.total for sp in stages] == [4, 4, 4]


def test_plan_of_an_empty_organisation() -> None:
    stages = coach.plan(Snapshot(), NOW)
    assert [sp.done for sp in stages] == [0, 0, 0]
    first_item = stages[0].items[0]
    assert first_item.action == Action("answer", arg=0)
    assert first_item.facts == {"answered": 0, "total": 4}
    assert stages[0].items[2].action == Action("add_partner", category="business")
    pos = coach.position(Snapshot(), NOW)
    assert (pos.stage, pos.done, pos.total, pos.partners, pos.met) == (0, 0, 4, 0, 0)


def test_plan_of_an_organisation_at_stage_three() -> None:
    s = Snapshot(
        members=3,
        answers=ALL_ANSWERED,
        programmes=4,
        documents=frozenset({"agreement", "program", "umk", "duties"}),
        partners=6,
        by_category={"business": 2, "institution": 2, "parents": 2},
        by_status={"active": 3, "negotiating": 3},
        with_direction=6,
        with_responsible=6,
        met=6,
        negotiated=6,
        working=3,
        working_in_events=3,
        working_with_direction=3,
        working_directions=2,
        working_evaluated=1,
        categories_met=3,
        events=4,
        events_upcoming=2,
        evaluations=1,
        evaluations_direction=1,
        agreements=3,
        need_evaluation=(ref(11), ref(12)),
    )
    stages = coach.plan(s, NOW)
    assert [sp.done for sp in stages] == [4, 4, 3]
    open_item = stages[2].items[3]
    assert not open_item.done and open_item.action == Action("evaluate", 11)
    assert open_item.facts["evaluated"] == 1 and open_item.facts["working"] == 3
    pos = coach.position(s, NOW)
    assert (pos.stage, pos.done, pos.met, pos.negotiated) == (2, 3, 6, 6)


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"partners": 0, "by_category": {}}, "в списке 0 партнёров из 0 категорий"),
        ({"partners": 3}, "в списке 3 партнёра из 3 категорий (ориентир бота — от 5 из 3)"),
        ({"met": 2}, "встречи проведены: 2 из 6"),
        ({"met": 6, "negotiated": 1}, "переговоры: 1 из 6"),
    ],
)
def test_position_shows_counts(fields: dict[str, Any], shown: str) -> None:
    from texts import Texts

    s = snap(**fields)
    text = html_to_plain(
        Texts().render("coach/nothing.html", pos=coach.position(s, NOW), hidden=False)
    )
    assert shown in text
    assert "пройдены" not in text and "пройденный" not in text


def test_progress_bar() -> None:
    assert coach.progress_bar(0, 4) == "░" * 10
    assert coach.progress_bar(2, 4) == "█" * 5 + "░" * 5
    assert coach.progress_bar(4, 4) == "█" * 10


@pytest.mark.parametrize(
    ("case", "s", "rule", "action"), [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]]
)
def test_every_rule_has_wording_and_a_button(
    case: str, s: Snapshot, rule: str, action: Action
) -> None:
    from texts import Texts
    from texts import coach as labels

    top = first(s)
    assert top is not None
    pos = coach.position(s, NOW)
    text = Texts().render("coach/next.html", s=top, pos=pos, index=0, total=1, labels=labels)
    assert "📍 Этап" in text and len(text) < 1500
    if top.partner is not None:
        assert top.partner.name in text
    assert labels.ACTION_LABELS[top.rule]


def test_every_action_has_a_button_that_fits() -> None:
    from handlers.coach.actions import action_callback

    s = Snapshot(
        members=1,
        by_status={"negotiating": 1},
        need_offer=(ref(10**9),),
        need_meeting=(ref(2),),
        negotiating=(ref(3, days=40), PartnerRef(4, "Театр", "", NOW - timedelta(days=40), 10**9)),
        need_responsible=(ref(4),),
        need_event=(ref(5),),
        need_evaluation=(ref(6),),
        need_direction=(ref(7),),
        unreported=(PartnerRef(8, "Музей", ref_id=10**9),),
        expiring=(PartnerRef(9, "Музей", ref_id=10**9),),
        unheld=(PartnerRef(0, "Выставка", ref_id=10**9),),
        career=True,
    )
    actions = [c.action for c in coach.candidates(s, NOW)]
    actions += [i.action for sp in coach.plan(s, NOW) for i in sp.items if i.action]
    actions += [Action("answers")]
    for action in actions:
        assert len(action_callback(action).encode()) <= 64
    for c in coach.candidates(s, NOW):  # «Не сейчас» carries the key
        from handlers.coach.callbacks import NextAct, NextCb

        assert len(NextCb(action=NextAct.NOT, off=99, key=c.key).pack().encode()) <= 64


def test_step_named_by_the_suggestion_and_counts_in_the_position() -> None:
    """One partner has an offer, another none: /next suggests the offer (step 3); the
    position line counts, it claims nothing."""
    from texts import Texts
    from texts import coach as labels

    s = snap(need_offer=(ref(7, "Музей"),), need_meeting=(ref(8, "Театр"),), met=1)
    top, _, _ = coach.pick(s, NOW)
    assert top is not None and top.rule == "offer"
    pos = coach.position(s, NOW)
    render = Texts().render
    text = html_to_plain(render("coach/next.html", s=top, pos=pos, index=0, total=2, labels=labels))
    assert "(шаг 3)" in text and "встречи проведены: 1 из 6; переговоры: 0 из 6" in text
    other, _, _ = coach.pick(s, NOW, offset=1)
    assert other is not None and other.rule == "meeting"
    text = render("coach/next.html", s=other, pos=pos, index=1, total=2, labels=labels)
    assert "(шаг 4)" in text


def test_meetings_planned_are_not_meetings_held() -> None:
    """The client's case: meeting 2 of 5 held, the others only planned — nothing says the
    steps are passed with every partner."""
    from texts import Texts

    s = snap(
        partners=5,
        met=2,
        negotiated=1,
        by_status={"meeting_planned": 3, "negotiating": 2},
    )
    text = html_to_plain(
        Texts().render("coach/nothing.html", pos=coach.position(s, NOW), hidden=False)
    )
    assert "встречи проведены: 2 из 5" in text and "переговоры: 1 из 5" in text
    assert "пройдены" not in text


def test_a_draft_is_not_a_signed_agreement() -> None:
    item = coach.plan(snap(drafts=1, by_status={"negotiating": 1}), NOW)[1].items[0]
    assert not item.done
    assert item.facts["agreements"] == 0 and item.facts["drafts"] == 1
    assert coach.plan(snap(agreements=1), NOW)[1].items[0].done


def test_one_event_is_not_a_work_plan() -> None:
    one = snap(events=1, working=1, working_in_events=1)
    item = coach.plan(one, NOW)[2].items[1]
    assert not item.done and item.facts["need"] == coach.MIN_EVENTS == 4
    four = snap(events=4, working=1, working_in_events=1)
    assert coach.plan(four, NOW)[2].items[1].done
    missing = snap(events=4, working=2, working_in_events=1)  # a working partner left out
    assert not coach.plan(missing, NOW)[2].items[1].done


def test_one_rating_is_not_a_package_of_evaluations() -> None:
    one = snap(working=1, working_evaluated=1, evaluations=1, evaluations_direction=1)
    item = coach.plan(one, NOW)[2].items[3]
    assert not item.done and item.facts["need"] == coach.MIN_EVALUATIONS == 3
    package = snap(working=1, working_evaluated=1, evaluations=3, evaluations_direction=1)
    assert coach.plan(package, NOW)[2].items[3].done
    no_direction = snap(working=1, working_evaluated=1, evaluations=3)
    assert not coach.plan(no_direction, NOW)[2].items[3].done


def test_evaluations_count_the_working_partners() -> None:
    """An agreement signed, no event yet: the partner works with us and is counted among
    those to evaluate, as the same screen counts it among the working ones."""
    from texts import Texts

    s = snap(by_status={"agreement_signed": 1}, working=1, need_evaluation=(ref(5),))
    stages = coach.plan(s, NOW)
    text = html_to_plain(
        Texts().render(
            "coach/plan.html",
            stages=stages,
            answers={},
            pos=coach.position(s, NOW, stages),
            bar=coach.progress_bar,
        )
    )
    assert "действующих партнёров (договор подписан или активный): 1" in text
    assert "оценено в этом году 0 из 1 действующих партнёров" in text
    assert "из 0" not in text
    assert [c.key for c in coach.candidates(s, NOW) if c.rule == "evaluate"] == ["evaluate.5"]


def test_every_threshold_of_the_bot_is_said_to_be_its_own() -> None:
    from texts import Texts

    s = snap(partners=2)
    stages = coach.plan(s, NOW)
    text = html_to_plain(
        Texts().render(
            "coach/plan.html",
            stages=stages,
            answers={},
            pos=coach.position(s, NOW, stages),
            bar=coach.progress_bar,
        )
    )
    lines = [line for line in text.splitlines() if line.startswith(("✅", "⬜"))]
    assert len(lines) == 12
    thumbs = {line.split(" — ")[0][2:] for line in lines if "ориентир бота" in line}
    # the method's own numbers: the four questions, the typical documents
    assert "Коллектив ответил на четыре вопроса этапа" not in thumbs
    assert (
        "Есть база данных потенциальных партнёров по категориям и формам сотрудничества" in thumbs
    )
    assert "В план работы организации включены мероприятия с партнёрами" in thumbs
    assert "«Ориентир бота» — порог, которого в методике нет" in text


def test_categories_are_handled_whatever_they_are() -> None:
    from texts import Texts
    from texts import coach as labels

    order = coach.category_order(["state", "zoo", "business", "education", "parents"])
    assert order == ("business", "education", "parents", "state", "zoo")
    assert set(coach.CATEGORY_ORDER) == {c.value for c in coach.PartnerCategory}
    s = snap(by_category={"zoo": 1}, total_categories=9)
    top = coach.Suggestion(
        "few_categories",
        "few_categories.zoo",
        Action("add_partner", category="zoo"),
        facts={"categories": 1, "need": 3, "total": 9, "category": "zoo"},
    )
    pos = coach.position(s, NOW)
    text = Texts().render("coach/next.html", s=top, pos=pos, index=0, total=1, labels=labels)
    assert "охвачено 1 категория из 9" in html_to_plain(text) and "«zoo»" in text


def test_team_item_can_be_done_by_a_teacher_alone() -> None:
    alone = snap(members=1, answers={0: "a"}, team_aware=True)
    assert not coach.plan(alone, NOW)[0].items[1].done  # questions not all answered
    assert any(c.rule == "team" for c in coach.candidates(alone, NOW))
    done = snap(members=1, team_aware=True)
    assert coach.plan(done, NOW)[0].items[1].done
    assert all(c.rule != "team" for c in coach.candidates(done, NOW))
    assert not coach.plan(snap(members=1), NOW)[0].items[1].done


def test_names_with_their_own_quotes_are_not_wrapped_again() -> None:
    from texts import Texts
    from texts import coach as labels

    for name, shown in (
        ("ООО «Тюменский завод»", "Предложение для ООО «Тюменский завод» готово"),
        ('АО "Сибирь"', 'Предложение для АО "Сибирь" готово'),
        ("Театр кукол", "Предложение для «Театр кукол» готово"),
    ):
        top = first(snap(need_meeting=(ref(8, name),)))
        assert top is not None
        pos = coach.position(snap(), NOW)
        text = Texts().render("coach/next.html", s=top, pos=pos, index=0, total=1, labels=labels)
        assert shown in html_to_plain(text), text


def test_the_plan_of_a_large_organisation_fits_a_message() -> None:
    from texts import Texts

    big = 10**5
    s = Snapshot(
        members=big,
        answers={q: "Очень подробный ответ коллектива " * 20 for q in range(4)},
        programmes=big,
        partners=big,
        by_category={c: big for c in coach.CATEGORY_ORDER},
        by_status={"negotiating": big},
        with_direction=big,
        with_responsible=big,
        met=big,
        negotiated=big,
        working=big,
        working_in_events=big,
        working_with_direction=big,
        working_directions=6,
        working_evaluated=big,
        categories_met=7,
        events=big,
        events_upcoming=big,
        events_held=big,
        evaluations=big,
        evaluations_direction=big,
        agreements=big,
        drafts=big,
    )
    stages = coach.plan(s, NOW)
    text = Texts().render(
        "coach/plan.html",
        stages=stages,
        answers=s.answers,
        pos=coach.position(s, NOW, stages),
        bar=coach.progress_bar,
        # the year's results at their longest: a line for each of the five kinds and one more
        results_title="Что партнёрство дало детям за 2026/2027 учебный год",
        results=[
            "🏆 Призовых мест: 12 (муниципальный — 5, региональный — 4, федеральный — 2, "
            "международный — 1), награждено 140 детей",
            "📚 Программ: новых — 3, обновлённых — 4",
            "😊 Удовлетворённость участников: в среднем 93,5 % (опросов: 6)",
            "⭐ Внешних оценок качества: 3",
            "🌱 Новых групп и услуг: 7, в них 160 детей, одарённых — 40, с ОВЗ — 25",
            "🤝 Партнёров, с которыми достигнуты результаты: 48",
        ],
    )
    assert len(text) <= 4096
