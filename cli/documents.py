"""Reading documents named on the command line, with errors printed for people."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from models.exchange import DocumentError, Instance, Solution, parse_instance, parse_solution
from models.exchange.documents import parse_variant
from models.exchange.variant import Variant

error_console = Console(stderr=True, highlight=False)


def print_document_error(path: Path, error: DocumentError) -> None:
    """Print every problem of a document, one per line, prefixed with the file name."""
    count = len(error.problems)
    error_console.print(
        f"[bold red]{path}[/]: {count} problem{'s' if count != 1 else ''}", soft_wrap=True
    )
    for problem in error.problems:
        error_console.print(f"  [red]•[/] {problem}", markup=True, soft_wrap=True)


def read_text(path: Path) -> bytes:
    """The file's bytes; exits with status 1 and a clear message if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        error_console.print(f"[bold red]{path}[/]: cannot read the file ({error.strerror})")
        raise typer.Exit(1) from None


def load_instance(path: Path) -> Instance:
    """The validated instance in `path`; exits with status 1 listing every problem."""
    try:
        return parse_instance(read_text(path))
    except DocumentError as error:
        print_document_error(path, error)
        raise typer.Exit(1) from None


def load_solution(path: Path) -> Solution:
    """The solution in `path`, structurally valid; exits with status 1 listing every problem."""
    try:
        return parse_solution(read_text(path))
    except DocumentError as error:
        print_document_error(path, error)
        raise typer.Exit(1) from None


def load_variant(path: Path) -> Variant:
    """The variant document in `path`, checked on its own; exits with status 1 on problems."""
    try:
        return parse_variant(read_text(path))
    except DocumentError as error:
        print_document_error(path, error)
        raise typer.Exit(1) from None
