"""The six progression factors: A–E are the citizen's own view, F is the caseworker's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Factor:
    """One progression factor with its stable code and its names in Danish and English."""

    code: str
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    view: Literal["citizen", "caseworker"]
    # The factor in everyday words, for the citizen's own pages and report: no research terms.
    plain_da: str = ""
    plain_en: str = ""


FACTORS: tuple[Factor, ...] = (
    Factor(
        code="A",
        name_da="Tro på egne evner",
        name_en="Belief in own abilities",
        description_da=(
            "Borgerens tro på egne evner til at finde og klare et job eller en uddannelse, både generelt "
            "og i forhold til arbejdsmarkedet, fx egne kompetencer i jobsøgning og i jobbet."
        ),
        description_en=(
            "The citizen's belief in their own ability to find and hold a job or an education, in general "
            "and towards the labour market, e.g. their own skills in job seeking and at work."
        ),
        view="citizen",
        plain_da="Tro på dig selv",
        plain_en="Believing in yourself",
    ),
    Factor(
        code="B",
        name_da="Helbredsmestring",
        name_en="Coping with health",
        description_da=(
            "Hvordan borgeren oplever og mestrer sit fysiske og psykiske helbred i forhold til arbejde. "
            "Om en lidelse opleves som en barriere, varierer fra borger til borger, uanset diagnose."
        ),
        description_en=(
            "How the citizen experiences and copes with their physical and mental health in relation to work. "
            "Whether an illness is felt as a barrier varies from citizen to citizen, whatever the diagnosis."
        ),
        view="citizen",
        plain_da="Dit helbred og arbejdet",
        plain_en="Your health and work",
    ),
    Factor(
        code="C",
        name_da="Arbejdsmarkedsidentitet (mening og retning)",
        name_en="Labour-market identity (meaning and direction)",
        description_da=(
            "Om borgeren er afklaret om egne mål og ønsker og oplever at have en meningsfuld plan "
            "for at komme i gang med job eller uddannelse."
        ),
        description_en=(
            "Whether the citizen is clear about their own goals and wishes and feels they have a meaningful "
            "plan for getting started in a job or an education."
        ),
        view="citizen",
        plain_da="At vide, hvad du vil med arbejde",
        plain_en="Knowing what you want from work",
    ),
    Factor(
        code="D",
        name_da="Samarbejde på arbejdspladsen eller uddannelsen",
        name_en="Cooperation at the workplace or place of education",
        description_da=(
            "Borgerens evne til at skabe og indgå i relationer og til at samarbejde med fx kolleger "
            "eller studiekammerater."
        ),
        description_en=(
            "The citizen's ability to build and take part in relationships and to cooperate with, "
            "for example, colleagues or fellow students."
        ),
        view="citizen",
        plain_da="At arbejde sammen med andre",
        plain_en="Working with others",
    ),
    Factor(
        code="E",
        name_da="Netværk",
        name_en="Network",
        description_da=(
            "Borgerens oplevelse af støtte fra familie, venner og fællesskaber, og af en god og tillidsfuld "
            "relation til fagprofessionelle som sagsbehandler eller mentor."
        ),
        description_en=(
            "The citizen's experience of support from family, friends and communities, and of a good, "
            "trusting relationship with professionals such as a caseworker or mentor."
        ),
        view="citizen",
        plain_da="Folk, der kan støtte dig",
        plain_en="People who can support you",
    ),
    Factor(
        code="F",
        name_da="Sagsbehandlerens vurdering af borgerens job-/uddannelsesparathed",
        name_en="The caseworker's assessment of the citizen's readiness for work or education",
        description_da=(
            "Sagsbehandlerens egen vurdering af, hvor tæt borgeren er på job eller uddannelse. Den tilføjer "
            "viden ud over borgerens selvvurdering, og sagsbehandlerens forventninger påvirker i sig selv "
            "borgerens chancer."
        ),
        description_en=(
            "The caseworker's own assessment of how close the citizen is to a job or an education. It adds "
            "knowledge beyond the citizen's self-assessment, and the caseworker's expectations in themselves "
            "affect the citizen's chances."
        ),
        view="caseworker",
        plain_da="Din konsulents syn på, hvor tæt du er på job",
        plain_en="How close your consultant thinks you are to a job",
    ),
)

CITIZEN_FACTOR_CODES: tuple[str, ...] = ("A", "B", "C", "D", "E")
CASEWORKER_FACTOR_CODE = "F"
HEALTH_FACTOR_CODE = "B"

_BY_CODE = {factor.code: factor for factor in FACTORS}


class UnknownFactorError(ValueError):
    """A factor code that is not one of A–F."""

    def __init__(self, code: object) -> None:
        super().__init__(f"unknown factor {code!r}; expected one of {', '.join(_BY_CODE)}")
        self.code = code


def get_factor(code: str) -> Factor:
    """Return the factor with this code, or raise UnknownFactorError."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise UnknownFactorError(code) from None
