"""The catalogue of hostile artifact paths (after MLflow's path-traversal advisories).
Every entry must be refused with INVALID_ARGUMENT by every path-taking RPC, on every
backend, with nothing written."""

from __future__ import annotations

BAD_PATHS: dict[str, str] = {
    "dotdot": "..",
    "dotdot-prefix": "../escape.txt",
    "dotdot-deep": "a/../../escape.txt",
    "dotdot-trailing": "a/..",
    "dot-segment": "a/./b.txt",
    "dot-only": ".",
    "absolute": "/etc/passwd",
    "proc-self-root": "//proc/self/root/etc/passwd",
    "double-slash": "a//b.txt",
    "trailing-slash": "a/b/",
    "backslash": "a\\b.txt",
    "backslash-dotdot": "..\\..\\escape.txt",
    "windows-drive": "C:/Windows/win.ini",
    "windows-drive-backslash": "C:\\Windows\\win.ini",
    "home": "~/.ssh/id_rsa",
    "pct-dotdot": "%2e%2e/escape.txt",
    "pct-dotdot-upper": "%2E%2E%2Fescape.txt",
    "pct-slash": "a%2f..%2f..%2fescape.txt",
    "pct-double-encoded": "%252e%252e%252fescape.txt",
    "pct-mixed": "..%2fescape.txt",
    "pct-nul": "a%00.txt",
    "hash": "a#/../../escape.txt",
    "question": "a?x=/../../escape.txt",
    "semicolon": "a/..;/..;/escape.txt",
    "semicolon-plain": "a;b.txt",
    "nul": "a\x00.txt",
    "newline": "a\nb.txt",
    "carriage-return": "a\rb.txt",
    "escape-sequence": "\x1b[31mred.txt",
    "del": "a\x7fb.txt",
    "c1-control": "a\x85b.txt",
    "bidi-override": "a\u202etxt.exe",
    "line-separator": "a\u2028b.txt",
    "overlong-path": "a/" * 512 + "b",
    "overlong-segment": "x" * 256,
    "overlong-multibyte": "é" * 513,
    "segment-whitespace": "a/ b.txt",
}

# Bad for files, but fine for the directory arguments of ListArtifacts and
# DeleteArtifact (the run's root, and a directory named with a trailing slash).
FILE_ONLY = {"trailing-slash"}
