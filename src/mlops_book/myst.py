"""Reading the book's MyST Markdown as its chapter files write it: directives, options, text.

The chapter kit (:mod:`mlops_book.kit`) reads what a chapter says about itself through these:
a chapter file is parsed with markdown-it-py (the parser MyST itself is built on) with MyST's
block syntax, and a fence that names a directive is read as one.

>>> [fence] = parse(":::{admonition} Glance\\n:class: chapter-kit\\n\\n**Time to read:** 5 minutes.\\n:::").children
>>> found = directive(fence)
>>> found.name, found.argument, found.options, lead_in(found.blocks[0])
('admonition', 'Glance', {'class': 'chapter-kit'}, ('Time to read:', ' 5 minutes.'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin

#: MyST's block syntax, as far as the kit needs it: front matter, ``(label)=`` targets and ``:::`` fences.
_MARKDOWN = MarkdownIt("commonmark").use(front_matter_plugin).use(myst_block_plugin).use(colon_fence_plugin)
#: A fence that is a directive: ```` ```{name} argument ```` or ``:::{name} argument``.
_DIRECTIVE = re.compile(r"\{([\w-]+)\}\s*(.*)")
#: A directive option line at the top of its body: ``:name: value``.
_OPTION = re.compile(r":([\w-]+):\s*(.*)")
#: Directives whose body is code, not Markdown: the walk does not look inside them for kit parts.
_CODE_DIRECTIVES = {"code-cell", "code", "code-block", "sourcecode"}

@dataclass(frozen=True)
class Directive:
    """A MyST directive read from its fence: name, argument, ``:name: value`` options and Markdown body."""

    name: str
    argument: str
    options: dict
    body: str
    node: SyntaxTreeNode

    @cached_property  # read again and again by the kit; a frozen dataclass still caches it
    def blocks(self) -> list[SyntaxTreeNode]:
        """The body's top-level blocks, parsed as Markdown."""
        return parse(self.body).children


def parse(text: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_MARKDOWN.parse(text))


def directive(node: SyntaxTreeNode) -> Directive | None:
    """The directive a fence holds, or None for a plain code fence or any other block.

    >>> [fence] = parse("```{exercise} Title\\n:label: ex-1\\n\\nText.\\n```").children
    >>> d = directive(fence)
    >>> d.name, d.argument, d.options, d.body
    ('exercise', 'Title', {'label': 'ex-1'}, 'Text.')
    """
    found = _DIRECTIVE.fullmatch(node.info.strip()) if node.type in ("fence", "colon_fence") else None
    if not found:
        return None
    lines, options = node.content.splitlines(), {}
    while lines and (option := _OPTION.fullmatch(lines[0].strip())):
        options[option.group(1)] = option.group(2).strip()
        lines.pop(0)
    return Directive(found.group(1), found.group(2).strip(), options, "\n".join(lines).strip(), node)


def read(nodes):
    """Every block in document order with the directive it is (or None), looking inside Markdown
    directives (not into code cells).

    Each fence is read as a directive once, and its body parsed once: a reader that wants the
    blocks and their directives asks here rather than calling :func:`directive` again, which
    would parse the body again (the kit did so three times over, every chapter, every notebook).

    >>> [(node.type, found and found.name) for node, found in read(parse(":::{note}\\nHi.\\n:::").children)][:2]
    [('colon_fence', 'note'), ('paragraph', None)]
    """
    for node in nodes:
        inside = directive(node)
        yield node, inside
        yield from read(node.children)
        if inside and inside.name not in _CODE_DIRECTIVES:
            yield from read(inside.blocks)


def walk(nodes):
    """Every block in document order, looking inside Markdown directives (not into code cells)."""
    return (node for node, _ in read(nodes))


def text(node: SyntaxTreeNode) -> str:
    """The plain text of an inline node and its children (line breaks become spaces)."""
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type in ("text", "code_inline"):
        return node.content
    return "".join(text(child) for child in node.children)


def lead_in(node: SyntaxTreeNode | None) -> tuple[str, str] | None:
    """A paragraph's bold lead-in and the text after it, or None if it does not open in bold.

    >>> lead_in(parse("**Time to read:** 5 minutes.").children[0])
    ('Time to read:', ' 5 minutes.')
    """
    if node is None or node.type != "paragraph":
        return None
    parts = [child for child in node.children[0].children if not (child.type == "text" and not child.content)]
    if not parts or parts[0].type != "strong":
        return None
    return text(parts[0]), "".join(text(part) for part in parts[1:])


def one_line(markdown: str) -> str:
    """Markdown source that wraps over several lines, joined into one."""
    return " ".join(line.strip() for line in markdown.splitlines() if line.strip())
