"""What a screen reader gets from a tagged PDF: its title, its language and the structure tree in reading order.

pypdf reads the catalogue and walks /StructTreeRoot depth first, in the order of each element's /K, as assistive
technology does. Each element's text is that of the marked content it owns (its MCIDs, mapped page by page through
the content streams' BDC/EMC) and of its descendants, so a heading or a table cell reads as what is printed in it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass(frozen=True, slots=True)
class Element:
    """One structure element: its standard tag (H1, P, L, LI, Table, TH, Figure …) and what a reader announces."""

    tag: str
    alt: str | None
    actual_text: str | None
    own_text: str
    id: str | None
    headers: tuple[str, ...]
    children: tuple[Element, ...] = field(default=())

    @property
    def text(self) -> str:
        """The text of this element and everything in it, whitespace collapsed."""
        parts = [self.own_text, *(child.text for child in self.children)]
        return " ".join(" ".join(parts).split())

    def walk(self) -> Iterator[Element]:
        """This element and its descendants in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class TaggedPdf:
    title: str | None
    lang: str | None
    marked: bool
    displays_title: bool
    root: Element | None

    def elements(self) -> Iterator[Element]:
        """Every structure element in reading order (the tree's root, /StructTreeRoot itself, left out)."""
        if self.root is not None:
            for child in self.root.children:
                yield from child.walk()

    def tagged(self, *tags: str) -> list[Element]:
        return [element for element in self.elements() if element.tag in tags]


HEADING = re.compile(r"H([1-6])")


def heading_level(element: Element) -> int | None:
    match = HEADING.fullmatch(element.tag)
    return int(match.group(1)) if match else None


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _string(value: Any) -> str | None:
    value = _resolve(value)
    return None if value is None else str(value)


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence, by (page index, MCID)."""
    texts: dict[tuple[int, int], list[str]] = {}
    for index, page in enumerate(reader.pages):
        open_ids: list[int | None] = []

        def before(
            operator: bytes, operands: list[Any], cm: Any, tm: Any, open_ids: list[int | None] = open_ids
        ) -> None:
            if operator == b"BDC":
                properties = _resolve(operands[1]) if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                open_ids.append(None if mcid is None else int(mcid))
            elif operator == b"BMC":
                open_ids.append(None)
            elif operator == b"EMC" and open_ids:
                open_ids.pop()

        def text(
            content: str,
            cm: Any,
            tm: Any,
            font: Any,
            size: Any,
            index: int = index,
            open_ids: list[int | None] = open_ids,
        ) -> None:
            mcid = next((m for m in reversed(open_ids) if m is not None), None)
            if mcid is not None and content:
                texts.setdefault((index, mcid), []).append(content)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: " ".join("".join(parts).split()) for key, parts in texts.items()}


def read(pdf: bytes) -> TaggedPdf:
    """The document as a screen reader meets it."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    texts = _marked_texts(reader)

    def element(node: DictionaryObject, page: int | None) -> Element:
        if "/Pg" in node:
            page = pages.get(node.raw_get("/Pg").idnum, page)
        kids = _resolve(node.get("/K"))
        own: list[str] = []
        children: list[Element] = []
        for kid in kids if isinstance(kids, ArrayObject) else [] if kids is None else [kids]:
            kid = _resolve(kid)
            if isinstance(kid, int):
                own.append(texts.get((page, kid), "") if page is not None else "")
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                kid_page = pages.get(kid.raw_get("/Pg").idnum, page) if "/Pg" in kid else page
                own.append(texts.get((kid_page, cast(int, kid["/MCID"])), "") if kid_page is not None else "")
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                children.append(element(kid, page))
            # /OBJR (a link's or a form field's annotation) carries no text of its own
        attributes = _resolve(node.get("/A"))
        headers = _resolve(attributes.get("/Headers")) if isinstance(attributes, DictionaryObject) else None
        return Element(
            tag=str(node.get("/S", "/StructTreeRoot")).removeprefix("/"),
            alt=_string(node.get("/Alt")),
            actual_text=_string(node.get("/ActualText")),
            own_text=" ".join(" ".join(own).split()),
            id=_string(node.get("/ID")),
            headers=tuple(str(h) for h in headers) if isinstance(headers, ArrayObject) else (),
            children=tuple(children),
        )

    tree = _resolve(catalog.get("/StructTreeRoot"))
    preferences = _resolve(catalog.get("/ViewerPreferences")) or DictionaryObject()
    mark_info = _resolve(catalog.get("/MarkInfo")) or DictionaryObject()
    return TaggedPdf(
        title=reader.metadata.title if reader.metadata else None,
        lang=_string(catalog.get("/Lang")),
        marked=bool(mark_info.get("/Marked", False)),
        displays_title=bool(preferences.get("/DisplayDocTitle", False)),
        root=element(tree, None) if isinstance(tree, DictionaryObject) else None,
    )
