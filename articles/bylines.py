"""A story's credit and classification: its byline, section and topics, as its page shows them.

The byline is made from the story's authors, in byline order ("By Jane Doe and John
Roe", each linked to their page). The free-text byline (wire copy: "Reuters staff")
is the whole byline when there are no authors, and the last name credited when
there are ("By Jane Doe and Reuters staff"). ``credits`` is computed when the story
is rendered and stored in its page data, so the story page reads it with the story.
"""

from articles.models import Author, Authorship, Topic


def join_names(names):
    """Names as a reader says them: "A", "A and B", "A, B and C"."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def byline_text(author_names, free_text=""):
    """The byline without "By": the authors, then the free-text byline if any."""
    return join_names([*author_names, (free_text or "").strip()])


def story_authors(article):
    """The story's authors in byline order (one query)."""
    return list(
        Author.objects.filter(authorships__article=article)
        .order_by("authorships__position", "authorships__pk")
        .only("name", "slug", "role")
    )


def authorships_to_credit():
    """Authorships with their authors, in byline order (to prefetch for many stories)."""
    return (
        Authorship.objects.select_related("author")
        .order_by("position", "pk")
        .only("article", "author__name", "author__slug", "author__role")
    )


def topics_to_credit():
    return Topic.objects.order_by("name").only("name", "slug")


def credits(article, *, authors=None, topics=None):
    """What the story page shows of its credit and classification, as stored page data:
    authors (name, role, page path), the free-text byline, the section and the topics.
    ``authors`` (in byline order) and ``topics``, when the caller read them already."""
    section = article.section
    if authors is None:
        authors = story_authors(article)
    if topics is None:
        topics = topics_to_credit().filter(articles=article)
    return {
        "authors": [
            {"name": a.name, "slug": a.slug, "role": a.role, "url": a.get_absolute_url()}
            for a in authors
        ],
        "byline": (article.byline or "").strip(),
        "section": ({"name": section.name, "url": section.get_absolute_url()} if section else None),
        "topics": [{"name": t.name, "url": t.get_absolute_url()} for t in topics],
    }


def stored_byline(article):
    """The byline text from the story's stored page data (no query)."""
    stored = (article.page_data or {}).get("credits") or {}
    names = [a["name"] for a in stored.get("authors", [])]
    return byline_text(names, stored.get("byline", article.byline))
