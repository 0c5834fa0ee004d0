"""The full-screen terminal interface of ``classifier label`` (prompt_toolkit).

It only draws the session and turns keys into session actions; every label is written by the
session's store the moment it is given.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable

from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.containers import ConditionalContainer
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style
from prompt_toolkit.widgets import TextArea

from ..schema import DOC_ID, LABELS, SOURCE, TEXT
from .keys import binding_for
from .session import LabelSession

WRAP = 96
STYLE = Style.from_dict(
    {
        "header": "reverse",
        "context": "#888888",
        "current": "bold",
        "suggestion": "#5f87d7 bold",
        "existing": "#d78700 bold",
        "help": "#888888",
        "message": "#5faf5f",
    }
)
ACTION_HELP = {
    "accept": "accept the suggestion",
    "skip": "skip (shown again at the end)",
    "undo": "undo the last label",
    "back": "back to the previous sentence",
    "note": "write a note for the next label",
    "guidelines": "show or hide each label's guideline",
    "help": "show or hide this help",
    "quit": "quit (every label is already saved)",
}


def run_app(
    session: LabelSession,
    keys: dict[str, str],
    guidelines: dict[str, str] | None = None,
    guidelines_from: str = "",
    votes: Callable[[int], list[tuple[str, str, str]]] | None = None,
) -> None:
    """Run the interface until the user quits or every sentence is labelled. ``guidelines``
    (label -> text, read from ``guidelines_from``) are shown with the guidelines key. With
    ``votes`` (position -> each annotator's ``(name, label, note)``) it adjudicates: the votes are
    shown, and the digit keys 1-9 pick that annotator's label."""
    state = {
        "votes": votes,
        "help": False,
        "note": "",
        "typing_note": False,
        "guidelines": False,
        "texts": guidelines or {},
        "texts_from": guidelines_from,
        "started": time.monotonic(),
    }
    note_area = TextArea(height=1, prompt="note (Enter to keep, Escape to drop): ", multiline=False)

    def draw():
        return FormattedText(_screen(session, keys, state))

    body = Window(FormattedTextControl(draw), wrap_lines=True)
    typing = Condition(lambda: state["typing_note"])
    layout = Layout(HSplit([body, ConditionalContainer(note_area, filter=typing)]))
    bindings = KeyBindings()
    not_typing = ~typing

    def on_label(label):
        def handler(event):
            session.give(label, note=state["note"])
            state["note"] = ""
            _after_action(event.app)

        return handler

    for label in LABELS:
        bindings.add(binding_for(keys[label]), filter=not_typing)(on_label(label))

    def on_annotator(number):
        def handler(event):
            chosen = votes(session.current) if session.current is not None else []
            if number > len(chosen):
                session.message = f"there is no annotator {number} for this sentence"
                return
            session.give(chosen[number - 1][1], note=state["note"])
            state["note"] = ""
            _after_action(event.app)

        return handler

    if votes is not None:
        for number in range(1, 10):
            bindings.add(str(number), filter=not_typing)(on_annotator(number))

    def simple(action, call):
        @bindings.add(binding_for(keys[action]), filter=not_typing)
        def _(event):
            call()
            _after_action(event.app)

    def accept():
        session.accept(note=state["note"])
        state["note"] = ""

    simple("accept", accept)
    simple("skip", session.skip)
    simple("undo", session.undo)
    simple("back", session.back)
    simple("help", lambda: state.update(help=not state["help"]))
    simple("guidelines", lambda: state.update(guidelines=not state["guidelines"]))

    @bindings.add(binding_for(keys["note"]), filter=not_typing)
    def _(event):
        state["typing_note"] = True
        note_area.text = state["note"]
        event.app.layout.focus(note_area)

    @bindings.add("enter", filter=typing)
    def _(event):
        state["note"] = note_area.text.strip()
        state["typing_note"] = False
        session.message = f"note kept for the next label: {state['note']}" if state["note"] else ""
        event.app.layout.focus(body)

    @bindings.add("escape", filter=typing)
    def _(event):
        state["typing_note"] = False
        note_area.text = ""
        event.app.layout.focus(body)

    @bindings.add(binding_for(keys["quit"]), filter=not_typing)
    @bindings.add("c-c")
    def _(event):
        event.app.exit()

    def _after_action(app):
        if session.current is None:
            app.exit()
            return
        if session.wants_refit():
            session.start_refit(on_done=app.invalidate)

    app = Application(
        layout=layout, key_bindings=bindings, style=STYLE, full_screen=True, mouse_support=False
    )
    layout.focus(body)
    app.run()


def _screen(session: LabelSession, keys: dict[str, str], state: dict) -> list[tuple[str, str]]:
    labelled = len(session.labelled)
    hours = (time.monotonic() - state["started"]) / 3600
    pace = f" · {labelled / hours:,.0f} labels/hour" if labelled and hours > 0 else ""
    mode = "adjudicating" if state["votes"] is not None else f"order {session.order}"
    refit = " · refitting the model…" if session.is_refitting else ""
    refit += f" · refits {session.refits}" if session.refits else ""
    refit += f" · macro-F1 {session.macro_f1:.2f}" if session.macro_f1 is not None else ""
    lines: list[tuple[str, str]] = [
        (
            "class:header",
            f" classifier label · {labelled} labelled this session · {len(session.store)} in "
            f"{session.store.path.name} · {session.remaining} to go · {mode}"
            f"{pace}{refit} \n",
        ),
        ("", "\n"),
    ]
    if session.current is None:
        lines.append(("class:current", "Every sentence is labelled. Press the quit key.\n"))
        return lines
    sentence = session.sentence(session.current)
    title = session.titles.get(str(sentence[DOC_ID]), "")
    lines.append(("", f"source: {sentence[SOURCE]}   article: {sentence[DOC_ID]}\n"))
    if title:
        lines.append(("", f"title: {title}\n"))
    lines.append(("", f"sentence #{sentence['sent_index']}\n\n"))
    before, after = session.context(session.current)
    for text in before:
        lines.append(("class:context", _wrap(text, "   ") + "\n"))
    lines.append(("class:current", _wrap(str(sentence[TEXT]), " ▶ ") + "\n"))
    for text in after:
        lines.append(("class:context", _wrap(text, "   ") + "\n"))
    lines.append(("", "\n"))
    if state["votes"] is not None:
        lines += _vote_lines(state["votes"](session.current))
    suggestion = session.suggestion(session.current)
    if suggestion is not None:
        who = "majority" if state["votes"] is not None else "model suggests"
        lines.append(
            (
                "class:suggestion",
                f"{who}: {suggestion.label} ({suggestion.confidence:.2f})"
                f"   [{keys['accept']}] to accept\n",
            )
        )
    existing = session.existing_label(session.current)
    if existing:
        lines.append(("class:existing", f"labelled {existing}: a new label replaces it\n"))
    if state["note"]:
        lines.append(("", f"note for the next label: {state['note']}\n"))
    label_keys = "   ".join(f"[{keys[label]}] {label}" for label in LABELS)
    lines.append(("", "\n" + label_keys + "\n"))
    if state["guidelines"]:
        lines += _guideline_lines(state["texts"], state["texts_from"])
    if state["help"]:
        for action, words in ACTION_HELP.items():
            lines.append(("class:help", f"  [{keys[action]}] {words}\n"))
        lines.append(("class:help", "  keys can be changed in a config file: README, Labelling\n"))
    else:
        lines.append(
            (
                "class:help",
                f"[{keys['skip']}] skip  [{keys['undo']}] undo  [{keys['back']}] back  "
                f"[{keys['note']}] note  [{keys['guidelines']}] guidelines  "
                f"[{keys['help']}] help  [{keys['quit']}] quit\n",
            )
        )
    if session.message:
        lines.append(("class:message", "\n" + session.message + "\n"))
    return lines


def _vote_lines(votes: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [("", "annotators (a digit picks that label):\n")]
    for number, (name, label, note) in enumerate(votes, start=1):
        said = f" · {note}" if note else ""
        lines.append(("class:existing", f"  [{number}] {name}: {label}{said}\n"))
    return lines


def _guideline_lines(texts: dict[str, str], source: str) -> list[tuple[str, str]]:
    """Each label's guideline, its lines wrapped; a way forward when there are none."""
    if not texts:
        return [
            (
                "class:help",
                f"\nno guidelines found at {source}: write one ## <label> section per label "
                'there, or name the file in the config (guidelines = "path")\n',
            )
        ]
    lines: list[tuple[str, str]] = [
        ("class:help", f"\nguidelines (the first paragraph of each; the rest is in {source}):\n")
    ]
    for label in LABELS:
        if label in texts:
            first = texts[label].split("\n\n")[0]
            lines.append(("class:current", f"{label}\n"))
            lines.append(("class:help", _wrap(first, "  ") + "\n"))
    return lines


def _wrap(text: str, prefix: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), WRAP, initial_indent=prefix, subsequent_indent=" " * len(prefix)
    )
