"""An evidence item: what the log says about one document or web page (id, title, the
council's own summary, kind, dates, committee, themes and questions it supports), its file,
and its handling marks; and what makes an item's metadata wrong."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from selfassess.datafiles.datafile import is_real_date
from selfassess.errors import did_you_mean
from selfassess.vocabulary import (
    APPROVED,
    DRAFT,
    EVIDENCE_KINDS,
    HANDLING_MARKS,
    OFFICIAL,
    OFFICIAL_SENSITIVE,
)

ID_PATTERN = re.compile(r"^E-(\d{3,})$")


@dataclass
class Handling:
    classification: str = OFFICIAL
    personal_data: bool = False
    exempt: bool = False
    published: str | None = None

    @classmethod
    def marked(
        cls,
        *,
        sensitive: bool,
        personal_data: bool,
        exempt: bool,
        published: str | None = None,
    ) -> Handling:
        """The handling marks as a person ticks them: OFFICIAL unless marked sensitive."""
        classification = OFFICIAL_SENSITIVE if sensitive else OFFICIAL
        return cls(classification, personal_data, exempt, published)

    def label(self) -> str:
        parts = [self.classification]
        if self.personal_data:
            parts.append(HANDLING_MARKS["personal_data"])
        if self.exempt:
            parts.append(HANDLING_MARKS["exempt"])
        if self.published:
            parts.append(HANDLING_MARKS["published"])
        return ", ".join(parts)


@dataclass
class DocumentFile:
    path: str
    linked: bool
    name: str
    size: int
    sha256: str
    mtime_ns: int = 0
    pages: int | None = None
    pages_estimated: bool = False


@dataclass
class EvidenceItem:
    id: str
    title: str
    kind: str = "other"
    summary: str = ""
    date: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    owner: str | None = None
    committee: str | None = None
    meeting_date: str | None = None
    status: str = APPROVED
    core: bool = False
    themes: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    handling: Handling = field(default_factory=Handling)
    file: DocumentFile | None = None
    url: str | None = None
    source_ref: str | None = None
    added: str = ""
    # the title the peer team sees instead of ``title`` (a Part 2 paper whose real title
    # names the asset); see handling.team_title
    pack_title: str | None = None
    # whether the council wrote ``title`` (False: it was made from the file's name or the
    # link; None: an item from before this was recorded, judged by written_title)
    title_written: bool | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceItem:
        values = dict(data)
        values["handling"] = Handling(**values.get("handling", {}))
        if values.get("file"):
            values["file"] = DocumentFile(**values["file"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        # what asdict() gives, in field order, without its deep copy of every value (this
        # runs for each item an import writes or compares)
        data = dict(self.__dict__)
        data["themes"], data["questions"] = list(self.themes), list(self.questions)
        data["handling"] = dict(self.handling.__dict__)
        data["file"] = dict(self.file.__dict__) if self.file is not None else None
        return data

    def council_wrote_title(self) -> bool:
        """Whether the title is the council's own words, not the file's name or the link."""
        if self.title_written is not None:
            return self.title_written
        return written_title(self.title, self.url or (self.file.name if self.file else ""))

    @property
    def number(self) -> int:
        match = ID_PATTERN.match(self.id)
        return int(match.group(1)) if match else 0


def written_title(title: str, source: str) -> bool:
    """Whether ``title`` was written by a person, rather than being the file name or the
    link (``source``) it would default to."""
    from pathlib import PurePath

    name = PurePath(source).name if source else ""
    return bool(title.strip()) and title.strip() not in {source, name, PurePath(name).stem}


def normalise_id(item_id: str) -> str:
    """``e-8`` and ``E-8`` are ``E-008``."""
    match = re.fullmatch(r"[Ee]-?(\d{1,12})", item_id.strip())
    return f"E-{int(match.group(1)):03d}" if match else item_id.strip().upper()


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def kind_id(value: str) -> str | None:
    """A kind id from an id or a label as a person might type it ('Plan or strategy')."""
    wanted = re.sub(r"[^a-z0-9]+", "-", value.strip().lower()).strip("-")
    if wanted in EVIDENCE_KINDS:
        return wanted
    matches = [
        kid
        for kid, label in EVIDENCE_KINDS.items()
        if wanted and re.sub(r"[^a-z0-9]+", "-", label.lower()).startswith(wanted)
    ]
    return matches[0] if len(matches) == 1 else None  # 'p' fits two kinds: not a kind


def known_kind(value: str) -> str:
    """The kind a person means by ``value`` (an id or a label); a usage error, with the
    likeliest kind and every kind named, when it is none of them."""
    found = kind_id(value)
    if found is None:
        from selfassess.errors import UsageError

        raise UsageError(
            f"--kind '{value}' is not known{did_you_mean(value.strip().lower(), EVIDENCE_KINDS)}",
            hint=f"use one of: {', '.join(EVIDENCE_KINDS)}",
        )
    return found


def check_themes(ids: Iterable[str], known: list[str]) -> list[str]:

    return [f"'{t}' is not a theme here{did_you_mean(t, known)}" for t in ids if t not in known]


# --- adding -----------------------------------------------------------------------------
URL_PATTERN = re.compile(r"^https?://\S+$", re.IGNORECASE)


def describe_problems(
    item: EvidenceItem, theme_ids: list[str], question_ids: Iterable[str]
) -> list[str]:
    """What is wrong with an item's metadata, in words (empty when it is fine)."""
    problems = check_themes(item.themes, theme_ids)
    known_questions = set(question_ids)

    problems += [
        f"'{q}' is not a question here{did_you_mean(q, known_questions)}"
        for q in item.questions
        if q not in known_questions
    ]
    if item.kind not in EVIDENCE_KINDS:
        problems.append(f"kind '{item.kind}' is not one of: {', '.join(EVIDENCE_KINDS)}")
    for name in ("date", "period_start", "period_end", "meeting_date"):
        value = getattr(item, name)
        if value is not None and not is_real_date(value):
            problems.append(
                f"{name.replace('_', ' ')} '{value}' is not a date in the form YYYY-MM-DD"
            )
    if item.period_start and item.period_end and item.period_start > item.period_end:
        problems.append("the period starts after it ends")
    if item.handling.published and not URL_PATTERN.match(item.handling.published):
        problems.append(f"published '{item.handling.published}' is not a web address (https://...)")
    return problems


