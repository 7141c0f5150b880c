"""The click classes every epss command is built on: help pages and usage errors in Indonesian.

Click marks its own words for gettext, but only through the process-wide default domain and the
user's locale: translating them that way needs a compiled catalog, shows English whenever the
laptop's locale is not Indonesian (the usual case), and would translate any other library that
uses the default domain. Rebinding the ``_`` that click's modules import would patch private names
of a third-party package. So epss uses click's public extension points instead and owns every
word a user reads:

- the help formatter (``Context.formatter_class``) writes "Pemakaian:" and the section headings,
  and translates the bracketed extras click appends ("[default: ...]", "[required]");
- the command classes set the usage metavars, the ``--help`` text, and swap click's parameter
  types for subclasses whose names (metavars) and refusals are Indonesian;
- ``Group.main`` catches click's usage errors and prints each as one line on stderr, built from
  the exception's fields (the option, the parameter, the possibilities); only click's two
  message-only errors ("Missing command.", and "No such command" before click 8.4) are
  recognised by their text.

Every command also takes ``-w/--workspace`` after its name, as the README promises.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path as _FsPath
from typing import Any, NoReturn

import click

EXIT_USAGE = 2

WORKSPACE_HELP = "Folder workspace (bawaan: $EPSS_WORKSPACE, folder ini, atau folder data)."
HELP_TEXT = "Tampilkan bantuan ini lalu keluar."
VERSION_TEXT = "Tampilkan versi lalu keluar."


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One line on stderr and the exit code: a message never spans lines, whatever it quotes."""
    line = " ".join(str(message).splitlines())
    click.echo(f"epss: error: {line}", err=True)
    sys.exit(code)


# -- parameter types --------------------------------------------------------------------------

class Text(click.types.StringParamType):
    name = "teks"


class Int(click.types.IntParamType):
    name = "bilangan"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} bukan bilangan bulat", param, ctx)


class Float(click.types.FloatParamType):
    name = "angka"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} bukan angka (pakai titik untuk desimal, mis. 2.52)", param, ctx)


class Choice(click.Choice):
    def _listing(self) -> str:
        return ", ".join(str(c) for c in self.choices)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} tidak dikenal; pilih salah satu: {self._listing()}", param, ctx)

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return f"pilih salah satu: {self._listing()}"


class Path(click.Path):
    """A path whose metavar and refusals are Indonesian; the checks stay click's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.file_okay and not self.dir_okay:
            self.name = "berkas"
        elif self.dir_okay and not self.file_okay:
            self.name = "folder"
        else:
            self.name = "jalur"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(self._why(value), param, ctx)

    def _why(self, value: Any) -> str:
        """Click refused the path; say why in our words (the same checks, in its order)."""
        shown = click.format_filename(value)
        target = os.path.realpath(value) if self.resolve_path else value
        try:
            st = os.stat(target)
        except OSError:
            return f"{shown} tidak ada"
        if not self.file_okay and stat.S_ISREG(st.st_mode):
            return f"{shown} adalah berkas, bukan folder"
        if not self.dir_okay and stat.S_ISDIR(st.st_mode):
            return f"{shown} adalah folder, bukan berkas"
        if self.readable and not os.access(target, os.R_OK):
            return f"{shown} tidak bisa dibaca"
        if self.writable and not os.access(target, os.W_OK):
            return f"{shown} tidak bisa ditulis"
        return f"{shown} tidak bisa dipakai"


def localized_type(kind: click.ParamType) -> click.ParamType:
    """The Indonesian equivalent of one of click's own parameter types (others unchanged)."""
    if isinstance(kind, Text | Int | Float | Choice | Path):
        return kind
    if type(kind) is click.types.StringParamType:
        return Text()
    if type(kind) is click.types.IntParamType:
        return Int()
    if type(kind) is click.types.FloatParamType:
        return Float()
    if type(kind) is click.Choice:
        return Choice(kind.choices, case_sensitive=kind.case_sensitive)
    if type(kind) is click.Path:
        return Path(exists=kind.exists, file_okay=kind.file_okay, dir_okay=kind.dir_okay,
                    writable=kind.writable, readable=kind.readable,
                    resolve_path=kind.resolve_path, allow_dash=kind.allow_dash,
                    path_type=kind.type, executable=kind.executable)
    if type(kind) is click.Tuple:
        return click.Tuple([localized_type(t) for t in kind.types])
    return kind


# -- help pages -------------------------------------------------------------------------------

class HelpFormatter(click.HelpFormatter):
    """Click's layout with our words: every help page passes through here."""

    HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Positional arguments": "Argumen"}
    EXTRAS = (("default: ", "bawaan: "), ("env var: ", "variabel lingkungan: "),
              ("required", "wajib"))
    _EXTRA = re.compile(r"\[([^\[\]]*)\]$")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Pemakaian: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, self._extras(text)) for term, text in rows], col_max,
                         col_spacing)

    def _extras(self, text: str) -> str:
        """"...  [default: mandiri; required]" → "...  [bawaan: mandiri; wajib]"."""
        found = self._EXTRA.search(text)
        if not found:
            return text
        items = []
        for item in found.group(1).split("; "):
            for english, ours in self.EXTRAS:
                if item.startswith(english):
                    item = ours + item[len(english):]
                    break
            items.append(item)
        return f"{text[:found.start()]}[{'; '.join(items)}]"


class Context(click.Context):
    formatter_class = HelpFormatter


