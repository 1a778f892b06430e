"""The position statement's round trip through Word: written out with each answer in a
tagged content control (``documents.word_controls``), remembered per export
(``exports``), read back the way Word's "accept all changes" would show it (``reader``,
``text``), merged three ways against what the export sent and what the workspace holds now
(``merge``), and applied (``selfassess import-docx``)."""
