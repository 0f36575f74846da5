"""The access policy: what each role may do, which placement data each party sees. The only place these rules live.

Two kinds of rule:
- role rules ("a mentor can never create a company"): a role that may never do a thing gets 403;
- object rules ("this consultant's caseload"): decided by scoped queries in placement.access.scopes, so that an
  object outside reach is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import enum

from goals.factors import CITIZEN_FACTOR_CODES, HEALTH_FACTOR_CODE
from goals.placement_facts import CASEWORKER_FACTOR_CODE
from placement.auth.identity import Actor
from placement.db.models import ConsentMethod, Role
from placement.errors import Forbidden, NotFound


class Permission(enum.StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    READ_AGGREGATES = "read_aggregates"
    # Management information: the leader's across every placement, a consultant's of the caseload, a company
    # contact's of their company (placement.access.scopes.insight_facts_in_reach).
    READ_INSIGHTS = "read_insights"
    MANAGE_COMPANIES = "manage_companies"
    MANAGE_CITIZENS = "manage_citizens"
    CREATE_PLACEMENT = "create_placement"
    READ_PLACEMENT = "read_placement"
    EDIT_PLACEMENT = "edit_placement"
    INVITE = "invite"
    WRITE_LOG = "write_log"
    # The citizen's own weekly rating of their sub-goals, apart from the observers' log: the citizen's alone.
    WRITE_SELF_RATING = "write_self_rating"
    ANSWER_ASSESSMENT = "answer_assessment"
    RECORD_CASEWORKER_ASSESSMENT = "record_caseworker_assessment"
    # What became of the citizen after the placement: the jobcenter's own record, read and written by the consultant.
    RECORD_OUTCOME = "record_outcome"
    READ_OUTCOMES = "read_outcomes"
    RECORD_CONSENT = "record_consent"
    READ_PROGRESS = "read_progress"
    READ_REPORT = "read_report"
    READ_OWN_AUDIT = "read_own_audit"
    READ_OWN_OVERVIEW = "read_own_overview"
    READ_CASELOAD = "read_caseload"
    READ_OWN_PLACEMENTS = "read_own_placements"
    # The jobcenter's named selections of question items per target group: conversation practice, no citizen data.
    MANAGE_QUESTION_SELECTIONS = "manage_question_selections"


class Relation(enum.StrEnum):
    """How a person is related to one placement."""

    CONSULTANT = "consultant"
    COMPANY_CONTACT = "company_contact"
    MENTOR = "mentor"
    CITIZEN = "citizen"


class Audience(enum.StrEnum):
    """The three versions of the progress report."""

    CITIZEN = "citizen"
    COMPANY = "company"
    JOBCENTER = "jobcenter"


_ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({Permission.MANAGE_ACCOUNTS}),
    Role.LEADER: frozenset({Permission.READ_AGGREGATES, Permission.READ_INSIGHTS}),
    Role.CONSULTANT: frozenset(
        {
            Permission.MANAGE_COMPANIES,
            Permission.MANAGE_CITIZENS,
            Permission.CREATE_PLACEMENT,
            Permission.READ_PLACEMENT,
            Permission.EDIT_PLACEMENT,
            Permission.INVITE,
            Permission.WRITE_LOG,
            Permission.ANSWER_ASSESSMENT,
            Permission.RECORD_CASEWORKER_ASSESSMENT,
            Permission.RECORD_OUTCOME,
            Permission.READ_OUTCOMES,
            Permission.RECORD_CONSENT,
            Permission.READ_PROGRESS,
            Permission.READ_REPORT,
            Permission.READ_CASELOAD,
            Permission.READ_INSIGHTS,
            Permission.MANAGE_QUESTION_SELECTIONS,
        }
    ),
    Role.COMPANY_CONTACT: frozenset(
        {
            Permission.READ_INSIGHTS,
            Permission.READ_PLACEMENT,
            Permission.WRITE_LOG,
            Permission.READ_PROGRESS,
            Permission.READ_REPORT,
            Permission.READ_OWN_PLACEMENTS,
        }
    ),
    Role.MENTOR: frozenset(
        {
            Permission.READ_PLACEMENT,
            Permission.WRITE_LOG,
            Permission.READ_PROGRESS,
            Permission.READ_REPORT,
            Permission.READ_OWN_PLACEMENTS,
        }
    ),
    Role.CITIZEN: frozenset(
        {
            Permission.READ_PLACEMENT,
            Permission.ANSWER_ASSESSMENT,
            Permission.WRITE_SELF_RATING,
            Permission.RECORD_CONSENT,
            Permission.READ_PROGRESS,
            Permission.READ_REPORT,
            Permission.READ_OWN_AUDIT,
            Permission.READ_OWN_OVERVIEW,
        }
    ),
}

# The roles whose relation to a placement comes from a placement_member row; a consultant's comes from the caseload,
# a citizen's from the one citizen record their account is tied to (citizen.user_id).
MEMBER_ROLES = frozenset({Role.COMPANY_CONTACT, Role.MENTOR})
INVITABLE_ROLES = MEMBER_ROLES | {Role.CITIZEN}
LOG_AUTHOR_RELATIONS = frozenset({Relation.CONSULTANT, Relation.COMPANY_CONTACT, Relation.MENTOR})


def may(role: Role, permission: Permission) -> bool:
    return permission in _ROLE_PERMISSIONS.get(role, frozenset())


def require(actor: Actor, permission: Permission, *, object_type: str = "", object_id: object = None) -> None:
    """403 for a role that may never do this, whatever the object; the refusal is audited at the request boundary."""
    if not may(actor.role, permission):
        raise Forbidden(
            f"the role {actor.role.value} may not {permission.value.replace('_', ' ')}",
            action=permission.value,
            object_type=object_type,
            object_id=object_id,
        )


def relation_of(role: Role) -> Relation:
    return Relation(role.value)


def visible_citizen_factors(relation: Relation, *, health_consent: bool) -> frozenset[str]:
    """The citizen's own factor scores and answers a party sees: B only to the jobcenter, the citizen, or by consent."""
    if relation in (Relation.CONSULTANT, Relation.CITIZEN) or health_consent:
        return frozenset(CITIZEN_FACTOR_CODES)
    return frozenset(CITIZEN_FACTOR_CODES) - {HEALTH_FACTOR_CODE}


