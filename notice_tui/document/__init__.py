"""The documents: context from the profile, Jinja templates, Markdown, HTML."""

from notice_tui.document.render import Document, RenderedSet, render_documents

__all__ = ["Document", "RenderedSet", "render_documents"]
