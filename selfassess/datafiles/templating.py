"""The jinja2 environment: shipped templates, which a user may override one by one from a
folder of their own (``--templates DIR``, or the user data folder's ``templates/``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from selfassess.datafiles.resources import data_folder


def environment(override: Path | None = None) -> Any:
    import jinja2
    from platformdirs import user_data_path

    folders = [
        str(p) for p in (override, user_data_path("selfassess", appauthor=False) / "templates") if p
    ]
    folders.append(str(data_folder("templates")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(["html", "htm", "html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_script"] = json_for_script
    env.filters["md_cell"] = md_cell
    env.filters["md_text"] = md_text
    return env


def json_for_script(data: Any) -> Any:
    """JSON safe to place inside <script type="application/json">: no '</script>' can close it."""
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render(name: str, override: Path | None = None, **context: Any) -> str:
    """Render a template; a broken (user-supplied) template is reported, not a traceback."""
    import jinja2

    from selfassess.errors import SelfAssessError

    try:
        return str(environment(override).get_template(name).render(**context))
    except jinja2.TemplateNotFound as exc:
        raise SelfAssessError(f"template '{exc.name}' not found") from None
    except jinja2.TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or name}:{getattr(exc, 'lineno', '?')}"
        raise SelfAssessError(
            f"{where}: the template failed: {exc}",
            hint="if you override templates, compare yours with the shipped one",
        ) from None
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        raise SelfAssessError(
            f"template '{name}' failed: {type(exc).__name__}: {exc}",
            hint="if you override templates, compare yours with the shipped one",
        ) from None


def md_text(value: Any) -> str:
    """Text that a Markdown renderer shows as typed: a tag someone typed stays text."""
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", str(value))


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return md_text(value).replace("|", "\\|").replace("\n", " ")
