"""Title, author, outlet and date of a saved web page, from what the page itself declares: Open
Graph and Twitter tags, the author and date tags news sites write, and the first heading. They
back up trafilatura's metadata, which on some pages picks a logo's alt text or nothing at all."""

from __future__ import annotations

from dataclasses import dataclass

_TITLE_TAGS = ("og:title", "twitter:title", "dc.title", "headline")
_SITE_TAGS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
_AUTHOR_TAGS = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "citation_author")
_DATE_TAGS = ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date",
              "dc.date.issued", "citation_publication_date", "og:published_time", "sailthru.date")


@dataclass
class PageMetadata:
    titles: list[str]  # declared titles, best first (tags, then the first heading)
    site: str | None
    author: str | None
    date: str | None


def page_metadata(data: bytes) -> PageMetadata:
    """What the page declares; nothing when it cannot be parsed (trafilatura's reading stands)."""
    try:
        from lxml import html

        tree = html.fromstring(data)
    except (ValueError, TypeError, SyntaxError):  # lxml's ParserError is a ValueError
        return PageMetadata([], None, None, None)
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if key and value and key not in tags:
            tags[key] = value
    titles = [tags[key] for key in _TITLE_TAGS if key in tags]
    # Then the headings a page marks as such: h1, an element called "headline" or "title", h2.
    marked = tree.xpath("//h1 | //*[contains(@class, 'headline') or contains(@class, 'title') "
                        "or @itemprop='headline'][not(self::title)] | //h2")
    titles += [text for text in (" ".join(e.text_content().split()) for e in marked) if text][:6]
    time_tag = next((t.get("datetime") for t in tree.iter("time") if t.get("datetime")), None)
    return PageMetadata(
        titles=titles,
        site=next((tags[key].lstrip("@") for key in _SITE_TAGS if key in tags), None),
        author=next((tags[key] for key in _AUTHOR_TAGS if key in tags and not tags[key].startswith("http")), None),
        date=next((tags[key] for key in _DATE_TAGS if key in tags), time_tag),
    )
