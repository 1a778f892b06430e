"""Checking the evidence log ('selfassess evidence check'): each document present and
unchanged since it was logged, copies of one document handled alike, dates inside the
period covered, evidence not too old."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from stat import S_ISDIR, S_ISREG
from typing import Any

from selfassess.errors import SelfAssessError
from selfassess.evidence import copies
from selfassess.evidence.evidence_log import Register, hash_file
from selfassess.evidence.model import EvidenceItem


@dataclass
class LogFinding:
    rule: str
    message: str
    hint: str
    item: str | None = None
    theme: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def age_years(date: str, today: dt.date) -> float:
    return (today - dt.date.fromisoformat(date)).days / 365.25


def check(
    register: Register,
    theme_ids: list[str],
    period: tuple[str | None, str | None],
    stale_after_years: float = 3,
    today: dt.date | None = None,
) -> list[LogFinding]:
    """The log's integrity: files present and unchanged, copies handled alike, dates in the
    period and not stale, every theme with some evidence."""
    today = today or dt.date.today()
    findings: list[LogFinding] = []
    start, end = period
    for item in register.items():
        findings += _file_findings(register, item)
        date = item.date or item.period_end
        if date and start and date < start:
            findings.append(
                LogFinding(
                    "outside-period",
                    f"{item.id} '{item.title}' is dated {date}, before the period "
                    f"covered starts ({start})",
                    "check the date, or explain in the summary why it still matters",
                    item.id,
                )
            )
        elif date and end and date > end:
            findings.append(
                LogFinding(
                    "outside-period",
                    f"{item.id} '{item.title}' is dated {date}, after the period "
                    f"covered ends ({end})",
                    "check the date, or the period covered in workspace.yaml",
                    item.id,
                )
            )
        if date and age_years(date, today) > stale_after_years:
            findings.append(
                LogFinding(
                    "stale",
                    f"{item.id} '{item.title}' is {age_years(date, today):.1f} years old "
                    f"(older than {stale_after_years:g} year{'s' if stale_after_years != 1 else ''})",
                    "replace it with something more recent, "
                    "or say in the summary why it still stands",
                    item.id,
                )
            )
    findings += _copy_findings(register)
    covered = {theme for item in register.items() for theme in item.themes}
    for theme in theme_ids:
        if theme not in covered:
            findings.append(
                LogFinding(
                    "theme-without-evidence",
                    f"theme '{theme}' has no evidence",
                    f"add some with 'selfassess evidence add FILE --theme {theme}'",
                    theme=theme,
                )
            )
    return findings


def _file_findings(register: Register, item: EvidenceItem) -> list[LogFinding]:
    if item.file is None:
        return []
    try:
        path = register.document_path(item)
    except SelfAssessError as exc:
        return [LogFinding("unsafe-path", exc.message, "fix the path in the item's file", item.id)]
    try:
        stat = path.stat()
    except OSError:
        return [
            LogFinding(
                "missing-file",
                f"{item.id} '{item.title}': the file {item.file.path} is missing",
                "put the file back, or re-add it with 'selfassess evidence add'",
                item.id,
            )
        ]
    if not S_ISREG(stat.st_mode):
        return [_not_a_file(item, "a folder" if S_ISDIR(stat.st_mode) else "a pipe or a device")]
    if stat.st_size == item.file.size and stat.st_mtime_ns == item.file.mtime_ns:
        return []  # unchanged since it was hashed: no need to read it again
    try:
        sha, _ = hash_file(path)
    except SelfAssessError as exc:  # replaced since it was looked at, or unreadable
        return [_not_a_file(item, exc.message)]
    if sha != item.file.sha256:
        return [
            LogFinding(
                "changed-file",
                f"{item.id} '{item.title}': the file {item.file.path} has changed since "
                "it was added",
                "if the change is intended, add the new version as a new item",
                item.id,
            )
        ]
    return []


def _not_a_file(item: EvidenceItem, what: str) -> LogFinding:
    assert item.file is not None
    return LogFinding(
        "missing-file",
        f"{item.id} '{item.title}': the file {item.file.path} is not a document ({what})",
        "put the document back in its place, or re-add it with 'selfassess evidence add'",
        item.id,
    )


def _copy_findings(register: Register) -> list[LogFinding]:
    """Copies of one document (the same file or link) whose handling differs: a hand edit
    to one of them, say. A pack build treats them all as the strictest; the files should
    say so too."""
    return [
        LogFinding(
            "copies-differ",
            copies.differ_message(group, strictest),
            copies.differ_hint(group, strictest),
            group[0].id,
        )
        for group, strictest in copies.differing(register.items())
    ]
