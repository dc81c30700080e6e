-- Who a public site names as its contact (an e-mail, given to job boards as the jobs'
-- poster) and the company's LinkedIn page (its number), both optional.
ALTER TABLE site_themes ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE site_themes ADD COLUMN linkedin_company TEXT NOT NULL DEFAULT '';
