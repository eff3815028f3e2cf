"""The table engine: every table of a page, read from geometry, for every recognizer.

One package, one pure step per module:

``rules``    the page's vertical and horizontal ruling lines (thin rectangles, stroked lines)
``cells``    text lines cut into cells (gaps, rules, numbers side by side)
``headers``  layout tests for header stacks, running text and period lines
``reader``   bodies of number rows -> columns, header stacks, spanning headers, rows with
             multi-line labels, indentation, captions (:func:`reader.tables_on_page`)
``pages``    running headers and footers, and tables continued across a page break
             (:func:`pages.tables_of_document`)
``charts``   chart axes and their tick labels, which are numbers but no table
``layer``    the recognizer that reads every table of a document into cells (``table_cells``)
             and accounts for the numbers no row holds (``unread_table``)
``fallback`` the second opinion: PyMuPDF's table finder on regions kpi left unread

Geometry decides whether a table is read; words only decide what it means (the budget, risk
and indicator recognizers). Gaps and tolerances are relative to the type size and named in the
module that uses them.
"""
