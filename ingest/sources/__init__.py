"""Readers that turn files, folders and feeds into :class:`ingest.article.RawArticle` values."""
