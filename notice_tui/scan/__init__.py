"""Scanning a live website with a real browser, and holding what it finds against a profile.

The browser part (notice_tui.scan.browser) needs the optional `scan` extra
(Playwright); everything else here, the data types, the classification, the
comparison with a profile and the reports, imports without it, so that a report
can be read and compared on a machine without a browser, and so that no other
command pays for Playwright.
"""
