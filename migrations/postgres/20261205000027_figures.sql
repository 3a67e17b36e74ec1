-- Issue 17: figures at any date, and commissioners who read them.
--
-- register_states: the part of a person's row that figures count (on the register or not,
-- rating, where they live, age, what is due), kept as it stood after each change to the
-- record, with the change-log entry and time it follows. Written in the transaction of the
-- change, append-only: the figures for a day read the last state of each person recorded
-- before that day ended, never today's rows, so a day asked again gives the same figures.
--
-- users.role gains 'commissioner' (read-only figures).
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
    check (role in ('admin', 'coordinator', 'professional', 'commissioner'));

create table register_states (
    id bigserial primary key,
    change_id bigint not null references change_log (id),
    person_id text not null references people (id),
    recorded_at timestamptz not null,         -- the change it follows
    left_on date,                             -- null while on the register
    rating text not null,
    setting text not null,
    placement text,                           -- in_area | out_of_area, while an inpatient
    admitted_on date,                         -- while an inpatient
    security text,                            -- non_secure | low | medium | high, while an inpatient
    discharged_on date,                       -- on the first state after a stay
    date_of_birth date not null,
    review_due date not null,
    consent_due date,
    keyworker_until date,
    policy_dues text not null
);
create index register_states_person on register_states (person_id, recorded_at, id);
create index register_states_admitted on register_states (admitted_on) where admitted_on is not null;
create index register_states_discharged on register_states (discharged_on) where discharged_on is not null;

create trigger register_states_append_only before update or delete on register_states
    for each row execute function refuse_change();

-- People already on the register: their state now, from their latest change.
insert into register_states (change_id, person_id, recorded_at, left_on, rating, setting,
    placement, admitted_on, security, date_of_birth, review_due, consent_due, keyworker_until, policy_dues)
select c.id, p.id, c.created_at, p.left_on, p.rating, p.setting,
    case when p.setting = 'inpatient_unit' then
        case when (h.body::jsonb) -> 'body' -> 'inpatient' ->> 'placement' = 'out_of_area'
             then 'out_of_area' else 'in_area' end end,
    case when p.setting = 'inpatient_unit'
        then ((h.body::jsonb) -> 'body' -> 'inpatient' ->> 'admitted_on')::date end,
    case when p.setting = 'inpatient_unit'
        then (h.body::jsonb) -> 'body' -> 'inpatient' ->> 'security' end,
    p.date_of_birth, p.review_due, p.consent_due, p.keyworker_until, p.policy_dues
from people p
join change_log c on c.id = (select max(id) from change_log where person_id = p.id)
left join record_sections h on h.person_id = p.id and h.section = 'home';

-- Figures for past month ends, kept once worked out from register_states (which never
-- changes for a day already over); deleting a row only makes it be worked out again.
create table figure_months (
    month_end date primary key,
    body text not null                        -- the month's counts, JSON
);