def _remember_workspace(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """``-w DIR`` after a subcommand means the same as before it (and wins over it)."""
    if value is not None:
        ctx.ensure_object(dict)["workspace"] = value
    return value


def workspace_option() -> click.Option:
    return click.Option(["--workspace", "-w"], type=Path(file_okay=False, path_type=_FsPath),
                        metavar="FOLDER", expose_value=False, callback=_remember_workspace,
                        help=WORKSPACE_HELP)


class _Localized:
    """What commands and groups share: Indonesian types, help option, usage line, and -w."""

    context_class: type[click.Context] = Context

    def _localize(self: Any) -> None:
        for param in self.params:
            param.type = localized_type(param.type)
        if not any({"-w", "--workspace"} & set(p.opts) for p in self.params):
            self.params.append(workspace_option())

    def parse_args(self: Any, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's parser raises some usage errors without a context; the message needs it to
        name the command and to tell a flag from an option that takes a value."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise

    def get_help_option(self: Any, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(_Localized, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)
        self._localize()

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse extra arguments ourselves, so that the message names them in Indonesian."""
        if ctx.allow_extra_args or ctx.resilient_parsing:
            return super().parse_args(ctx, args)
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = False
        if rest:
            raise click.UsageError(f"argumen berlebih: {' '.join(rest)}", ctx)
        return rest


class _FastExit:
    """Whether the command that ran asked to skip Python's teardown (see ``exit_fast``)."""

    requested = False


def exit_fast() -> None:
    """Once this command has succeeded as its own process, end it without Python's teardown.

    A rendered PDF leaves a large layout tree and Pango/HarfBuzz objects behind; freeing them
    one by one at interpreter exit took about 0.2 s of a 2 s `epss report` (measured on the
    dossier bench). Everything the command wrote is already written and closed by then (the
    output atomically, the database through its context), so only the streams need flushing.
    Only the console script and ``python -m epss`` do this; click's test runner and any caller
    of ``main.main(...)`` return normally."""
    _FastExit.requested = True


class Group(_Localized, click.Group):
    """A command group whose subcommands and subgroups are built from these classes too."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The process entry point (the console script, ``python -m epss``)."""
        try:
            return self.main(*args, **kwargs)
        except SystemExit as exc:
            if exc.code in (0, None) and _FastExit.requested:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)
            raise

    command_class = Command
    group_class = type  # subgroups are of the same class as their parent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)
        self._localize()

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Click's main loop, with click's own errors printed as our one line."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            fail(usage_message(exc))
        except click.Abort:
            click.echo("Dibatalkan.", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


# -- usage errors -----------------------------------------------------------------------------

def usage_message(exc: click.UsageError) -> str:
    """One Indonesian line for any of click's usage errors, with the help hint in it."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "epss"
    return f"{_describe(exc)} (coba `{path} --help`)"


def _option_hint(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return "/".join(sorted(param.opts, key=len, reverse=True))
    return param.human_readable_name.strip("[]")  # an argument's metavar, e.g. ID


def _subcommands(ctx: click.Context | None) -> str:
    command = ctx.command if ctx is not None else None
    if not isinstance(command, click.Group) or ctx is None:
        return ""
    names = [n for n in command.list_commands(ctx)
             if not getattr(command.get_command(ctx, n), "hidden", False)]
    return f"; pilih salah satu: {', '.join(names)}" if names else ""


def _maybe(possibilities: Any) -> str:
    if not possibilities:
        return ""
    return f"; mungkin maksud Anda {' atau '.join(sorted(possibilities))}"


_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())
_NO_COMMAND = getattr(click.exceptions, "NoSuchCommand", ())
_OLD_NO_COMMAND = re.compile(r"No such command '(.*)'\.")  # click < 8.4 had no class for it


def _describe(exc: click.UsageError) -> str:
    ctx = exc.ctx
    if isinstance(exc, _NO_ARGS):
        return f"perintah belum diberikan{_subcommands(ctx)}"
    if isinstance(exc, _NO_COMMAND):
        return f"perintah tidak dikenal: {exc.command_name}{_maybe(exc.possibilities)}"
    if isinstance(exc, click.NoSuchOption):
        return f"opsi tidak dikenal: {exc.option_name}{_maybe(exc.possibilities)}"
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.BadParameter):
        if exc.param is not None:
            return f"{_option_hint(exc.param)}: {exc.message}"
        return exc.message
    if isinstance(exc, click.BadOptionUsage):
        return _bad_option(exc)
    if isinstance(exc, click.BadArgumentUsage):
        return "jumlah nilai argumen tidak sesuai"
    if exc.message == "Missing command.":
        return f"perintah belum diberikan{_subcommands(ctx)}"
    old = _OLD_NO_COMMAND.fullmatch(exc.message)
    if old:
        return f"perintah tidak dikenal: {old.group(1)}"
    return exc.message


def _missing(exc: click.MissingParameter) -> str:
    param, ctx = exc.param, exc.ctx
    if param is None:
        return "ada nilai wajib yang belum diberikan"
    extra = param.type.get_missing_message(param, ctx) if hasattr(
        param.type, "get_missing_message") else None
    extra = f"; {extra}" if extra else ""
    if isinstance(param, click.Option):
        return f"opsi {_option_hint(param)} wajib diisi{extra}"
    return f"{_option_hint(param)} belum diberikan{extra}"


def _bad_option(exc: click.BadOptionUsage) -> str:
    """The parser refuses an option for one of two reasons: a flag given a value, or a value
    missing; which one follows from the option itself."""
    name = exc.option_name
    command = exc.ctx.command if exc.ctx is not None else None
    params = command.params if command is not None else []
    option = next((p for p in params if isinstance(p, click.Option)
                   and name in (*p.opts, *p.secondary_opts)), None)
    if option is not None and (option.is_flag or option.count):
        return f"opsi {name} tidak menerima nilai"
    nargs = option.nargs if option is not None else 1
    return f"opsi {name} memerlukan {nargs} nilai" if nargs > 1 else \
        f"opsi {name} memerlukan nilai"
