"""The readiness check: "is our self-assessment honest and ready?"

Each rule is a small function that looks at one theme (or the council context) and yields
findings. A finding has a severity: an *error* blocks (the self-assessment is not ready);
a *warning* is something the peer team is likely to probe. Self-ratings are used here, but a
finding never prints a rating as a score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from selfassess.assessment import claims
from selfassess.assessment.answers import CONTEXT_FIELDS, is_answered
from selfassess.assessment.workspace import Workspace
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.log_check import age_years
from selfassess.evidence.model import EvidenceItem
from selfassess.framework.model import Theme
from selfassess.vocabulary import STANDING_KINDS

ERROR, WARNING = "error", "warning"
DEFAULT_STALE_YEARS = 3
RATING_GAP = 2  # levels between where a theme is and where the council aims to be
ACTION_HINTS = {
    "owner": "name who will do it, a role or a body: 'the Head of HR will ...'",
    "date": "say by when: 'by March 2027', 'in Q2 2027', 'by autumn 2026'",
    "owner or date": "say who will do what, and by when: 'the Head of HR will agree a "
    "workforce plan by March 2027'",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    hint: str
    theme: str | None = None
    item: str | None = None  # the evidence item it is about, if any
    claim: str | None = None  # the council's own words it is about (a strength, a sentence)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Context:
    """What the rules look at for one workspace."""

    workspace: Workspace
    evidence: list[EvidenceItem]
    stale_after_years: float
    today: dt.date

    by_theme: dict[str, list[EvidenceItem]] = field(default_factory=dict)

    def __post_init__(self) -> None:  # several rules ask for a theme's evidence: grouped once
        for item in self.evidence:
            for theme_id in item.themes:
                self.by_theme.setdefault(theme_id, []).append(item)

    def theme_evidence(self, theme: Theme) -> list[EvidenceItem]:
        return self.by_theme.get(theme.id, [])

    def rank(self, level: str | None) -> int | None:
        scale = [lv.id for lv in self.workspace.framework.scale]
        return scale.index(level) if level in scale else None


ThemeRule = Callable[[Context, Theme, dict[str, Any]], Iterator[Finding]]


def required_unanswered(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    saved = record.get("answers", {})
    for q in theme.questions:
        if q.required and not is_answered(saved.get(q.id)):
            yield Finding(
                "required-unanswered",
                ERROR,
                f"{q.id} is not answered: {q.prompt}",
                f"answer it: selfassess start --theme {theme.id}",
                theme.id,
            )


def strength_without_evidence(
    ctx: Context, theme: Theme, record: dict[str, Any]
) -> Iterator[Finding]:
    """Each strength claimed in a theme with no evidence, one finding apiece (the scoping
    document probes each by its ``claim``)."""
    if ctx.theme_evidence(theme):
        return
    for strength in record.get("strengths", []):
        yield Finding(
            "strength-without-evidence",
            WARNING,
            "a strength claimed with no evidence for this theme",
            f"add the documents that show it: selfassess evidence add FILE --theme {theme.id}",
            theme.id,
            claim=strength,
        )


def superlative_claim(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    """A superlative in a strength or a long answer. Asked about even where the theme has
    evidence: evidence for a theme is not evidence that the council is the best at it, and a
    peer team asks "what shows that?" of every "excellent"."""
    texts = list(record.get("strengths", []))
    answers = record.get("answers", {})
    texts += [
        answers[q.id]
        for q in theme.questions
        if q.type == "long_text" and isinstance(answers.get(q.id), str)
    ]
    unsupported = not ctx.theme_evidence(theme)
    seen: set[str] = set()
    for text in texts:
        for sentence in claims.superlative_sentences(text):
            if sentence in seen:
                continue
            seen.add(sentence)
            yield Finding(
                "superlative-claim",
                WARNING,
                "a superlative with no evidence for this theme"
                if unsupported
                else "a superlative the peer team will ask the council to show",
                "add what shows it (a comparison, an inspection, an award), or say it plainly: "
                f"selfassess evidence add FILE --theme {theme.id}",
                theme.id,
                claim=sentence,
            )


def high_rating_without_evidence(
    ctx: Context, theme: Theme, record: dict[str, Any]
) -> Iterator[Finding]:
    rank = ctx.rank((record.get("rating") or {}).get("current"))
    scale = len(ctx.workspace.framework.scale)
    if rank is not None and rank >= scale / 2 and not ctx.theme_evidence(theme):
        yield Finding(
            "high-rating-without-evidence",
            WARNING,
            "the council rates this theme in the upper half of its scale but offers no evidence",
            "add evidence that supports the rating, or reconsider it",
            theme.id,
        )


def area_without_action(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    """An area for development counts as planned only when it names who will act (a role
    or body) and by when; the finding says which is missing."""
    for area in record.get("areas_for_development", []):
        missing = claims.planned_action(area).missing
        if missing:
            yield Finding(
                "area-without-action",
                WARNING,
                f"area for development with no {missing} for its action",
                ACTION_HINTS[missing],
                theme.id,
                claim=area,
            )


def still_stands(item: EvidenceItem, today: dt.date) -> bool:
    """Evidence that is not stale for being old: the previous peer challenge's report or
    update, and a plan or strategy still in force."""
    if item.kind in STANDING_KINDS:
        return True
    return item.kind == "plan-or-strategy" and bool(
        item.period_end and item.period_end >= today.isoformat()
    )


def evidence_age(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    """Stale or out-of-period evidence, said once per item (under its first theme). Evidence
    that still stands (see :func:`still_stands`) is old or outside the period on purpose."""
    start, end = (
        (ctx.workspace.meta.get("dates") or {}).get("period_start"),
        (ctx.workspace.meta.get("dates") or {}).get("period_end"),
    )
    for item in ctx.theme_evidence(theme):
        date = item.date or item.period_end
        if not date or item.themes[0] != theme.id or still_stands(item, ctx.today):
            continue
        if age_years(date, ctx.today) > ctx.stale_after_years:
            yield Finding(
                "stale-evidence",
                WARNING,
                f"{item.id} '{item.title}' is {age_years(date, ctx.today):.1f} years old",
                "replace it with something more recent, or say why it still stands (the last "
                "peer challenge's report or update: give it the kind previous-peer-challenge)",
                theme.id,
                item.id,
            )
        if (start and date < start) or (end and date > end):
            yield Finding(
                "evidence-outside-period",
                WARNING,
                f"{item.id} '{item.title}' ({date}) is outside the period covered",
                "check its date, or the period covered in workspace.yaml",
                theme.id,
                item.id,
            )


def theme_without_evidence(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    if not ctx.theme_evidence(theme):
        yield Finding(
            "theme-without-evidence",
            WARNING,
            "no evidence at all for this theme",
            f"selfassess evidence add FILE --theme {theme.id}",
            theme.id,
        )


def rating_gap(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    rating = record.get("rating") or {}
    now, aim = ctx.rank(rating.get("current")), ctx.rank(rating.get("target"))
    if now is not None and aim is not None and aim - now >= RATING_GAP:
        yield Finding(
            "rating-gap",
            WARNING,
            f"the council aims to move {aim - now} levels in this theme before the next challenge",
            "check the ambition is realistic, and that the areas for development show how",
            theme.id,
        )


def target_below_current(ctx: Context, theme: Theme, record: dict[str, Any]) -> Iterator[Finding]:
    rating = record.get("rating") or {}
    now, aim = ctx.rank(rating.get("current")), ctx.rank(rating.get("target"))
    if now is not None and aim is not None and aim < now:
        yield Finding(
            "target-below-current",
            WARNING,
            "the council aims lower in this theme than where it says it is now",
            "check the two ratings; if the council expects to slip, say why in its areas "
            "for development",
            theme.id,
        )


THEME_RULES: tuple[ThemeRule, ...] = (
    required_unanswered,
    strength_without_evidence,
    superlative_claim,
    high_rating_without_evidence,
    area_without_action,
    evidence_age,
    theme_without_evidence,
    rating_gap,
    target_below_current,
)


def context_missing(ctx: Context) -> Iterator[Finding]:
    context = ctx.workspace.context()
    for key, label in CONTEXT_FIELDS.items():
        if not is_answered(context.get(key)):
            yield Finding(
                "context-missing",
                ERROR,
                f"council context missing: {label}",
                "write it: selfassess start (the interview asks for it first)",
            )


def check(
    ws: Workspace, today: dt.date | None = None, register: Register | None = None
) -> list[Finding]:
    """Every finding, the council context first, then theme by theme. Give ``register``
    when the evidence log is already open, so it is not read again."""
    settings = ws.meta.get("settings", {})
    ctx = Context(
        ws,
        (register or Register(ws.root)).items(),
        settings.get("stale_after_years", DEFAULT_STALE_YEARS),
        today or dt.date.today(),
    )
    findings = list(context_missing(ctx))
    for theme in ws.framework.themes:
        record = ws.theme_record(theme.id)
        for rule in THEME_RULES:
            findings += rule(ctx, theme, record)
    return findings
