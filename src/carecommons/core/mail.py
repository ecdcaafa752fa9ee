"""Email is rendered in the request (templates are cheap) and delivered by the worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string


def render_email(template_prefix: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render `<prefix>_subject.txt`, `<prefix>_message.txt` and `<prefix>_message.html`."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}_message.txt", context)
    html = render_to_string(f"{template_prefix}_message.html", context)
    return subject, text, html


def queue_email(template_prefix: str, to: str, context: dict[str, Any]) -> None:
    subject, text, html = render_email(template_prefix, context)
    deliver_email.enqueue(to=to, subject=subject, text=text, html=html)


@task()
def deliver_email(*, to: str, subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
