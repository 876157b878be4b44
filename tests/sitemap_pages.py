"""The whole sitemap as a crawler reads it: the index at /sitemap.xml, then each page it lists."""

import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import urlsplit

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_pages(client):
    """Each page the index lists, parsed."""
    index = client.get("/sitemap.xml")
    assert index.status_code == HTTPStatus.OK
    pages = []
    for loc in ET.fromstring(index.content).iter(f"{NS}loc"):  # noqa: S314
        parts = urlsplit(loc.text)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == HTTPStatus.OK, loc.text
        pages.append(ET.fromstring(response.content))  # noqa: S314
    return pages


def sitemap_urls(client):
    """Every <url> entry of every page."""
    return [url for page in sitemap_pages(client) for url in page.iter(f"{NS}url")]


def sitemap_text(client):
    """Every location listed, one per line."""
    return "\n".join(url.findtext(f"{NS}loc") for url in sitemap_urls(client))
