"""How django-allauth sends account e-mail here: through the outbox, after the transaction commits."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMultiAlternatives

from outbox.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html_body = ""
        if isinstance(message, EmailMultiAlternatives):
            html_body = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
        email_queue(to=email, subject=message.subject, body=message.body, html_body=html_body)
