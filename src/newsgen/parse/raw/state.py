"""What the raw reader keeps while it reads one text: paragraphs and the layout seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from newsgen.model import Discarded


@dataclass(slots=True)
class _Para:
    text: str
    line: int  # 1-based line of the paragraph's first line
    indented: bool = False


@dataclass(slots=True)
class _State:
    path: str
    discarded: list[Discarded] = field(default_factory=list)
    byline: str | None = None
    header_date: date | None = None
    body_date: date | None = None
    tail_date: date | None = None
    wire: bool = False
    web: bool = False
    teleprinter: bool = False
    agency: str | None = None
    headline: str | None = None  # a headline found inside a wire header
    marks: bool = True  # whether any line may hold wire codes or a NEWS STORY line

    def drop(self, text: str, reason: str, line: int | None) -> None:
        self.discarded.append(Discarded(text=text, reason=reason, line=line))


def _note_layout(reason: str, state: _State) -> None:
    if reason.startswith("wire"):
        state.wire = True
    elif reason.startswith("site"):
        state.web = True


def _layout(state: _State, dateline: str | None) -> str:
    if state.wire:
        return "wire"
    if state.teleprinter:
        return "teleprinter"
    if state.web or dateline is not None:
        return "web"
    return "clean"
