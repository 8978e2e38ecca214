"""The ``jxparse`` command: a thin layer over the library.

Exit codes (also in the README):
  0    every input converted or skipped as up to date (warnings included) / every file valid
  1    an input failed (missing, unreadable, undecodable, not a valid PDF) or timed out
       (--timeout), or a file is invalid; with --strict also when an input has warnings (it is
       then reported and counted as failed, and gets no outputs and no stamp).
       A batch always goes on past a failed input: 1 is reported at the end.
  2    usage error: click's own (unknown option or format, missing argument) and batch
       options that do not fit together (--skip-existing without -o, two inputs that would
       write the same output file, an output that would overwrite an input, a --manifest that
       is an input, lies among the inputs or is an output, a bad --shard), an -o folder that
       cannot be created, a --manifest that cannot be opened
  3    the run stopped early: outputs cannot be written (disk full, quota, read-only or
       forbidden output folder: 8 inputs in a row failing the same way), the manifest cannot be
       written mid-run, or the dask scheduler does not answer within --scheduler-timeout
  130  interrupted (SIGINT / Ctrl-C); outputs written so far are complete, a rerun with
       --skip-existing converts the rest
  129, 143  ended by SIGHUP (terminal closed) or SIGTERM (a scheduler): as Ctrl-C, 128 + signal

``jxparse convert`` with several inputs and no -o prints the outputs of each input to stdout
in turn (sorted by path), which needs a single format; with -o it writes one file per input and
format and prints a summary to stderr.
"""

from __future__ import annotations

import io
import json
import signal
import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import JxParseError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_STOPPED = 3
EXIT_INTERRUPTED = 130


