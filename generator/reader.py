"""Find the archive's files and decode their bytes; the first stage of the pipeline.

Decoding is careful rather than hopeful: a file whose encoding cannot be told with
confidence is reported, never turned into mojibake.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import Diagnostic, Severity, SourceFile

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIXES = (".yml", ".yaml")
# Legacy code pages met in Arabic and Persian archives; detection outside these is not trusted.
_LEGACY_ENCODINGS = {"cp1256", "windows_1256", "iso8859_6", "cp720", "cp864", "mac_arabic", "cp1252", "latin_1"}
_MAX_CHAOS = 0.15
_CONTROL_BYTES = [b for b in range(32) if b not in (9, 10, 12, 13, 27)]
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


HINT_ENCODING = "save the file as UTF-8 (or UTF-16 with a byte-order mark) and build again"
HINT_BINARY = "this is not a text file: take it out of the content folder, or save its text as UTF-8"


class DecodeError(ValueError):
    """The bytes cannot be decoded with confidence. `hint` says what to do about it."""

    def __init__(self, message: str, hint: str = HINT_ENCODING):
        self.hint = hint
        super().__init__(message)


@dataclass(frozen=True)
class Inventory:
    """What the content folder holds: article files, sidecars, and everything passed over."""

    articles: tuple[str, ...]
    sidecars: frozenset[str]
    skipped: tuple[Diagnostic, ...]
    # Per article and sidecar: (size, mtime in ns, inode) as found, -1s where it could not be read.
    # Taken while walking: a rebuild compares these to the last build's before reading anything.
    stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def discover(content_dir: Path) -> Inventory:
    """Walk the folder (sorted, never following a symlink out of it) and sort files by role."""
    root = content_dir.resolve()
    stats: dict[str, tuple[int, int, int]] = {}
    articles: list[str] = []
    sidecars: set[str] = set()
    skipped: list[Diagnostic] = []
    # One directory listing per folder and one stat per file: at tens of thousands of files,
    # this walk is a fixed cost of every rebuild, even one that finds nothing changed.
    folders = [os.fspath(root)]
    prefix = len(folders[0]) + len(os.sep)  # an entry's path past it is its path in the folder
    while folders:
        here = folders.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue  # a folder that cannot be listed holds nothing we can read
        inner = []
        for entry in entries:
            if _is_dir(entry):
                if entry.is_symlink() or not _decodable(entry.name):
                    skipped.append(_skipped_folder(root, Path(entry.path)))
                else:
                    inner.append(entry.path)
                continue
            role = _role(root, entry.path, entry.name, entry.is_symlink())
            if isinstance(role, Diagnostic):
                skipped.append(role)
                continue
            rel = entry.path[prefix:] if os.sep == "/" else entry.path[prefix:].replace(os.sep, "/")
            (articles.append if role == "article" else sidecars.add)(rel)
            stats[rel] = _stat(entry)
        folders += reversed(inner)  # depth first, in name order, as os.walk goes
    return Inventory(tuple(articles), frozenset(sidecars), tuple(skipped), stats)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # a link to a folder counts, and is then passed over
    except OSError:
        return False


def _stat(entry: os.DirEntry) -> tuple[int, int, int]:
    try:
        info = entry.stat()
    except OSError:
        return (-1, -1, -1)
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _role(root: Path, path: str, name: str, is_link: bool) -> str | Diagnostic:
    """"article" or "sidecar", or the diagnostic that says why the file is passed over."""
    problem = _passed_over(root, path, name, is_link)
    if problem:
        return problem
    suffix = os.path.splitext(name)[1].lower()
    if suffix in ARTICLE_SUFFIXES:
        return "article"
    if suffix in SIDECAR_SUFFIXES:
        return "sidecar"
    return _skip(root, Path(path), "not-an-article", "is neither .txt nor .md, ignored",
                 "articles are .txt (raw text) or .md (Markdown) files")


def _passed_over(root: Path, path: str, name: str, is_link: bool) -> Diagnostic | None:
    if not _decodable(name):
        return _skip(root, Path(path), "file-name", "the file name is not valid UTF-8, so it cannot be an address "
                     "or a catalog entry; not read", "rename the file (its undecodable bytes are shown as \\x escapes)",
                     "error")
    problem = _unsafe_file(root, Path(path)) if is_link else None
    if problem:
        return problem
    if name.startswith("."):
        return _skip(root, Path(path), "hidden", "hidden file, ignored", "rename it if it is an article")
    return None


def _skipped_folder(root: Path, folder: Path) -> Diagnostic:
    if not _decodable(folder.name):
        return _skip(root, folder, "file-name", "the folder name is not valid UTF-8; nothing in it was read",
                     "rename the folder (its undecodable bytes are shown as \\x escapes)", "error")
    return _skip(root, folder, "symlink-dir", "is a symbolic link to a folder, not followed",
                 "copy the folder into the content folder if it belongs to the archive")


def _decodable(name: str) -> bool:
    # os.walk hands over undecodable bytes as lone surrogates, which no UTF-8 output can hold.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _skip(root: Path, file: Path, code: str, message: str, hint: str, severity: Severity = "warning") -> Diagnostic:
    shown = os.fsencode(file.relative_to(root).as_posix()).decode("utf-8", "backslashreplace")
    return Diagnostic(severity, code, shown, message, hint)


def _unsafe_file(root: Path, file: Path) -> Diagnostic | None:
    """Why a symbolic link is not followed, if it is not."""
    try:
        target = file.resolve(strict=True)
    except (OSError, RuntimeError):
        return _skip(root, file, "symlink-broken", "is a broken or looping symbolic link, ignored",
                     "replace the link with the file itself")
    if not target.is_relative_to(root):
        return _skip(root, file, "symlink-outside", "is a symbolic link to a file outside the content folder, "
                     "not followed", "copy the file into the content folder if it belongs to the archive")
    return None


def read_source(content_dir: Path, rel_path: str) -> SourceFile:
    """Read and decode one file. Raises DecodeError or OSError with a message for the report."""
    raw = (content_dir / rel_path).read_bytes()
    text, encoding = decode(raw)
    return SourceFile(rel_path, raw, hashlib.sha256(raw).hexdigest(), encoding,
                      drop_control_characters(normalise_newlines(text)))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def drop_control_characters(text: str) -> str:
    """The text without C0 controls (tab and newline stay) and the non-characters U+FFFE/U+FFFF.

    Scraped text carries stray backspaces and terminal colour codes; they show as nothing
    on a page but make the Atom feeds and the sitemap invalid XML. The original keeps them.
    """
    # A form feed separates pages: a line end keeps the words on either side apart.
    return _CONTROL_CHARACTERS.sub("", text.replace("\f", "\n"))


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding name). BOMs first, then strict UTF-8, then a guarded detector."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                  f"(byte {exc.start})") from exc
    # UTF-16 without a BOM is often valid UTF-8 too (Arabic letters become 0x06 control
    # bytes), so it is tried first whenever the bytes carry control characters.
    if _has_control_bytes(raw):
        utf16 = _utf16_without_bom(raw)
        if utf16:
            return utf16
        raise DecodeError("contains NUL or other control bytes: this looks like a binary file, not text", HINT_BINARY)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        return _legacy(raw, utf8_error.start)


def _has_control_bytes(raw: bytes) -> bool:
    sample = raw[:65536]
    return b"\x00" in sample or sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > len(sample) // 100


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    # ASCII-range text in UTF-16 has a zero in every other byte; Arabic has 0x06 there.
    if len(raw) < 4 or len(raw) % 2:
        return None
    high_le, high_be = raw[1::2], raw[0::2]
    for highs, encoding in ((high_le, "utf-16-le"), (high_be, "utf-16-be")):
        plausible = sum(1 for b in highs if b in (0x00, 0x06, 0x20, 0xFB, 0xFE)) / len(highs)
        if plausible > 0.9:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if all(_is_text_char(ch) for ch in text[:2000]):
                return text, encoding
    return None


def _is_text_char(ch: str) -> bool:
    # Persian needs the zero-width non-joiner and bidi marks (format characters, which
    # Python does not call printable); control characters still mean "not this encoding".
    return ch.isprintable() or ch in "\n\r\t" or unicodedata.category(ch) == "Cf"


def _legacy(raw: bytes, first_bad: int) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # loaded for the rare file that is not UTF-8

    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding in _LEGACY_ENCODINGS and best.chaos <= _MAX_CHAOS:
        try:
            return raw.decode(best.encoding), best.encoding
        except UnicodeDecodeError:
            pass
    raise DecodeError(f"is not valid UTF-8 (first bad byte at offset {first_bad}) and its encoding cannot be "
                      "told with confidence")
