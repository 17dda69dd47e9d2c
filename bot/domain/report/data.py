"""What the director's report shows, as plain numbers and rows: `ReportData`, filled by the
service from a fixed number of aggregate queries (storage/report.py) and shaped here into
the tables of the .docx and .xlsx and the panels of the chart.

What each field means (the service's contract):
  categories / statuses   partners not archived at the period's start and at its end (the
                          end: `period.seen_until(today)`), per category / status code;
                          statuses at a moment come from partner_status_changes
  partners_added          partners created in the period; partners_archived: archived in it
  meetings                meetings that took place in the period (status done, or planned
                          with a start already past: outcome None), local start time
  meetings_cancelled      cancelled meetings that were due in the period
  meetings_planned        planned meetings after the period's last seen day
  agreements_signed       agreements signed in the period (signed_on within it)
  agreements_prolonged    agreements prolonged in the period (a prolongation recorded in it)
  agreements_ending       agreements in force ending within ENDING_SOON_DAYS after the
                          period's last seen day, no decision to let them end
  agreements_in_force     agreements in force on the last seen day
  events                  joint events of the work plan dated in the period
  results                 the five results (bot.domain.results.Result) dated in the period
  pipeline_reached        per status of PIPELINE_ORDER: partners that reached it (or went
                          further) by the period's end, from the status history
  pipeline_entered        per status of PIPELINE_ORDER: partners that moved into it in the
                          period
  stages                  the method's checklist now (bot.domain.coach.plan): per stage, done
                          flags of its four items (`stages_from_plan`)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.coach import StagePlan
from bot.domain.periods import Period
from bot.domain.results import Result, Summary, summarise
from storage.enums import PIPELINE_ORDER, PartnerCategory, PartnerStatus

ENDING_SOON_DAYS = 30
DOCX_LIST_LIMIT = 30  # rows of a list in the .docx; the .xlsx has them all
# storage.models.MeetingOutcome in the order of the report's tables, "" for none written
# every outcome a meeting may have (storage.models.MeetingOutcome.SHOWN), "" for none
MEETING_OUTCOMES: tuple[str, ...] = ("agreed", "working", "again", "declined", "")


@dataclass(frozen=True, slots=True)
class Change:
    start: int
    end: int

    @property
    def delta(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class MeetingRow:
    when: datetime  # local to the member, naive or aware
    partner: str
    format: str  # storage.models.MeetingFormat
    outcome: str | None  # storage.models.MeetingOutcome; None: not written yet


@dataclass(frozen=True, slots=True)
class AgreementRow:
    partner: str
    number: str | None
    kind: str  # storage.models.AgreementKind
    signed_on: date | None
    valid_until: date | None  # None: open-ended
    prolongs: int = 0
    responsible: str = ""


@dataclass(frozen=True, slots=True)
class EventRow:
    day: date
    title: str
    direction: str | None  # storage.enums.Direction
    partners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportData:
    organisation: str
    municipality: str
    period: Period
    today: date  # the member's today: when the report was compiled
    author: str = ""
    categories: Mapping[str, Change] = field(default_factory=dict)
    statuses: Mapping[str, Change] = field(default_factory=dict)
    partners_added: int = 0
    partners_archived: int = 0
    meetings: Sequence[MeetingRow] = ()
    meetings_cancelled: int = 0
    meetings_planned: int = 0
    agreements_signed: Sequence[AgreementRow] = ()
    agreements_prolonged: Sequence[AgreementRow] = ()
    agreements_ending: Sequence[AgreementRow] = ()
    agreements_in_force: int = 0
    events: Sequence[EventRow] = ()
    results: Sequence[Result] = ()
    pipeline_reached: Mapping[str, int] = field(default_factory=dict)
    pipeline_entered: Mapping[str, int] = field(default_factory=dict)
    stages: Sequence[Sequence[bool]] = ()

    # ------------------------------------------------------------------ derived figures

    @property
    def seen_until(self) -> date:
        return self.period.seen_until(self.today)

    def category_rows(self) -> list[tuple[str, Change]]:
        """Every category of the model, in the enum's order (zeros included)."""
        return [(c.value, self.categories.get(c, Change(0, 0))) for c in PartnerCategory]

    def status_rows(self) -> list[tuple[str, Change]]:
        return [(s.value, self.statuses.get(s, Change(0, 0))) for s in PartnerStatus]

    @property
    def partners_total(self) -> Change:
        values = self.categories.values()
        return Change(sum(c.start for c in values), sum(c.end for c in values))

    def outcome_counts(self) -> dict[str, int]:
        """Meetings per outcome code ("" for those without one), every outcome, in the
        order of MEETING_OUTCOMES."""
        counts = Counter(outcome_of(m.outcome) for m in self.meetings)
        return {code: counts.get(code, 0) for code in MEETING_OUTCOMES}

    def format_counts(self) -> dict[str, int]:
        return dict(Counter(m.format for m in self.meetings).most_common())

    def direction_counts(self) -> dict[str, int]:
        """Events per direction code, "" for those without one."""
        return dict(Counter(e.direction or "" for e in self.events).most_common())

    def result_summary(self) -> Summary:
        return summarise(self.results, self.period.start, self.period.end)

    def pipeline_rows(self) -> list[tuple[str, int, int]]:
        """(status, reached, entered in the period) from «потенциальный» to «активный»."""
        return [
            (s.value, self.pipeline_reached.get(s, 0), self.pipeline_entered.get(s, 0))
            for s in PIPELINE_ORDER
        ]


def funnel_from_statuses(statuses: Mapping[str, int]) -> dict[str, int]:
    """Partners at each pipeline status or further, from the current counts alone: what
    `pipeline_reached` falls back to without the status history (paused and declined
    partners are not counted: their furthest step is unknown)."""
    reached: dict[str, int] = {}
    running = 0
    for status in reversed(PIPELINE_ORDER):
        running += statuses.get(status, 0)
        reached[status.value] = running
    return {s.value: reached[s.value] for s in PIPELINE_ORDER}


def stages_from_plan(plan: Iterable[StagePlan]) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(item.done for item in stage.items) for stage in plan)


def outcome_of(code: str | None) -> str:
    """A meeting's outcome as the report counts it: one of MEETING_OUTCOMES ("" for none or
    for a code this report does not know)."""
    return code if code in MEETING_OUTCOMES else ""
