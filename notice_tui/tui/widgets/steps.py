"""The list of steps on the left, each marked done, with problems, skipped, not yet seen,
or not yet checked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from notice_tui import questionnaire as qn
from notice_tui.i18n import _

MARKS = {
    "ok": ("✓", "green"),
    "problem": ("!", "bold red"),
    "skipped": ("–", "dim"),
    "todo": ("○", "dim"),
    "checking": ("·", "dim"),  # the profile's rules have not run yet (the first moment)
}


def step_prompt(step: qn.Step, status: str, number: int) -> Text:
    # No number here: it costs width at 80 columns, and the step's heading has it.
    mark, style = MARKS.get(status, MARKS["todo"])
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{mark} ", style=style)
    text.append(_(step.title), style="dim" if status == "skipped" else "")
    return text


class StepList(OptionList):
    """Steps in order; choosing one goes there."""

    def __init__(self, statuses: dict[str, str], **kwargs: object) -> None:
        options = [
            Option(step_prompt(s, statuses.get(s.id, "todo"), i + 1), id=s.id)
            for i, s in enumerate(qn.STEPS)
        ]
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        self._statuses = dict(statuses)

    def set_statuses(self, statuses: dict[str, str]) -> None:
        if statuses == self._statuses:
            return  # each prompt replaced asks for the list to be measured again
        self._statuses = dict(statuses)
        for i, s in enumerate(qn.STEPS):
            self.replace_option_prompt_at_index(
                i, step_prompt(s, statuses.get(s.id, "todo"), i + 1)
            )

    def set_current(self, step_id: str) -> None:
        self.highlighted = qn.STEP_IDS.index(step_id)
