from __future__ import annotations

import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from selfassess.assessment.workspace import Workspace
from selfassess.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"


def _git_status() -> str | None:
    """``git status --porcelain`` of the checkout the tests run from (None outside git)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STATUS] = _git_status()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The whole suite writes nothing into the checkout: ``git status`` is as it was."""
    before = session.config.stash.get(_STATUS, None)
    after = _git_status()
    if before is None or after is None or before == after:
        return
    changed = sorted(set(after.splitlines()) - set(before.splitlines()))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            "FAILED: the test suite changed the checkout (git status):\n  " + "\n  ".join(changed),
            red=True,
        )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


_STATUS = pytest.StashKey[str | None]()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing reads the developer's settings or writes into the working folder."""
    for name in ("SELFASSESS_WORKSPACE", "SELFASSESS_FRAMEWORKS_DIR"):
        monkeypatch.delenv(name, raising=False)
    # a locked workspace is refused at once (tests that wait for a lock say how long)
    monkeypatch.setenv("SELFASSESS_LOCK_WAIT", "0")
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    # every user folder platformdirs may use: config, data, cache, state (and Windows' own)
    for name, folder in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("APPDATA", "AppData/Roaming"),
        ("LOCALAPPDATA", "AppData/Local"),
    ):
        monkeypatch.setenv(name, str(home / folder))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI in-process; exceptions a user should never see fail the test."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def new_ws(tmp_path: Path) -> Workspace:
    """A fresh corporate peer challenge workspace with one focus area."""
    return Workspace.create(
        tmp_path / "ws",
        council="Testbury District Council",
        framework_id="corporate-peer-challenge",
        cycle="2026",
        focus_areas=["Housing delivery"],
    )


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from selfassess import demo

    path = tmp_path_factory.mktemp("demo") / "demo"
    demo.build(path)
    return path


@pytest.fixture
def demo_ws(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the finished demo workspace, free to change."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


@contextmanager
def keys(*presses: str) -> Iterator[None]:
    """Feed keystrokes to every questionary prompt in the block. The pipe is closed after the
    last key, so a prompt that wants more input fails (EOF) instead of hanging."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(presses))
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


ENTER = "\r"
FINISH = "\x1b\r"  # Esc then Enter: finishes a multi-line answer
DOWN = "\x1b[B"
SPACE = " "
CTRL_C = "\x03"
CTRL_D = "\x04"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_yaml(path: Path) -> Any:
    from selfassess.datafiles import datafile

    return datafile.load(path).data


# --- headless Chromium, for the pack page ------------------------------------------------------
def chromium() -> tuple[str, str] | None:
    """Chromium and chromedriver, when both are installed with selenium; else None."""
    browser, driver = (
        shutil.which("chromium") or shutil.which("chromium-browser"),
        shutil.which("chromedriver"),
    )
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    return (browser, driver) if browser and driver else None


def start_chromium(profile: Path, downloads: Path, *, javascript: bool = True) -> Any:
    """A headless Chromium with a profile of its own, saving downloads in ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = chromium()  # type: ignore[misc]
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service(driver_path), options=options)


def pack_files(path: Path) -> dict[str, bytes]:
    """Every file of a pack folder or zip by its name, zip members decompressed (and the
    zip's own raw bytes as ``.zip``)."""
    import zipfile

    if path.is_dir():
        return {
            p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()
        }
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return {**members, ".zip": path.read_bytes()}


def pack_leaks(path: Path, marker: str) -> list[str]:
    """Where ``marker`` shows in a pack (folder or zip): the files whose raw bytes hold it
    (zip members decompressed) and, as ``search.sqlite terms``, the search index's terms
    (its stored text is compressed by prefix, so the raw bytes alone could miss it)."""
    import sqlite3
    import tempfile

    files = pack_files(path)
    found = [name for name, content in files.items() if marker.encode() in content.lower()]
    with tempfile.TemporaryDirectory() as scratch:
        index = Path(scratch) / "search.sqlite"
        index.write_bytes(files["search.sqlite"])
        db = sqlite3.connect(index)
        try:
            db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, docs, 'row')")
            terms = [row[0] for row in db.execute("SELECT term FROM temp.terms")]
        finally:
            db.close()
    if any(marker.lower() in term for term in terms):
        found.append("search.sqlite terms")
    return found


# --- a kept-back document to look for in packs ----------------------------------------------------
MARKER = "leakmark4417"  # a word in a personal-data document: it must never reach a pack


@pytest.fixture
def ws(new_ws: Any) -> str:
    """A new workspace's folder, as the command line takes it."""
    return str(new_ws.root)


def case_notes(folder: Path, name: str = "case-notes.txt") -> Path:
    """A personal-data document (a household's case notes) carrying ``MARKER``."""
    return write(folder / name, f"Household at 4 Mill Lane, {MARKER}, placed in B&B.\n")


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A read or write that blocks (a pipe with nobody at the other end) fails the test
    within seconds instead of hanging the suite."""

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError("hung: the command blocked for over 10 s")

    previous = signal.signal(signal.SIGALRM, give_up)
    # again every second after the first ten: code that swallows the first cannot hang on
    signal.setitimer(signal.ITIMER_REAL, 10, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def tiny_workspace(root: Path, **options: Any) -> Workspace:
    """A workspace on the small test framework (tests/cases/frameworks/tiny.yaml), put in
    the user's frameworks folder for the test."""
    from selfassess.framework.catalogue import user_folder

    user_folder().mkdir(parents=True, exist_ok=True)
    shutil.copy(CASES / "frameworks" / "tiny.yaml", user_folder() / "tiny.yaml")
    return Workspace.create(root, council="Testbury", framework_id="tiny", cycle="2026", **options)


@pytest.fixture
def tiny(tmp_path: Path) -> Workspace:
    return tiny_workspace(tmp_path / "tiny")