@dataclass(frozen=True)
class AddOptions:
    """What a person says about the documents they add (the same for each one), and whether
    to reference them in place (``link``) or copy them in (``copy``); by default personal
    data is referenced and everything else copied."""

    title: str | None = None
    pack_title: str | None = None
    summary: str | None = None
    kind: str | None = None
    date: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    owner: str | None = None
    committee: str | None = None
    meeting_date: str | None = None
    draft: bool = False
    themes: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    sensitive: bool = False
    personal_data: bool = False
    exempt: bool = False
    published: str | None = None
    core: bool = False
    link: bool = False
    copy: bool = False

    def keeping(self) -> bool | None:
        """True to reference the files in place, False to copy them in, None for the
        default (personal data referenced, the rest copied)."""
        if self.link and self.copy:
            from selfassess.errors import UsageError

            raise UsageError("--link and --copy cannot go together; give one")
        return True if self.link else False if self.copy else None

    def template(self) -> EvidenceItem:
        """The item each document starts from (its id and file are given when it is added)."""
        kind = known_kind(self.kind or "other")
        return EvidenceItem(
            id="E-000",
            title=self.title or "",
            pack_title=self.pack_title or None,
            summary=self.summary or "",
            kind=kind,
            date=self.date,
            period_start=self.period_start,
            period_end=self.period_end,
            owner=self.owner,
            committee=self.committee,
            meeting_date=self.meeting_date,
            status=DRAFT if self.draft else APPROVED,
            core=self.core,
            themes=list(self.themes),
            questions=list(self.questions),
            handling=Handling.marked(
                sensitive=self.sensitive,
                personal_data=self.personal_data,
                exempt=self.exempt,
                published=self.published,
            ),
        )
