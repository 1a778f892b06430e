"""The YAML the workspace's files are written in: loaded safely, with dates kept as the
text typed, every key text and none given twice; written with long answers as literal
blocks so the files stay pleasant to read and to diff."""

from __future__ import annotations

from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as the strings the user typed (``2026-10-06``), so every
    value is plain JSON data and a date is checked by the schema, not silently converted."""


def _mapping_without_duplicates(loader: Any, node: Any, deep: bool = False) -> Any:
    """A mapping node, refusing a key given twice (PyYAML would keep the last silently)."""
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):  # ~, 1, true or [a, b] as a key: every key is a name
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a key must be text, not {_KEY_KINDS.get(type(key), 'this')}; put it in quotes",
                key_node.start_mark,
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key {key!r} is given twice (first on line {seen[key].line + 1}); "
                "keep one, or the earlier value is lost",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_KEY_KINDS = {
    type(None): "nothing (~)",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
}

Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: _dict(loader, node))


def _dict(loader: Any, node: Any) -> Any:
    data: dict[Any, Any] = {}
    yield data
    data.update(_mapping_without_duplicates(loader, node))


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class Dumper(_BaseDumper):  # type: ignore[misc]
    """Writes long answers as literal blocks so the files stay pleasant to read and diff."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    if style:
        value = "\n".join(line.rstrip() for line in value.splitlines())
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _represent_str)
