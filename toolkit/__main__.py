"""`python -m toolkit` and the `toolkit` command. The signal handlers go in before anything else of the toolkit
is imported (toolkit/interrupts.py)."""

import os
import resource
import sys


def entry() -> None:
    if not sys.flags.utf8_mode and sys.getfilesystemencoding() != "utf-8" and sys.executable:
        # File names are UTF-8 to the toolkit (a name that is not is named as such), and its output is UTF-8 text.
        # Python decodes them in the locale's charset instead: in ar_SA.ISO-8859-6 an Arabic source name was
        # "not valid UTF-8" and its article left out; in ISO-8859-1 its page was named from mojibake. The run starts
        # again in Python's UTF-8 mode (PEP 540) before anything is read.
        os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])
    if resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY:
        # Python writes a module's compiled file in one write and does not check that it was whole: under a limit
        # on file sizes (`ulimit -f`) below that file's size it is left cut short, and every later run fails to
        # import the module ("marshal data too short", click's "Aborted!"), whatever the limit by then. Decided
        # before the toolkit's first module (the signal handlers') is imported.
        sys.dont_write_bytecode = True
    from toolkit import interrupts

    interrupts.install()
    from toolkit import limits

    # Until the commands' guard takes over, memory running out (importing the command line's modules under a
    # `ulimit -v` of 20 MB) is the one line as well, not a traceback.
    limits.guard_start()
    limits.share_one_arena()
    from toolkit.cli import main

    main()


if __name__ == "__main__":
    entry()
