"""Main-content extraction: the article a page holds, as markdown-ish text, without the site around it.

trafilatura finds the main content and renders it as markdown (headings as `#` lines, lists,
code blocks). It already drops navigation, footers and comments; a few boilerplate blocks of the
iq.opengenus.org Ghost theme sit inside the `<article>` element, so they are pruned by name.
"""

from __future__ import annotations

import re

import trafilatura

from ingest.models import Article

# Boilerplate inside the article element of the site's theme (repo OpenGenus/iq, post.hbs) and
# of Ghost themes generally: the promo banner, subscribe forms, related posts, author and tags.
_BOILERPLATE_XPATHS = [
    "//*[@id='global_message']",
    "//*[contains(@class, 'subscribe')]",
    "//*[contains(@class, 'read-next')]",
    "//*[contains(@class, 'author-card')]",
    "//*[contains(@class, 'taglist')]",
    "//*[@id='discourse-comments']",
]

# Less body text than this is a stub, an error page or a listing, not an article to learn from.
MIN_CONTENT_CHARS = 200

_H1 = re.compile(r"^#\s+(?P<text>.+?)\s*$")


def extract_article(html: str, url: str) -> Article | None:
    """The page's main content, starting with a `# Title` line; None when there is none usable."""
    if not html.strip():
        return None
    markdown = trafilatura.extract(
        html,
        url=url,
        output_format="markdown",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        prune_xpath=_BOILERPLATE_XPATHS,
    )
    if not markdown:
        return None
    markdown = markdown.strip()
    leading_h1 = _leading_h1(markdown)
    title = _metadata_title(html) or leading_h1 or url
    body = markdown.partition("\n")[2].strip() if leading_h1 and _same(leading_h1, title) else markdown
    if len(body) < MIN_CONTENT_CHARS:
        return None
    return Article(url=url, title=title, text=f"# {title}\n\n{body}")


def _metadata_title(html: str) -> str | None:
    """The page's own title as trafilatura reads it (og:title, <title>, h1)."""
    metadata = trafilatura.extract_metadata(html)
    title = " ".join((metadata.title or "").split()) if metadata is not None else ""
    return title or None


def _leading_h1(markdown: str) -> str | None:
    """The text of a first `# ...` line: trafilatura's rendering of the page's h1."""
    first = markdown.split("\n", 1)[0]
    match = _H1.match(first)
    return match.group("text") if match else None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
