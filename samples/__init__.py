"""Sample and real council PDFs with gold labels, and tools that typeset PDFs (typeset, synth)."""
