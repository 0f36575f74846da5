"""What a request carries: JSON decoded strictly into its type, forms read as text, paths and queries checked."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import msgspec
from litestar.dto import AbstractDTO
from litestar.dto.data_structures import DTOFieldDefinition
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.openapi.spec import Reference, Schema
from litestar.plugins import SerializationPlugin
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.typing import FieldDefinition

from goals.text import control_problem, cpr_field_problem
from placement.errors import InvalidInput
from placement.inputs import refuse_bad_values

T = TypeVar("T")
JSON_MEDIA_TYPE = "application/json"
TOO_DEEP = "the body nests deeper than any body of this API"
_AT = re.compile(r" - at `\$\.?(?P<path>.*)`$")
_UNKNOWN = re.compile(r"unknown field `(?P<name>[^`]*)`")
_MISSING = re.compile(r"missing required field `(?P<name>[^`]*)`")

# The SchemaCreator of Litestar's OpenAPI plugin; only its for_field_definition() is used.
SchemaCreator = Any


class RequestBody(AbstractDTO[T]):
    """The body of every route that takes one.

    JSON is decoded by msgspec straight into the handler's declared type with strict=True: no untyped tree is built
    first, so a wrong type ("3" for 3) or a structure nested a thousand deep fails at the first wrong token, cheaply.
    Litestar's own path converts an untyped tree leniently. Forms are text by nature and are converted leniently.
    Either way every text, date and list is checked (control characters, CPR-shaped numbers, bounds).
    """

    @classmethod
    def generate_field_definitions(cls, model_type: type[Any]) -> Generator[DTOFieldDefinition, None, None]:
        yield from ()  # No transfer model: the body decodes into the declared type itself.

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        return False

    @classmethod
    def create_for_field_definition(
        cls, field_definition: FieldDefinition, handler_id: str, backend_cls: Any = None
    ) -> None:
        return None

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: SchemaCreator
    ) -> Reference | Schema:
        # The declared type's own schema, so the OpenAPI document names the same components as before.
        return schema_creator.for_field_definition(field_definition)

    def decode_bytes(self, value: bytes) -> Any:
        media_type = self.asgi_connection.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != JSON_MEDIA_TYPE:
            raise InvalidInput(f"the body must be JSON sent as Content-Type: {JSON_MEDIA_TYPE}", field="content-type")
        try:
            data = msgspec.json.decode(value, type=self.model_type, strict=True)
            # A field typed Any (the answers of an assessment) may still hold nesting just short of msgspec's limit.
            refuse_bad_values(data)
        except msgspec.ValidationError as error:
            raise _invalid(error) from None
        except msgspec.DecodeError:
            raise InvalidInput("the body is not valid JSON", field="body") from None
        except RecursionError:
            raise InvalidInput(TOO_DEEP, field="body") from None
        return data

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        refuse_bad_values(value, cpr=False)
        try:
            return msgspec.convert(value, type=self.model_type, strict=False, str_keys=True)
        except msgspec.ValidationError as error:
            raise _invalid(error) from None


def _invalid(error: msgspec.ValidationError) -> InvalidInput:
    """msgspec's message names the field ("Expected `int`, got `str` - at `$.rating`"); the field goes apart too."""
    message = str(error)
    match = _AT.search(message)
    field = match.group("path") if match else ""
    if named := _MISSING.search(message) or _UNKNOWN.search(message):
        field = f"{field}.{named.group('name')}" if field else named.group("name")
        if problem := cpr_field_problem(named.group("name")):
            return InvalidInput(problem, field=field)
    return InvalidInput(message, field=field or "body")


class RequestBodyPlugin(SerializationPlugin):
    """Gives every route handler's `data` the RequestBody DTO, so that no route can take a body without it."""

    def supports_type(self, field_definition: FieldDefinition) -> bool:
        return field_definition.name == "data"

    def create_dto_for_type(self, field_definition: FieldDefinition) -> type[AbstractDTO[Any]]:
        dto: type[AbstractDTO[Any]] = RequestBody[field_definition.annotation]  # type: ignore[name-defined]
        return dto


class RefuseControlCharacters(ASGIMiddleware):
    """A path or query parameter with a control character, a lone surrogate or bytes that are not UTF-8 gets a
    400 naming it before any guard, handler or query sees it (PostgreSQL cannot even store a NUL)."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if problem := control_problem(scope["path"]):
            raise InvalidInput(f"the path {problem}", field="path")
        query = scope.get("query_string", b"").decode("latin-1")
        for name, value in parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"):
            if problem := control_problem(name):
                raise InvalidInput(f"a query parameter's name {problem}", field="query")
            if problem := control_problem(value):
                raise InvalidInput(f"the query parameter {name} {problem}", field=name)
        await next_app(scope, receive, send)
