"""Reading pages as a user sees them: a small HTML tree with visible text, and a form post carrying the CSRF token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text a reader sees, whitespace collapsed."""
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        return " ".join(" ".join(parts).split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def all(self, tag: str, **attrs: str) -> list[Node]:
        """Elements by tag and attributes; `class_` matches one of the classes."""
        wanted_class = attrs.pop("class_", None)
        return [
            node
            for node in self.walk()
            if node.tag == tag
            and all(node.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
            and (wanted_class is None or wanted_class in node.attrs.get("class", "").split())
        ]

    def one(self, tag: str, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag}> with {attrs}, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@pytest.fixture
def read_page() -> Callable[[str], Node]:
    return parse


@pytest.fixture
def post_form(client: AsyncTestClient[Any]) -> Callable[..., Any]:
    """POST a form as the browser does after a GET: the CSRF cookie's token goes along; redirects are not followed."""

    async def post(path: str, data: dict[str, str], *, headers: dict[str, str] | None = None) -> Any:
        if "csrftoken" not in client.cookies:
            await client.get("/")
        return await client.post(
            path,
            data=data,
            headers={"x-csrftoken": client.cookies["csrftoken"], **(headers or {})},
            follow_redirects=False,
        )

    return post
