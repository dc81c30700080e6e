-- A site's logo, kept in its theme's row (at most 256 KB).
ALTER TABLE site_themes ADD COLUMN logo BLOB;
