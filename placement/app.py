"""create_app(settings) builds the Litestar application; nothing happens at import time."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
)
from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from goals.questions import build_bank
from goals.target_groups import TargetGroupsError, build_target_groups
from placement.admin.api import AdminApiController
from placement.admin.pages import AdminPageController
from placement.assessments.api import AssessmentApiController
from placement.assessments.pages import AssessmentPageController
from placement.assessments.talk_pages import ConversationPageController
from placement.audit.services import record_forbidden
from placement.auth.api import AuthApiController
from placement.auth.cookies import CSRF_HEADER, csrf_cookie_name
from placement.auth.identity import provide_actor
from placement.auth.middleware import SessionMiddleware, require_login
from placement.auth.pages import AuthPageController
from placement.bodies import RefuseControlCharacters, RequestBodyPlugin
from placement.citizen_view.api import MeDataUseApiController
from placement.citizen_view.pages import CitizenPageController
from placement.citizens.api import CitizenApiController, TargetGroupApiController
from placement.citizens.pages import CitizenRecordPageController
from placement.clock import SYSTEM_CLOCK, Clock, provide_clock
from placement.companies.api import CompanyApiController
from placement.companies.pages import CompanyPageController
from placement.config import ConfigError, Settings
from placement.db.engine import create_engine
from placement.db.migrate import ensure_data_dir
from placement.db.unit_of_work import UnitOfWork
from placement.decisions.api import DecisionApiController
from placement.decisions.pages import DecisionPageController
from placement.health.api import HealthController
from placement.i18n import Catalogues
from placement.insights.api import InsightsApiController
from placement.insights.calibration_api import CalibrationApiController
from placement.insights.calibration_pages import CalibrationPageController
from placement.insights.pages import InsightsPageController
from placement.insights.report_api import InsightsReportApiController
from placement.invitations.api import InvitationApiController
from placement.invitations.pages import InvitationPageController
from placement.leader.pages import LeaderPageController
from placement.logging import configure_logging
from placement.logs.api import LogApiController
from placement.logs.pages import LogPageController, OldLogPathController
from placement.mail.sending import in_process_sender
from placement.mail.transport import transport_for
from placement.openapi import declare_responses
from placement.outcomes.api import OutcomeApiController
from placement.outcomes.pages import OutcomePageController
from placement.overview.api import OverviewApiController
from placement.overview.pages import OverviewPageController
from placement.pages.pages import PagesController
from placement.partner.pages import PartnerPageController
from placement.placements.api import PlacementApiController
from placement.placements.pages import PlacementPageController
from placement.progress.api import ProgressApiController, ReportApiController
from placement.progress.pages import ProgressPageController
from placement.progress.rendering import PdfRenderer
from placement.questions.api import QuestionApiController
from placement.questions.pages import FactorPageController
from placement.questions.registry import registered_bank
from placement.questions.selection_api import QuestionSelectionApiController
from placement.reminders.schedule import in_process_reminders
from placement.resources import resource_dir
from placement.self_rating.api import SelfRatingApiController
from placement.self_rating.pages import SelfRatingPageController
from placement.subgoals.api import SubGoalApiController, SubGoalLibraryApiController
from placement.subgoals.pages import SubGoalPageController
from placement.web.handlers import EXCEPTION_HANDLERS
from placement.web.render import RequestContextMiddleware, jinja_environment

# The largest body any route needs (a 52-week plan is about 5 KB); Litestar's default is 10 MB.
MAX_BODY_BYTES = 256 * 1024


def create_app(settings: Settings, *, clock: Clock | None = None) -> Litestar:
    """The service for `settings`; raises ConfigError or QuestionBankError with a clear message when it cannot run.

    `clock` is the service's one clock (the system's by default); tests pass a fixed one.
    """
    settings.validate()
    configure_logging()
    ensure_data_dir(settings)
    bank = build_bank(settings.question_bank_path)
    try:
        target_groups = build_target_groups(settings.target_groups_path)
    except TargetGroupsError as exc:
        raise ConfigError(f"PLACEMENT_TARGET_GROUPS_FILE: {exc}") from None
    engine = create_engine(settings)
    renderer = PdfRenderer(
        workers=settings.pdf_max_concurrent,
        timeout=settings.pdf_timeout_seconds,
        assets=resource_dir("templates") / "reports",
    )
    alchemy = SQLAlchemyAsyncConfig(
        engine_instance=engine,
        session_config=AsyncSessionConfig(expire_on_commit=False),
        create_all=False,
    )
    # The one place that commits or rolls back; a refusal's audit row outlives the refused request's rollback.
    unit_of_work = UnitOfWork(alchemy, on_refusal=(record_forbidden,))
    alchemy.before_send_handler = unit_of_work.before_send
    app = Litestar(
        route_handlers=[
            HealthController,
            AuthApiController,
            AuthPageController,
            AdminApiController,
            AdminPageController,
            InvitationApiController,
            InvitationPageController,
            CompanyApiController,
            CompanyPageController,
            CitizenApiController,
            TargetGroupApiController,
            CitizenRecordPageController,
            PlacementApiController,
            PlacementPageController,
            SubGoalApiController,
            SubGoalLibraryApiController,
            SubGoalPageController,
            DecisionApiController,
            DecisionPageController,
            OutcomeApiController,
            OutcomePageController,
            LogApiController,
            LogPageController,
            SelfRatingApiController,
            SelfRatingPageController,
            OldLogPathController,
            ProgressApiController,
            OverviewApiController,
            InsightsApiController,
            OverviewPageController,
            ReportApiController,
            ProgressPageController,
            PagesController,
            QuestionApiController,
            QuestionSelectionApiController,
            FactorPageController,
            AssessmentApiController,
            AssessmentPageController,
            ConversationPageController,
            CitizenPageController,
            MeDataUseApiController,
            PartnerPageController,
            LeaderPageController,
            CalibrationApiController,
            CalibrationPageController,
            InsightsPageController,
            InsightsReportApiController,
            create_static_files_router(
                path="/static",
                directories=[resource_dir("templates") / "static"],
                include_in_schema=False,
                opt={"public": True},
            ),
        ],
        dependencies={"actor": Provide(provide_actor), "clock": Provide(provide_clock, sync_to_thread=False)},
        plugins=[SQLAlchemyPlugin(config=alchemy), RequestBodyPlugin()],
        # Responses are plain Structs; without this the body DTO would be used for them too.
        return_dto=None,
        request_max_body_size=MAX_BODY_BYTES,
        middleware=[
            RequestContextMiddleware(production=settings.is_production),
            RefuseControlCharacters(),
            SessionMiddleware(engine),
        ],
        guards=[require_login],
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(jinja_environment())),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            # Read by scripts to send it back in the header, so not HttpOnly; only this origin gets it.
            cookie_name=csrf_cookie_name(settings),
            header_name=CSRF_HEADER,
            cookie_secure=settings.is_production,
            cookie_httponly=False,
            cookie_samesite="strict",
            cookie_path="/",
            cookie_domain=None,
        ),
        openapi_config=OpenAPIConfig(
            title="Virksomhedspraktik — progression",
            version="1.0.0",
            path="/schema",
            description="The public JSON API of the placement service. See docs in README.md.",
        ),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        after_exception=[unit_of_work.after_exception],
        # No logging set-up of Litestar's: it would replace the root logger's handlers of whoever runs the app, and
        # its exception log prints messages. errors.py logs each failure without values; `placement run` configures.
        logging_config=None,
        state=State(
            {
                "settings": settings,
                "clock": clock or SYSTEM_CLOCK,
                "engine": engine,
                "pdf_renderer": renderer,
                "bank": bank,
                "target_groups": target_groups,
                "catalogues": Catalogues.load(),
                "mail_transport": transport_for(settings),
            }
        ),
        lifespan=[registered_bank, in_process_sender, in_process_reminders],
        debug=False,
    )
    declare_responses(app)
    return app
