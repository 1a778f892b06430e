"""The pack's index.html as a peer uses it: its search, its filters and its request form,
driven in headless Chromium (one browser for the module), at a laptop's width and a phone's."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, chromium, start_chromium

from selfassess.pack import page
from selfassess.vocabulary import INCLUDED, TEAM_ROOM

needs_chromium = pytest.mark.skipif(
    chromium() is None, reason="needs chromium, chromedriver and selenium"
)
VENDOR = ROOT / "templates" / "pack" / "vendor"


def _library(index: Path) -> list[dict[str, Any]]:
    """What the page's search knows: the JSON in the page."""
    found = re.search(r'id="library-data">(.*?)</script>', index.read_text(), re.S)
    assert found
    data: list[dict[str, Any]] = json.loads(found.group(1))
    return data


def _words(text: str) -> str:
    """A text as the page compares phrases: lower-case words between single spaces."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.lower())) + " "


def _flat(entry: dict[str, Any]) -> str:
    return _words(" ".join(entry[k] for k in ("id", "title", "summary", "kind", "text")))


# --- the page as built, without a browser -----------------------------------------------------
def test_the_vendored_search_library_is_the_release_its_note_names() -> None:
    note = (VENDOR / "README.md").read_text()
    digest = hashlib.sha256((VENDOR / "minisearch.js").read_bytes()).hexdigest()
    assert f"SHA-256 of `minisearch.js`: `{digest}`" in note
    assert "MIT" in (VENDOR / "minisearch.LICENSE.txt").read_text()


def test_the_page_is_one_file_that_searches_offline(demo_template: Path) -> None:
    html = (demo_template / "packs" / "v2" / "index.html").read_text()
    assert "MiniSearch" in html and "Permission is hereby granted" in html
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", html)


def test_only_the_text_of_documents_in_the_pack_is_searched_on_the_page(
    demo_template: Path,
) -> None:
    from selfassess.evidence.extract import extract

    index = demo_template / "packs" / "v2" / "index.html"
    library = _library(index)
    assert all(e["text"] for e in library if e["where"] == INCLUDED)
    assert not any(e["text"] for e in library if e["where"] != INCLUDED)
    html = index.read_text()
    shared = " ".join(e["text"] for e in library)  # the demo's notice is in every document
    for entry in (e for e in library if e["where"] == TEAM_ROOM):
        for kept in (demo_template / "evidence" / "files" / entry["id"]).glob("*"):
            lines = [" ".join(line.split()) for line in extract(kept).text.splitlines()]
            own = [line for line in lines if len(line) > 40 and line not in shared]
            assert own and not any(line in html for line in own)


def test_a_long_document_is_searched_up_to_the_cap(run, new_ws: Any, tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(20_000))
    (tmp_path / "long.txt").write_text(words)
    ws = str(new_ws.root)
    assert run("evidence", "add", str(tmp_path / "long.txt"), "-w", ws, "--core").exit_code == 0
    assert run("pack", "build", "-w", ws).exit_code == 0
    (entry,) = _library(new_ws.root / "packs" / "v1" / "index.html")
    assert len(entry["text"]) <= page.TEXT_PER_DOCUMENT
    assert entry["text"].startswith("word0 word1 ") and entry["text"].endswith(
        entry["text"].split()[-1]
    )
    assert len(entry["text"]) > page.TEXT_PER_DOCUMENT - 20


class _Rows(HTMLParser):
    """The text of each library row, by item id."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._id = dict(attrs).get("data-id")

    def handle_data(self, data: str) -> None:
        if self._id:
            self.rows[self._id] = self.rows.get(self._id, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._id = None


def _row(index: Path, item: str) -> str:
    rows = _Rows()
    rows.feed(index.read_text())
    return " ".join(rows.rows[item].split())


def test_a_decline_is_shown_beside_its_item(demo_template: Path) -> None:
    declined = json.loads((demo_template / "requests" / "R-c4n9vx.json").read_text())
    row = _row(demo_template / "packs" / "v2" / "index.html", declined["item"])
    assert f"Asked for in R-c4n9vx: Declined. {declined['decline_reason']}" in row


@pytest.mark.parametrize(("status", "shown"), [("to-follow", "To follow"), ("on-site", "On site")])
def test_any_answer_the_council_gives_is_shown_as_itself(
    run, demo_ws: Path, status: str, shown: str
) -> None:
    path = demo_ws / "requests" / "R-c4n9vx.json"
    record = json.loads(path.read_text())
    path.write_text(json.dumps(dict(record, status=status, decline_reason=None)))
    assert run("pack", "build", "-w", str(demo_ws)).exit_code == 0
    row = _row(demo_ws / "packs" / "v3" / "index.html", record["item"])
    assert f"Asked for in R-c4n9vx: {shown}" in row and "Declined" not in row


def _later(n: int) -> str:
    import datetime as dt

    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


def test_the_page_says_when_an_answer_for_now_comes_as_request_list_does(
    run, demo_ws: Path
) -> None:
    from selfassess.documents.dates import in_words
    from selfassess.requests import listing

    w, by = str(demo_ws), _later(13)
    answered = run("request", "respond", "R-c4n9vx", "--to-follow", by, "--note", "After cabinet",
                   "-w", w)  # fmt: skip
    assert answered.exit_code == 0
    assert run("pack", "build", "-w", w).exit_code == 0
    index = demo_ws / "packs" / "v3" / "index.html"
    manifest = json.loads((demo_ws / "packs" / "v3" / "manifest.json").read_text())
    words = {r["id"]: listing.answer_text(r) for r in manifest["requests"]}
    assert words["R-c4n9vx"] == f"to follow by {by}; After cabinet"
    listed = run("request", "list", "--pack", str(demo_ws / "packs" / "v3")).stdout
    assert f"to follow by {by}" in listed
    assert "on site: in the team room from 2026-10-06" in words["R-w2d7kp"]
    # the page says the same in sentences, with the dates in words
    when = in_words(by)
    assert f"To follow by {when}. After cabinet." in _row(index, "R-c4n9vx")
    assert "On site: in the team room from 6 October 2026." in _row(index, "R-w2d7kp")
    assert f"Asked for in R-c4n9vx: To follow by {when}. After cabinet." in _row(index, "E-013")


def test_a_reopened_request_shows_its_new_answer_before_the_old_decline(run, demo_ws: Path) -> None:
    w, by = str(demo_ws), _later(20)
    declined = json.loads((demo_ws / "requests" / "R-c4n9vx.json").read_text())["decline_reason"]
    again = {
        "schema_version": 1,
        **{k: v for k, v in json.loads((demo_ws / "packs/v2/manifest.json").read_text()).items()
           if k in ("council", "pack_id")},
        "pack_version": 2,
        "requests": [{"id": "R-p4g3zz", "item": "E-013", "status": "open", "type": "data",
                      "raised": _later(0)}],
    }  # fmt: skip
    asked = demo_ws.parent / "again.yaml"
    asked.write_text(json.dumps(again))
    assert "1 re-opened" in run("request", "import", str(asked), "-w", w).stdout
    run("request", "respond", "R-c4n9vx", "--to-follow", by, "--note", "After cabinet", "-w", w)
    assert run("pack", "build", "-w", w).exit_code == 0
    row = _row(demo_ws / "packs" / "v3" / "index.html", "E-013")
    from selfassess.documents.dates import in_words

    now, before = f"To follow by {in_words(by)}. After cabinet.", f"Declined before: {declined}"
    assert now in row and before in row and row.index(now) < row.index(before)


# --- in a browser -----------------------------------------------------------------------------
class Page:
    """One headless Chromium for the module, opened on the demo's pack page."""

    def __init__(self, driver: Any, downloads: Path, url: str) -> None:
        self.driver, self.downloads, self.url = driver, downloads, url

    def open(self, width: int = 1366, *, fresh: bool = True) -> None:
        self.driver.set_window_size(width, 900)
        self.driver.get(self.url)
        if fresh:
            self.js("localStorage.clear()")
            self.driver.get(self.url)

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def el(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def search(self, text: str) -> list[str]:
        """Type a search; the ids of the rows left showing, best first, each once."""
        box = self.el("#q")
        box.clear()
        box.send_keys(text)
        return self.shown()

    def shown(self) -> list[str]:
        ids = self.js(
            "return Array.from(document.querySelectorAll('section.theme:not([hidden]) "
            "tr.item:not([hidden])')).map(r => r.dataset.id)"
        )
        return list(dict.fromkeys(ids))

    def choose(self, css: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.el(css)).select_by_value(value)

    def save(self) -> Path:
        """Save the requests file; the file downloaded."""
        from selenium.webdriver.support.ui import WebDriverWait

        before = set(self.downloads.glob("*.yaml"))
        self.el("#save").click()
        WebDriverWait(self.driver, 10).until(lambda _: set(self.downloads.glob("*.yaml")) - before)
        (made,) = set(self.downloads.glob("*.yaml")) - before
        return made


@pytest.fixture(scope="module")
def browser(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    if chromium() is None:
        pytest.skip("needs chromium, chromedriver and selenium")
    folder = tmp_path_factory.mktemp("browser")
    (folder / "downloads").mkdir()
    driver = start_chromium(folder / "profile", folder / "downloads")
    try:
        yield Page(driver, folder / "downloads", (demo_template / "packs/v2/index.html").as_uri())
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def library(demo_template: Path) -> list[dict[str, Any]]:
    return _library(demo_template / "packs" / "v2" / "index.html")


@needs_chromium
def test_a_quoted_phrase_finds_the_documents_that_say_it(browser: Page, library: list) -> None:
    browser.open()
    expected = {e["id"] for e in library if " temporary accommodation " in _flat(e)}
    assert expected and set(browser.search('"temporary accommodation"')) == expected
    # a phrase from deep in one document's text, and the same words the other way round
    auditor = next(e for e in library if e["id"] == "E-006")
    phrase = " ".join(auditor["text"].split()[200:203])
    said = {e["id"] for e in library if _words(phrase) in _flat(e)}
    assert "E-006" in said and set(browser.search(f'"{phrase}"')) == said
    backwards = " ".join(reversed(phrase.split()))
    expected = {e["id"] for e in library if _words(backwards) in _flat(e)}
    assert set(browser.search(f'"{backwards}"')) == expected


@needs_chromium
def test_the_start_of_a_word_finds_the_word(browser: Page, library: list) -> None:
    browser.open()
    expected = {e["id"] for e in library if " accommod" in _flat(e)}
    assert len(expected) > 1 and set(browser.search("accommod")) == expected
    assert browser.search("E-013") == ["E-013"]
    assert "items match, best first" in browser.el("#count").text


@needs_chromium
def test_a_match_in_a_title_ranks_above_one_in_the_text(browser: Page, library: list) -> None:
    browser.open()
    in_title = [e["id"] for e in library if " dashboard " in _words(e["title"])]
    found = browser.search("dashboard")
    assert len(found) > len(in_title) and found[: len(in_title)] == in_title


@needs_chromium
def test_the_filters_for_theme_and_where_an_item_is(browser: Page, library: list) -> None:
    browser.open()
    browser.choose("#where-filter", TEAM_ROOM)
    assert set(browser.shown()) == {e["id"] for e in library if e["where"] == TEAM_ROOM}
    browser.choose("#where-filter", "")
    theme = library[0]["themes"][0]
    browser.choose("#theme-filter", theme)
    sections = browser.js(
        "return Array.from(document.querySelectorAll('section.theme:not([hidden])'))"
        ".map(s => s.dataset.theme)"
    )
    assert sections == [theme]
    assert set(browser.shown()) == {e["id"] for e in library if theme in e["themes"]}
    browser.choose("#where-filter", INCLUDED)
    assert set(browser.shown()) == {
        e["id"] for e in library if theme in e["themes"] and e["where"] == INCLUDED
    }


@needs_chromium
def test_the_form_lists_asks_by_title_and_lets_one_be_removed(browser: Page, library: list) -> None:
    browser.open()
    browser.el('input.pick[value="E-012"]').click()
    title = next(e["title"] for e in library if e["id"] == "E-012")
    assert browser.el("#picked li .what").text == f"E-012 {title}"
    browser.el("#ask-text").send_keys("A meeting with the housing options team")
    browser.choose("#ask-type", "meeting")
    browser.choose("#ask-theme", library[0]["themes"][0])
    browser.el("#add-ask").click()
    assert browser.el("#ask-theme").get_attribute("value") == ""
    items = browser.js(
        "return Array.from(document.querySelectorAll('#picked li .what')).map(e => e.textContent)"
    )
    assert items == [f"E-012 {title}", "A meeting with the housing options team"]
    browser.el("#picked li:nth-child(2) button.remove").click()
    browser.el("#picked li:nth-child(1) button.remove").click()
    assert browser.js("return document.querySelectorAll('#picked li').length") == 0
    assert not browser.el('input.pick[value="E-012"]').is_selected()


@needs_chromium
def test_asks_outlast_a_reload_and_keep_their_ids(browser: Page) -> None:
    from selfassess.requests import teamfile

    browser.open()
    browser.el('input.pick[value="E-009"]').click()
    browser.el('input.reason[data-id="E-009"]').send_keys("Which actions are still open?")
    browser.el("#ask-text").send_keys("Rent arrears data by ward")
    browser.choose("#ask-type", "data")
    browser.el("#add-ask").click()
    first = teamfile.load_file(browser.save())
    browser.open(fresh=False)
    assert browser.el('input.pick[value="E-009"]').is_selected()
    assert browser.el('input.reason[data-id="E-009"]').get_attribute("value") == (
        "Which actions are still open?"
    )
    again = teamfile.load_file(browser.save())
    assert [(r.id, r.item, r.ask, r.reasons) for r in again.requests] == [
        (r.id, r.item, r.ask, r.reasons) for r in first.requests
    ]
    assert [r.ask for r in again.requests] == [None, "Rent arrears data by ward"]


@needs_chromium
def test_two_officer_peers_save_files_of_different_names(browser: Page) -> None:
    from selenium.webdriver.support.ui import Select

    browser.open()
    browser.el('input.pick[value="E-010"]').click()
    names = []
    for person in ("Helen Okafor (officer peer)", "Daniel Rhys (officer peer)"):
        Select(browser.el("#role")).select_by_visible_text(person)
        names.append(browser.save().name)
    pattern = r"requests-officer-peer-{}-\d{{4}}-\d\d-\d\d-[a-z2-9]{{4}}\.yaml"
    assert re.fullmatch(pattern.format("helen-okafor"), names[0])
    assert re.fullmatch(pattern.format("daniel-rhys"), names[1])
    # the same role and name on another browser: the file's name still differs
    browser.open()
    browser.el('input.pick[value="E-010"]').click()
    Select(browser.el("#role")).select_by_visible_text("Helen Okafor (officer peer)")
    assert browser.save().name != names[0]


@needs_chromium
@pytest.mark.parametrize("width", [1366, 390])
def test_nothing_scrolls_sideways_and_the_form_stacks_when_narrow(
    browser: Page, width: int
) -> None:
    browser.open(width)
    browser.el('input.pick[value="E-012"]').click()
    browser.search("accommodation")
    sizes = browser.js("return [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1]
    library, form = browser.js(
        "return ['library', 'ask'].map(id => document.getElementById(id).getBoundingClientRect())"
        ".map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}))"
    )
    if width == 390:
        assert form["top"] >= library["bottom"]
    else:
        assert form["left"] >= library["right"]


@needs_chromium
def test_without_javascript_the_page_says_how_to_ask(demo_template: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = start_chromium(tmp_path / "profile", tmp_path, javascript=False)
    try:
        driver.get((demo_template / "packs/v2/index.html").as_uri())
        form = driver.find_element(By.ID, "ask").text
        save_shown = driver.find_element(By.ID, "save").is_displayed()
        pick_shown = driver.find_element(By.CSS_SELECTOR, "input.pick").is_displayed()
    finally:
        driver.quit()
    assert "email the ids of the documents you need" in form
    assert "peer challenge manager (Ruth Anstey)" in form
    assert not save_shown and not pick_shown


@needs_chromium
def test_the_form_warns_of_a_needed_by_date_in_the_past(browser: Page) -> None:
    import datetime as dt

    browser.open()
    today = dt.date.today()
    assert browser.el("#due").get_attribute("min") == today.isoformat()
    past = (today - dt.timedelta(days=400)).isoformat()
    browser.js(
        "var d = document.getElementById('due'); d.value = arguments[0];"
        "d.dispatchEvent(new Event('change'));",
        past,
    )
    assert f"{past} is in the past" in browser.el("#form-status").text
    browser.js(
        "var d = document.getElementById('due'); d.value = arguments[0];"
        "d.dispatchEvent(new Event('change'));",
        (today + dt.timedelta(days=5)).isoformat(),
    )
    assert "in the past" not in browser.el("#form-status").text
