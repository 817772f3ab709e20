-- Data minimisation: the mother tongue (modersmal) of a newcomer registration was stored
-- but no rule uses it. It is no longer stored; what was is cleared, with secure_delete so
-- the old bytes are overwritten rather than left in free space. (Survey response ids are
-- pseudonymised with the key at the same version: Warehouse.prepare, since SQL has no
-- HMAC.)
pragma secure_delete = on;
update newcomer_registrations set mother_tongue = null where mother_tongue is not null;
pragma secure_delete = off;
