"""The method coach: "what is my next step?" and the three stages as a checklist.

Everything here is pure: functions over a `Snapshot` of the organisation's data (read by
storage/coach.py with a fixed number of aggregate queries, shaped by bot/services/coach.py)
and the current moment. No SQL, no aiogram, no Russian: a rule returns `Suggestion`s naming
a template (texts/templates/coach/rule_<rule>.html) and an `Action` that
handlers/coach/actions.py turns into the button of the feature that owns it.

Honesty: every claim the coach makes is a count of the snapshot, shown as such («встречи
проведены: 2 из 5»), and an item of the checklist is ticked by a threshold the screen
states: the method's own where it gives one (four questions, six directions, the typical
documents), otherwise one of the bot's rules of thumb below, said to be so
(texts/coach.py THUMB).

Rules, in priority order (`RULES`), "what unblocks most" first — what cannot wait (items
another feature says are due, a meeting's or an event's outcome before it is forgotten, an
agreement about to end), then the method's order: the preparatory stage, the five steps of
"how to start" with each partner, the system-forming stage:

 1. due             another feature's due items (tasks), overdue first (`Snapshot.due`)
 2. report          a meeting is over (its end passed) and its outcome is not written →
                    write it (the meetings feature's report)
 3. held            a joint event's day passed and it is not marked held → mark it, with
                    its results (children, partners, prizes, a photo)
 4. renewal         an agreement in force ends within 30 days, no decision taken and no
                    automatic prolongation → open it and decide (partnership is long-term)
 5. stage_one       the four questions of stage I unanswered → answer the next one
 6. few_partners    fewer than MIN_PARTNERS potential partners → steps 1–2: add one
 7. few_categories  fewer than MIN_CATEGORIES categories of the partnership model → add a
                    partner of a missing category (one suggestion per missing category)
 8. programmes      no programme in the database of the organisation's programmes
 9. offer           a partner not yet met without an offer or an ask → step 3: write them
10. meeting         offer and ask written, no meeting (planned or held) → step 4: plan it
11. agreement       negotiating for more than NEGOTIATION_DAYS and no agreement signed →
                    prepare one (step 5); a draft already made → sign and register it
12. team            the organisation is one person in the bot → invite colleagues
13. employment      career guidance is a direction of the organisation and no regional
                    employment service is among its partners → add one (the method names
                    «региональные службы занятости населения»)
14. responsible     nobody responsible for a partner → open its card to assign someone
15. event           working partner (agreement signed or active) in no joint event of the
                    last year or ahead → plan a joint event
16. documents       partnership under way and a typical document not adopted → checklist
17. evaluate        working partner without an expert evaluation this year → evaluate
18. direction       working partner without a direction of interaction → open its card

A rule may yield several suggestions (one per partner or category, at most CANDIDATES):
«Другой совет» walks along the flattened list; «Не сейчас» hides one key until it expires.

Adding a rule once the capability it needs exists (this is how `report` was added when
the meetings table appeared):
  1. add a field to `Snapshot`, defaulted so every existing construction keeps working
     (`unreported: tuple[PartnerRef, ...] = ()`); in storage/coach.py one more top-K list
     in the UNION ALL of `snapshot_statements()` (or one more scalar subquery in the
     counters) — the number of queries stays four, never a loop over partners — and its
     name in `LISTS` (or `COUNTERS`); bot/services/coach.py `build_snapshot` fills it;
  2. write `def report(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]`
     below and insert it into `RULES` at its priority;
  3. add texts/templates/coach/rule_<name>.html, a label in texts/coach.py ACTION_LABELS
     and, if the action is new, its button in handlers/coach/actions.py `BUTTONS`;
  4. a row in the table of tests/test_coach_rules.py (a test fails until there is one).
Items that are merely due (tasks) need none of that: see `DueItem`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from storage.enums import PartnerCategory

# The method's own numbers.
QUESTIONS = 4  # the four questions of stage I
DIRECTIONS_TOTAL = 6  # the six directions of interaction
STEPS = 5  # "how to start"

# The bot's rules of thumb: the method gives no number; the screen says so.
MIN_PARTNERS = 5  # a list of potential partners
MIN_CATEGORIES = 3  # categories of the partnership model covered / met
MIN_PROGRAMMES = 1  # a database of programmes
MIN_AGREEMENTS = 1  # agreements signed and in force
MIN_EVENTS = 4  # joint events in the work plan over a year: one a quarter
MIN_EVALUATIONS = 3  # a "package" of expert evaluations over the year

NEGOTIATION_DAYS = 21
DISMISS_DAYS = 3
CANDIDATES = 10  # at most this many suggestions per rule (and partners per list in a snapshot)

# Stage I, item 1 ("the whole team oriented towards partnership") for a teacher working
# alone: the team answered the four questions and someone ticked «Коллектив в курсе».
# Kept as a mark among the adopted documents (no document of the checklist).
TEAM_AWARE = "team_aware"

# Typical documents of social partnership (stage III, item 3; duties: item 1). The method
# lists agreements, regulations on programmes, on teaching kits (УМК) and on other
# resources; the first three are required to tick item 3.
DOCUMENT_KINDS: tuple[str, ...] = ("agreement", "program", "umk", "duties", "other")
CORE_DOCUMENTS: frozenset[str] = frozenset({"agreement", "program", "umk"})

# Categories suggested first when the model is not covered: the method names employers,
# culture and science, education, local government first; parents and graduates are step
# 1's hint. Any other category of storage.enums.PartnerCategory follows, in its order: the
# coach handles every category, listed here or not.
CATEGORY_PREFERENCE: tuple[str, ...] = (
    "business",
    "institution",
    "education",
    "parents",
    "municipal",
    "nonprofit",
    "graduates",
    "state",
)


def category_order(known: Iterable[str] = tuple(PartnerCategory)) -> tuple[str, ...]:
    """Every category of `known`: the preferred ones first, then the others in order."""
    codes = [str(c) for c in known]
    first = [c for c in CATEGORY_PREFERENCE if c in codes]
    return (*first, *(c for c in codes if c not in first))


CATEGORY_ORDER: tuple[str, ...] = category_order()

# The category a regional employment service belongs to (state bodies of labour and
# employment, as the method's definition of social partnership names them).
EMPLOYMENT_CATEGORY = "state"


@dataclass(frozen=True, slots=True)
class PartnerRef:
    id: int
    name: str
    category: str = ""
    since: datetime | None = None  # when it entered its current status (meeting: its start)
    ref_id: int = 0  # the record the suggestion is about, when not the partner (a meeting)


@dataclass(frozen=True, slots=True)
class Action:
    """What the button starts; handlers/coach/actions.py maps `kind` to a callback factory:
    answer(arg=question) · answers · add_partner(category) · add_programme · edit_offer ·
    new_meeting · report_meeting(arg=meeting) · new_agreement · open_agreement(arg=agreement)
    · invite · open_partner · new_event · open_event(arg=event) · event_held(arg=event) ·
    documents · evaluate. Another feature's kind (a task's) is added there with it."""

    kind: str
    partner_id: int = 0
    category: str = ""
    arg: int = 0


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something another feature says is due (a task): /next offers it first, the overdue
    and the soonest first. The feature gives its own button (`action`, whose kind it adds
    to handlers/coach/actions.py BUTTONS); the words are texts/templates/coach/rule_due.html
    (its title, its date)."""

    key: str  # stable identity for dismissals, e.g. "task.17"; no ':' (callback data)
    title: str
    action: Action
    due: date | None = None
    partner: PartnerRef | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the coach knows about one organisation. Counts exclude archived partners;
    `partners` and the counts over it exclude declined ones too. Partner lists are the top
    CANDIDATES, in the order the rule should offer them (oldest first)."""

    members: int = 1
    answers: Mapping[int, str] = field(default_factory=dict)  # stage-I question → answer
    programmes: int = 0
    documents: frozenset[str] = frozenset()
    partners: int = 0
    by_category: Mapping[str, int] = field(default_factory=dict)
    by_status: Mapping[str, int] = field(default_factory=dict)
    with_direction: int = 0
    with_responsible: int = 0
    met: int = 0  # a meeting held (its outcome written), or talks under way or further
    negotiated: int = 0  # negotiating or further, or a meeting that ended "agreed"
    working: int = 0  # agreement signed or active: the partners actually working with us
    working_in_events: int = 0  # ... in a joint event of the last year or ahead
    working_with_direction: int = 0
    working_directions: int = 0  # distinct directions among working partners
    working_evaluated: int = 0  # ... evaluated this year
    categories_met: int = 0  # categories with a partner met (meeting held) or further
    events: int = 0  # joint events (with a partner) of the last year or ahead
    events_upcoming: int = 0  # events from today on (with or without partners)
    events_held: int = 0  # joint events of the last year marked held
    evaluations: int = 0  # evaluations this year
    evaluations_direction: int = 0  # ... naming a direction of further joint work
    agreements: int = 0  # agreements signed and in force (agreements feature)
    drafts: int = 0  # drafts made (downloaded), not signed: no agreement yet
    career: bool = False  # career guidance is a direction (a partner's or an event's)
    employment: int = 0  # partners that look like a regional employment service
    need_offer: tuple[PartnerRef, ...] = ()
    need_meeting: tuple[PartnerRef, ...] = ()
    negotiating: tuple[PartnerRef, ...] = ()  # ref_id: the partner's draft, if any
    need_responsible: tuple[PartnerRef, ...] = ()
    need_event: tuple[PartnerRef, ...] = ()
    need_evaluation: tuple[PartnerRef, ...] = ()
    need_direction: tuple[PartnerRef, ...] = ()
    unreported: tuple[PartnerRef, ...] = ()  # meetings over, no outcome written
    expiring: tuple[PartnerRef, ...] = ()  # agreements ending soon, no renewal decision
    unheld: tuple[PartnerRef, ...] = ()  # events past, not marked held (id 0, ref: event)
    due: tuple[DueItem, ...] = ()  # other features' due items (tasks)
    today: date | None = None  # the member's local date when read (None: the UTC date)
    team_aware: bool = False  # «Коллектив в курсе» ticked (see TEAM_AWARE)
    total_categories: int = len(CATEGORY_ORDER)

    @property
    def answered(self) -> frozenset[int]:
        return frozenset(q for q, text in self.answers.items() if text)

    @property
    def categories(self) -> int:
        return sum(1 for n in self.by_category.values() if n > 0)

    @property
    def in_progress(self) -> int:
        """Partners negotiating or further (the partnership is under way)."""
        return sum(self.by_status.get(s, 0) for s in ("negotiating", "agreement_signed", "active"))

    @property
    def team_oriented(self) -> bool:
        """Stage I, item 1: colleagues invited, or (working alone) the four questions
        answered by the team and «Коллектив в курсе» ticked."""
        return self.members >= 2 or (self.team_aware and len(self.answered) >= QUESTIONS)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks: some actions are for admins only."""

    member_id: int = 0
    is_admin: bool = True


