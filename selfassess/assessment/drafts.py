"""Drafts: answers a person had started typing when they stopped the interview.

A draft is not an answer. It sits in ``drafts.yaml`` in the workspace, which nothing but
the interview reads: no document, pack or check sees it. The next ``selfassess start``
offers it back as the text to carry on from, and drops it once that question is answered.
"""

from __future__ import annotations

from pathlib import Path

from selfassess.datafiles import datafile
from selfassess.errors import SelfAssessError

DRAFTS_FILE = "drafts.yaml"
HEADER = (
    "# Unfinished answers, kept when the interview was stopped part-way through typing.\n"
    "# Not answers: 'selfassess start' offers each back, and drops it once answered.\n"
)


class Drafts:
    """The drafts of one workspace, keyed by step (a question id, ``context.<field>`` or
    ``<theme>.<list>``). Each change is written at once."""

    def __init__(self, root: Path) -> None:
        self.path = root / DRAFTS_FILE
        self._texts: dict[str, str] | None = None

    def _all(self) -> dict[str, str]:
        if self._texts is None:
            self._texts = {}
            if self.path.is_file():
                try:
                    data = datafile.load(self.path).data
                except SelfAssessError:  # a damaged drafts file holds no answers: start afresh
                    data = None
                if isinstance(data, dict):
                    self._texts = {
                        str(k): v for k, v in data.items() if isinstance(v, str) and v.strip()
                    }
        return self._texts

    def get(self, key: str) -> str | None:
        return self._all().get(key)

    def keep(self, key: str, text: str) -> None:
        self._all()[key] = text
        self._write()

    def drop(self, key: str) -> None:
        if self._all().pop(key, None) is not None:
            self._write()

    def _write(self) -> None:
        texts = self._all()
        if texts:
            datafile.write_atomic(self.path, HEADER + datafile.dump_yaml(texts))
        else:
            self.path.unlink(missing_ok=True)
