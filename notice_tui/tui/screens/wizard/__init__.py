"""The wizard: one module per job.

- screen.py: the screen (layout, going from step to step, edits to the session, header)
- form.py: a step's form, and building the rows below the screen only when needed
- checking.py: the check after an edit, its rules on a thread, the newest only
- saving.py: saving and leaving, as dialog flows
- exporting.py: writing the documents, as a dialog flow; file and folder names
- imports.py: pasted lists, cookie scans and catalogue services, and what each did
- tui/routing.py (beside it, free of Textual): which row shows which finding
"""

from notice_tui.tui.screens.wizard.screen import WizardScreen

__all__ = ["WizardScreen"]
