"""The ``jxparse`` command: a thin layer over the library.

Exit codes (also in the README):
  0  every input converted (warnings included) / every file valid
  1  an input failed (unreadable, undecodable, not a valid PDF) or a file is invalid;
     with --strict also when an input has warnings
  2  usage error (click's own: unknown option, missing argument)
"""

from __future__ import annotations

import signal
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import JxParseError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_OUTPUT_FORMATS = ("json", "xml", "md", "tree", "text")


def _formats(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in _OUTPUT_FORMATS]
    if unknown or not names:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(_OUTPUT_FORMATS)}")
    return names


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jxparse")
def main() -> None:
    """Turn Chinese government bulletins and documents into JSON, XML and Markdown."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `jxparse … | head` ends quietly


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option("-t", "--to", "formats", default="json", show_default=True,
              help="Output format(s), comma-separated: json, xml, md, tree, text (the extracted text).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/<name>.<ext> for each input instead of printing to stdout.")
@click.option("--encoding", help="Decode text input with this encoding instead of detecting it.")
@click.option("--format", "input_format", type=click.Choice(["text", "markdown", "html", "pdf"]),
              help="Read inputs as this format instead of guessing from the extension.")
@click.option("--pdf-engine", type=click.Choice(["pdfplumber", "pdfium"]), default="pdfplumber", show_default=True,
              help="PDF text engine; pdfium needs the 'fast' extra.")
@click.option("--password", help="Password of encrypted PDFs.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
@click.option("-q", "--quiet", is_flag=True, help="Print no diagnostics.")
@click.option("--debug", is_flag=True, help="Show a traceback when an input fails.")
def convert(paths, formats, out_dir, encoding, input_format, pdf_engine, password, strict, quiet, debug):
    """Convert PATHS (files, or - for stdin) to the chosen formats."""
    from .convert import ConvertOptions, convert_one

    names = _formats(formats)
    if out_dir is None and len(names) > 1:
        raise click.UsageError("several formats need -o DIR")
    options = ConvertOptions(formats=tuple(names), out_dir=out_dir, encoding=encoding, input_format=input_format,
                             pdf_engine=pdf_engine, password=password)
    status = EXIT_OK
    for path in paths:
        try:
            result = convert_one(path, options, stdin=sys.stdin.buffer, stdout=sys.stdout)
        except JxParseError as error:
            click.echo(f"{error}", err=True)
            if debug:
                traceback.print_exc()
            status = EXIT_FAILED
            continue
        if not quiet:
            for line in result.diagnostic_lines():
                click.echo(line, err=True)
        if strict and result.warnings:
            status = EXIT_FAILED
    sys.exit(status)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(paths):
    """Check jxparse JSON or XML files against the shipped schemas."""
    from .validate import validate_text

    status = EXIT_OK
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            click.echo(f"{path}: not UTF-8 at byte {error.start}", err=True)
            status = EXIT_FAILED
            continue
        problems = validate_text(text, name=str(path))
        for problem in problems:
            click.echo(problem, err=True)
        if problems:
            status = EXIT_FAILED
        else:
            click.echo(f"{path}: valid")
    sys.exit(status)


@main.command()
@click.argument("kind", type=click.Choice(["json", "xml"]))
def schema(kind):
    """Print the JSON Schema or the XSD of jxparse output."""
    from .validate import schema_text

    click.echo(schema_text(kind), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
