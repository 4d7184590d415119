"""YAML for metadata that comes from strangers: safe tags only, bounded size and aliases.

`yaml.safe_load` already refuses `!!python/object`; it does not stop an alias bomb
(a few lines that expand to billions of nodes) or a huge document. This loader does.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_CHARS = 256 * 1024
MAX_ALIASES = 16  # metadata has no need for aliases; a few are tolerated
MAX_NODES = 20_000


class YamlError(ValueError):
    """The text is not YAML we accept. `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
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
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlError(f"more than {MAX_ALIASES} aliases (*name); write the values out instead")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlError(f"more than {MAX_NODES} values; metadata should be small")
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse one YAML document. Raises YamlError with the line where the parser knows it."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlError(f"metadata is {len(text)} characters, more than the {MAX_YAML_CHARS} allowed")
    loader = None
    try:
        # The constructor already scans for control characters (a ReaderError), so it
        # belongs inside the guard like the parse itself.
        loader = _BoundedLoader(text)
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(f"holds the control character U+{exc.character:04X}, which YAML does not allow; "
                        "remove it", line) from exc
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct began (an unclosed quote), the
        # problem mark where the parser gave up; the former is where a person should look.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        if "\t" in text and ("tab" in str(exc).lower() or "\\t" in str(exc)):
            problem += "; YAML indents with spaces, not tabs"
        raise YamlError(problem, line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from exc
    except RecursionError as exc:
        raise YamlError("metadata is nested too deeply") from exc
    finally:
        if loader is not None:
            loader.dispose()