def sees_caseworker_view(relation: Relation) -> bool:
    """Factor F is the jobcenter's view of the citizen: the jobcenter and the citizen see it, company and mentor never."""
    return relation in (Relation.CONSULTANT, Relation.CITIZEN)


def sees_conversation_notes(relation: Relation) -> bool:
    """The second conversation's remarks and "what it takes" are the jobcenter's notes with the citizen and may hold
    health information: the jobcenter and the citizen see them, company and mentor never (API, page or PDF)."""
    return relation in (Relation.CONSULTANT, Relation.CITIZEN)


def may_agree_scores(relation: Relation) -> bool:
    """The agreed score, remarks and "what it takes" come from the conversation with the consultant: only the
    consultant records them (the citizen alone answers the questions)."""
    return relation is Relation.CONSULTANT


def sees_decisions(relation: Relation) -> bool:
    """The consultant's decisions and their reasons are the jobcenter's notes about the citizen: the jobcenter and the
    citizen see them, company and mentor never (by no path: API, page, report or its cache)."""
    return relation in (Relation.CONSULTANT, Relation.CITIZEN)


def sees_outcomes(relation: Relation) -> bool:
    """What became of the citizen after the placement is the jobcenter's follow-up record: the consultant's alone (the
    citizen reads their own through the export of their data, not the placement's pages or reports)."""
    return relation is Relation.CONSULTANT


def sees_case_holder_names(relation: Relation) -> bool:
    """Who held the case when is shown to the citizen as numbered periods; the consultants' names only to the jobcenter."""
    return relation is Relation.CONSULTANT


def sees_log_entry(relation: Relation, *, entry_shared: bool, own_entry: bool) -> bool:
    """Every party sees shared entries; an entry the consultant kept internal stays with the jobcenter."""
    return entry_shared or own_entry or relation is Relation.CONSULTANT


def sees_self_rating_notes(relation: Relation) -> bool:
    """The citizen's own words beside their weekly rating may speak of their health (domain: B stays with the jobcenter
    unless the citizen consents): the jobcenter and the citizen read them, company and mentor never, by any path. The
    ratings themselves are about sub-goals of the shared plan, so every party sees those."""
    return relation in (Relation.CONSULTANT, Relation.CITIZEN)


def consent_methods(relation: Relation) -> frozenset[ConsentMethod]:
    """Only the citizen gives health consent; the consultant records one the citizen gave on paper or in person."""
    if relation is Relation.CITIZEN:
        return frozenset({ConsentMethod.SERVICE})
    if relation is Relation.CONSULTANT:
        return frozenset({ConsentMethod.PAPER, ConsentMethod.IN_PERSON})
    return frozenset()


def may_withdraw_consent(relation: Relation) -> bool:
    return relation is Relation.CITIZEN


def report_audiences(relation: Relation) -> frozenset[Audience]:
    if relation is Relation.CONSULTANT:
        return frozenset(Audience)
    if relation is Relation.CITIZEN:
        return frozenset({Audience.CITIZEN})
    return frozenset({Audience.COMPANY})


def require_report_audience(relation: Relation, audience: Audience) -> None:
    """A version of the report a party may not get is a 404: to them it does not exist, like a placement out of reach."""
    if audience not in report_audiences(relation):
        raise NotFound()


def page_audience(relation: Relation) -> Audience:
    """The version of the report a party's progress page shows: their own, the jobcenter's for the consultant."""
    if relation is Relation.CONSULTANT:
        return Audience.JOBCENTER
    if relation is Relation.CITIZEN:
        return Audience.CITIZEN
    return Audience.COMPANY


def relation_for_audience(audience: Audience) -> Relation:
    """Which party's field rules a report version follows."""
    return {
        Audience.JOBCENTER: Relation.CONSULTANT,
        Audience.COMPANY: Relation.COMPANY_CONTACT,
        Audience.CITIZEN: Relation.CITIZEN,
    }[audience]


def may_write_placement(relation: Relation) -> bool:
    return relation is Relation.CONSULTANT


def may_write_log(relation: Relation) -> bool:
    return relation in LOG_AUTHOR_RELATIONS


def insight_factors(actor: Actor) -> tuple[str, ...]:
    """The factors whose progression management information shows the actor: a company contact sees neither B (the
    citizen's health, shared with a company only by consent per placement) nor F (the jobcenter's own view)."""
    if actor.role is Role.COMPANY_CONTACT:
        return tuple(code for code in CITIZEN_FACTOR_CODES if code != HEALTH_FACTOR_CODE)
    return (*CITIZEN_FACTOR_CODES, CASEWORKER_FACTOR_CODE)
