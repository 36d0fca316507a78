"""Splits filter and order_by text into tokens that remember their position."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Tok(enum.Enum):
    WORD = "word"  # a keyword, an attribute, or a dotted field path such as tags.mlflow.user
    STRING = "string"  # 'single-quoted'
    DQUOTED = "dquoted"  # "double-quoted": a value, or a key after a prefix
    BACKTICK = "backtick"  # `back-quoted`: a key or name, never a value
    NUMBER = "number"
    OP = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    DOT = "."
    END = "end"


@dataclass(frozen=True)
class Token:
    kind: Tok
    text: str  # as written
    value: str  # unquoted text for quoted tokens, else the text
    pos: int

    def describe(self) -> str:
        if self.kind is Tok.END:
            return "the end of the text"
        if self.kind is Tok.STRING:
            return f"string {self.text}"
        if self.kind is Tok.NUMBER:
            return f"number {self.text}"
        return f"'{self.text}'"


class LexError(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


_WORD = re.compile(r"[^\W\d]\w*(?:\.\w+)*")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_OPERATORS = ("!=", "<>", "<=", ">=", "==", "=", "<", ">")
_PUNCT = {"(": Tok.LPAREN, ")": Tok.RPAREN, ",": Tok.COMMA, ".": Tok.DOT}


def _quoted(text: str, start: int, quote: str) -> tuple[str, int]:
    """Reads a quoted run starting at text[start] == quote; returns (value, end).
    A doubled quote stands for one quote; in strings a backslash before the quote does
    too. Other backslashes stay as written (they are LIKE's escape character)."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                out.append(quote)
                i += 2
                continue
            return "".join(out), i + 1
        if ch == "\\" and quote != "`" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(quote if nxt == quote else ch + nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    raise LexError(f"unterminated {quote}-quoted text; close it with {quote}", start)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            tokens.append(Token(Tok.END, "", "", i))
            return tokens
        ch = text[i]
        if ch in "'\"`":
            value, end = _quoted(text, i, ch)
            kind = {"'": Tok.STRING, '"': Tok.DQUOTED, "`": Tok.BACKTICK}[ch]
            tokens.append(Token(kind, text[i:end], value, i))
            i = end
            continue
        number = _NUMBER.match(text, i)
        if number and (ch.isdigit() or ch in "+-."):
            end = number.end()
            if end < len(text) and (text[end].isalnum() or text[end] in "_."):
                raise LexError(f"malformed number {text[i : end + 1]!r}", i)
            tokens.append(Token(Tok.NUMBER, number.group(), number.group(), i))
            i = end
            continue
        word = _WORD.match(text, i)
        if word:
            tokens.append(Token(Tok.WORD, word.group(), word.group(), i))
            i = word.end()
            continue
        op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
        if op:
            tokens.append(Token(Tok.OP, op, op, i))
            i += len(op)
            continue
        if ch in _PUNCT:
            tokens.append(Token(_PUNCT[ch], ch, ch, i))
            i += 1
            continue
        hint = ""
        if ch in "-/: ":
            hint = "; quote keys containing it with backticks, e.g. metrics.`f1-score`"
        raise LexError(f"unexpected character {ch!r}{hint}", i)
