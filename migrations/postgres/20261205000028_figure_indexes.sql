-- The figures read stays in hospital by admission day, and whose they were, as recorded
-- before a moment: one index answers it without reading the rows.
DROP INDEX register_states_admitted;
CREATE INDEX register_states_stays ON register_states (admitted_on, person_id, recorded_at, id)
    WHERE admitted_on IS NOT NULL;
