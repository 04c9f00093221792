"""Send an alert: Slack and Microsoft Teams incoming webhooks, or SMTP mail.

Payload formats, as their vendors document them:

- ``slack``: an incoming webhook takes ``{"text": ..., "blocks": [...]}``; ``text`` is the
  notification fallback when ``blocks`` (Block Kit) are given. Success is HTTP 200 (``ok``); errors
  are 4xx with a short reason (``invalid_payload``, ``channel_not_found``...).
- ``teams``: the current way, a Teams Workflows webhook ("When a Teams webhook request is received"),
  takes a message with an Adaptive Card attachment: ``{"type": "message", "attachments":
  [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null, "content":
  {"type": "AdaptiveCard", "version": "1.2", ...}}]}``; it answers 202 Accepted.
- ``teams_messagecard``: the legacy Office 365 connector webhook (being retired by Microsoft; Workflows
  does not take this format) takes a MessageCard: ``{"@type": "MessageCard", "@context":
  "http://schema.org/extensions", "summary", "title", "text", "potentialAction": [OpenUri]}``.
- ``email``: a plain-text message through ``smtplib`` (STARTTLS unless disabled, login when a
  username is configured; the password is the secret ``alerts.channels.<name>.smtp_password``).

Any 2xx is success; anything else raises ``DeliveryError`` with the status and at most 200 characters
of the answer, never the URL (it is a secret).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import httpx

from .checks import Alert
from .config import Channel

TIMEOUT_SECONDS = 10
COLORS = {"firing": "attention", "resolved": "good"}


class DeliveryError(RuntimeError):
    """An alert could not be sent; the message names the channel and never the secret URL."""


def headline(alert: Alert, state: str) -> str:
    return f"[wfm-hub] {'RESOLVED: ' if state == 'resolved' else ''}{alert.title}"


def slack_payload(alert: Alert, state: str, link: str) -> dict:
    return {
        "text": f"{headline(alert, state)}: {alert.text}",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": headline(alert, state)[:150]}},
            {"type": "section", "text": {"type": "mrkdwn", "text": alert.text[:2900]}},
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"{alert.kind} | <{link}|Dagster run> | incident {alert.key}"}],
            },
        ],
    }


def teams_payload(alert: Alert, state: str, link: str) -> dict:
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.2",
        "body": [
            {
                "type": "TextBlock",
                "text": headline(alert, state),
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
                "color": COLORS[state],
            },
            {"type": "TextBlock", "text": alert.text, "wrap": True},
            {
                "type": "FactSet",
                "facts": [{"title": "kind", "value": alert.kind}, {"title": "incident", "value": alert.key}],
            },
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "Open the Dagster run", "url": link}],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def messagecard_payload(alert: Alert, state: str, link: str) -> dict:
    return {
        "@type": "MessageCard",
        "@context": "http://schema.org/extensions",
        "themeColor": "2EB886" if state == "resolved" else "D40E0D",
        "summary": headline(alert, state),
        "title": headline(alert, state),
        "text": alert.text,
        "sections": [{"facts": [{"name": "kind", "value": alert.kind}, {"name": "incident", "value": alert.key}]}],
        "potentialAction": [
            {"@type": "OpenUri", "name": "Open the Dagster run", "targets": [{"os": "default", "uri": link}]}
        ],
    }


PAYLOADS = {"slack": slack_payload, "teams": teams_payload, "teams_messagecard": messagecard_payload}


def send(channel: Channel, alert: Alert, state: str, link: str) -> None:
    """Deliver one alert (``state``: firing or resolved) to ``channel``; raises DeliveryError."""
    if channel.kind == "email":
        return _mail(channel, alert, state, link)
    try:
        answer = httpx.post(channel.url(), json=PAYLOADS[channel.kind](alert, state, link), timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as err:
        raise DeliveryError(f"channel {channel.name}: {type(err).__name__} while posting") from None
    if not 200 <= answer.status_code < 300:
        raise DeliveryError(f"channel {channel.name}: HTTP {answer.status_code} {answer.text[:200]!r}")


def _mail(channel: Channel, alert: Alert, state: str, link: str) -> None:
    message = EmailMessage()
    message["Subject"] = headline(alert, state)
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.recipients)
    message.set_content(f"{alert.text}\n\nkind: {alert.kind}\nincident: {alert.key}\nDagster run: {link}\n")
    try:
        with smtplib.SMTP(channel.smtp_host, channel.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
            if channel.starttls:
                smtp.starttls()
            if channel.smtp_username:
                smtp.login(channel.smtp_username, channel.secret("smtp_password") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        raise DeliveryError(f"channel {channel.name}: SMTP {type(err).__name__}: {str(err)[:200]}") from None
