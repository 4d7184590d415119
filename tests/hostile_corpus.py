"""The bad-input corpus: committed text cases plus the ones that cannot or should not be committed.

`tests/fixtures/hostile/content/` holds small text cases (broken YAML, hostile
metadata and Markdown, unsafe slugs). Encodings are generated here so each case
says in code what its bytes are; file names a Windows checkout cannot hold, symlinks
and the giant inputs are created at test time too. `expected.yml` beside the folder
gives every path's expected outcome.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
COMMITTED = HOSTILE / "content"
EXPECTED = HOSTILE / "expected.yml"

ARABIC = ("أكد دبلوماسيون وأعضاء شبكات سوريا التي تدعم المعارضين أن مقاتلي التنظيم على اتصال مع حكومات "
          "بلادهم لكي يساعدوهم على العودة إلى أوطانهم، وتقول الصحيفة إن الأمر تحول إلى مهمة دبلوماسية في تركيا.")
PERSIAN = ("به گزارش «شیعه نیوز»، این مردان که اکثرا صورت خود را پوشانده‌اند، کارت عضویت را به همراه دارند "
           "و به فردی که پشت دوربین مشغول فیلمبرداری از آنهاست می‌گویند که از این گروه گریخته‌اند.")


def _text(case: str) -> str:
    """A distinct Arabic article per case, so no two generated files are copies of each other."""
    return f"{ARABIC}\nوهذه هي حالة {case} في مجموعة الملفات المعادية.\n"


def generated_files() -> dict[str, bytes]:
    """Cases whose bytes are the point, or whose names a Windows checkout of the repository cannot hold."""
    rng = random.Random(6)
    utf8 = _text("الترميز").encode()
    return {
        "encoding/invalid-utf8.txt": utf8[:40] + b"\xff\xfe\xfa\xc3\x28\xa0\xa1\x80\x81" + utf8[40:],
        "encoding/windows-1256.txt": _text("ويندوز").encode("cp1256"),
        "encoding/utf16-bom.txt": b"\xff\xfe" + (PERSIAN + "\nنسخه با نشانه ترتیب بایت.\n").encode("utf-16-le"),
        "encoding/utf16-no-bom.txt": (PERSIAN + "\nنسخه بدون نشانه ترتیب بایت.\n").encode("utf-16-le"),
        "encoding/utf16be-no-bom.txt": _text("يو تي إف ١٦ الكبير").encode("utf-16-be"),
        "encoding/nul-bytes.txt": _text("البايت الصفري").encode().replace(b" ", b" \x00", 5),
        "encoding/control-characters.txt": f"عنوان \b تحكم \x1b[31m ملون \ufffe\n\f{_text('التحكم')}".encode(),
        "encoding/empty.txt": b"",
        "encoding/whitespace-only.txt": b"  \n\t\n\r\n \xc2\xa0\n",
        "encoding/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(2000),
        "other/picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(200),
        "names/CON.txt": _text("كون").encode(),
        "names/nul.md": f"---\nlang: ar\n---\n{_text('نول')}".encode(),
        "names/aux/index.md": f"---\nlang: ar\n---\n{_text('مجلد محجوز')}".encode(),
        "names/\u202etxt.exe.txt": _text("الاتجاه المعكوس").encode(),
        "names/\u2066bidi\u2069 \u200fisolate.md": f"---\nlang: ar\n---\n{_text('العزل')}".encode(),
        "names/with  two spaces.txt": _text("المسافات").encode(),
        "names/مقال عربي جديد.txt": _text("الاسم العربي").encode(),
        "names/back\\slash.txt": _text("الشرطة العكسية").encode(),
        "names/..dots..txt": _text("النقاط").encode(),
        # Names that would rewrite a terminal: a line break, an escape sequence that clears the screen.
        "names/new\nline.txt": _text("السطر الجديد").encode(),
        "names/\x1b[2Jclear.md": b"",
        "names/forged\nerror: all files built.txt": b" \n",
        # Names that are not UTF-8 (os.walk gives their bytes as lone surrogates).
        "names/\udcff\udcfebad-name.txt": _text("اسم غير صالح").encode(),
        "names/bad\udcffdir/inside.txt": _text("مجلد باسم غير صالح").encode(),
        # Front matter built to crash or stall a parser: deep nesting, a huge block.
        "yaml/deep-nesting.md": f"---\ntitle: {'[' * 100_000}{']' * 100_000}\n---\n{_text('التداخل')}".encode(),
        "yaml/huge-front-matter.md": f"---\nlang: ar\ntitle: '{'ع' * 300_000}'\n---\n{_text('الضخامة')}".encode(),
        # Unreadable twins whose slugs meet: their originals must still be kept apart.
        "names/broken name.txt": b"\xff\xfe\x00",
        "names/broken-name.txt": b"\xff\xfe\x00",
    }


def write_corpus(root: Path) -> tuple[Path, Path]:
    """Materialise the corpus under `root`: returns (content folder, a folder outside it that links point to)."""
    content = root / "content"
    shutil.copytree(COMMITTED, content)
    for rel, data in generated_files().items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("لا ينبغي أن يُقرأ هذا الملف السري من خارج مجلد المحتوى أبدا.\n")
    _symlinks(content, outside)
    return content, outside


def _symlinks(content: Path, outside: Path) -> None:
    links = content / "links"
    links.mkdir(exist_ok=True)  # links/target.md is committed
    os.symlink(outside / "secret.txt", links / "outside.txt")
    os.symlink(outside, links / "outside-folder")
    os.symlink("loop.txt", links / "loop.txt")  # points at itself
    os.symlink(".", links / "loop-folder")  # a folder that contains itself
    os.symlink("target.md", links / "via-link.md")  # inside the folder: read, and a copy of its target


def write_giant_files(content: Path) -> dict[str, int]:
    """The 50 MB text and the 2 MB single line; returns their sizes. Never committed."""
    content.mkdir(parents=True, exist_ok=True)
    sentence = (ARABIC + "\n").encode()
    huge = content / "giant/fifty-megabytes.txt"
    huge.parent.mkdir(parents=True, exist_ok=True)
    with huge.open("wb") as out:
        for number in range(50 * 1024 * 1024 // len(sentence) + 1):
            out.write(f"{number} ".encode() + sentence)
    line = content / "giant/one-long-line.txt"
    words = (ARABIC + " ").encode()
    line.write_bytes(words * (2 * 1024 * 1024 // len(words) + 1) + b"\n")
    return {p.relative_to(content).as_posix(): p.stat().st_size for p in (huge, line)}


@dataclass(frozen=True)
class ExpectedMessage:
    code: str
    severity: str
    fragment: str  # a piece of the message, lower case
    line: int | None


@dataclass(frozen=True)
class Expected:
    path: str
    status: str  # published, error, empty, copy, draft; skipped; sidecar (see expected.yml)
    messages: tuple[ExpectedMessage, ...]  # every diagnostic the file gets; () for none
    url: str | None = None
    encoding: str | None = None
    via: str | None = None  # the file whose diagnostic explains this one


def expected_outcomes() -> dict[str, Expected]:
    data = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    return {path: _expected(path, case) for path, case in data.items()}


def _expected(path: str, case: dict) -> Expected:
    listed = case.get("messages") or ([case] if "code" in case else [])
    messages = tuple(ExpectedMessage(m["code"], m["severity"], str(m.get("message", "")).lower(), m.get("line"))
                     for m in listed)
    return Expected(path, case["status"], messages, case.get("url"), case.get("encoding"), case.get("via"))


def write_mid_archive(content: Path, count: int, variant: str = "") -> Path:
    """`count` distinct Markdown articles, a few kilobytes each, so a build takes a moment.

    `variant` changes every body, so a build of one variant replaces every page of another.
    """
    rng = random.Random(count)
    words = (ARABIC + " " + PERSIAN).split()
    for number in range(count):
        folder = content / f"{2010 + number % 8}" / ("ar" if number % 3 else "fa")
        folder.mkdir(parents=True, exist_ok=True)
        paragraphs = [" ".join(rng.choices(words, k=60)) for _ in range(12)]
        day = f"{2010 + number % 8}-0{1 + number % 9}-1{number % 10}"
        front = f"---\nlang: ar\ntitle: مقال رقم {number} {variant}\ndate: {day}\n"
        front += f"tags: [وسم{number % 17}, سوريا]\noutlet: منفذ {number % 11}\n---\n"
        (folder / f"article-{number:04d}.md").write_text(front + f"{variant}\n\n" + "\n\n".join(paragraphs) + "\n",
                                                         encoding="utf-8")
    return content


def tree_hashes(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """sha256 of every file under root (a symlink by its target's name), skipping some folders."""
    hashes = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in filenames + [d for d in dirnames if (here / d).is_symlink()]:
            file = here / name
            data = os.readlink(file).encode() if file.is_symlink() else file.read_bytes()
            hashes[file.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return hashes


def shown_path(rel: str) -> str:
    """A path as messages show it: bytes that are not UTF-8 as \\x escapes."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")
