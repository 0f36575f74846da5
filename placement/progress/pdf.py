"""HTML to PDF with WeasyPrint, able to fetch only the report's own assets; runs inside worker processes.

Every PDF is tagged PDF/UA-1 (WeasyPrint's pdf_variant), so that a screen reader can read it: the title comes from the
HTML's <title>, the language from <html lang>, and WeasyPrint tags headings, paragraphs, lists and tables (TH/TD, with
the headers of each cell) and gives each figure the alternative text of its inline SVG's <title> or its img's alt.
WeasyPrint logs an error (logger "weasyprint") for an image without alt or a missing lang; the tests fail on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"


class OwnAssetsOnly(URLFetcher):
    """Refuses the network and every file outside the report's asset folder; data: URIs (inline images) pass."""

    def __init__(self, assets: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.assets = assets.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(self.assets):
                raise ValueError(f"the report may not read {path}")
        return super().fetch(url, headers)


def render_pdf(html: str, assets: str, *, variant: str | None = PDF_VARIANT) -> bytes:
    """The PDF of `html` (tagged PDF/UA-1 unless `variant` says otherwise: the benchmark measures what tags cost)."""
    folder = Path(assets)
    document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=OwnAssetsOnly(folder))
    pdf: bytes = document.write_pdf(pdf_variant=variant)
    return pdf
