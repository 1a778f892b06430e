"""The evidence log: one small JSON file per item in ``evidence/items/``, documents copied
into ``evidence/files/<id>/`` (or linked in place), each with its SHA-256 and page count.

A summary is only ever what the council wrote: nothing here copies text from a document
into the log. Copies of one file (the same SHA-256, however they arrived) all take the
strictest handling any of them has. Personal data is referenced where it is, not copied
in (unless asked), and no text is cached from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, regular, schemas, staging
from selfassess.datafiles.checkcache import CheckCache
from selfassess.errors import FileProblem, InvalidData, NotFound, Problem, SelfAssessError
from selfassess.evidence import copies, stored_files
from selfassess.evidence.model import (
    URL_PATTERN,
    DocumentFile,
    EvidenceItem,
    Handling,
    describe_problems,
    normalise_id,
    now,
    written_title,
)

ITEMS_DIR = Path("evidence") / "items"
FILES_DIR = Path("evidence") / "files"
CACHE_DIR = Path(".selfassess")


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in large chunks (near the disk's speed); a folder,
    a pipe, a device or a link that loops is refused at once (a located error)."""
    fd = regular.open_to_read(path)
    try:
        with os.fdopen(fd, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256")
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise regular.os_problem(path, exc) from None
    return digest.hexdigest(), size


class Register:
    """The evidence log of one workspace."""

    def __init__(self, root: Path, checks: CheckCache | None = None) -> None:
        """``checks``: the workspace's schema-check cache (a workspace's own when not given)."""
        self.root = root
        self.checks = checks or schemas.cache_at(root.resolve() / CACHE_DIR / "checked.json")
        self.items_dir = root / ITEMS_DIR
        self._items: dict[str, EvidenceItem] | None = None
        # kept while the log is open, so adding one item never re-reads or re-sorts them all
        self._in_order: list[EvidenceItem] | None = None
        self._highest = 0
        # the items by what makes them copies of one document (copies.copy_keys)
        self._copies: dict[str, dict[str, EvidenceItem]] = {}
        self._personal: set[str] = set()  # the SHA-256 of every document with personal data
        self._pending: dict[str, EvidenceItem] | None = None  # saves held by held_saves()
        self._staged: dict[Path, Path] = {}  # documents copied in, not yet landed: target: copy
        self._released: list[Path] = []  # copies to remove once the write has landed
        self._others: dict[Path, str] = {}  # other files to write with the held saves
        self._text_cache: Any = None
        # an all-or-nothing change that held saves and copies go into (evidence import)
        self.staging: staging.Staging | None = None
        self.notices: list[str] = []  # things a person should be told, said by the caller

    # --- reading --------------------------------------------------------------------
    def items(self) -> list[EvidenceItem]:
        """Every item, in id order; a broken item file stops with every problem listed."""
        if self._in_order is None:
            self._in_order = sorted(self._loaded().values(), key=lambda i: i.number)
        return list(self._in_order)

    def _loaded(self) -> dict[str, EvidenceItem]:
        """The items by id, read from disk once, with the indexes kept beside them."""
        if self._items is None:
            items, problems = self.load()
            if problems:
                raise InvalidData(
                    problems, summary="the evidence log has broken items; fix them, then run again"
                )
            self._items = {}
            for item in items:
                self._remember(item)
        return self._items

    def _remember(self, item: EvidenceItem) -> None:
        assert self._items is not None
        old = self._items.get(item.id)
        if old is not None:
            for key in copies.copy_keys(old):
                self._copies.get(key, {}).pop(item.id, None)
        self._items[item.id] = item
        self._highest = max(self._highest, item.number)
        for key in copies.copy_keys(item):
            self._copies.setdefault(key, {})[item.id] = item
        if item.file is not None and item.handling.personal_data:
            self._personal.add(item.file.sha256)
        self._in_order = None

    def with_sha256(self, sha256: str) -> list[EvidenceItem]:
        """The items whose document has this SHA-256, in id order."""
        return self._with_key(f"sha:{sha256}")

    def with_url(self, url: str) -> list[EvidenceItem]:
        """The items with this link (its address normalised), in id order."""
        return self._with_key(f"url:{copies.url_key(url)}")

    def _with_key(self, key: str) -> list[EvidenceItem]:
        self._loaded()
        return sorted(self._copies.get(key, {}).values(), key=lambda i: i.number)

    def load(self) -> tuple[list[EvidenceItem], list[Problem]]:
        """Every item that is valid, and a problem for each one that is not."""
        staging.complete_moves(self.root)  # a change committed by a process since killed
        items: list[EvidenceItem] = []
        problems: list[Problem] = []
        names = sorted(os.listdir(self.items_dir)) if self.items_dir.is_dir() else []
        for name in names:
            if not name.endswith(".json"):
                continue
            path = self.items_dir / name
            try:
                loaded = datafile.load(path)
            except FileProblem as exc:
                problems.append(exc.problem)
                continue
            found = schemas.check("evidence", loaded, self.checks)
            if found:
                problems += found
                continue
            item = EvidenceItem.from_dict(loaded.data)
            if f"{item.id}.json" != name:
                problems.append(
                    loaded.problem(f"the id '{item.id}' does not match the file name", ["id"])
                )
                continue
            items.append(item)
        self.checks.save()
        return items, problems

    def problems(self, theme_ids: list[str], question_ids: Iterable[str]) -> list[Problem]:
        """For 'validate': schema problems, and metadata that does not fit the framework."""
        items, problems = self.load()
        questions = set(question_ids)
        for item in items:
            path = str(self.items_dir / f"{item.id}.json")
            problems += [
                Problem(path, text) for text in describe_problems(item, theme_ids, questions)
            ]
            if item.file is not None:
                try:
                    self.document_path(item)
                except SelfAssessError as exc:
                    problems.append(Problem(path, exc.message.split(": ", 1)[-1], "$.file.path"))
        for group, strictest in copies.differing(items):
            problems.append(
                Problem(
                    str(self.items_dir / f"{group[0].id}.json"),
                    f"{copies.differ_message(group, strictest)}: "
                    + copies.differ_hint(group, strictest),
                    "$.handling",
                )
            )
        return problems

    def get(self, item_id: str) -> EvidenceItem:
        items = self._loaded()
        item_id = normalise_id(item_id)
        if item_id in items:
            return items[item_id]
        from selfassess.errors import did_you_mean

        raise NotFound(
            f"no evidence item '{item_id}'{did_you_mean(item_id.upper(), items)}",
            hint="see 'selfassess evidence list'",
        )

    def next_id(self) -> str:
        self._loaded()
        return f"E-{self._highest + 1:03d}"

    def document_path(self, item: EvidenceItem) -> Path:
        """Where an item's document is, checked not to escape the workspace when copied in."""
        assert item.file is not None
        path = Path(item.file.path)
        if item.file.linked:  # relative: a file inside the workspace, which may move
            return path if path.is_absolute() else self.root / path
        # a copied document's path is relative and stays inside the workspace (checked on
        # the text: resolving thousands of paths on every command is slow)
        inside = os.path.normpath(item.file.path)
        if os.path.isabs(inside) or inside == ".." or inside.startswith(("../", "..\\")):
            raise SelfAssessError(
                f"{self.items_dir / (item.id + '.json')}: the file path '{item.file.path}' leads "
                "outside the workspace",
                hint="a copied document must stay under evidence/files/; use --link for a file "
                "kept "
                "elsewhere",
            )
        return self.root / inside

    def reload(self) -> None:
        """Forget the items read so far: the next read sees what other writers saved."""
        self._items = None

    # --- writing --------------------------------------------------------------------
    def save(self, item: EvidenceItem) -> None:
        """Save an item, and with it (in the same all-or-nothing write) every other copy of
        its document whose handling it tightens; what was tightened goes in ``notices``."""
        changed = [item, *copies.share_strictest(self, item)]
        if item.file is not None and item.handling.personal_data:
            self.text_cache().forget(item.file.sha256)  # any text cached before it was marked
        if self._pending is not None:
            for one in changed:  # written, with the rest, when held_saves() ends
                self._pending[one.id] = one
                self._remember(one)
            return
        staged, self._staged = self._staged, {}
        files = {self.items_dir / f"{one.id}.json": _item_json(one) for one in changed}
        stored_files.land(self.items_dir, files, staged)
        stored_files.remove_copies(self._released)
        self._released = []
        if self._items is not None:
            for one in changed:
                self._remember(one)

    @contextlib.contextmanager
    def held_saves(self) -> Iterator[dict[Path, str]]:
        """Hold every save until the block ends, then write them all at once, atomically
        (each file whole, and none if one cannot be written) with a single flush to disk.
        The block may add other files (path: text) to the mapping it is given, to be written
        in the same all-or-nothing write. The documents copied in land with the items (each
        a rename, in the same write). A block that fails writes none of them, and the
        documents it copied in are removed. A block inside another joins it: its saves
        are written with the outer block's."""
        if self._pending is not None:
            yield self._others
            return
        self._loaded()  # ids given out in the block must count the items on disk
        self._pending, self._staged = {}, {}
        others = self._others = {}
        try:
            yield others
            pending, self._pending = self._pending, None
            files = {self.items_dir / f"{i.id}.json": _item_json(i) for i in pending.values()}
            staged, self._staged = self._staged, {}
            if self.staging is not None:  # written when the all-or-nothing change commits
                self.staging.write({**files, **others})
                self.staging.remove_after(self._released)
            else:
                stored_files.land(self.items_dir, {**files, **others}, staged)
                stored_files.remove_copies(self._released)
        except BaseException:
            self._items, self._in_order, self._copies, self._highest = None, None, {}, 0
            self._personal = set()
            for copy in self._staged.values():
                copy.unlink(missing_ok=True)
            raise  # nothing held was written: the log is read again from disk when next asked
        finally:
            self._pending, self._staged, self._released, self._others = None, {}, [], {}

    def attach_file(
        self,
        item: EvidenceItem,
        source: Path,
        link: bool | None = None,
        sha256: str | None = None,
    ) -> None:
        """Copy ``source`` into the workspace (or link it in place), with hash and pages.
        ``link`` None: link personal data (marked on the item, or on another copy of the
        same file), copy the rest. ``sha256``: the source's, when already known."""
        resolved = stored_files.resolved(source)
        personal = self._personal_data(item, resolved, sha256)
        link = personal if link is None else link
        if link:
            sha, size = hash_file(resolved)
            stored, target = stored_files.link_path(resolved, self.root), resolved
        else:  # staged, and landed with the item that names it
            stored = (FILES_DIR / item.id / resolved.name).as_posix()
            target, sha, size = stored_files.stage_copy(resolved, self.root)
            if self.staging is not None:  # lands when the all-or-nothing change commits
                target = stored_files.move(target, self.staging.place_for(self.root / stored))
            else:
                replaced = self._staged.pop(self.root / stored, None)  # attached again
                if replaced is not None:
                    replaced.unlink(missing_ok=True)
                self._staged[self.root / stored] = target
        text = self.text_cache().pages(target, sha, keep=not (personal or sha in self._personal))
        item.file = DocumentFile(
            path=stored,
            linked=link,
            name=resolved.name,
            size=size,
            sha256=sha,
            mtime_ns=target.stat().st_mtime_ns,
            pages=text.pages,
            pages_estimated=text.pages_estimated,
        )

    def release_copy(self, item: EvidenceItem) -> None:
        """The document copied in for ``item`` is no longer needed (it now refers to the
        file in place): it is removed once the item is saved."""
        if item.file is not None and not item.file.linked:
            self._released.append(self.document_path(item))

    def _personal_data(self, item: EvidenceItem, source: Path, sha256: str | None) -> bool:
        """Whether the document is personal data: marked so on the item, or on another copy
        already in the log (the file is hashed only when the log holds any personal data)."""
        if item.handling.personal_data:
            return True
        self._loaded()
        if not self._personal:
            return False
        return (sha256 or hash_file(source)[0]) in self._personal

    def text_cache(self) -> Any:
        if self._text_cache is None:
            from selfassess.evidence.extract import TextCache

            self._text_cache = TextCache(self.root / CACHE_DIR / "text")
        return self._text_cache


def _item_json(item: EvidenceItem) -> str:
    return json.dumps(item.to_dict(), indent=2, ensure_ascii=False) + "\n"


def add(
    register: Register,
    source: str,
    template: EvidenceItem,
    theme_ids: list[str],
    question_ids: Iterable[str],
    link: bool | None = None,
    *,
    for_request: str | None = None,
) -> EvidenceItem:
    """Add one document (a path) or web page (a URL) to the log with the next id, holding
    the workspace lock and recording it in the activity log (``for_request``: the request
    it answers). ``link``: True references the file in place, False copies it in, None
    (the default) references personal data and copies the rest.

    All or nothing: everything that can fail (the activity log, the document, the item) is
    tried before anything lands; then the item and its copied document land together."""
    from selfassess.datafiles import activity
    from selfassess.datafiles.lock import hold

    with hold(register.root, "selfassess evidence add"):
        register.reload()  # another writer may have added items since it was read
        with activity.appending(register.root) as log:
            with register.held_saves():
                item = add_held(register, source, template, theme_ids, question_ids, link)
            what = f"added {item.id}" + (f" for {for_request}" if for_request else "")
            log(activity.COUNCIL, "evidence-add", what, item=item.id)
    return item


def add_held(
    register: Register,
    source: str,
    template: EvidenceItem,
    theme_ids: list[str],
    question_ids: Iterable[str],
    link: bool | None = None,
) -> EvidenceItem:
    """Add one document or web page, the caller holding the workspace lock (and, to write
    it with other changes, ``register.held_saves()``) and recording it in the activity log."""
    item = EvidenceItem(**{**template.__dict__, "id": register.next_id(), "added": now()})
    item.handling = Handling(**template.handling.__dict__)
    item.title_written = written_title(item.title, source)
    if URL_PATTERN.match(source):
        item.url = source
        item.title = item.title or source
    else:
        item.title = item.title or Path(source).name
    problems = describe_problems(item, theme_ids, question_ids)
    if problems:
        from selfassess.errors import UsageError

        raise UsageError(f"{source}: " + "; ".join(problems))
    if item.url is None:
        register.attach_file(item, Path(source), link)
    copies.note_copies(register, item)
    register.save(item)
    return item
