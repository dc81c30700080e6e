-- Public sites (career site, help center, customer and partner portals): one look per
-- workspace (path '') or per unit (a brand, at its own path), the custom domains that serve
-- them, and the contacts who sign in to their portal.
CREATE TABLE site_themes (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT REFERENCES units(id),
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    primary_color TEXT NOT NULL,
    accent_color TEXT NOT NULL,
    font TEXT NOT NULL,
    custom_css TEXT NOT NULL,
    default_locale TEXT NOT NULL,
    logo_type TEXT,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX site_themes_path ON site_themes(workspace_id, path);
CREATE UNIQUE INDEX site_themes_unit ON site_themes(unit_id);

-- A host that serves one theme's sites; a path without a site's name goes to `site`.
CREATE TABLE site_domains (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    theme_id TEXT NOT NULL REFERENCES site_themes(id),
    host TEXT NOT NULL,
    site TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX site_domains_host ON site_domains(host);

-- One-use sign-in links e-mailed to a contact, and the sessions they open.
CREATE TABLE portal_sign_ins (
    token_hash TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX portal_sign_ins_contact ON portal_sign_ins(contact_id, created_at);
CREATE TABLE portal_sessions (
    token_hash TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX portal_sessions_contact ON portal_sessions(contact_id);
CREATE TABLE portal_passwords (
    contact_id TEXT PRIMARY KEY REFERENCES contacts(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    password_hash TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
