-- Every path a document was seen under (issue 20): the second name of the same PDF, a link to it,
-- a name that is not UTF-8 (path shows its undecodable bytes as \xNN; path_bytes holds the exact
-- bytes the file system gave). One row per document and exact path; first_seen is the run that
-- first saw it (UTC). documents.source_path stays the last path seen, in its displayable form.
CREATE TABLE IF NOT EXISTS document_paths (
    doc_id     TEXT,       -- SHA-256 of the file's bytes (documents.doc_id)
    path       TEXT,       -- the path as a person reads it (valid UTF-8; other bytes as \xNN)
    path_bytes BLOB,       -- the path's exact bytes (os.fsencode), lossless whatever its encoding
    via        TEXT,       -- direct | symlink | container
    first_seen TIMESTAMP
);

-- the paths older warehouses recorded: each document's last source path
INSERT INTO document_paths (doc_id, path, path_bytes, via, first_seen)
SELECT doc_id, source_path, encode(source_path), 'direct', loaded_at
FROM documents
WHERE source_path IS NOT NULL;
