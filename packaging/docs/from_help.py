#!/usr/bin/env python3
"""Man pages and shell completions generated from a program's own --help.

    from_help.py man|bash|zsh|fish PROGRAM OUTPUT [--commands a,b,c]

Runs `PROGRAM --help` and `PROGRAM COMMAND --help` for each command (CLI11's
"SUBCOMMANDS" section, or --commands for programs that dispatch some commands
themselves), so the man page and the completions say exactly what --help says.
HOME is set to "~" and argv[0] to the bare name, so the text shows
~/.local/share/... and `tally`, not the build machine's home and build path.
"""
import os
import re
import subprocess
import sys


def run_help(program, args):
    env = {"HOME": "~", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    # argv[0] is the bare name: CLI11 prints it in "Usage:", and the build path is not what users type.
    result = subprocess.run([os.path.basename(program), *args, "--help"], executable=program, env=env,
                            capture_output=True, text=True, timeout=30)
    text = result.stdout or result.stderr
    if result.returncode != 0 or not text.strip():
        sys.exit(f"from_help: `{os.path.basename(program)} {' '.join(args)} --help` failed: {result.stderr.strip()}")
    return text


def sections(text):
    """{heading (lower case): [lines]} for CLI11's `HEADING:` blocks."""
    out, current = {}, None
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z][A-Za-z ]*):\s*$", line)
        if match:
            current = match.group(1).lower()
            out.setdefault(current, [])
        elif current is not None:
            if not line.strip():
                current = None
            else:
                out[current].append(line)
    return out


def options(text):
    """[(names, takes_value, description)] from the option sections."""
    found = []
    for heading, lines in sections(text).items():
        if heading.startswith("subcommand") or heading.startswith("positional"):
            continue
        for line in lines:
            # A long name column pushes CLI11's description onto the next line.
            match = re.match(r"^\s{1,4}(-\S+)((?: \S+)*)(?:\s{2,}(.*))?$", line)
            if not match:
                if found and not found[-1][2] and line.startswith(" " * 8):
                    found[-1] = (found[-1][0], found[-1][1], line.strip())
                continue
            names = [n for n in match.group(1).split(",") if n.startswith("-")]
            found.append((names, bool(match.group(2).strip()), (match.group(3) or "").strip()))
    return found


def commands(text):
    found = []
    for heading, lines in sections(text).items():
        if heading.startswith("subcommand"):
            for line in lines:
                match = re.match(r"^\s{1,4}([a-z][\w-]*)\s{2,}(.*)$", line)
                if match:
                    found.append((match.group(1), match.group(2).strip()))
    return found


def roff(text):
    """Text shown as is: backslashes escaped, and no line read as a request."""
    lines = [line.replace("\\", "\\e") for line in text.splitlines()]
    return "\n".join("\\&" + l if l.startswith((".", "'")) else l for l in lines)


def man(name, main_help, command_helps):
    summary = main_help.strip().splitlines()[0].rstrip(".")
    title = name.upper().replace("-", "\\-")
    out = [f'.TH {title} 1 "" "{name}" "User Commands"',
           ".SH NAME", f"{name} \\- {roff(summary)}", ".SH SYNOPSIS", ".nf", roff(main_help.rstrip()), ".fi"]
    if command_helps:
        out.append(".SH COMMANDS")
        for command, text in command_helps:
            out += [f".SS {command}", ".nf", roff(text.rstrip()), ".fi"]
    out += [".SH SEE ALSO", "The README of the Tally project, and \\fB" + name + " \\-\\-help\\fR."]
    return "\n".join(out) + "\n"


def words(items):
    return " ".join(sorted({w for names, _, _ in items for w in names if w.startswith("--")}))


def bash(name, main_opts, cmds):
    fn = "_" + name.replace("-", "_")
    lines = [f"# bash completion for {name}, generated from its --help", f"{fn}() {{",
             '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub="" i words',
             '  for ((i = 1; i < COMP_CWORD; i++)); do',
             '    case ${COMP_WORDS[i]} in -*) ;; *) sub=${COMP_WORDS[i]}; break ;; esac',
             "  done",
             '  case $sub in']
    lines.append(f'    "") words="{" ".join(c for c, _, _ in cmds)} {words(main_opts)}" ;;')
    for command, _, opts in cmds:
        lines.append(f'    {command}) words="{words(opts)}" ;;')
    lines += ['    *) words="" ;;', "  esac",
              '  if [[ $cur == -* || -z $sub ]]; then COMPREPLY=($(compgen -W "$words" -- "$cur")); fi',
              "}", f"complete -o default -F {fn} {name}"]
    return "\n".join(lines) + "\n"


def zsh_escape(text):
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def zsh(name, main_opts, cmds):
    def specs(opts):
        out = []
        for names, value, desc in opts:
            for n in names:
                if n.startswith("--"):
                    out.append(f"'{n}[{zsh_escape(desc)}]" + (":value:_files'" if value else "'"))
        return " ".join(out)
    lines = [f"#compdef {name}", f"# zsh completion for {name}, generated from its --help", "local -a commands",
             "commands=(" + " ".join(f"'{c}:{zsh_escape(d)}'" for c, d, _ in cmds) + ")",
             "if (( CURRENT == 2 )); then", "  _describe command commands", f"  _arguments {specs(main_opts)} '*:file:_files'",
             "  return", "fi", "case $words[2] in"]
    for command, _, opts in cmds:
        lines.append(f"  {command}) _arguments {specs(opts)} '*:argument:_files' ;;")
    lines += ["  *) _files ;;", "esac"]
    return "\n".join(lines) + "\n"


def fish(name, main_opts, cmds):
    def esc(text):
        return text.replace("\\", "\\\\").replace("'", "\\'")
    lines = [f"# fish completion for {name}, generated from its --help"]
    for command, desc, _ in cmds:
        lines.append(f"complete -c {name} -n __fish_use_subcommand -f -a {command} -d '{esc(desc)}'")
    for names, value, desc in main_opts:
        for n in names:
            if n.startswith("--"):
                lines.append(f"complete -c {name} -n __fish_use_subcommand -l {n[2:]}{' -r' if value else ''} -d '{esc(desc)}'")
    for command, _, opts in cmds:
        for names, value, desc in opts:
            for n in names:
                if n.startswith("--"):
                    lines.append(f"complete -c {name} -n '__fish_seen_subcommand_from {command}' -l {n[2:]}"
                                 f"{' -r' if value else ''} -d '{esc(desc)}'")
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    extra = []
    if "--commands" in args:
        i = args.index("--commands")
        extra = [c for c in args[i + 1].split(",") if c]
        del args[i:i + 2]
    if len(args) != 3 or args[0] not in ("man", "bash", "zsh", "fish"):
        sys.exit(__doc__)
    kind, program, output = args
    name = os.path.basename(program)
    main_help = run_help(program, [])
    listed = commands(main_help)
    names = [c for c, _ in listed] + [c for c in extra if c not in dict(listed)]
    described = dict(listed)
    cmds, helps = [], []
    for command in names:
        text = run_help(program, [command])
        helps.append((command, text))
        first = text.strip().splitlines()[0]
        cmds.append((command, described.get(command, first), options(text)))
    if kind == "man":
        result = man(name, main_help, helps)
    else:
        result = {"bash": bash, "zsh": zsh, "fish": fish}[kind](name, options(main_help), cmds)
    with open(output, "w", encoding="utf-8") as f:
        f.write(result)


if __name__ == "__main__":
    main()
