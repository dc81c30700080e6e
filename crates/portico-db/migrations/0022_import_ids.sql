-- The record each row of a CSV import became, by the external id the file gives it: a run
-- again (until cut-over) updates these records instead of making them twice.
CREATE TABLE import_ids (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    importer TEXT NOT NULL,
    sheet TEXT NOT NULL,
    external_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, importer, sheet, external_id)
);