class _Ended(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is: workers stopped, temporary files removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _end_on_signals() -> dict:
    """Turn SIGTERM (a scheduler, a CI timeout) and SIGHUP (a closed terminal) into :class:`_Ended`;
    return the handlers they had (for :func:`_restore_signals`)."""

    def end(signum, frame):
        raise _Ended(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.getsignal(number)
            if name != "SIGINT":
                signal.signal(number, end)
    return previous


def _restore_signals(previous: dict) -> None:
    for number, handler in previous.items():
        if handler is not None:
            signal.signal(number, handler)


def _ignore_signals() -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def _echo_err(message: str) -> None:
    """Print to stderr; a closed terminal (SIGHUP) or a broken pipe must not turn into a traceback."""
    try:
        click.echo(message, err=True)
    except OSError:
        pass

_OUTPUT_FORMATS = ("json", "xml", "md", "tree", "text")


def _formats(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in _OUTPUT_FORMATS]
    if unknown or not names:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(_OUTPUT_FORMATS)}")
    return names


class _Group(click.Group):
    """Ctrl-C in any command exits 130 with one line, as ``convert`` on folders does (click's own
    handling exits 1 with "Aborted!")."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _echo_err("jxparse: interrupted")
            sys.exit(EXIT_INTERRUPTED)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
              help="Write DIR/<relative path>/<stem>.<ext> for each input instead of printing to stdout.")
@click.option("--encoding", help="Decode text input with this encoding instead of detecting it.")
@click.option("--format", "input_format", type=click.Choice(["text", "markdown", "html", "pdf", "docx", "ofd"]),
              help="Read inputs as this format instead of guessing from the extension.")
@click.option("--pdf-engine", type=click.Choice(["pdfplumber", "pdfium"]), default="pdfplumber", show_default=True,
              help="PDF text engine; pdfium needs the 'fast' extra.")
@click.option("--password", help="Password of encrypted PDFs.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Take files of folders and globs matching GLOB (relative path or name) instead of "
                   "*.txt *.md *.html *.htm *.pdf *.docx *.ofd. Repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out files matching GLOB. Repeatable.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of cores].")
@click.option("--skip-existing", is_flag=True,
              help="Skip inputs whose outputs exist and were written by this jxparse version with the same "
                   "read options from the same input bytes (size and mtime, sha256 where they differ; needs -o).")
@click.option("--shard", metavar="I/N", help="Convert only shard I of N (1 <= I <= N), by a stable hash of the "
                                             "relative path.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop a document after SECONDS (its worker is killed) and report it as timed out.")
@click.option("--max-memory", type=click.IntRange(min=1), metavar="MB",
              help="Address-space limit of each worker process; a document needing more fails as out of memory.")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one JSON line per input (path, sha256, outputs, status, ...) to FILE.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool; dask: a dask.distributed cluster (the 'dask' extra).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (with --engine dask); without it a LocalCluster is started.")
@click.option("--scheduler-timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              metavar="SECONDS", help="How long to wait for the dask scheduler given by --scheduler.")
@click.option("--jsonl", is_flag=True,
              help="Print one compact JSON document per line (JSON Lines); the default when several inputs "
                   "are printed as JSON.")
@click.option("--compact", is_flag=True, help="Write JSON on one line instead of indented.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
@click.option("-q", "--quiet", is_flag=True, help="Print no progress, diagnostics or summary (errors still).")
@click.option("-v", "--verbose", is_flag=True, help="Also print info diagnostics (hidden by default).")
@click.option("--debug", is_flag=True, help="Show a traceback when an input fails.")
def convert(paths, formats, out_dir, encoding, input_format, pdf_engine, password, include, exclude, jobs,
            skip_existing, shard, timeout, max_memory, manifest, engine, scheduler, scheduler_timeout, jsonl, compact,
            strict, quiet, verbose, debug):
    """Convert PATHS (files, folders, globs, or - for stdin) to the chosen formats.

    Folders are walked recursively and globs expanded ('**' included); from them the files
    ending in .txt .md .html .htm .pdf .docx .ofd are taken (or those matching --include). With -o DIR the
    outputs mirror the input tree below each folder given: DIR/<relative path>/<stem>.<ext>.
    Without -o the outputs of each input are printed to stdout in turn (one format only; several
    inputs as JSON are JSON Lines, as Markdown each under a heading naming the file).
    """
    names = _formats(formats)
    if out_dir is None and len(names) > 1:
        raise click.UsageError("several formats need -o DIR")
    if (jsonl or compact) and "json" not in names:
        raise click.UsageError("--jsonl and --compact are for JSON output (-t json)")
    if jsonl and out_dir is not None:
        raise click.UsageError("--jsonl prints to stdout; with -o DIR each input has its own file (use --compact)")
    several = out_dir is None and _several(paths)
    # Pretty JSON documents one after another are no JSON any reader accepts: several inputs printed
    # as JSON are JSON Lines, one compact document per line.
    compact = compact or jsonl or (several and names == ["json"])
    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("- (standard input) cannot be combined with other paths")
        sys.exit(_convert_stdin(names, out_dir, encoding, input_format, strict, quiet, debug,
                                pdf_engine=pdf_engine, password=password, compact=compact, verbose=verbose))
    if skip_existing and out_dir is None:
        raise click.UsageError("--skip-existing needs -o DIR")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.UsageError("--engine dask needs dask.distributed: pip install 'jxparse[dask]'") from None
    from .batch import BatchError, convert_many, parse_shard
    from .faults import RunStopped

    try:
        shard = parse_shard(shard)
    except BatchError as error:
        raise click.BadParameter(str(error), param_hint="--shard") from None
    progress = _Progress() if (not quiet and sys.stderr.isatty()) else None
    started = time.perf_counter()
    try:
        results = convert_many(paths, formats=names, out_dir=out_dir, workers=jobs, skip_existing=skip_existing,
                               shard=shard, timeout=timeout, include=include, exclude=exclude, engine=engine,
                               scheduler=scheduler, scheduler_timeout=scheduler_timeout, report_left_out=True,
                               strict=strict, compact=compact, info_diagnostics=verbose, progress=progress,
                               manifest=manifest, max_memory=max_memory,
                               encoding=encoding, input_format=input_format, pdf_engine=pdf_engine, password=password)
    except BatchError as error:
        raise click.UsageError(str(error)) from None
    except RunStopped as error:  # the dask scheduler did not answer
        _echo_err(f"jxparse: {error}")
        sys.exit(EXIT_STOPPED)

    counts = dict.fromkeys(("ok", "warnings", "failed", "skipped", "timeout", "unsupported"), 0)
    failures, left_out = [], []
    manifest_stream = _open_for_writing(manifest, "--manifest") if manifest is not None else None
    previous_handlers = _end_on_signals()
    try:
        for result in results:
            counts[result.status] += 1
            speaks = result.texts or result.failed or (result.diagnostic_lines and not quiet)
            if progress is not None and speaks:
                progress.clear()
            for format in names:
                if format in result.texts:
                    text = result.texts[format]
                    if several and format == "md":
                        text = _markdown_part(result.path, text)
                    sys.stdout.write(text)
                    sys.stdout.flush()
            if not quiet:
                for line in result.diagnostic_lines:
                    click.echo(line, err=True)
            if result.status == "unsupported":
                left_out.append(result)
            if result.failed:
                failures.append(result)
                click.echo(result.error, err=True)
                if debug and result.traceback:
                    click.echo(result.traceback.rstrip("\n"), err=True)
            if manifest_stream is not None:
                try:
                    manifest_stream.write(_manifest_line(result.record()))
                    manifest_stream.flush()
                except OSError as error:
                    results.close()
                    _echo_err(f"jxparse: cannot write the manifest {manifest}: {error.strerror or error}; stopped")
                    sys.exit(EXIT_STOPPED)
            if progress is not None and speaks:
                progress.draw()
    except KeyboardInterrupt as interrupt:
        _ignore_signals()  # a second Ctrl-C or SIGTERM must not cut the clean-up short
        results.close()  # stops the workers and removes their temporary files
        if progress is not None:
            progress.clear()
        how = signal.Signals(interrupt.signum).name if isinstance(interrupt, _Ended) else "interrupted"
        _echo_err(f"jxparse: {how}; complete outputs are kept, rerun with --skip-existing to go on")
        sys.exit(128 + interrupt.signum if isinstance(interrupt, _Ended) else EXIT_INTERRUPTED)
    except RunStopped as error:
        if progress is not None:
            progress.clear()
        _echo_err(f"jxparse: {error}")
        sys.exit(EXIT_STOPPED)
    finally:
        _restore_signals(previous_handlers)  # the library and a host process (tests) keep theirs
        if manifest_stream is not None:
            try:
                manifest_stream.close()
            except OSError:
                pass
    if progress is not None:
        progress.clear()
    total = sum(counts.values())
    if not quiet and (out_dir is not None or total != 1 or left_out):
        _summary(counts, failures, time.perf_counter() - started, left_out)
    if counts["failed"] or counts["timeout"]:  # with --strict, inputs with warnings are failed
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_OK)


def _several(paths) -> bool:
    """Whether the arguments may give several inputs: more than one, a folder, or a glob."""
    import glob as globbing
    import os

    return len(paths) > 1 or any(os.path.isdir(p) or (globbing.has_magic(p) and not os.path.exists(p))
                                 for p in paths)


def _markdown_part(path: str, text: str) -> str:
    """One input's Markdown in a stream of several: a heading naming the file, then the page.

    The page's YAML front matter is only front matter at the very start of a file; inside a stream
    it is shown as a fenced ``yaml`` block so that it neither renders as a rule nor disappears.
    """
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            text = "```yaml\n" + text[4:end + 1] + "```\n" + text[end + 5:]
    import re

    fence = "`" * (max((len(run) for run in re.findall("`+", path)), default=0) + 1)  # a code span holds any path
    return f"# 文件：{fence} {path} {fence}\n\n{text.rstrip()}\n\n"


def _open_for_writing(path: Path, option: str):
    """Open a file the user named for writing (UTF-8), or stop with a usage error that says why not."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as error:
        raise click.BadParameter(f"cannot write {path}: {error.strerror or error}", param_hint=option) from None


def _check_output_dir(out_dir: Path | None) -> None:
    """Create -o DIR up front, or stop with a usage error (not one failure per input)."""
    if out_dir is None:
        return
    from .convert import prepare_output_dir

    try:
        prepare_output_dir(out_dir)
    except JxParseError as error:
        raise click.BadParameter(str(error), param_hint="-o/--output") from None


def _manifest_line(record: dict) -> str:
    """One JSON line; a path that is not valid UTF-8 (surrogate-escaped by the OS) is written escaped."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True)  # "\udcff": the original bytes, losslessly
    return line + "\n"


def _convert_stdin(names, out_dir, encoding, input_format, strict, quiet, debug, *, pdf_engine="pdfplumber",
                   password=None, compact=False, verbose=False) -> int:
    """``jxparse convert -``: standard input to stdout, or to DIR/stdin.<ext> with -o."""
    from .convert import ConvertOptions, convert_one

    _check_output_dir(out_dir)

    options = ConvertOptions(formats=tuple(names), out_dir=out_dir, encoding=encoding, input_format=input_format,
                             pdf_engine=pdf_engine, password=password, compact=compact)
    try:
        result = convert_one("-", options, stdin=sys.stdin.buffer, stdout=sys.stdout)
    except JxParseError as error:
        click.echo(f"{error}", err=True)
        if debug:
            traceback.print_exc()
        return EXIT_FAILED
    if not quiet:
        for line in result.diagnostic_lines(info=verbose):
            click.echo(line, err=True)
    return EXIT_FAILED if strict and result.warnings else EXIT_OK


_LEFT_OUT_SHOWN = 20
"""Files left out that the summary names one by one; the manifest lists every one."""


def _summary(counts: dict[str, int], failures, seconds: float, left_out=()) -> None:
    converted = counts["ok"] + counts["warnings"]
    unsupported = f", {counts['unsupported']} left out (not an input format)" if counts.get("unsupported") else ""
    click.echo(f"jxparse: {converted} converted ({counts['warnings']} with warnings), {counts['skipped']} skipped, "
               f"{counts['failed']} failed, {counts['timeout']} timed out{unsupported} in {seconds:.1f} s", err=True)
    for result in failures:
        click.echo(f"  {result.status}: {result.path}", err=True)
    for result in left_out[:_LEFT_OUT_SHOWN]:
        click.echo(f"  left out: {result.path}", err=True)
    if len(left_out) > _LEFT_OUT_SHOWN:
        click.echo(f"  … and {len(left_out) - _LEFT_OUT_SHOWN} more left out (--manifest lists each)", err=True)


class _Progress:
    """One status line on a terminal's stderr: done/total, rate, ETA, failures (redrawn with \\r)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.done = self.total = self.failed = 0
        self.last = 0.0
        self.width = 0

    def __call__(self, result, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.failed += result.failed
        now = time.perf_counter()
        if now - self.last >= 0.1 or done == total:
            self.last = now
            self.draw()

    def draw(self) -> None:
        if not self.total:
            return
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        line = (f"{self.done}/{self.total} files  {rate:.1f} files/s  ETA {int(left) // 60}:{int(left) % 60:02d}"
                f"  {self.failed} failed")
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.width:
            try:
                sys.stderr.write("\r" + " " * self.width + "\r")
                sys.stderr.flush()
            except OSError:  # the terminal is gone (SIGHUP)
                pass
            self.width = 0


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
def validate(paths):
    """Check jxparse JSON or XML files against the shipped schemas.

    PATHS are files, folders (their *.json and *.xml files, recursively), globs or - (standard input).
    A missing file is a failed input (exit 1), as in convert.
    """
    from .batch import BatchError, collect_inputs
    from .validate import validate_text

    if "-" in paths and len(paths) > 1:
        raise click.UsageError("- (standard input) cannot be combined with other paths")
    if paths == ("-",):
        inputs = [("-", None)]
    else:
        # A folder gives its JSON and XML files; a file named on the command line is always taken.
        try:
            found = collect_inputs(paths, include=("*.json", "*.xml"))
        except BatchError as error:
            raise click.UsageError(str(error)) from None
        inputs = [(item.path, item.error) for item in found]
        if not inputs:
            click.echo(f"{', '.join(paths)}: no .json or .xml file found", err=True)
            sys.exit(EXIT_FAILED)
    status = EXIT_OK
    for path, problem in inputs:
        if problem is not None:
            click.echo(problem, err=True)
            status = EXIT_FAILED
            continue
        name = "<stdin>" if path == "-" else path
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            click.echo(f"{name}: not UTF-8 at byte {error.start}", err=True)
            status = EXIT_FAILED
            continue
        except OSError as error:
            click.echo(f"{name}: cannot read: {error.strerror or error}", err=True)
            status = EXIT_FAILED
            continue
        problems = validate_text(text, name=name)
        for problem in problems:
            click.echo(problem, err=True)
        if problems:
            status = EXIT_FAILED
        else:
            click.echo(f"{name}: valid")
    sys.exit(status)


@main.command()
@click.argument("kind", type=click.Choice(["json", "xml"]))
def schema(kind):
    """Print the JSON Schema or the XSD of jxparse output."""
    from .validate import schema_text

    click.echo(schema_text(kind), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()


_TABLE_FORMATS = ("csv", "json")
_INPUT_FORMAT_NAMES = ("text", "markdown", "html", "pdf", "docx", "ofd")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option("-t", "--to", "table_format", type=click.Choice(_TABLE_FORMATS), default=None,
              help="CSV with a header line (default), or a JSON array.")
@click.option("--excel", is_flag=True, help="CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the table to FILE (atomically) instead of stdout.")
@click.option("--format", "input_format", type=click.Choice(_INPUT_FORMAT_NAMES + _TABLE_FORMATS),
              help="Read inputs as this format instead of guessing from the extension (as in convert). "
                   "--format csv|json is the old spelling of -t and is deprecated.")
@click.option("--encoding", help="Decode text input with this encoding instead of detecting it.")
@click.option("--pdf-engine", type=click.Choice(["pdfplumber", "pdfium"]), default="pdfplumber", show_default=True,
              help="PDF text engine; pdfium needs the 'fast' extra.")
@click.option("--password", help="Password of encrypted PDFs.")
@click.option("--include", multiple=True, metavar="GLOB", help="As in convert: files of folders and globs to take.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="As in convert: files to leave out.")
@click.option("--debug", is_flag=True, help="Show a traceback when an input fails.")
def amounts(paths, table_format, excel, output, input_format, encoding, pdf_engine, password, include, exclude,
            debug):
    """Print one row per money amount of PATHS: file, 文号, section path, value, unit, per, bound, sentence.

    PATHS are files, folders, globs or - (standard input), as for convert. Amounts in table cells
    are included; the section path gives each marker with its heading text.
    """
    from .amounts import RowWriter, amount_rows
    from .batch import BatchError, collect_inputs
    from .convert import ConvertOptions, _stdin_source, write_atomic
    from .pipeline import parse_source

    if input_format in _TABLE_FORMATS:  # the old spelling: --format meant the table's format
        if table_format is not None and table_format != input_format:
            raise click.UsageError(f"--format {input_format} (deprecated, use -t) contradicts -t {table_format}")
        click.echo(f"jxparse: --format {input_format} is deprecated for the table's format; use -t {input_format} "
                   "(--format names the input format, as in convert)", err=True)
        table_format, input_format = input_format, None
    table_format = table_format or "csv"
    if excel and table_format != "csv":
        raise click.UsageError("--excel is a CSV flavour; it does not go with -t json")
    if "-" in paths and len(paths) > 1:
        raise click.UsageError("- (standard input) cannot be combined with other paths")
    if output is not None and not output.parent.is_dir():
        raise click.BadParameter(f"cannot write {output}: the folder {output.parent} does not exist",
                                 param_hint="-o/--output")
    options = ConvertOptions(encoding=encoding, input_format=input_format, pdf_engine=pdf_engine, password=password)
    if paths == ("-",):
        inputs = [("-", None)]
    else:
        left_out: list = []
        try:
            found = collect_inputs(paths, include=include, exclude=exclude, left_out=left_out)
        except BatchError as error:
            raise click.UsageError(str(error)) from None
        for item in left_out:
            click.echo(item.left_out, err=True)
        inputs = [(item.path, item.error) for item in found]
    # Rows go out as they are found (a table of many files is never held whole), straight to stdout;
    # for -o FILE and for --excel (bytes exactly as a file holds them) they are gathered first.
    buffered = output is not None or excel
    table = RowWriter(io.StringIO() if buffered else sys.stdout, table_format, excel=excel)
    status = EXIT_OK
    for path, problem in inputs:
        if problem is not None:
            click.echo(problem, err=True)
            status = EXIT_FAILED
            continue
        try:
            if path == "-":
                source = _stdin_source(sys.stdin.buffer.read(), "<stdin>", options)
            else:
                from . import load_source

                source = load_source(path, encoding=encoding, format=input_format, pdf_engine=pdf_engine,
                                     password=password, name=path)
            table.write(amount_rows(parse_source(source), file="<stdin>" if path == "-" else path))
        except JxParseError as error:
            if error.source is None or error.source == Path(path).name:
                error.source = path
            click.echo(str(error), err=True)
            if debug:
                traceback.print_exc()
            status = EXIT_FAILED
    table.close()
    if buffered:
        text = table.stream.getvalue()
        if output is None:  # --excel: bytes as written to a file, whatever the terminal's encoding
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            try:
                write_atomic(output, text)  # no newline translation: CRLF stays CRLF
            except OSError as error:
                raise click.BadParameter(f"cannot write {output}: {error.strerror or error}",
                                         param_hint="-o/--output") from None
    sys.exit(status)
