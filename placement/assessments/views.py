"""View models of the assessment pages: questions, score bars on the 1–5 scale, numbers and dates per language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from goals.conversation import differs
from goals.questions import OPTION_VALUES, QuestionBank
from placement.assessments.consent import ConsentState
from placement.assessments.scores import ScoredAssessment
from placement.assessments.services import CaseworkerView
from placement.assessments.steps import Draft
from placement.web.filters import date_text, factor_name, time_text

# citizen_view still imports the score formatter from here; placement.web.filters is its home.
from placement.web.filters import score_text as score_text

SCALE_MAX = max(OPTION_VALUES)


def bar_width(score: float) -> float:
    """The bar's share of the full width in percent: 5, the best, fills it; 1 still shows as a short bar."""
    return round(score / SCALE_MAX * 100, 1)


@dataclass(frozen=True, slots=True)
class OptionView:
    value: int
    text: str
    chosen: bool
    # What the step means, in guide_lang; empty when the bank has no guide for the item.
    guide: str = ""


@dataclass(frozen=True, slots=True)
class QuestionView:
    number: int
    total: int
    key: str
    factor_code: str
    factor_name: str
    text: str
    source: str
    options: list[OptionView]
    skipped: bool
    # The language of the options' guide: the page's when the bank has it in English, else Danish; "" without a guide.
    guide_lang: str = ""


def question_view(bank: QuestionBank, position: int, draft: Draft, lang: str) -> QuestionView:
    """The question at `position` with its options exactly as in the bank, marking an answer given before."""
    item = bank.items[position]
    earlier = draft.get(item.key)
    english = lang != "da" and all(o.guide_en for o in item.options)
    guide_lang = ("en" if english else "da") if item.has_guide else ""
    return QuestionView(
        number=position + 1,
        total=len(bank.items),
        key=item.key,
        factor_code=item.factor,
        factor_name=factor_name(item.factor, lang),
        text=item.text,
        source=item.source,
        options=[
            OptionView(value=o.value, text=o.text, chosen=o.value == earlier, guide=o.guide_en if english else o.guide)
            for o in item.options
        ],
        skipped=item.key in draft and earlier is None,
        guide_lang=guide_lang,
    )


@dataclass(frozen=True, slots=True)
class FactorBar:
    """One factor's score as a bar; score None means no item of it was answered, which shows as text, not as 0."""

    code: str
    name: str
    score: float | None
    width: float
    answered: int
    items: int
    # The score agreed in the conversation (None: none agreed) and whether it is not the computed one rounded.
    agreed: int | None = None
    differs: bool = False
    what_it_takes: str = ""
    # False when the conversation chose none of this factor's items: not asked this time, rather than skipped.
    asked: bool = True


def factor_bars(bank: QuestionBank, assessment: ScoredAssessment, codes: Iterable[str], lang: str) -> list[FactorBar]:
    bars = []
    talk = assessment.talk
    agreed = talk.agreed if talk is not None else {}
    takes = talk.notes.what_it_takes if talk is not None and talk.notes is not None else {}
    for code in codes:
        items = bank.for_factor(code)
        score = assessment.scores.get(code)
        bars.append(
            FactorBar(
                code=code,
                name=factor_name(code, lang),
                score=score,
                width=bar_width(score) if score is not None else 0.0,
                answered=sum(1 for item in items if item.key in assessment.answers),
                items=len(items),
                agreed=agreed.get(code),
                differs=differs(score, agreed.get(code)),
                what_it_takes=takes.get(code, ""),
                asked=talk is None or talk.items is None or any(item.key in talk.items for item in items),
            )
        )
    return bars


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    id: str
    date: dt.date
    by_consultant: bool


def assessment_rows(assessments: Iterable[ScoredAssessment]) -> list[AssessmentRow]:
    """The history, newest first."""
    return [
        AssessmentRow(id=str(a.id), date=a.date, by_consultant=a.recorded_by_role == "consultant")
        for a in sorted(assessments, key=lambda a: a.date, reverse=True)
    ]


@dataclass(frozen=True, slots=True)
class CaseworkerRow:
    date_text: str
    score: int
    width: float
    reason: str
    case_holder: int


@dataclass(frozen=True, slots=True)
class CaseHolderRow:
    number: int
    start_text: str
    until_text: str
    name: str | None


@dataclass(frozen=True, slots=True)
class CaseworkerPage:
    rows: list[CaseworkerRow]
    holders: list[CaseHolderRow]
    changed_hands: bool


def caseworker_page(view: CaseworkerView, lang: str) -> CaseworkerPage:
    """F newest first, and the periods of who held the case; names are only there when policy let them through."""
    return CaseworkerPage(
        rows=[
            CaseworkerRow(
                date_text=date_text(e.date, lang),
                score=e.score,
                width=bar_width(e.score),
                reason=e.reason,
                case_holder=e.case_holder,
            )
            for e in reversed(view.entries)
        ],
        holders=[
            CaseHolderRow(
                number=h.number,
                start_text=date_text(h.start, lang),
                until_text=date_text(h.until, lang) if h.until else "",
                name=h.name,
            )
            for h in view.case_holders
        ],
        changed_hands=len({h.number for h in view.case_holders} | {e.case_holder for e in view.entries}) > 1,
    )


@dataclass(frozen=True, slots=True)
class ConsentRow:
    """One period: from when it counted, how and on which day the citizen gave it, who recorded it, when it ended."""

    given_text: str
    given_on_text: str
    method: str
    given_by: str
    withdrawn_text: str


@dataclass(frozen=True, slots=True)
class ConsentPage:
    company: str
    sharing: bool
    since: dt.datetime | None
    rows: list[ConsentRow]


def consent_rows(state: ConsentState, lang: str) -> list[ConsentRow]:
    return [
        ConsentRow(
            given_text=time_text(p.given_at, lang),
            given_on_text=date_text(p.given_on, lang),
            method=p.method,
            given_by=p.given_by_role,
            withdrawn_text=time_text(p.withdrawn_at, lang) if p.withdrawn_at else "",
        )
        for p in state.history
    ]


def consent_page(state: ConsentState, lang: str) -> ConsentPage:
    return ConsentPage(
        company=state.company,
        sharing=state.sharing,
        since=state.since,
        rows=consent_rows(state, lang),
    )
