"""Rendering untrusted text safely in Streamlit.

Answers, snippets and quiz text come from fetched web pages, a language model or the user. The
app never passes them as HTML (no `unsafe_allow_html`), and wherever they reach `st.markdown` (or a
widget label, which is markdown too) they go through `escape_markdown`, so a page cannot inject
links, images (tracking pixels), colour directives or LaTeX. Links are built only from URLs that
`safe_url` accepts: http(s) with a host, nothing else.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all also
# disarms Streamlit's extensions (`:red[...]`, `:material/icon:`, `$latex$`) and GFM autolinks.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Characters left as they are inside a URL we emit; everything else is percent-encoded, so the
# URL cannot close the markdown link early (parentheses, spaces) or smuggle in markup.
_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"


def escape_markdown(text: str) -> str:
    """Plain text as markdown that renders exactly that text, paragraphs kept."""
    paragraphs = [" ".join(part.split()) for part in _BLANK_LINES.split(text.replace("\r", ""))]
    return "\n\n".join(_PUNCTUATION.sub(r"\\\1", p) for p in paragraphs if p)


def safe_url(url: str) -> str | None:
    """The URL, percent-encoded where needed, if it is http(s) with a host; otherwise None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, quote(parts.path, safe=_URL_SAFE),
                       quote(parts.query, safe=_URL_SAFE), quote(parts.fragment, safe=_URL_SAFE)))


def markdown_link(label: str, url: str) -> str:
    """`[label](url)` with the label escaped; just the escaped label if the URL is not http(s)."""
    target = safe_url(url)
    text = escape_markdown(label)
    if target is None:
        return text
    return f"[{text}]({target.replace('(', '%28').replace(')', '%29')})"