@dataclass(frozen=True, slots=True)
class Suggestion:
    rule: str  # template texts/templates/coach/rule_<rule>.html, label ACTION_LABELS[rule]
    key: str  # stable identity for dismissals, e.g. "offer.17"; no ':' (callback data)
    action: Action
    partner: PartnerRef | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)


Rule = Callable[[Snapshot, datetime, Viewer], Iterator[Suggestion]]


def _refs(rule: str, refs: Iterable[PartnerRef], kind: str, **facts: Any) -> Iterator[Suggestion]:
    for ref in list(refs)[:CANDIDATES]:
        yield Suggestion(rule, f"{rule}.{ref.id}", Action(kind, partner_id=ref.id), ref, facts)


def _today(s: Snapshot, now: datetime) -> date:
    return s.today or now.date()


def due(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    today = _today(s, now)
    ordered = sorted(s.due, key=lambda d: (d.due is None, d.due or today, d.key))
    for item in ordered[:CANDIDATES]:
        days = (item.due - today).days if item.due else None
        yield Suggestion(
            "due",
            item.key,
            item.action,
            item.partner,
            {"title": item.title, "due": item.due, "days": days},
        )


def report(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    for ref in s.unreported[:CANDIDATES]:
        yield Suggestion(
            "report",
            f"report.{ref.ref_id}",
            Action("report_meeting", partner_id=ref.id, arg=ref.ref_id),
            ref,
        )


def held(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    for ref in s.unheld[:CANDIDATES]:
        yield Suggestion(
            "held",
            f"held.{ref.ref_id}",
            Action("event_held", arg=ref.ref_id),
            ref,
            {"day": ref.since.date() if ref.since else None},
        )


def renewal(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    # days are counted between local dates, as the agreement card counts them: the end
    # date is a calendar day, "today" is the member's (not the UTC) date
    today = _today(s, now)
    for ref in s.expiring[:CANDIDATES]:
        days = max((ref.since.date() - today).days, 0) if ref.since else 0
        yield Suggestion(
            "renewal",
            f"renewal.{ref.ref_id}",
            Action("open_agreement", partner_id=ref.id, arg=ref.ref_id),
            ref,
            {"days": days},
        )


def stage_one(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    for q in range(QUESTIONS):
        if q not in s.answered:
            yield Suggestion(
                "stage_one",
                f"stage_one.{q}",
                Action("answer", arg=q),
                facts={"question": q, "answered": len(s.answered), "total": QUESTIONS},
            )


def few_partners(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    if s.partners < MIN_PARTNERS:
        yield Suggestion(
            "few_partners",
            "few_partners",
            Action("add_partner"),
            facts={"partners": s.partners, "need": MIN_PARTNERS},
        )


def missing_categories(s: Snapshot) -> list[str]:
    return [c for c in CATEGORY_ORDER if s.by_category.get(c, 0) == 0]


def few_categories(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    if s.categories >= MIN_CATEGORIES:
        return
    for category in missing_categories(s)[:CANDIDATES]:
        yield Suggestion(
            "few_categories",
            f"few_categories.{category}",
            Action("add_partner", category=category),
            facts={
                "categories": s.categories,
                "need": MIN_CATEGORIES,
                "total": s.total_categories,
                "category": category,
            },
        )


def programmes(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    if s.programmes < MIN_PROGRAMMES:
        yield Suggestion("programmes", "programmes", Action("add_programme"))


def offer(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    yield from _refs("offer", s.need_offer, "edit_offer")


def meeting(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    yield from _refs("meeting", s.need_meeting, "new_meeting")


def agreement(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    """Negotiating for long: prepare the agreement; a draft made already (ref_id) is no
    agreement yet: open it to sign and register."""
    limit = now - timedelta(days=NEGOTIATION_DAYS)
    stale = [r for r in s.negotiating if r.since is not None and r.since <= limit]
    for ref in stale[:CANDIDATES]:
        assert ref.since is not None
        days = (now - ref.since).days
        action = (
            Action("open_agreement", partner_id=ref.id, arg=ref.ref_id)
            if ref.ref_id
            else Action("new_agreement", partner_id=ref.id)
        )
        yield Suggestion(
            "agreement", f"agreement.{ref.id}", action, ref, {"days": days, "draft": ref.ref_id}
        )


def team(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    if s.members < 2 and v.is_admin and not s.team_oriented:
        yield Suggestion("team", "team", Action("invite"), facts={"members": s.members})


def employment(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    """The method: «развитие взаимодействия … с региональными службами занятости
    населения» — for career guidance, the employment service is the natural partner."""
    if s.career and s.employment == 0:
        yield Suggestion(
            "employment",
            "employment",
            Action("add_partner", category=EMPLOYMENT_CATEGORY),
            facts={"category": EMPLOYMENT_CATEGORY},
        )


def responsible(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    yield from _refs("responsible", s.need_responsible, "open_partner")


def event(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    yield from _refs("event", s.need_event, "new_event")


def documents(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    if s.in_progress == 0:
        return
    missing = [k for k in DOCUMENT_KINDS if k != "other" and k not in s.documents]
    if missing:
        yield Suggestion(
            "documents",
            "documents",
            Action("documents"),
            facts={"missing": tuple(missing), "adopted": len(s.documents)},
        )


def evaluate(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    yield from _refs("evaluate", s.need_evaluation, "evaluate")


def direction(s: Snapshot, now: datetime, v: Viewer) -> Iterator[Suggestion]:
    yield from _refs("direction", s.need_direction, "open_partner")


RULES: tuple[Rule, ...] = (
    due,
    report,
    held,
    renewal,
    stage_one,
    few_partners,
    few_categories,
    programmes,
    offer,
    meeting,
    agreement,
    team,
    employment,
    responsible,
    event,
    documents,
    evaluate,
    direction,
)


def candidates(s: Snapshot, now: datetime, viewer: Viewer | None = None) -> list[Suggestion]:
    """Every suggestion, in priority order."""
    v = viewer or Viewer()
    return [suggestion for rule in RULES for suggestion in rule(s, now, v)]


def pick(
    s: Snapshot,
    now: datetime,
    viewer: Viewer | None = None,
    *,
    dismissed: Mapping[str, datetime] | None = None,
    offset: int = 0,
) -> tuple[Suggestion | None, int, int]:
    """The suggestion to show: the `offset`-th (wrapping) of those not dismissed until
    later than `now`. Returns (suggestion, its offset, how many there are)."""
    return pick_from(candidates(s, now, viewer), now, dismissed=dismissed, offset=offset)


def pick_from(
    all_candidates: Sequence[Suggestion],
    now: datetime,
    *,
    dismissed: Mapping[str, datetime] | None = None,
    offset: int = 0,
) -> tuple[Suggestion | None, int, int]:
    """`pick` over an already computed `candidates` list."""
    hidden = {key for key, until in (dismissed or {}).items() if until > now}
    shown = [c for c in all_candidates if c.key not in hidden] if hidden else all_candidates
    if not shown:
        return None, 0, 0
    index = offset % len(shown)
    return shown[index], index, len(shown)


def dismiss_until(now: datetime) -> datetime:
    return now + timedelta(days=DISMISS_DAYS)


# ------------------------------------------------------------------------ the checklist


@dataclass(frozen=True, slots=True)
class PlanItem:
    stage: int  # 0..2, index in texts.method.STAGES
    index: int  # 0..3, index in the stage's items
    done: bool
    facts: Mapping[str, Any]  # the counts shown, and the thresholds that tick the item
    action: Action | None = None  # what the button of an open item starts


@dataclass(frozen=True, slots=True)
class StagePlan:
    stage: int
    items: tuple[PlanItem, ...]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def total(self) -> int:
        return len(self.items)


def _first(refs: tuple[PartnerRef, ...], kind: str) -> Action | None:
    return Action(kind, partner_id=refs[0].id) if refs else None


def _first_of(*actions: Action | None) -> Action | None:
    return next((a for a in actions if a is not None), None)


def _agreement_action(refs: tuple[PartnerRef, ...]) -> Action | None:
    if not refs:
        return None
    ref = refs[0]
    if ref.ref_id:  # a draft: sign it and register
        return Action("open_agreement", partner_id=ref.id, arg=ref.ref_id)
    return Action("new_agreement", partner_id=ref.id)


def _stage_one(s: Snapshot, v: Viewer) -> tuple[PlanItem, ...]:
    missing_q = [q for q in range(QUESTIONS) if q not in s.answered]
    missing_cat = missing_categories(s)
    return (
        PlanItem(
            0,
            0,
            not missing_q,
            {"answered": len(s.answered), "total": QUESTIONS},
            Action("answer", arg=missing_q[0]) if missing_q else None,
        ),
        PlanItem(
            0,
            1,
            s.team_oriented,
            {
                "members": s.members,
                "team_aware": s.team_aware,
                "answered": len(s.answered),
                "total": QUESTIONS,
            },
            Action("invite") if v.is_admin else None,
        ),
        PlanItem(
            0,
            2,
            s.partners >= MIN_PARTNERS and s.categories >= MIN_CATEGORIES,
            {
                "partners": s.partners,
                "need": MIN_PARTNERS,
                "categories": s.categories,
                "need_categories": MIN_CATEGORIES,
                "total_categories": s.total_categories,
            },
            Action(
                "add_partner",
                category=missing_cat[0] if s.categories < MIN_CATEGORIES and missing_cat else "",
            ),
        ),
        PlanItem(
            0,
            3,
            s.programmes >= MIN_PROGRAMMES,
            {"programmes": s.programmes, "need": MIN_PROGRAMMES},
            Action("add_programme"),
        ),
    )


def _stage_two(s: Snapshot, now: datetime) -> tuple[PlanItem, ...]:
    missing_cat = missing_categories(s)
    stale_limit = now - timedelta(days=NEGOTIATION_DAYS)
    stale = tuple(r for r in s.negotiating if r.since and r.since <= stale_limit)
    return (
        PlanItem(
            1,
            0,
            s.agreements >= MIN_AGREEMENTS,
            {
                "agreements": s.agreements,
                "need": MIN_AGREEMENTS,
                "drafts": s.drafts,
                "negotiating": s.by_status.get("negotiating", 0),
            },
            _first_of(
                _agreement_action(s.negotiating),
                _first(s.need_meeting, "new_meeting"),
                _first(s.need_offer, "edit_offer"),
            ),
        ),
        PlanItem(
            1,
            1,
            s.categories_met >= MIN_CATEGORIES,
            {"met": s.categories_met, "need": MIN_CATEGORIES},
            _first_of(_first(s.need_meeting, "new_meeting"), _first(s.need_offer, "edit_offer")),
        ),
        PlanItem(
            1,
            2,
            s.working_with_direction > 0,
            {
                "working": s.working,
                "with_direction": s.working_with_direction,
                "directions": s.working_directions,
                "total": DIRECTIONS_TOTAL,
            },
            _first_of(
                _first(s.need_direction, "open_partner"),
                _agreement_action(stale or s.negotiating),
            ),
        ),
        PlanItem(
            1,
            3,
            s.categories >= MIN_CATEGORIES and s.partners > 0 and s.with_direction == s.partners,
            {
                "categories": s.categories,
                "need": MIN_CATEGORIES,
                "total_categories": s.total_categories,
                "with_direction": s.with_direction,
                "partners": s.partners,
            },
            Action("add_partner", category=missing_cat[0])
            if s.categories < MIN_CATEGORIES and missing_cat
            else _first(s.need_direction, "open_partner"),
        ),
    )


def _stage_three(s: Snapshot) -> tuple[PlanItem, ...]:
    return (
        PlanItem(
            2,
            0,
            "duties" in s.documents and s.partners > 0 and s.with_responsible == s.partners,
            {
                "with_responsible": s.with_responsible,
                "partners": s.partners,
                "duties": "duties" in s.documents,
            },
            _first(s.need_responsible, "open_partner")
            if s.need_responsible
            else Action("documents"),
        ),
        PlanItem(
            2,
            1,
            s.events >= MIN_EVENTS and s.working > 0 and s.working_in_events == s.working,
            {
                "events": s.events,
                "need": MIN_EVENTS,
                "upcoming": s.events_upcoming,
                "held": s.events_held,
                "working": s.working,
                "in_events": s.working_in_events,
            },
            Action("new_event", partner_id=s.need_event[0].id if s.need_event else 0),
        ),
        PlanItem(
            2,
            2,
            s.documents >= CORE_DOCUMENTS,
            {
                "adopted": len(s.documents & frozenset(DOCUMENT_KINDS)),
                "total": len(DOCUMENT_KINDS),
                "core_missing": tuple(sorted(CORE_DOCUMENTS - s.documents)),
            },
            Action("documents"),
        ),
        PlanItem(
            2,
            3,
            s.working > 0
            and s.working_evaluated == s.working
            and s.evaluations >= MIN_EVALUATIONS
            and s.evaluations_direction > 0,
            {
                "evaluated": s.working_evaluated,
                "working": s.working,
                "evaluations": s.evaluations,
                "need": MIN_EVALUATIONS,
                "with_direction": s.evaluations_direction,
            },
            _first(s.need_evaluation, "evaluate"),
        ),
    )


def plan(s: Snapshot, now: datetime, viewer: Viewer | None = None) -> tuple[StagePlan, ...]:
    v = viewer or Viewer()
    stages = (_stage_one(s, v), _stage_two(s, now), _stage_three(s))
    return tuple(
        StagePlan(i, tuple(it if not it.done else _closed(it) for it in items))
        for i, items in enumerate(stages)
    )


def _closed(item: PlanItem) -> PlanItem:
    """A done item needs no button, except the ones that stay editable (stage-I answers,
    documents checklist)."""
    keep = item.action is not None and item.action.kind in ("documents",)
    if item.stage == 0 and item.index == 0:
        return PlanItem(item.stage, item.index, True, item.facts, Action("answers"))
    return item if keep else PlanItem(item.stage, item.index, True, item.facts, None)


@dataclass(frozen=True, slots=True)
class Position:
    """Where the organisation is, as counts: the first stage with an open item, and the
    steps of "how to start" counted over the list of partners (step 3, the offer, has no
    count: telling a written offer needs every partner's row, too slow for 10,000 — its
    suggestions name the partners without one)."""

    stage: int  # 0..2: the first stage with an open item; 3 when all are done
    done: int  # items done in that stage
    total: int
    partners: int = 0  # steps 1–2: the list (declined partners left out)
    categories: int = 0
    need_partners: int = MIN_PARTNERS
    need_categories: int = MIN_CATEGORIES
    met: int = 0  # step 4: met (a meeting held, or talks under way)
    negotiated: int = 0  # step 5: negotiations recorded


def position(s: Snapshot, now: datetime, stages: tuple[StagePlan, ...] | None = None) -> Position:
    stages = stages or plan(s, now)
    current = next((sp for sp in stages if sp.done < sp.total), None)
    stage = current.stage if current else len(stages)
    done, total = (current.done, current.total) if current else (0, 0)
    return Position(
        stage,
        done,
        total,
        partners=s.partners,
        categories=s.categories,
        met=min(s.met, s.partners),
        negotiated=min(s.negotiated, s.partners),
    )


# The step of "how to start" a partner-level suggestion belongs to (its text names it).
RULE_STEPS: dict[str, int] = {"offer": 3, "meeting": 4, "agreement": 5}


def progress_bar(done: int, total: int, width: int = 10) -> str:
    if total <= 0:
        return "░" * width
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)
