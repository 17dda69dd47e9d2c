"""Making a document for a partner, one step at a time, each asked once:

1. an agreement's obligations are confirmed by the member (obligations.py; the partner's
   notes never go in as typed), a network-form agreement's programme, parts and resources
   are asked (network.py); a letter's contact — the member's phone and e-mail (contacts.py);
2. the gender of a person the document names, when the name does not tell it;
3. what the file would leave blank is listed, with the way to the requisites screens and
   back, or «make it now»;
4. the file (bot/services/paperwork.py) with a caption and the next steps.

A `Job` (the document, its partner, its agreement) travels in the buttons and in the FSM
data of the steps; every id in it is checked against the member's organisation.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from aiogram import F, Router
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain.russian import Gender
from bot.services import paperwork
from bot.services import requisites as details
from handlers.agreements.callbacks import AgCb, CardAct, DocKind, Make, MakeAct
from handlers.agreements.views import message_of, not_found
from handlers.requisites import form as requisites_form
from storage import agreements as store
from storage.models import Agreement, AgreementKind, AgreementStatus, Partner
from storage.partners import get_partner
from storage.requisites import person_key
from texts import agreements as words
from texts import requisites as requisite_words
from texts import shorten
from texts.paperwork import MISSING_CONTACT, template_problem

if TYPE_CHECKING:  # python-docx loads with the first document, not with the bot
    from bot.domain.paperwork.letter import Letter


@dataclass(frozen=True, slots=True)
class Job:
    """A document to make: an agreement `aid` with the partner `pid` (`prev`: the agreement
    a new draft continues) or a letter to `pid`."""

    kind: DocKind
    pid: int
    aid: int = 0
    prev: int = 0

    def button(self, action: MakeAct, h: int = 0) -> Make:
        return Make(action=action, k=self.kind, pid=self.pid, aid=self.aid, prev=self.prev, h=h)

    def as_data(self) -> dict[str, Any]:
        return {"k": self.kind.value, "pid": self.pid, "aid": self.aid, "prev": self.prev}

    @staticmethod
    def of(data: Make) -> Job:
        return Job(data.k, data.pid, data.aid, data.prev)

    @staticmethod
    def from_data(data: Any) -> Job | None:
        """A job kept in FSM data by a step; None when it is not one."""
        try:
            return Job(DocKind(data["k"]), int(data["pid"]), int(data["aid"]), int(data["prev"]))
        except (KeyError, TypeError, ValueError):
            return None


def name_hash(name: str) -> int:
    """A short fingerprint of a name in a gender button: the answer is about that name."""
    return zlib.crc32(person_key(name).encode()) & 0xFFFF


@dataclass(frozen=True, slots=True)
class Loaded:
    partner: Partner
    agreement: Agreement | None = None
    previous: Agreement | None = None


async def load(ctx: Ctx, job: Job) -> Loaded | None:
    """The job's partner and agreements, only the member's organisation's and matching
    each other (every id is untrusted)."""
    partner = await get_partner(ctx.session, ctx.org, job.pid)
    if partner is None:
        return None
    if job.kind is DocKind.LETTER:
        return Loaded(partner)
    agreement = await store.get_agreement(ctx.session, ctx.org, job.aid)
    if agreement is None or agreement.partner_id != partner.id:
        return None
    previous = await store.get_agreement(ctx.session, ctx.org, job.prev) if job.prev else None
    if previous is not None and previous.partner_id != partner.id:
        previous = None
    return Loaded(partner, agreement, previous)


async def run(message: Message, ctx: Ctx, job: Job, *, force: bool = False) -> None:
    """The next step of the job (see the module's docstring); `force`: make the file even
    though details are missing."""
    from handlers.agreements import contacts, network, obligations

    found = await load(ctx, job)
    if found is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    partner, agreement = found.partner, found.agreement
    if agreement is not None:
        if agreement.our_obligations is None:
            await obligations.start(message, ctx, job, agreement, partner)
            return
        if agreement.kind == AgreementKind.NETWORK and agreement.network_terms is None:
            await network.start(message, ctx, job, agreement)
            return
        prepared = await paperwork.prepare_agreement(
            ctx.session,
            ctx.member,
            agreement,
            partner,
            today=ctx.today(),
            previous=found.previous,
        )
    else:
        if not (await details.contacts(ctx.session, ctx.member.id)).asked:
            await contacts.ask(message, ctx, job)
            return
        prepared = await paperwork.prepare_letter(
            ctx.session, ctx.member, partner, today=ctx.today()
        )
    if prepared.ask_gender:
        await _ask_gender(message, ctx, job, prepared.ask_gender)
        return
    if prepared.missing and not force:
        await _list_missing(message, ctx, job, prepared, partner)
        return
    await _send(message, ctx, job, prepared, partner, agreement)


async def _ask_gender(message: Message, ctx: Ctx, job: Job, name: str) -> None:
    h = name_hash(name)
    kb = InlineKeyboardBuilder()
    kb.button(text=requisite_words.BTN_MALE, callback_data=job.button(MakeAct.MALE, h))
    kb.button(text=requisite_words.BTN_FEMALE, callback_data=job.button(MakeAct.FEMALE, h))
    await message.answer(
        ctx.render("requisites/ask_gender.html", name=shorten(name, 200)),
        reply_markup=kb.as_markup(),
    )


async def _list_missing(
    message: Message, ctx: Ctx, job: Job, prepared: paperwork.Prepared, partner: Partner
) -> None:
    kb = InlineKeyboardBuilder()
    kb.row(_button(words.BTN_MAKE_NOW, job.button(MakeAct.GO)))
    if prepared.ours_missing:
        kb.row(_button(words.BTN_OUR_DETAILS, job.button(MakeAct.OURS)))
    if prepared.partner_missing:
        kb.row(_button(words.BTN_THEIR_DETAILS, job.button(MakeAct.THEIRS)))
    if MISSING_CONTACT in prepared.missing:
        kb.row(_button(words.BTN_MY_CONTACTS, job.button(MakeAct.CONTACTS)))
    await message.answer(
        ctx.render(
            "agreements/missing.html",
            kind=job.kind.value,
            partner=shorten(partner.name, 100),
            missing=[shorten(item, 150) for item in prepared.missing[:25]],
            more=max(0, len(prepared.missing) - 25),
        ),
        reply_markup=kb.as_markup(),
    )


def _button(text: str, data: Make | AgCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _after(job: Job, agreement: Agreement | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if agreement is None:
        kb.row(_button(words.BTN_MY_CONTACTS, job.button(MakeAct.CONTACTS)))
        return kb.as_markup()
    if agreement.status == AgreementStatus.DRAFT:
        kb.row(_button(words.BTN_REGISTER_DRAFT, AgCb(action=CardAct.REGISTER, id=agreement.id)))
    kb.row(_button(words.BTN_EDIT_OBLIGATIONS, job.button(MakeAct.OBLIGATIONS)))
    if agreement.kind == AgreementKind.NETWORK:
        kb.row(_button(words.BTN_EDIT_NETWORK, job.button(MakeAct.NETWORK)))
    return kb.as_markup()


async def _send(
    message: Message,
    ctx: Ctx,
    job: Job,
    prepared: paperwork.Prepared,
    partner: Partner,
    agreement: Agreement | None,
) -> None:
    if prepared.kind == paperwork.KIND_LETTER:
        prepared = await paperwork.number_letter(
            ctx.session, ctx.member, partner, prepared, now=ctx.now()
        )
    rendered = await paperwork.render(prepared)
    caption = _caption(ctx, prepared, partner, agreement, rendered.refused)
    await message.answer_document(
        BufferedInputFile(rendered.data, filename=paperwork.file_name(prepared.kind, partner.name)),
        caption=caption,
        reply_markup=_after(job, agreement),
    )


def _caption(
    ctx: Ctx,
    prepared: paperwork.Prepared,
    partner: Partner,
    agreement: Agreement | None,
    refused: list[Any],
) -> str:
    document = prepared.document
    values: dict[str, Any] = {
        "kind": prepared.kind,
        "partner": shorten(partner.name, 80),
        "blanks": len(prepared.missing),
        "refused": shorten(template_problem(refused[0].code, refused[0].detail), 200)
        if refused
        else "",
    }
    if prepared.kind == paperwork.KIND_LETTER:
        letter = cast("Letter", document)
        values |= {
            "number": letter.number,
            "day": f"{letter.day:%d.%m.%Y}",
            "event": shorten(letter.event.title, 80) if letter.event else "",
            "left_out": [shorten(note, 60) for note in prepared.left_out[:3]],
            "left_more": max(0, len(prepared.left_out) - 3),
        }
    else:
        assert agreement is not None
        values |= {
            "draft": agreement.status == AgreementStatus.DRAFT,
            "network": agreement.kind == AgreementKind.NETWORK,
        }
    # every value is shortened above: the caption stays far below Telegram's 1024 characters
    return ctx.render("agreements/doc_caption.html", **values)


# --------------------------------------------------------------------------- the buttons


async def _loaded(
    query: CallbackQuery, data: Make, ctx: Ctx, answer: CallbackAnswer
) -> tuple[Message, Job, Loaded] | None:
    message = message_of(query)
    job = Job.of(data)
    loaded = await load(ctx, job)
    if message is None or loaded is None:
        not_found(ctx, answer)
        return None
    return message, job, loaded


async def again(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _loaded(query, callback_data, ctx, callback_answer)) is not None:
        await run(found[0], ctx, found[1])


async def go(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _loaded(query, callback_data, ctx, callback_answer)) is not None:
        await run(found[0], ctx, found[1], force=True)


async def _gender(
    query: CallbackQuery, data: Make, ctx: Ctx, answer: CallbackAnswer, gender: Gender
) -> None:
    found = await _loaded(query, data, ctx, answer)
    if found is None:
        return
    message, job, loaded = found
    names = [(loaded.partner.contact_person or "").strip()]
    ours = await details.ours(ctx.session, ctx.member)
    theirs = await details.of_partner(ctx.session, loaded.partner)
    names += [ours.requisites.director_name, theirs.requisites.director_name]
    name = next((n for n in names if n and name_hash(n) == data.h), "")
    if not name:
        answer.text = ctx.render("common/stale.html")
        answer.show_alert = True
        return
    await details.remember_gender(ctx.session, ctx.org, name, gender, now=ctx.now())
    answer.text = ctx.render(
        "requisites/gender_saved.html", name=shorten(name, 100), female=gender is Gender.FEMALE
    )
    await run(message, ctx, job)


async def male(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _gender(query, callback_data, ctx, callback_answer, Gender.MALE)


async def female(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _gender(query, callback_data, ctx, callback_answer, Gender.FEMALE)


async def _details(
    query: CallbackQuery, data: Make, ctx: Ctx, answer: CallbackAnswer, *, ours: bool
) -> None:
    found = await _loaded(query, data, ctx, answer)
    if found is None:
        return
    message, job, loaded = found
    partner = None if ours else loaded.partner
    back = job.button(MakeAct.AGAIN).pack()
    await requisites_form.open_screen(message, ctx, partner, back=back)


async def our_details(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _details(query, callback_data, ctx, callback_answer, ours=True)


async def their_details(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _details(query, callback_data, ctx, callback_answer, ours=False)


async def _with_agreement(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, Job, Loaded, Agreement] | None:
    """`_loaded` for a job about an agreement: the agreement itself too (gone: the stale
    answer, None)."""
    found = await _loaded(query, callback_data, ctx, callback_answer)
    if found is None:
        return None
    message, job, loaded = found
    if loaded.agreement is None:
        not_found(ctx, callback_answer)
        return None
    return message, job, loaded, loaded.agreement


async def review_obligations(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    from handlers.agreements import obligations

    if found := await _with_agreement(query, callback_data, ctx, callback_answer):
        message, job, loaded, agreement = found
        await obligations.start(message, ctx, job, agreement, loaded.partner)


async def network_again(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    from handlers.agreements import network

    if found := await _with_agreement(query, callback_data, ctx, callback_answer):
        message, job, _, agreement = found
        await network.start(message, ctx, job, agreement)


async def my_contacts(
    query: CallbackQuery, callback_data: Make, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    from handlers.agreements import contacts

    found = await _loaded(query, callback_data, ctx, callback_answer)
    if found is not None:
        await contacts.ask(found[0], ctx, found[1])


def router() -> Router:
    r = Router(name=__name__)
    on = Make.filter
    r.callback_query.register(again, on(F.action == MakeAct.AGAIN))
    r.callback_query.register(go, on(F.action == MakeAct.GO))
    r.callback_query.register(male, on(F.action == MakeAct.MALE))
    r.callback_query.register(female, on(F.action == MakeAct.FEMALE))
    r.callback_query.register(our_details, on(F.action == MakeAct.OURS))
    r.callback_query.register(their_details, on(F.action == MakeAct.THEIRS))
    r.callback_query.register(review_obligations, on(F.action == MakeAct.OBLIGATIONS))
    r.callback_query.register(network_again, on(F.action == MakeAct.NETWORK))
    r.callback_query.register(my_contacts, on(F.action == MakeAct.CONTACTS))
    return r
