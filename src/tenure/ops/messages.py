"""Slack-compatible messages about new tasks: `{"text": …, "blocks": […]}`.

`text` is the plain fallback (notifications, other chat tools that take the same JSON);
`blocks` is one header and one section per task, in chunks that stay under Slack's limit
of 50 blocks per message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

RULE_TITLES = {
    "health_red": "Health turned red",
    "usage_drop": "Usage drop",
    "detractor": "Detractor answer",
    "invoice_overdue": "Invoice overdue",
    "renewal_low_health": "Renewal at risk",
    "ticket_spike": "Ticket spike",
    "no_touchpoint": "No touchpoint",
}


def escape(text: str) -> str:
    """Text safe inside Slack mrkdwn (`&`, `<`, `>` are control characters there)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def task_line(task: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One task in a line: rule, account, reason, owner and due date."""
    account = names.get(str(task["account_id"])) or str(task["account_id"])
    owner = task.get("owner_id") or "unassigned"
    title = RULE_TITLES.get(str(task["rule"]), str(task["rule"]))
    return (
        f"*{escape(title)}* · {escape(account)}: {escape(str(task['reason']))}"
        f" (owner {escape(str(owner))}, due {task['due_on']}, task `{task['task_id']}`)"
    )


def message(
    tasks: Sequence[Mapping[str, Any]], names: Mapping[str, str], day: str
) -> dict[str, Any]:
    """One message about `tasks`."""
    count = len(tasks)
    title = f"tenure: {count} new task{'s' if count != 1 else ''} from the alert rules ({day})"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}
    ]
    lines = [task_line(task, names) for task in tasks]
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": line[:3000]}} for line in lines
    ]
    return {"text": title + "\n" + "\n".join(lines), "blocks": blocks}


def messages(
    tasks: Sequence[Mapping[str, Any]], names: Mapping[str, str], day: str, per_message: int
) -> list[tuple[dict[str, Any], list[str]]]:
    """(payload, task ids) of every message announcing `tasks`, `per_message` at a time."""
    chunks = [tasks[i : i + per_message] for i in range(0, len(tasks), per_message)]
    return [(message(chunk, names, day), [str(t["task_id"]) for t in chunk]) for chunk in chunks]
