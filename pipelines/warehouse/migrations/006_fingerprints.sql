-- Fingerprints (pipelines/runner/fingerprint.ts) kept with check results and model state.
-- The fingerprint of everything a check read when it ran (pipelines/runner/fingerprint.ts), so the checks after a
-- load can keep the result of a check whose inputs did not change instead of running it again.
alter table check_results add column fingerprint varchar;

-- A digest of what each table model held when it was built: the models that read it are rebuilt only when that
-- changed, not whenever it was rebuilt (a new pharmacy rebuilds the agreed volumes, but they come out the same).
alter table model_state add column content_digest varchar;
