"""Untrusted text reaches the page as plain text, and only http(s) links are ever built."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from ui.safe_text import escape_markdown, markdown_link, safe_url

# CommonMark with raw HTML enabled: the most permissive reading a page could get.
RENDERER = MarkdownIt("commonmark", {"html": True})

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    "[click me](javascript:alert(1))",
    "![pixel](https://tracker.example/p.gif)",
    "<https://evil.example>",
    "**bold** _it_ `code` ~~gone~~",
    "# Heading\n\n> quote\n\n- item\n1. item",
    ":red[colour] :material/home: $x^2$",
    "&lt;b&gt; entity &amp; friends",
    "back\\slash \\[escaped\\]",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_exactly_that_text(text):
    html = RENDERER.render(escape_markdown(text))

    assert re.findall(r"<(?!/?p>)[^>]*>", html) == [], "no element but paragraphs"
    visible = re.sub(r"</?p>", "", html).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&quot;", '"').replace("&amp;", "&")
    assert " ".join(visible.split()) == " ".join(text.split())


def test_paragraphs_survive_escaping():
    assert escape_markdown("one\n\n\ntwo") == "one\n\ntwo"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "ftp://host/x",
    "https://", "//host/path", "not a url", "https://exa mple.com/",
])
def test_only_http_urls_with_a_host_are_accepted(url):
    assert safe_url(url) is None
    assert markdown_link("label", url) == "label"


def test_a_link_cannot_break_out_of_its_markdown():
    link = markdown_link("GeLU [1]", "https://iq.opengenus.org/a)b(c/?q=<x>")

    html = RENDERER.render(link)

    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://iq.opengenus.org/a%29b%28c/?q=%3Cx%3E"]
    assert ">GeLU [1]</a>" in html
