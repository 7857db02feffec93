"""What every e-mail of the portal must get right, read as a person reads it: a list of what is wrong."""

import re
from html import unescape as html_unescape
from urllib.parse import urlsplit

from django.conf import settings

from outbox.compose import PORTAL_NAME

URL = re.compile(r"""https?://[^\s<>"')]+""")
LINK_THEN_PUNCTUATION = re.compile(URL.pattern + r"[).,;:!?]+(?=\s|$)")
HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
# What a template leaves where a value was empty, missing or not rendered.
EMPTY_PLACEHOLDERS = [
    (re.compile(r"\b(from|de|on|sur|en|for|pour|para|of)\s+[!.,:;]"), "a word followed by nothing before punctuation"),
    (re.compile(r"(^|\n)[ \t]*[,.!]"), "a line that starts with punctuation"),
    # "Hello," stands alone; "Dear," wants a name.
    (re.compile(r"\b(Dear|Estimad[oa]|Cher|Chère)\s*,", re.IGNORECASE), "a greeting with no name"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "a template tag"),
    (re.compile(r"\(\s*\)"), "empty brackets"),
    (re.compile(r"\s[,.](\s|$)"), "a space before a comma or full stop"),
]
ADDRESSED_BY_EMAIL = re.compile(r"\b(Dear|Hello|Hi|Estimad[oa]|Hola|Bonjour|Cher|Chère)\s+[^\s,]*@", re.IGNORECASE)


def email_problems(message, base_url: str) -> list[str]:
    """Every problem of one sent message (django.core.mail.EmailMessage); empty when it is right."""
    problems = []
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    if not html:
        problems.append("no HTML alternative")
    base = urlsplit(base_url)
    for part, text in (("subject", message.subject), ("text", message.body), ("HTML", _visible_text(html))):
        if part != "subject" or text:
            problems += [
                f"{part}: {why}: {_around(text, match)!r}"
                for pattern, why in EMPTY_PLACEHOLDERS
                for match in [pattern.search(text)]
                if match and not (part == "subject" and why.startswith("a line"))
            ]
        problems += [
            f"{part}: addressed by an e-mail address: {_around(text, match)!r}"
            for match in [ADDRESSED_BY_EMAIL.search(text)]
            if match
        ]
    if not message.subject.strip():
        problems.append("empty subject")
    links = URL.findall(message.body) + [link for link in HREF.findall(html) if not link.startswith("mailto:")]
    for link in links:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            problems.append(f"a link off the portal ({base_url}): {link}")
    # A link followed by punctuation ("(https://...)."): the HTML must keep the punctuation after the link (Django's
    # urlize drops the full stop after a closing bracket).
    shown = html_unescape(_visible_text(html))
    problems += [
        f"HTML: lost what follows a link: {match[0]!r}"
        for match in LINK_THEN_PUNCTUATION.finditer(message.body)
        if match[0] not in shown
    ]
    if re.search(r"<(img|link|script)\b|url\(", html, re.IGNORECASE):
        problems.append("HTML loads something (image, style sheet or script)")
    for part, text in (("text", message.body), ("HTML", html)):
        if settings.ICP_CONTACT_EMAIL not in text:
            problems.append(f"{part}: no contact address {settings.ICP_CONTACT_EMAIL}")
        if PORTAL_NAME not in text:
            problems.append(f"{part}: no portal name")
    return problems


def _visible_text(html: str) -> str:
    text = re.sub(r"<(style|title)\b.*?</\1>", "", html, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[ \t]+", " ", text)


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 30) : match.end() + 30]
