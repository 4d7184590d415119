"""YAML for metadata that comes from strangers: safe tags only, bounded size and aliases.

`yaml.safe_load` already refuses `!!python/object`; it does not stop an alias bomb
(a few lines that expand to billions of nodes) or a huge document. This loader does.
Every refusal is a YamlError with the line and a hint a person can act on.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_CHARS = 256 * 1024
MAX_ALIASES = 16  # metadata has no need for aliases; a few are tolerated
MAX_NODES = 20_000
MAX_FAST_CHARS = 8 * 1024  # front matter is rarely past 1 KB; nesting in this much is shallow enough for C
HINT_SYNTAX = "check quotes and indentation (spaces, not tabs)"

# PyYAML's "while scanning …" contexts, said the way a person editing the file would.
_CONTEXTS = {
    "while scanning a quoted scalar": "a quoted value is never closed",
    "while scanning a simple key": "a line is missing its ':'",
    "while parsing a flow sequence": "a list in [ ] is never closed",
    "while parsing a flow mapping": "a mapping in { } is never closed",
    "while scanning an alias": "an alias (*name) is malformed",
    "while scanning an anchor": "an anchor (&name) is malformed",
}


class YamlError(ValueError):
    """The text is not YAML we accept. `line` is 1-based when known; `hint` says what to do."""

    def __init__(self, message: str, line: int | None = None, hint: str = HINT_SYNTAX):
        self.line = line
        self.hint = hint
        super().__init__(message)


class _BoundedLoader(yaml.SafeLoader):
    # Dates stay text here: the metadata validator parses them and reports an impossible
    # date such as 2017-02-30 as a wrong value, instead of the parser crashing on it.
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Counting while composing stops a bomb before it is expanded into memory.
        line = self.peek_event().start_mark.line + 1
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlError(f"more than {MAX_ALIASES} aliases (*name), as in an alias bomb", line,
                                "write the values out instead of repeating them with &name and *name")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlError(f"more than {MAX_NODES} values", line, "metadata should be a few lines; shorten it")
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse one YAML document. Raises YamlError with the line where the parser knows it."""
    return load_yaml_with_lines(text)[0]


def load_yaml_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse one document; also return the 1-based line of each top-level key, for messages."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlError(f"metadata is {len(text)} characters, more than the {MAX_YAML_CHARS} allowed", None,
                        "keep metadata short; put long text in the article body")
    if _FastLoader is not None and len(text) <= MAX_FAST_CHARS and "*" not in text and "&" not in text:
        # Without anchors and aliases nothing can expand, so libyaml may parse it: several
        # times faster. Only short texts: libyaml recurses without a limit, and brackets
        # nested a hundred thousand deep overflow its C stack (a crash, not an exception).
        # Any problem is re-read below for a precise message.
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            return (None, {}) if node is None else (fast.construct_document(node), _key_lines(node))
        except Exception:  # noqa: BLE001 - the careful loader below reports what is wrong
            pass
        finally:
            fast.dispose()
    loader = None
    try:
        # The constructor already scans for control characters (a ReaderError), so it
        # belongs inside the guard like the parse itself.
        loader = _BoundedLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        return loader.construct_document(node), _key_lines(node)
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(f"holds the control character U+{exc.character:04X}, which YAML does not allow", line,
                        "remove the character") from exc
    except yaml.constructor.ConstructorError as exc:
        raise _tag_error(exc) from exc
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from exc
    except RecursionError as exc:
        raise YamlError("metadata is nested too deeply", None, "write flat 'key: value' lines") from exc
    finally:
        if loader is not None:
            loader.dispose()


def _without_timestamps(loader: type) -> dict[Any, Any]:
    return {first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in loader.yaml_implicit_resolvers.items()}


if hasattr(yaml, "CSafeLoader"):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        yaml_implicit_resolvers = _without_timestamps(yaml.CSafeLoader)
else:
    _FastLoader = None  # type: ignore[assignment,misc]


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _tag_error(exc: yaml.constructor.ConstructorError) -> YamlError:
    mark = exc.problem_mark
    tag = (exc.problem or "").split("tag ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
    return YamlError(f"uses the YAML tag {tag}, which metadata may not use", mark.line + 1 if mark else None,
                     "remove the tag: metadata holds plain text, dates and lists")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    # The context mark is where the broken construct began (an unclosed quote), the
    # problem mark where the parser gave up; the former is where a person should look.
    mark = exc.context_mark or exc.problem_mark
    line = mark.line + 1 if mark else None
    problem = _CONTEXTS.get(exc.context or "") or exc.problem or str(exc)
    if "\t" in text and "\\t" in str(exc):
        problem += "; YAML indents with spaces, not tabs"
        return YamlError(problem, line, "replace the tabs with spaces")
    return YamlError(problem, line)
