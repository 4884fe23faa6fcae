"""The `papers` commands: attach, list, replace, remove and fetch the papers of a meeting, and
list the board packs built for it. Files are read and checked before the database is opened
for writing, so a refused file leaves nothing behind."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ccsc_gov.cli.support import opened, print_records, reading
from ccsc_gov.core.settings.config import load_settings

if TYPE_CHECKING:
    from ccsc_gov.core.services.papers import PaperFile

Command = Callable[[argparse.Namespace], int]


def _read(path: str) -> PaperFile:
    """The file read and checked (a Word file converted) before the database is opened."""
    from ccsc_gov.core.export.paper_files import read_paper_file

    return read_paper_file(Path(path).expanduser(), max_bytes=load_settings().paper_max_bytes)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


def cmd_papers_add(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.papers import add_paper

    file = _read(args.file)
    with opened(args) as database, database.transaction() as session:
        paper = add_paper(
            session,
            meeting=args.ref,
            item=args.item,
            file=file,
            title=args.title or "",
            author=args.author,
            confidential=args.confidential,
        ).paper
    secret = " (confidential)" if paper.confidential else ""
    print(f"Attached {paper.filename} to item {paper.item_number} as paper {paper.number}{secret}.")
    return 0


def cmd_papers_list(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.papers import list_papers

    with reading(args, create=False) as session:
        rows = list_papers(session, meeting=args.ref)
    print_records(
        rows,
        as_json=args.json,
        record=lambda p: {
            "number": p.number,
            "title": p.title,
            "item": p.item_number,
            "author": p.author,
            "version": p.version,
            "file": p.filename,
            "pages": p.pages,
            "confidential": p.confidential,
            "size": p.size,
            "sha256": p.sha256,
        },
        line=lambda p: (
            p.number,
            p.item_number,
            p.title,
            f"v{p.version}",
            f"{p.pages} pp" if p.pages is not None else "? pp",
            "confidential" if p.confidential else "",
            _size(p.size),
        ),
        empty=f"{args.ref.strip().upper()} has no papers yet.",
    )
    return 0


def cmd_papers_replace(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.papers import replace_paper

    file = _read(args.file)
    with opened(args, create=False) as database, database.transaction() as session:
        paper = replace_paper(session, number=args.paper, file=file).paper
    print(f"Paper {paper.number} is now version {paper.version} ({paper.filename}).")
    return 0


def cmd_papers_remove(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.papers import remove_paper

    with opened(args, create=False) as database, database.transaction() as session:
        remove_paper(session, number=args.paper)
    print(f"Removed paper {args.paper.strip().upper()}.")
    return 0


def cmd_papers_get(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.files import check_target, write_bytes
    from ccsc_gov.core.services.papers import paper_file

    target = Path(args.output).expanduser()
    check_target(target)
    with reading(args, create=False) as session:
        name, data = paper_file(session, number=args.paper, version=args.version)
    write_bytes(target, data)
    print(f"Saved {name} to {target}.")
    return 0


def cmd_papers_packs(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.packs import list_packs

    with reading(args, create=False) as session:
        packs = list_packs(session, meeting=args.ref)
    print_records(
        packs,
        as_json=args.json,
        record=lambda p: {
            "built_at": p.built_at,
            "pack": p.name,
            "pages": p.pages,
            "sha256": p.sha256,
            "papers": [f"{q.number} v{q.version}" for q in p.papers],
        },
        line=lambda p: (
            p.built_at.strftime("%d %b %Y %H:%M"),
            p.name,
            f"{p.pages} pp",
            ", ".join(f"{q.number} v{q.version}" for q in p.papers),
            p.sha256[:12],
        ),
        empty=f"No pack of {args.ref.strip().upper()} has been built yet.",
    )
    return 0


def cmd_export_pack(args: argparse.Namespace) -> int:
    from ccsc_gov.cli.export import output_format
    from ccsc_gov.core.export.files import check_target
    from ccsc_gov.core.export.pack import write_pack

    target, _ = output_format(args.output, {".pdf": "PDF"}, "the board pack")
    check_target(target)
    with opened(args, create=False) as database, database.transaction() as session:
        record = write_pack(
            session, args.meeting, target, public=args.public, supplement=args.supplement
        )
    print(
        f"Saved the {record.name} of {record.meeting} ({record.pages} pages, "
        f"{len(record.papers)} paper{'s' if len(record.papers) != 1 else ''}) to {target}."
    )
    return 0


def add_paper_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    """Register `ccsc-gov papers …` on the main parser's sub-commands."""
    group = sub.add_parser(
        "papers",
        help="the papers of a meeting: attach, list, replace, remove, fetch; the packs built",
        description="Papers are files (PDF, Word, Excel, PowerPoint) attached to agenda items.",
    )
    kinds = group.add_subparsers(title="actions", metavar="ACTION", required=True)

    def add(name: str, command: Command, help_text: str) -> argparse.ArgumentParser:
        p = kinds.add_parser(name, parents=[db_option], help=help_text, description=help_text)
        p.set_defaults(command=command)
        return p

    p = add("add", cmd_papers_add, "attach a file to an agenda item as a paper")
    p.add_argument("ref", metavar="REF", help="the meeting's reference, e.g. EMC/2026/10")
    p.add_argument("item", metavar="ITEM", help="the item's number, e.g. 5.1")
    p.add_argument("file", metavar="FILE", help="a .pdf, .docx, .xlsx or .pptx file")
    p.add_argument("--title", metavar="T", help="the paper's title (default: the file's name)")
    p.add_argument("--author", metavar="NAME", help="its author (default: the item's presenter)")
    p.add_argument(
        "--confidential",
        action="store_true",
        help="keep it out of the public pack (papers of confidential items always are)",
    )
    p = add("list", cmd_papers_list, "a meeting's papers in agenda order")
    p.add_argument("ref", metavar="REF", help="the meeting's reference")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("replace", cmd_papers_replace, "attach a new version of a paper (earlier ones kept)")
    p.add_argument("paper", metavar="PAPER", help="the paper's number, e.g. EMC-26-11-A")
    p.add_argument("file", metavar="FILE", help="the new file")
    p = add("remove", cmd_papers_remove, "take a paper, every version, off its item")
    p.add_argument("paper", metavar="PAPER", help="the paper's number")
    p = add("get", cmd_papers_get, "save a paper's file")
    p.add_argument("paper", metavar="PAPER", help="the paper's number")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    p.add_argument("--version", type=int, help="an earlier version (default: the latest)")
    p = add("packs", cmd_papers_packs, "the board packs built for a meeting")
    p.add_argument("ref", metavar="REF", help="the meeting's reference")
    p.add_argument("--json", action="store_true", help="print JSON")


def add_pack_export(
    kinds: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    """Register `ccsc-gov export pack` among the export commands."""
    help_text = "the board pack of a meeting: cover, agenda and papers in one PDF"
    p = kinds.add_parser("pack", parents=[db_option], help=help_text, description=help_text)
    p.set_defaults(command=cmd_export_pack)
    p.add_argument("meeting", metavar="REF", help="the meeting's reference, e.g. EMC/2026/10")
    p.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
    p.add_argument(
        "--public", action="store_true", help="the public pack: confidential papers withheld"
    )
    p.add_argument(
        "--supplement",
        action="store_true",
        help="only the papers added or replaced since the packs already built",
    )
