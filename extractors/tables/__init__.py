"""The table engine: every table of a page, read from geometry, for every recognizer.

One package, one pure step per module:

``rules``    the page's vertical and horizontal ruling lines (thin rectangles, stroked lines)
``cells``    text lines cut into cells (gaps, rules, numbers side by side)
``model``    the records: Column, Row, Table
``headers``  layout tests for header lines, running text and period lines; mending words
``header_stack`` the lines above a body -> each column's header and the groups it spans
``reader``   bodies of number rows -> columns, rows with multi-line labels, indentation,
             captions (:func:`reader.tables_on_page`, read once per page and way of reading)
``pages``    running headers and footers, and tables continued across a page break
             (:func:`pages.tables_of_document`)
``flow``     the document as one flow of styled lines (type size, bold), running headers,
             footers and page numbers left out: what the indicator recognizers read
``flow_tables`` tables found in the flow from a header the caller's words anchor, whose value
             columns may hold words ("Öka", "Ja") and whose rows carry long wrapped names
``charts``   chart axes and their tick labels, which are numbers but no table
``layer``    the recognizer that reads every table of a document into cells (``table_cells``)
             and accounts for the numbers no row holds (``unread_table``)
``fallback`` the second opinion: PyMuPDF's table finder on regions kpi left unread

Geometry decides whether a table is read; words only decide what it means (the budget, risk
and indicator recognizers).  One cell cutter (:func:`cells.cut_cells`), one column record
(:class:`model.Column`), one running-header test (:func:`pages.furniture`) and one rule reader
(:func:`rules.table_rules`, gated by :func:`rules.heavy_drawing`) serve every reading. Gaps and tolerances are relative to the type size and named in the
module that uses them.
"""
