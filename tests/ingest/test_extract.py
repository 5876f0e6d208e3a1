"""Main-content extraction: the article a student reads, without the site's chrome around it.

The pages are the fixture site's, built on the structure of iq.opengenus.org's Ghost theme.
"""

from __future__ import annotations

import pytest

from ingest.extract import extract_article
from tests.support.site import ARTICLES, INJECTION_PATH, INJECTION_TEXT, render_article

SITE = "https://iq.opengenus.org"

# Text that appears on every page but outside the article: nav, promo banner, tags, subscribe
# box, author card, comments, related posts and the site footer.
BOILERPLATE = [
    "100+ Graph Algorithms",
    "Join our Internship",
    "Get this book",
    "Subscribe to OpenGenus IQ",
    "Get the latest posts delivered right to your inbox",
    "Read More",
    "more posts",
    "quantum annealing for sorting socks",
    "See all 412 posts",
    "All rights reserved",
    "Top Posts",
]


def extract(slug: str):
    return extract_article(render_article(slug), f"{SITE}/{slug}/")


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.slug)
def test_each_article_keeps_its_title_and_drops_the_site_around_it(article):
    extracted = extract(article.slug)
    assert extracted is not None
    assert extracted.url == f"{SITE}/{article.slug}/"
    assert extracted.title == article.title
    assert extracted.text.startswith(f"# {article.title}\n\n")
    assert extracted.text.count(article.title) == 1
    for text in BOILERPLATE:
        assert text not in extracted.text
    related_titles = [other.title for other in ARTICLES if other is not article]
    assert not any(title in extracted.text for title in related_titles)


def test_headings_lists_and_code_are_kept_as_markdown():
    text = extract("alexnet").text
    lines = text.splitlines()
    assert "## Architecture of AlexNet" in lines
    assert "### Overlapping max pooling" in lines
    assert "1. Conv1: 96 filters of size 11 x 11 with stride 4, followed by max pooling." in lines
    assert "7. FC8: 1000 neurons with softmax, one per ImageNet class." in lines
    assert "```" in lines
    assert "model = alexnet(weights=None, num_classes=1000)" in lines


def test_bullet_lists_and_inline_code_are_kept():
    text = extract("dropout").text
    assert "- Apply dropout after the activation function of fully connected layers." in text.splitlines()
    assert "`model.eval()`" in text
    assert "mask = rng.random(activations.shape) >= p" in text  # entities decoded inside code


def test_an_instruction_inside_an_article_is_kept_as_content():
    """Extraction does not judge the text; the assistant must treat it as data."""
    assert INJECTION_TEXT in extract(INJECTION_PATH.strip("/")).text


@pytest.mark.parametrize("html", [
    "",
    "<html><body><h1>404 Page not found</h1></body></html>",
    "<html><head><title>OpenGenus IQ</title></head><body><nav><ul><li><a href='/a/'>Arrays</a></li>"
    "<li><a href='/b/'>Graphs</a></li></ul></nav><footer>All rights reserved</footer></body></html>",
    "<html><body><p>Short.</p></body></html>",
], ids=["empty", "error-page", "navigation-only", "stub"])
def test_a_page_without_article_content_gives_none(html):
    assert extract_article(html, f"{SITE}/nothing/") is None
