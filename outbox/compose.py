"""Every e-mail the portal sends is composed here: one template of content per e-mail, wrapped in the portal's
frame (templates/email/base.txt and base.html), rendered in the recipient's language.

An e-mail's templates are `<prefix>_subject.txt` (one line) and `<prefix>_message.txt` (the content: paragraphs
separated by blank lines, links on lines of their own). The HTML is made from the same content, so the two
never say different things: paragraphs become <p>, links become <a>.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, urlize
from django.utils.safestring import SafeString, mark_safe

from .models import OutboundEmail
from .services import email_queue

# The organisation's name is a proper name: the same in every language.
PORTAL_NAME = "International Cities of Peace"

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


@dataclass(frozen=True)
class ComposedEmail:
    subject: str
    text: str
    html: str


def recipient_name(user) -> str:
    """How an e-mail addresses a person with an account: the one place that says it (the name they gave; never
    their e-mail address). Empty when unknown: the frame then opens with a plain "Hello,"."""
    if user is None:
        return ""
    return (getattr(user, "full_name", "") or "").strip()


def recipient_language(user=None) -> str:
    """The recipient's language when they have an account, else the language the e-mail was triggered in."""
    languages = dict(settings.LANGUAGES)
    for language in (getattr(user, "language", ""), translation.get_language()):
        if language in languages:
            return language
    return settings.LANGUAGE_CODE


def email_compose(*, template_prefix: str, context: dict, to: str, language: str, name: str = "") -> ComposedEmail:
    """Renders the e-mail `template_prefix` for `to` in `language`, addressed to `name` (or to no one by name)."""
    with translation.override(language):
        context = {
            **context,
            "name": name,
            "portal_name": PORTAL_NAME,
            "contact_email": settings.ICP_CONTACT_EMAIL,
            "contact_link": format_html('<a href="mailto:{0}">{0}</a>', settings.ICP_CONTACT_EMAIL),
            "base_url": settings.PORTAL_BASE_URL,
            "language_code": language,
            "language_bidi": language.split("-")[0] in RIGHT_TO_LEFT,
        }
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        content = _tidy(render_to_string(f"{template_prefix}_message.txt", context))
        text = _tidy(render_to_string("email/base.txt", {**context, "content": content})) + "\n"
        html = render_to_string(
            "email/base.html", {**context, "subject": subject, "paragraphs": _paragraphs_html(content)}
        )
    return ComposedEmail(subject=subject, text=text, html=html)


def email_compose_and_queue(
    *, template_prefix: str, context: dict, to: str, language: str, name: str = ""
) -> OutboundEmail:
    """Composes the e-mail and queues it in the outbox (sent once the current transaction commits)."""
    email = email_compose(template_prefix=template_prefix, context=context, to=to, language=language, name=name)
    return email_queue(to=to, subject=email.subject, body=email.text, html_body=email.html)


def _tidy(text: str) -> str:
    """Templates leave stray spaces and runs of blank lines around their tags: one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _paragraphs_html(content: str) -> list[SafeString]:
    """Each paragraph of the text as HTML: escaped, its links made links, its line breaks kept."""
    paragraphs = []
    for paragraph in content.split("\n\n"):
        lines = [urlize(line, autoescape=True) for line in paragraph.splitlines()]
        paragraphs.append(mark_safe("<br>\n".join(lines)))  # noqa: S308 - each line escaped by urlize
    return paragraphs
